/**
 * The language server's benchmark (DAYBOOK_BENCH_LSP_MB, default 100): a
 * generated journal opened in `daybook lsp` over stdio, then definition,
 * references, hover and completion at references spread over the file, and
 * the time until a one-character edit is read again (a definition after the
 * edit answers from the new text), and that re-read alone in this process.
 * First, the time from opening the document to the first answer, in fresh
 * servers: with the message encoded before the clock starts (what the
 * server takes; it reads the journal ahead while the message is encoded, as
 * while an editor encodes it), sent as soon as the server is initialized
 * (no time to read ahead), with a change not on disk, and encoded by the
 * client library after the clock starts (what an editor adds). Targets: the
 * first answer within 1 s, p95 under 50 ms a request, and under 20 ms for
 * the re-read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node.js';
import { JournalService } from '../src/lsp/service.js';
import { benchJournal } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', 'bin', 'daybook.js');
const mb = Number(process.env.DAYBOOK_BENCH_LSP_MB ?? 100);
const gen = benchJournal('lsp', mb);
const { dir, file } = gen;
const text = fs.readFileSync(file, 'utf8');
const lines = text.split('\n');
console.log(`language server benchmark: ${(gen.bytes / 1024 / 1024).toFixed(0)} MB, ${gen.entries} entries, ${lines.length} lines`);

const uri = pathToFileURL(file).href;
/** A server started and initialized: when `initialized` was sent, and the messages it logged. */
async function server(prof = false): Promise<{ proc: ChildProcess; conn: rpc.MessageConnection; ready: number; logs: string[] }> {
  const proc = spawn(process.execPath, [...(prof && process.env.DAYBOOK_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.DAYBOOK_BENCH_PROF] : []), bin, 'lsp', '--stdio', '--journal', file], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, HOME: dir } });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout!), new rpc.StreamMessageWriter(proc.stdin!));
  const logs: string[] = [];
  conn.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await conn.sendNotification('initialized', {});
  return { proc, conn, ready: performance.now(), logs };
}
/** How the document is opened: see `open`. */
type Way = 'raw' | 'client' | 'cold' | 'unsaved';
/** The didOpen of a text, encoded. */
const encoded = (t: string) => Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'daybook', version: 1, text: t } } }));
/** The text with an unsaved change at its end (the targets of the references stay where they are). */
const unsaved = `${text}\n9:00 2099-1-1\nunsaved, change\n1, not yet on disk\n`;
/**
 * Opens the document and waits for the answer of a definition: the time from the first byte of the didOpen to
 * the answer, and how long the server had had before it (from `initialized`). `raw`: the message is encoded
 * after the server is started and before the clock starts (what the server takes; the server reads the journal
 * ahead meanwhile, as it does while an editor encodes); `cold`: encoded before the server is started, and sent
 * as soon as it is initialized (no time to read ahead); `unsaved`: as `raw`, the text with a change not on
 * disk; `client`: the client library encodes it after the clock starts (what an editor whose JSON encoding
 * takes as long as Node's adds).
 */
async function open(way: Way, at: { line: number; character: number }, started?: Awaited<ReturnType<typeof server>>): Promise<{ ms: number; before: number; logs: string[] }> {
  const message = { textDocument: { uri, languageId: 'daybook', version: 1, text } };
  let body = way === 'cold' ? encoded(text) : undefined;
  const s = started ?? (await server());
  if (way === 'raw' || way === 'unsaved') body = encoded(way === 'raw' ? text : unsaved);
  const t = performance.now();
  if (body) {
    s.proc.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    s.proc.stdin!.write(body);
  } else await s.conn.sendNotification('textDocument/didOpen', message);
  // The first request waits for the document to be read (by its entries' heads: the findings come after).
  await s.conn.sendRequest('textDocument/definition', { textDocument: { uri }, position: at });
  const ms = performance.now() - t;
  if (!started) await stop(s);
  return { ms, before: t - s.ready, logs: s.logs };
}
async function stop(s: { proc: ChildProcess; conn: rpc.MessageConnection }): Promise<void> {
  await s.conn.sendRequest('shutdown', null);
  void s.conn.sendNotification('exit');
  await new Promise((r) => {
    s.proc.on('exit', r);
    setTimeout(r, 5000);
  });
  s.proc.kill();
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const started = await server(true);
const { proc, conn } = started;
try {
  const refLines: { line: number; character: number }[] = [];
  /** Header lines of entries that references name: where a references request is made. */
  const targetLines: { line: number; character: number }[] = [];
  const headers = new Map<string, number>();
  lines.forEach((l, i) => {
    if ((i === 0 || lines[i - 1]!.trim() === '') && /^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\s*$/.test(l)) headers.set(l.trim(), i);
  });
  for (let i = 0; i < lines.length && refLines.length < 400; i += Math.floor(lines.length / 2000)) {
    const c = lines[i]!.indexOf('see"');
    if (c < 0) continue;
    refLines.push({ line: i, character: c + 6 });
    const target = headers.get(lines[i]!.slice(c + 4, lines[i]!.indexOf('"', c + 4)));
    if (target !== undefined) targetLines.push({ line: target, character: 1 });
  }
  // The first answer, three times each way, each in a server of its own, one way then the other.
  const ways: Way[] = ['raw', 'cold', 'unsaved', 'client'];
  const firsts: Record<Way, number[]> = { raw: [], cold: [], unsaved: [], client: [] };
  const before: number[] = [];
  let logs: string[] = [];
  for (let k = 0; k < 3; k++) {
    for (const way of ways) {
      const r = await open(way, refLines[0]!);
      firsts[way].push(r.ms);
      if (way === 'raw') {
        before.push(r.before);
        logs = r.logs;
      }
    }
  }
  const last = await open('raw', refLines[0]!, started);
  firsts.raw.push(last.ms);
  const secs = (xs: number[]) => `median ${(pct(xs, 0.5) / 1000).toFixed(2)} s (${xs.map((x) => (x / 1000).toFixed(2)).join(', ')})`;
  console.log(`open and first answer, from the didOpen's first byte to the answer of a definition after it: ${secs(firsts.raw)} (target: within 1 s)`);
  // What the servers ran with, as they say (bin/daybook.js starts them in a child with huge pages where the kernel gives them on request).
  console.log(`  the servers: ${started.logs.find((l) => l.includes('huge pages')) ?? 'in one process, without huge pages'}`);
  console.log(`  the server had ${secs(before)} from 'initialized' to the didOpen's first byte (the message's encoding); it read the journal ahead meanwhile: ${logs.filter((l) => l.includes('ahead')).join('; ')}`);
  console.log(`  the same, the didOpen sent as soon as the server is initialized (no time to read ahead): ${secs(firsts.cold)}`);
  console.log(`  the same, the text with an unsaved change (not what the server read ahead): ${secs(firsts.unsaved)}`);
  console.log(`  the same with the didOpen encoded by the client library after the clock starts (JSON of the whole text, as an editor does): ${secs(firsts.client)}`);
  let t: number;
  const measure = async (name: string, method: string, params: (p: { line: number; character: number }) => unknown, n: number, at = refLines) => {
    const times: number[] = [];
    let found = 0;
    for (const p of at.slice(0, n)) {
      t = performance.now();
      const answer = await conn.sendRequest(method, params(p));
      times.push(performance.now() - t);
      if (answer && (!Array.isArray(answer) || answer.length > 0)) found++;
    }
    console.log(`${name.padEnd(12)} n=${String(times.length).padStart(3)}  p50 ${pct(times, 0.5).toFixed(1).padStart(8)} ms  p95 ${pct(times, 0.95).toFixed(1).padStart(8)} ms  (${found} answered with something)`);
  };
  await measure('definition', 'textDocument/definition', (p) => ({ textDocument: { uri }, position: p }), 100);
  await measure('hover', 'textDocument/hover', (p) => ({ textDocument: { uri }, position: p }), 100);
  await measure('completion', 'textDocument/completion', (p) => ({ textDocument: { uri }, position: { line: p.line, character: p.character - 2 } }), 20);
  await measure('references', 'textDocument/references', (p) => ({ textDocument: { uri }, position: p, context: { includeDeclaration: false } }), 100, targetLines);
  // Typing a title: each keystroke an edit of an entry's title line, then a completion there.
  const titleAt = lines.findIndex((l, i) => i > lines.length / 2 && lines[i - 1]!.match(/^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}$/) && l.includes(', ') && !l.startsWith('GTD'));
  const typing: number[] = [];
  const word = 'tidepool, com';
  for (let k = 0; k < word.length; k++) {
    t = performance.now();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 500 + k }, contentChanges: [{ range: { start: { line: titleAt, character: k }, end: { line: titleAt, character: k } }, text: word[k] }] });
    await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: titleAt, character: k + 1 } });
    typing.push(performance.now() - t);
  }
  console.log(`${'title typed'.padEnd(12)} n=${String(typing.length).padStart(3)}  p50 ${pct(typing, 0.5).toFixed(1).padStart(8)} ms  p95 ${pct(typing, 0.95).toFixed(1).padStart(8)} ms  (an edit of a title, then a completion there)`);
  // Workspace symbols as a picker asks while a name is typed (the first query also makes each entry's label).
  const typed = ['t', 'ti', 'tid', 'tide', 'tidepool', '2', '20', '201', '2010', '2010-0', '2010-01', '2010-01-0', 'meet', 'meeting, m', 'zz'];
  const pick: number[] = [];
  for (const query of typed) {
    t = performance.now();
    await conn.sendRequest('workspace/symbol', { query });
    pick.push(performance.now() - t);
  }
  console.log(`${'ws symbols'.padEnd(12)} n=${String(pick.length).padStart(3)}  p50 ${pct(pick, 0.5).toFixed(1).padStart(8)} ms  p95 ${pct(pick, 0.95).toFixed(1).padStart(8)} ms  (first ${pick[0]!.toFixed(0)} ms)`);
  // The second pass: what an editor asks for the screen it shows (60 lines), a rename's edit, completion by title words.
  const screen = (p: { line: number }) => ({ textDocument: { uri }, range: { start: { line: Math.max(0, p.line - 30), character: 0 }, end: { line: p.line + 30, character: 0 } } });
  await measure('inlay hints', 'textDocument/inlayHint', screen, 50);
  await measure('tokens/range', 'textDocument/semanticTokens/range', screen, 50);
  await measure('prep rename', 'textDocument/prepareRename', (p) => ({ textDocument: { uri }, position: p }), 50, targetLines);
  await measure('rename', 'textDocument/rename', (p) => ({ textDocument: { uri }, position: p, newName: '0:01 1999-1-1' }), 20, targetLines);
  const wordAt = lines.length - 1;
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 400 }, contentChanges: [{ range: { start: { line: wordAt, character: 0 }, end: { line: wordAt, character: 0 } }, text: '1, see"tidepool wal' }] });
  await measure('ref by words', 'textDocument/completion', () => ({ textDocument: { uri }, position: { line: wordAt, character: 19 } }), 10);
  for (const [name, method] of [['code lenses', 'textDocument/codeLens'], ['tokens/full', 'textDocument/semanticTokens/full']] as const) {
    t = performance.now();
    await conn.sendRequest(method, { textDocument: { uri } });
    console.log(`${name.padEnd(12)} n=  1  ${(performance.now() - t).toFixed(0)} ms (the last 1,000 entries)`);
  }
  for (const [name, method] of [['symbols', 'textDocument/documentSymbol'], ['folding', 'textDocument/foldingRange']] as const) {
    t = performance.now();
    await conn.sendRequest(method, { textDocument: { uri } });
    console.log(`${name.padEnd(12)} n=  1  ${(performance.now() - t).toFixed(0)} ms (the whole document)`);
  }
  // A one-character edit, then a definition: the time until the answer reflects the new text.
  const edits: number[] = [];
  for (let k = 0; k < Number(process.env.DAYBOOK_BENCH_LSP_EDITS ?? 5); k++) {
    const p = refLines[k + 10]!;
    t = performance.now();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: k + 2 }, contentChanges: [{ range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: 0 } }, text: 'x' }] });
    await conn.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: p.line, character: p.character + 1 } });
    edits.push(performance.now() - t);
    if (process.env.DAYBOOK_BENCH_VERBOSE) console.log(`edit ${k + 1}: ${(performance.now() - t).toFixed(0)} ms`);
  }
  console.log(`edit + answer n=${edits.length}  p50 ${pct(edits, 0.5).toFixed(1)} ms  p95 ${pct(edits, 0.95).toFixed(1)} ms  max ${Math.max(...edits).toFixed(1)} ms`);
  // Findings after an edit: published once typing pauses (150 ms), for the whole document.
  const published = new Promise<void>((resolve) => conn.onNotification('textDocument/publishDiagnostics', () => resolve()));
  const p = refLines[5]!;
  t = performance.now();
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1000 }, contentChanges: [{ range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: 0 } }, text: 'y' }] });
  await published;
  console.log(`findings after an edit: ${(performance.now() - t - 150).toFixed(0)} ms after the 150 ms pause`);
  // The re-read alone, in this process: the language service's model takes 40 one-character edits spread over the file.
  const service = new JournalService([]);
  service.update(file, text);
  const reread: number[] = [];
  for (let k = 0; k < 40; k++) {
    const offset = Math.floor((text.length * (k + 1)) / 41);
    t = performance.now();
    service.edit(file, offset, offset, 'x');
    reread.push(performance.now() - t);
  }
  console.log(`re-read alone n=${reread.length}  p50 ${pct(reread, 0.5).toFixed(2)} ms  p95 ${pct(reread, 0.95).toFixed(2)} ms  max ${Math.max(...reread).toFixed(2)} ms (in process, no transport)`);
  console.log('targets: p95 under 50 ms a request, under 20 ms for the re-read after an edit');
  await stop({ proc, conn });
} finally {
  proc.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
