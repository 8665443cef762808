/**
 * A language-server client for the tests: \`daybook lsp --stdio\` as a real
 * process, spoken to over JSON-RPC (vscode-jsonrpc).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node.js';
import { ROOT, tempDir } from './helpers.js';

export interface Position {
  line: number;
  character: number;
}
export interface Location {
  uri: string;
  range: { start: Position; end: Position };
}

export class Client {
  readonly proc: ChildProcess;
  readonly conn: rpc.MessageConnection;
  readonly diagnostics = new Map<string, { code: string; message: string; range: Location['range'] }[]>();
  stderr = '';

  constructor(journal: string | undefined) {
    this.proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), 'lsp', '--stdio', ...(journal ? ['--journal', journal] : [])], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: tempDir() } });
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout!), new rpc.StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: { code: string; message: string; range: Location['range'] }[] }) => this.diagnostics.set(p.uri, p.diagnostics));
    this.conn.listen();
  }

  async start(): Promise<void> {
    const init = (await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.definitionProvider);
    await this.conn.sendNotification('initialized', {});
  }

  open(file: string, text = fs.readFileSync(file, 'utf8')): string {
    const uri = pathToFileURL(file).href;
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'daybook', version: 1, text } });
    return uri;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async waitDiagnostics(uri: string, test: (d: { code: string }[]) => boolean): Promise<{ code: string; message: string; range: Location['range'] }[]> {
    for (let i = 0; i < 100; i++) {
      const d = this.diagnostics.get(uri);
      if (d && test(d)) return d;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no diagnostics for ${uri} as expected: ${JSON.stringify(this.diagnostics.get(uri))}`);
  }

  async stop(): Promise<void> {
    await this.request('shutdown', null);
    void this.conn.sendNotification('exit');
    await new Promise((r) => this.proc.on('exit', r));
    this.conn.dispose();
  }
}

