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

  /** The texts of the documents opened, kept up to date with the edits the server asks to apply (`workspace/applyEdit`). */
  readonly texts = new Map<string, string>();
  /** The messages the server showed (`window/showMessage`). */
  readonly messages: string[] = [];
  /** The messages the server logged (`window/logMessage`). */
  readonly logs: string[] = [];

  constructor(journal: string | undefined, env: Record<string, string> = {}) {
    this.proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), 'lsp', '--stdio', ...(journal ? ['--journal', journal] : [])], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: tempDir(), ...env } });
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout!), new rpc.StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: { code: string; message: string; range: Location['range'] }[] }) => this.diagnostics.set(p.uri, p.diagnostics));
    this.conn.onNotification('window/showMessage', (p: { message: string }) => this.messages.push(p.message));
    this.conn.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    // An editor applies the edit to its buffer and tells the server, as VS Code and Neovim do.
    this.conn.onRequest('workspace/applyEdit', (p: { edit: { changes: Record<string, { range: Location['range']; newText: string }[]> } }) => {
      for (const [uri, edits] of Object.entries(p.edit.changes)) {
        let text = this.texts.get(uri);
        if (text === undefined) return { applied: false, failureReason: `${uri} is not open` };
        for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) text = applyEdit(text, e.range, e.newText);
        this.texts.set(uri, text);
        void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: Date.now() }, contentChanges: [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character).map((e) => ({ range: e.range, text: e.newText })) });
      }
      return { applied: true };
    });
    this.conn.listen();
  }

  async start(capabilities: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const init = (await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities })) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.definitionProvider);
    await this.conn.sendNotification('initialized', {});
    return init.capabilities;
  }

  open(file: string, text = fs.readFileSync(file, 'utf8')): string {
    const uri = pathToFileURL(file).href;
    this.texts.set(uri, text);
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


/** A text with the span of an LSP range (positions in UTF-16 units) replaced. */
export function applyEdit(text: string, r: Location['range'], newText: string): string {
  const offset = (p: Position): number => {
    let at = 0;
    for (let line = 0; line < p.line; line++) {
      const nl = text.indexOf('\n', at);
      if (nl < 0) return text.length;
      at = nl + 1;
    }
    return Math.min(at + p.character, text.length);
  };
  return text.slice(0, offset(r.start)) + newText + text.slice(offset(r.end));
}
