/**
 * The language server, driven over stdio by an LSP client (vscode-jsonrpc):
 * each feature on the example journal and the sample, edits sent
 * incrementally, bad input; and a real editor, Debian's neovim, jumping to
 * a definition.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import { EXAMPLE, haveTool, ROOT, SAMPLE, sampleText, tempDir } from './helpers.js';
import { Client, type Location, type Position } from './lspclient.js';
import { generateJournal } from '../bench/generate.js';
import { BIG_TEXT } from '../src/lsp/transport.js';
import { JournalService } from '../src/lsp/service.js';
import { Journal } from '../src/model/journal.js';
import { parseBytes } from '../src/syntax/bytes.js';
import { readMoment } from '../src/model/moment.js';

/** Completions come as a list, or (references, ranked as the user types) as `{ isIncomplete, items }`. */
type Completions<T> = T[] | { isIncomplete: boolean; items: T[] };
const itemsOf = <T>(c: Completions<T>): T[] => (Array.isArray(c) ? c : c.items);
const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n');
/** The position of the `k`th occurrence of `needle` on a line (0-based), offset by `shift`. */
function at(file: string, line1: number, needle: string, shift = 1): Position {
  const text = lines(file)[line1 - 1]!;
  const character = text.indexOf(needle);
  assert.ok(character >= 0, `${needle} on line ${line1}`);
  return { line: line1 - 1, character: character + shift };
}

describe('the language server on the example journal', () => {
  const sep = path.join(EXAMPLE, '2025-09.txt');
  const oct = path.join(EXAMPLE, '2025-10.txt');
  let client: Client;
  let uri: string;
  before(async () => {
    client = new Client(EXAMPLE);
    await client.start();
    uri = client.open(sep);
  });
  after(async () => client.stop());

  test('definition: a reference with an item path lands on that item; a same-file and a cross-file entry', async () => {
    const pos = at(sep, 52, '"10:02 2025-09-01"1.2', 3);
    const [loc] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: pos });
    assert.equal(loc!.uri, uri);
    assert.equal(loc!.range.start.line, 35 - 1);
    assert.equal(lines(sep)[loc!.range.start.line], '2), the spikes line up with the checkpoint timer.');
    // From October to September.
    const octUri = client.open(oct);
    const refLine = lines(oct).findIndex((l) => l.includes('see"15:10 2025-10-07"')) + 1;
    const [loc2] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: octUri }, position: at(oct, refLine, '15:10 2025-10-07', 2) });
    assert.equal(lines(oct)[loc2!.range.start.line], '15:10 2025-10-07');
    const [none] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.equal(none, undefined);
  });

  test('references on a header: every reference to the entry, across files', async () => {
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 30 - 1, character: 2 }, context: { includeDeclaration: false } });
    assert.ok(refs.length >= 3, JSON.stringify(refs));
    for (const r of refs) {
      const text = lines(r.uri.endsWith('2025-09.txt') ? sep : oct)[r.range.start.line]!;
      assert.match(text.slice(r.range.start.character, r.range.end.character), /10:02 2025-09-01/);
    }
    // On the item "2), the spikes ...": only the references that name 1.2.
    const item = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 35 - 1, character: 1 }, context: { includeDeclaration: false } });
    assert.deepEqual(
      item.map((r) => r.range.start.line + 1),
      [52],
    );
  });

  test('hover on a reference: the title and first lines of its target', async () => {
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: at(sep, 52, '"10:02', 3) });
    assert.match(hover.contents.value, /\*\*storage, tidepool, wal, fsync latency, cont1\*\*/);
    assert.match(hover.contents.value, /2\), the spikes line up/);
  });

  test('completion: references, topics in order, the next contN, \\TODO', async () => {
    const doc = path.join(tempDir(), 'new.txt');
    const text = '9:00 2025-12-01\nstorage, tidepool, \n1, see"\n\\TO\n\n9:30 2025-12-01\nstorage, tidepool, wal, fsync latency, co\n';
    const u = client.open(doc, text);
    const refs = itemsOf(await client.request<Completions<{ label: string; detail?: string }>>('textDocument/completion', { textDocument: { uri: u }, position: { line: 2, character: 8 } }));
    assert.ok(refs.some((c) => c.label === '11:30 2025-11-05' && c.detail?.includes('O_DIRECT patch')), JSON.stringify(refs.slice(0, 3)));
    const topics = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: u }, position: { line: 1, character: 19 } });
    assert.ok(topics.some((c) => c.label === 'wal') && topics.some((c) => c.label === 'compaction'), JSON.stringify(topics));
    assert.ok(!topics.some((c) => c.label === 'storage'), 'only the topics that follow');
    const cont = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: u }, position: { line: 6, character: 40 } });
    assert.equal(cont[0]!.label, 'cont6');
    const todo = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: u }, position: { line: 3, character: 3 } });
    assert.deepEqual(
      todo.map((c) => c.label),
      ['\\TODO'],
    );
  });

  test('diagnostics as the user types, with edits sent incrementally', async () => {
    const doc = path.join(tempDir(), 'typing.txt');
    const u = client.open(doc, '8:15 2025-12-03\nnotes\n1, see"8:99 2025-12-03".\n');
    const first = await client.waitDiagnostics(u, (d) => d.length > 0);
    assert.ok(first.some((d) => d.code.startsWith('ref-') || d.code.startsWith('moment')), JSON.stringify(first));
    // Replace "8:99" by "8:15": a reference to the entry itself, which exists.
    void client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 2 }, contentChanges: [{ range: { start: { line: 2, character: 7 }, end: { line: 2, character: 11 } }, text: '8:15' }] });
    await client.waitDiagnostics(u, (d) => d.length === 0);
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: u }, position: { line: 2, character: 10 } });
    assert.equal(defs[0]!.range.start.line, 0);
  });

  test('document symbols, workspace symbols, folding ranges', async () => {
    const symbols = await client.request<{ name: string; children: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, lines(sep).filter((l) => /^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}$/.test(l)).length);
    const cont1 = symbols.find((s) => s.name === 'storage, tidepool, wal, fsync latency, cont1')!;
    assert.deepEqual(
      cont1.children.map((c) => c.name.slice(0, 12)),
      lines(sep)
        .slice(31, 43)
        .filter((l) => /^\d+, /.test(l))
        .map((l) => l.slice(0, 12)),
    );
    assert.equal(cont1.children.length, 3);
    const ws = await client.request<{ name: string; location: Location }[]>('workspace/symbol', { query: 'compaction' });
    assert.ok(ws.length >= 3 && ws.every((s) => s.name.includes('compaction') || s.location));
    const folds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.some((f) => f.startLine === 30 - 1 && f.endLine > 30));
  });

  test('code actions: close a TODO, make a bare moment a reference, a new entry, continue the thread', async () => {
    const todoLine = lines(sep).findIndex((l) => l.startsWith('\\TODO')) ;
    const actions = await client.request<{ title: string; edit: { changes: Record<string, { range: Location['range']; newText: string }[]> } }[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: todoLine, character: 2 }, end: { line: todoLine, character: 2 } }, context: { diagnostics: [] } });
    const close = actions.find((a) => a.title.startsWith('Close this'))!;
    assert.deepEqual(close.edit.changes[uri]![0]!.newText, 'DONE');
    assert.ok(actions.some((a) => a.title.startsWith('Add a new entry')));
    assert.ok(actions.some((a) => a.title === 'Continue the thread "storage, tidepool, wal, fsync latency" (cont6)'));
    const doc = path.join(tempDir(), 'bare.txt');
    const u = client.open(doc, '9:00 2025-12-01\nnotes\n1, as said at 10:02 2025-09-01, the timer.\n');
    const bare = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', { textDocument: { uri: u }, range: { start: { line: 2, character: 15 }, end: { line: 2, character: 15 } }, context: { diagnostics: [] } });
    assert.equal(bare.find((a) => a.title.startsWith('Make'))!.edit.changes[u]![0]!.newText, '"10:02 2025-09-01"');
    // Not offered on a revision stamp, an item stamp, nor a moment no entry has (it would make a dangling reference).
    const stamps = client.open(path.join(tempDir(), 'stamps.txt'), '9:00 2025-12-01\n(10:02 2025-09-01)\nnotes\n1, (10:02 2025-09-01) added\n2, at 8:00 2025-09-02 nothing was written.\n3, (10:02 2025-09-01) then 10:02 2025-09-01 again.\n');
    const makes = async (line: number, character: number) =>
      (await client.request<{ title: string; edit: { changes: Record<string, { range: Location['range'] }[]> } }[]>('textDocument/codeAction', { textDocument: { uri: stamps }, range: { start: { line, character }, end: { line, character } }, context: { diagnostics: [] } })).filter((a) => a.title.startsWith('Make'));
    assert.deepEqual(await makes(1, 4), []);
    assert.deepEqual(await makes(3, 6), []);
    assert.deepEqual(await makes(4, 10), []);
    assert.deepEqual(await makes(5, 6), []);
    // Beside a stamp on the same line, the bare moment still is offered, and only it.
    const after = await makes(5, 32);
    assert.deepEqual(after.map((a) => [a.title, a.edit.changes[stamps]![0]!.range.start.character]), [['Make "10:02 2025-09-01" a reference', 27]]);
  });

  test('completion: no moments after a closing quote; contN on the title line of a sub-thread', async () => {
    const doc = path.join(tempDir(), 'quotes.txt');
    const text = '9:00 2025-12-01\nbuild, flags\n1, built with "-O0" and "-O2"\n2, see "10:0\n3, "a" "b" "\n\n9:30 2025-12-01\nstorage, tidepool, wal, fsync latency, cont3, O_DIRECT patch, co\n\n9:40 2025-12-01\nstorage, Tidepool, WAL, fsync latency, cont3, o_direct patch, \n';
    const u = client.open(doc, text);
    const complete = async (line: number, character: number) => itemsOf(await client.request<Completions<{ label: string; kind?: number }>>('textDocument/completion', { textDocument: { uri: u }, position: { line, character } }));
    // Right after the closing quote of "-O0" and of "-O2": nothing; after an opening one: moments.
    assert.deepEqual(await complete(2, 20), []);
    assert.deepEqual(await complete(2, 30), []);
    assert.ok((await complete(3, 12)).some((c) => c.label === '10:02 2025-09-01'));
    assert.ok((await complete(4, 14)).length > 0, 'the fifth quote opens');
    assert.deepEqual(await complete(4, 10), [], 'the fourth closes');
    // The sub-thread "... fsync latency / O_DIRECT patch" has parts 1-3: its next is cont4 (the parent's next is cont6).
    const sub = await complete(7, 64);
    assert.equal(sub[0]!.label, 'cont4', JSON.stringify(sub.slice(0, 3)));
    // Case and spacing as typed do not matter.
    const typed = await complete(10, 61);
    assert.equal(typed[0]!.label, 'cont4', JSON.stringify(typed.slice(0, 3)));
  });
});

describe('edits sent incrementally, many of them: the findings match daybook check on the text they make', () => {
  test('about 75 random edits of a journal file in 50 notifications', async () => {
    const dir = tempDir();
    for (const f of fs.readdirSync(EXAMPLE)) fs.copyFileSync(path.join(EXAMPLE, f), path.join(dir, f));
    const file = path.join(dir, '2025-10.txt');
    const client = new Client(dir);
    await client.start();
    try {
      let text = fs.readFileSync(file, 'utf8');
      const uri = client.open(file, text);
      const pieces = ['\n', '\n\n', ' ', 'x', '中文', '😀', '9:07 2025-10-22\n', '\n14:02 2025-10-03\n', '25:61 2025-02-30', '1, ', '2), ', 'cont', ', ', 'see"', '"9:14 2025-9-2"', '"10:05 2025-10-1"1.1', '"3)"', '\\TODO: ', 'GTD\n0, 9:00-'];
      // mulberry32: the same edits every run.
      let seed = 7;
      const random = (n: number): number => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
      };
      const positionOf = (t: string, offset: number): Position => {
        const before = t.slice(0, offset).split('\n');
        return { line: before.length - 1, character: before[before.length - 1]!.length };
      };
      for (let k = 0; k < 50; k++) {
        const changes = [];
        for (let j = 0; j < 1 + random(2); j++) {
          const from = random(text.length + 1);
          const to = Math.min(text.length, from + random(3) * random(30));
          const insert = random(3) === 0 ? '' : pieces[random(pieces.length)]!;
          changes.push({ range: { start: positionOf(text, from), end: positionOf(text, to) }, text: insert });
          text = text.slice(0, from) + insert + text.slice(to);
        }
        void client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: k + 2 }, contentChanges: changes });
      }
      fs.writeFileSync(file, text);
      const check = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), 'check', dir, '--json'], { encoding: 'utf8' });
      const checked = JSON.parse(check.stdout) as { root: string; diagnostics: { file: string; line: number; column: number; code: string }[] };
      const want = checked.diagnostics
        .filter((d) => path.resolve(checked.root, d.file) === file || d.file.endsWith('2025-10.txt'))
        // check counts columns in characters, LSP in UTF-16 units (an emoji is two).
        .map((d) => `${d.line}:${[...text.split('\n')[d.line - 1]!].slice(0, d.column - 1).join('').length + 1} ${d.code}`)
        .sort();
      const shown = (ds: { code: string; range: Location['range'] }[]) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`).sort();
      await client.waitDiagnostics(uri, (d) => JSON.stringify(shown(d as { code: string; range: Location['range'] }[])) === JSON.stringify(want)).catch((err: Error) => {
        throw new Error(`${err.message}\nexpected ${JSON.stringify(want)}`);
      });
      assert.ok(want.length > 0, 'the edits made findings to compare');
      // The text the server holds is the text the edits make: its entries start on the same lines, and it ends at the same place.
      const textLines = text.split('\n');
      const headers = textLines.flatMap((l, i) => ((i === 0 || textLines[i - 1]!.trim() === '') && /^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}[ \t]*$/.test(l) ? [i] : []));
      const symbols = await client.request<{ range: Location['range'] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(symbols.map((s) => s.range.start.line), headers);
      // A second server that is sent the final text whole answers the same: outline (titles and item lines), folds, findings.
      const fresh = new Client(dir);
      await fresh.start();
      try {
        fresh.open(file, text);
        const whole = (c: Client) => Promise.all(['textDocument/documentSymbol', 'textDocument/foldingRange'].map((m) => c.request(m, { textDocument: { uri } })));
        assert.deepEqual(await whole(client), await whole(fresh));
        const fromFresh = await fresh.waitDiagnostics(uri, () => true);
        assert.deepEqual(client.diagnostics.get(uri), fromFresh);
      } finally {
        await fresh.stop();
      }
      const actions = await client.request<{ title: string; edit: { changes: Record<string, { range: Location['range'] }[]> } }[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
      const add = actions.find((a) => a.title.startsWith('Add a new entry'))!;
      assert.deepEqual(add.edit.changes[uri]![0]!.range.start, positionOf(text, text.length));
    } finally {
      await client.stop();
    }
  });
});

describe('files written by another command while the editor is open', () => {
  test('a new file of the journal, then a change to it on disk: references and findings follow within a second or two', async () => {
    const dir = tempDir();
    const a = path.join(dir, '2025-12.txt');
    fs.writeFileSync(a, '9:00 2025-12-03\nwork, notes\n1, as planned in see"8:30 2026-01-05".\n');
    const client = new Client(dir);
    await client.start();
    try {
      const uri = client.open(a);
      await client.waitDiagnostics(uri, (d) => d.some((x) => x.code === 'ref-dangling'));
      // Another command writes next month's file, which has the entry.
      const b = path.join(dir, '2026-01.txt');
      fs.writeFileSync(b, '8:30 2026-01-05\nwork, plans\n1, the plan.\n');
      await client.waitDiagnostics(uri, (d) => d.length === 0);
      const [loc] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: 2, character: 22 } });
      assert.equal(loc!.uri, pathToFileURL(b).href);
      // Then changes it: the entry moves to another moment.
      fs.writeFileSync(b, '8:45 2026-01-05\nwork, plans\n1, the plan.\n');
      await client.waitDiagnostics(uri, (d) => d.some((x) => x.code === 'ref-dangling'));
      // Opened in the editor and changed there (not saved), the file counts as the editor has it; closed, as it is on disk.
      const bUri = client.open(b, '8:30 2026-01-05\nwork, plans\n1, the plan.\n');
      await client.waitDiagnostics(uri, (d) => d.length === 0);
      void client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: bUri } });
      await client.waitDiagnostics(bUri, (d) => d.length === 0);
      await client.waitDiagnostics(uri, (d) => d.some((x) => x.code === 'ref-dangling'));
      assert.deepEqual(await client.request('textDocument/definition', { textDocument: { uri }, position: { line: 2, character: 22 } }), []);
    } finally {
      await client.stop();
    }
  });
});

describe('the language server on the sample (read in place): its item references', () => {
  test('definition lands on each item an item path names', async (t) => {
    if (sampleText(t) === undefined) return;
    const client = new Client(SAMPLE);
    try {
      await client.start();
      const uri = client.open(SAMPLE);
      const text = lines(SAMPLE);
      for (const [ref, start] of [
        ['"11:07 2013-2-16"2', '2, (20:31 2013-02-22)'],
        ['"11:07 2013-2-16"5', '5, (14:16 2013-02-25)'],
        ['"14:14 2013-02-27"6', '6, (13:13 2013-02-28)'],
      ] as const) {
        const line = text.findIndex((l) => l.includes(ref));
        assert.ok(line >= 0, ref);
        const [loc] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line, character: text[line]!.indexOf(ref) + 2 } });
        assert.equal(text[loc!.range.start.line], start, ref);
      }
      // Its bare moments are all revision and item stamps: none is offered as a reference.
      const bare = text.flatMap((l, line) => [...l.matchAll(/(?<!["\d])\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}(?![\d"])/g)].map((m) => ({ line, character: m.index! + 2 }))).filter((p) => p.character > 2 || !/^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\s*$/.test(text[p.line]!));
      assert.ok(bare.length >= 14, `${bare.length} bare moments`);
      for (const p of bare) {
        const actions = await client.request<{ title: string }[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: p, end: p }, context: { diagnostics: [] } });
        assert.deepEqual(actions.filter((a) => a.title.startsWith('Make')), [], `${p.line + 1}: ${text[p.line]}`);
      }
    } finally {
      await client.stop();
    }
  });
});

describe('bad input: the server answers or ignores, and never dies', () => {
  test('not a journal, NUL bytes, a huge line, a position outside the document', async () => {
    const client = new Client(undefined);
    try {
      await client.start();
      const dir = tempDir();
      const junk = client.open(path.join(dir, 'junk.txt'), 'this is a shopping list\nmilk\neggs\n');
      const nul = client.open(path.join(dir, 'nul.txt'), '9:00 2025-12-01\nx\n1, a\u0000b "9:00 2025-12-01"\n');
      const huge = client.open(path.join(dir, 'huge.txt'), `9:00 2025-12-01\nbig\n1, ${'x'.repeat(2_000_000)} see"9:00 2025-12-01".\n`);
      assert.deepEqual(await client.request('textDocument/definition', { textDocument: { uri: junk }, position: { line: 1, character: 1 } }), []);
      assert.equal(await client.request('textDocument/definition', { textDocument: { uri: junk }, position: { line: 999, character: 5 } }), null);
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri: junk }, position: { line: -1, character: 5 } }), null);
      assert.deepEqual(await client.request('textDocument/references', { textDocument: { uri: 'file:///nowhere.txt' }, position: { line: 0, character: 0 }, context: { includeDeclaration: false } }), []);
      await client.request('textDocument/documentSymbol', { textDocument: { uri: nul } });
      const t0 = Date.now();
      const [loc] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: huge }, position: { line: 2, character: 2_000_010 } });
      assert.equal(loc!.range.start.line, 0);
      assert.ok(Date.now() - t0 < 5000);
      await client.waitDiagnostics(junk, () => true);
      // Changes at a negative position (ignored), past the last line (at the end), of a document never opened (ignored).
      void client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: junk, version: 2 }, contentChanges: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
      void client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: junk, version: 3 }, contentChanges: [{ range: { start: { line: 999, character: 0 }, end: { line: 999, character: 0 } }, text: '\n10:00 2025-12-02\nmore, notes\n' }] });
      void client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never-opened.txt', version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
      const outline = await client.request<{ name: string; range: Location['range'] }[]>('textDocument/documentSymbol', { textDocument: { uri: junk } });
      assert.deepEqual(outline.map((o) => [o.name, o.range.start.line]), [['more, notes', 4]]);
      // A change without a range is the whole new text.
      void client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: junk, version: 4 }, contentChanges: [{ text: '\n\n8:00 2025-12-04\nplans\n' }] });
      const whole = await client.request<{ name: string; range: Location['range'] }[]>('textDocument/documentSymbol', { textDocument: { uri: junk } });
      assert.deepEqual(whole.map((o) => [o.name, o.range.start.line]), [['plans', 2]]);
      // Still alive and answering.
      assert.ok((await client.request<unknown[]>('workspace/symbol', { query: '' })).length >= 2);
    } finally {
      await client.stop();
    }
    assert.doesNotMatch(client.stderr, /TypeError|RangeError|Uncaught/);
  });

  test('a client that disconnects: the server ends quietly', async () => {
    const client = new Client(EXAMPLE);
    await client.start();
    const uri = client.open(path.join(EXAMPLE, '2025-09.txt'));
    client.conn.onError(() => undefined);
    // The server holds the document (its findings came back) before the client goes: no fixed delay.
    await client.waitDiagnostics(uri, () => true);
    assert.ok((await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } })).length > 0);
    client.proc.stdin!.end();
    const code = await new Promise((r) => client.proc.on('exit', r));
    assert.ok(code === 0 || code === 1, String(code));
    assert.doesNotMatch(client.stderr, /TypeError|RangeError|Error:/);
  });
});

/**
 * References (`see"…"` without an item path) on the lines `at` picks, with
 * the 0-based line of the header each names, where the header is written as
 * the reference writes it.
 */
function referencesToHeaders(ls: string[], at: Iterable<number>): { line: number; character: number; target: number }[] {
  const headers = new Map<string, number>();
  ls.forEach((l, i) => {
    if ((i === 0 || ls[i - 1]!.trim() === '') && /^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\s*$/.test(l)) headers.set(l.trim(), i);
  });
  const out: { line: number; character: number; target: number }[] = [];
  for (const i of at) {
    const c = ls[i]!.indexOf('see"');
    const close = ls[i]!.indexOf('"', c + 4);
    const target = c < 0 || /\d/.test(ls[i]![close + 1] ?? '') ? undefined : headers.get(ls[i]!.slice(c + 4, close));
    if (target !== undefined) out.push({ line: i, character: c + 6, target });
  }
  return out;
}

describe('a document of megabytes, its text kept as bytes when opened (not decoded whole first)', () => {
  const ways = [
    { how: 'read ahead from disk, then opened as it is: the file as read is kept', journal: true, unsaved: false },
    { how: 'read ahead from disk, then opened with an unsaved change: the editor\'s text', journal: true, unsaved: true },
    { how: 'opened outside any journal: read from the editor\'s bytes', journal: false, unsaved: false },
    // (The server may or may not have read the file when the open comes: either way the answers are the text's.)
    { how: 'opened at once, while the journal is read ahead, with an unsaved change: answered from its header lines or after its heads', journal: true, unsaved: true, atOnce: true },
  ];
  for (const way of ways) {
    test(`${way.how}; definitions, positions after Chinese, an edit, and the findings: what the same text opened as a string gives`, async (t) => {
      const dir = tempDir();
      const file = path.join(dir, 'big.txt');
      generateJournal(file, 3 * 1024 * 1024, 5);
      const onDisk = fs.readFileSync(file, 'utf8');
      const text = way.unsaved ? `模型 unsaved\n${onDisk}` : onDisk;
      const shift = way.unsaved ? 1 : 0;
      assert.ok(Buffer.byteLength(text) > 2 * BIG_TEXT && /[\u4e00-\u9fff]/.test(text));
      const ls = onDisk.split('\n');
      // References spread over the file.
      const refs = referencesToHeaders(ls, Array.from({ length: 300 }, (_, k) => Math.floor((ls.length * k) / 300))).slice(0, 30).map((r) => ({ position: { line: r.line + shift, character: r.character }, target: r.target + shift }));
      assert.ok(refs.length >= 20, `${refs.length} references`);
      const client = new Client(way.journal ? dir : undefined);
      t.after(() => client.proc.kill());
      await client.start();
      if (way.journal && !way.atOnce) {
        // The server reads the journal as soon as it is started, before the editor opens anything.
        for (let i = 0; i < 600 && !client.logs.some((l) => l.includes('read the journal ahead')); i++) await new Promise((r) => setTimeout(r, 50));
        assert.ok(client.logs.some((l) => l.includes(`read the journal ahead (files: 1, entries: ${ls.filter((l, i) => (i === 0 || ls[i - 1] === '') && /^\d{1,2}:\d{2} \d{4}-/.test(l)).length},`)), client.logs.join('\n'));
      }
      const uri = client.open(file, text);
      for (const r of refs) {
        const [loc] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: r.position });
        assert.deepEqual(loc?.range.start, { line: r.target, character: 0 }, `the reference on line ${r.position.line + 1}`);
      }
      // (The log of the open comes before the answers to the questions after it.)
      assert.equal(client.logs.some((l) => l.includes('kept as read ahead')), way.journal && !way.unsaved, client.logs.join('\n'));
      // An edit: a line added at the top moves every target one line down.
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '模型 added\n' }] });
      const [moved] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { ...refs[3]!.position, line: refs[3]!.position.line + 1 } });
      assert.deepEqual(moved?.range.start, { line: refs[3]!.target + 1, character: 0 });
      // The findings, once the text is read whole: the same as the service finds in the same text given as a string.
      const service = new JournalService([file]);
      service.update(file, `模型 added\n${text}`);
      const want = service.diagnostics(file).map((d) => `${JSON.stringify(service.position(file, d.from))} ${d.code}: ${d.message}`);
      assert.ok(want.length > 0);
      // (Findings sent before the edit was read may come first: wait for the ones of the text as it is now.)
      want.sort();
      let got: string[] = [];
      for (let i = 0; i < 600; i++) {
        got = (client.diagnostics.get(uri) ?? []).map((d) => `${JSON.stringify(d.range.start)} ${d.code}: ${d.message}`).sort();
        if (got.join('\n') === want.join('\n')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.deepEqual(got, want);
      await client.stop();
    });
  }
});

describe('a file read ahead, then opened by the editor: kept as read when it is as on disk, an unsaved change taken as an edit', () => {
  const dir = tempDir();
  const file = path.join(dir, 'j.txt');
  generateJournal(file, 300 * 1024, 9);
  const onDisk = fs.readFileSync(file, 'utf8');
  /** What a journal's model says of a file: its entries' places, moments and titles. */
  const entries = (s: JournalService) => s.journal().file(file)!.entries.map((e) => `${e.from}-${e.to} ${e.moment?.code} ${e.title?.text}`);
  const chars = fc.constantFrom('a', '\n', '\n\n9:00 2031-2-3\nnew, entry\n', '模', '😀', 'é', ' ', '1, see"9:00 2031-2-3"\n');

  test('changes anywhere, whole characters of every width: the text and entries of the editor\'s text, the file kept only when it is unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.array(chars, { maxLength: 3 })), { maxLength: 3 }), (changes) => {
        let text = onDisk;
        for (const [at, cut, put] of changes) {
          // (At a character's start: the editor's text is a string of whole characters.)
          let a = at % (text.length + 1);
          if (a > 0 && a < text.length && /[\udc00-\udfff]/.test(text[a]!)) a--;
          let b = Math.min(text.length, a + cut);
          if (b > 0 && b < text.length && /[\udc00-\udfff]/.test(text[b]!)) b++;
          text = text.slice(0, a) + put.join('') + text.slice(b);
        }
        const service = new JournalService([file]);
        assert.ok(service.readAhead());
        const doc = service.journal().file(file)!.doc;
        assert.equal(service.openBytes(file, Buffer.from(text)), text === onDisk ? 'kept' : 'read');
        assert.equal(service.text(file, 0, service.length(file)!), text);
        // (Taken as an edit of the document read ahead, not read again whole.)
        assert.equal(service.journal().file(file)!.doc, doc);
        const fresh = new JournalService([]);
        fresh.update(file, text);
        assert.deepEqual(entries(service), entries(fresh));
      }),
      { numRuns: 40 },
    );
  });

  test('a read-ahead in steps: the files read whole before any heads, their texts there to compare with; a question (not one answered from the header lines), an open with another text or a change of files in the middle has the rest read first', () => {
    // The file is read in blocks of 1 MB, a step each: a 3 MB file takes several.
    const big = path.join(dir, 'big.txt');
    generateJournal(big, 3 * 1024 * 1024, 4);
    const whole = new JournalService([file, big]);
    whole.readAhead();
    const expected = [file, big].map((f) => whole.journal().file(f)!.entries.length);
    // (An open of a file not read yet is read by the read-ahead after the files: see below.)
    const middle = [
      (s: JournalService) => assert.deepEqual([file, big].map((f) => s.journal().file(f)!.entries.length), expected),
      (s: JournalService) => assert.equal(s.openBytes(file, Buffer.from(`${onDisk}\n9:00 2099-1-1\nnew\n`)), 'read'),
      (s: JournalService) => s.update(file, onDisk),
      (s: JournalService) => s.setFiles([file, big]),
    ];
    const started = () => {
      const service = new JournalService([file, big]);
      assert.ok(service.startReadAhead());
      assert.equal(service.startReadAhead(), false, 'one read-ahead at a time');
      let steps = 0;
      while (service.readAheadStep() === undefined && steps < 3) steps++;
      assert.equal(steps, 3, 'still under way after three steps');
      // The first file is read whole (not yet in the journal), the second not: the first is there to compare with.
      assert.deepEqual(service.diskTexts(), [fs.readFileSync(file)]);
      assert.ok(!service.readingHeads);
      return service;
    };
    for (const [i, act] of middle.entries()) {
      const service = started();
      act(service);
      // Done by the question: the next step says what was read, and the model holds both files whole.
      const read = service.readAheadStep();
      assert.ok(read, `case ${i}: done`);
      assert.equal(read.files, 2);
      assert.equal(read.entries, expected[0]! + expected[1]!);
      // (Case 1 opened the file with one entry more: taken as an edit of the file read.)
      assert.equal(service.journal().file(file)!.entries.length, expected[0]! + (i === 1 ? 1 : 0));
      assert.equal(service.journal().file(big)!.entries.length, expected[1]);
    }
    // The file opened as it was read is kept as read, and nothing waits for the heads.
    const opened = started();
    assert.equal(opened.openBytes(file, fs.readFileSync(file)), 'kept');
    assert.equal(opened.readAheadStep(), undefined);
    // A definition has the rest of the files read first, not their heads.
    opened.definition(file, onDisk.indexOf('see"') + 5);
    assert.ok(opened.readingHeads, 'the files read, their heads not yet');
    // Left to its steps, it ends by itself, and then its texts are there to compare.
    const service = new JournalService([file, big]);
    assert.ok(service.startReadAhead());
    let read;
    let steps = 0;
    while (!(read = service.readAheadStep())) steps++;
    assert.ok(steps > 3, `in steps (${steps})`);
    assert.deepEqual(read, { files: 2, entries: expected[0]! + expected[1]!, bytes: fs.statSync(file).size + fs.statSync(big).size });
    assert.equal(service.diskTexts().length, 2);
  });

  test('a file set in steps of its heads: the journal as it was until the last step, then as a file set at once', () => {
    const changed = `${onDisk}\n9:00 2099-1-1\nlater, entry\n1, see"9:00 2099-1-1"\n`;
    const shape = (j: Journal) => j.file(file)!.entries.map((e) => `${e.from}-${e.to} ${e.moment?.code} ${e.title?.text}`);
    const late = readMoment('9:00 2099-1-1')!;
    const journal = new Journal([]);
    journal.set({ path: file, doc: parseBytes(Buffer.from(onDisk)).doc });
    const before = shape(journal);
    const steps = journal.setSteps({ path: file, doc: parseBytes(Buffer.from(changed)).doc }, 50);
    let pauses = 0;
    while (!steps.next().done) {
      pauses++;
      assert.deepEqual(shape(journal), before, 'the old file until the last step');
      assert.equal(journal.entriesAt(late).length, 0);
    }
    assert.ok(pauses > 3, `in steps (${pauses})`);
    const atOnce = new Journal([]);
    atOnce.set({ path: file, doc: parseBytes(Buffer.from(changed)).doc });
    assert.deepEqual(shape(journal), shape(atOnce));
    assert.equal(journal.entriesAt(late).length, 1);
  });

  test('the edit found by comparing bytes is the smallest span of whole characters that differs', () => {
    const service = new JournalService([file]);
    service.readAhead();
    const doc = service.journal().file(file)!.doc;
    const at = onDisk.indexOf('模') >= 0 ? onDisk.indexOf('模') : onDisk.search(/[\u4e00-\u9fff]/);
    assert.ok(at > 0);
    const swapped = onDisk.slice(0, at) + '型' + onDisk.slice(at + 1);
    // (模 and 型 share their first byte in UTF-8; the span is still the whole character.)
    assert.deepEqual(doc.editTo(Buffer.from(swapped)), { from: at, to: at + 1, insert: '型' });
    assert.deepEqual(doc.editTo(Buffer.from(onDisk + 'x')), { from: onDisk.length, to: onDisk.length, insert: 'x' });
    assert.deepEqual(doc.editTo(Buffer.from(onDisk.slice(1))), { from: 0, to: 1, insert: '' });
    assert.equal(doc.editTo(Buffer.from('\ufeff' + onDisk)), undefined, 'a byte order mark: read again whole');
  });
});

describe('a document opened while the journal is read ahead: its questions answered from its header lines, as the whole journal answers them', () => {
  /** Moments written as a journal writes them: loosely, some twice, some impossible. */
  const moments = ['9:05 2020-1-2', '09:05 2020-01-02', '9:05 2020-1-2 \t', '10:00 2020-1-3', '10:01 2020-1-3', '23:59 2020-2-29', '25:61 2020-1-1', '9:00 2020-2-30', '0:00 2021-1-1'];
  /** A journal of `n` entries from a seed: references to moments of either file, item paths, items referred to, a preamble at times. */
  function journalText(seed: number, n: number): string {
    let s = seed;
    const rand = (k: number): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s % k);
    const pick = <T>(xs: T[]): T => xs[rand(xs.length)]!;
    const parts: string[] = rand(3) === 0 ? ['a preamble, before any entry\n'] : [];
    for (let i = 0; i < n; i++) {
      const refs = Array.from({ length: rand(3) }, () => `see"${pick(moments).trim()}"${pick(['', '', '1', '2.1', '3'])}`).join(', ');
      parts.push(`${pick(moments)}\n${pick(['topic, sub', 'other, 主题', 'GTD', 'topic, sub, cont2'])}\n1, first ${refs}\n1), inner "1," see"${pick(moments).trim()}"\n2, second 中文 "1)"\n`);
    }
    return parts.join('\n');
  }
  /** Every place inside a reference (`see"`, an item's `"1)"`), and some places elsewhere. */
  const places = (text: string): number[] => {
    const out: number[] = [];
    for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) out.push(at, at + 2);
    for (let at = 0; at < text.length; at += 97) out.push(at);
    return out.concat(text.length);
  };
  const dir = tempDir();

  test('definitions and hovers before the heads are read equal those after, in a file of the journal read from disk and in the opened documents', () => {
    let targets = 0;
    let several = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const a = path.join(dir, `a${seed}.txt`);
      const b = path.join(dir, `b${seed}.txt`);
      const outside = path.join(dir, `outside${seed}.txt`);
      fs.writeFileSync(a, journalText(seed, 40));
      fs.writeFileSync(b, journalText(seed + 100, 40));
      // The editor's text of b is not b's on disk (an unsaved change), and a document outside the journal joins it.
      const opened = new Map([
        [b, journalText(seed + 200, 60)],
        [outside, journalText(seed + 300, 30)],
      ]);
      const ask = (s: JournalService): string[] => {
        const out: string[] = [];
        for (const [f, text] of [[a, fs.readFileSync(a, 'utf8')] as const, ...opened]) {
          for (const at of places(text)) out.push(`${path.basename(f)}:${at} ${JSON.stringify(s.definition(f, at))} ${JSON.stringify(s.hover(f, at) ?? null)} ${JSON.stringify(s.position(f, at))}`);
        }
        return out;
      };
      const service = new JournalService([a, b]);
      assert.ok(service.startReadAhead());
      for (const [f, text] of opened) assert.equal(service.openBytes(f, Buffer.from(text)), 'read');
      // Asked once the files are read (even seeds), or at once (odd: the questions have the files read and cut first).
      let steps = 0;
      while (seed % 2 === 0 && !service.readingHeads && steps++ < 1000) assert.equal(service.readAheadStep(), undefined);
      assert.equal(service.readingHeads, seed % 2 === 0, 'the files on disk read, no heads yet');
      const early = ask(service);
      assert.ok(service.readingHeads, 'answered without reading any heads');
      // The read-ahead then ends by itself; the journal whole answers the same.
      while (!service.readAheadStep());
      assert.ok(!service.readingHeads);
      assert.deepEqual(early, ask(service), `seed ${seed}`);
      // And a service that read everything at once, the documents opened after.
      const atOnce = new JournalService([a, b]);
      atOnce.readAhead();
      for (const [f, text] of opened) atOnce.openBytes(f, Buffer.from(text));
      assert.deepEqual(early, ask(atOnce), `seed ${seed}, read at once`);
      for (const line of early) {
        const spots = (JSON.parse(line.split(' ')[1]!) as unknown[]).length;
        if (spots > 0) targets++;
        if (spots > 1) several++;
      }
    }
    // (The journals are such that the answers say something: references found, some to moments two entries share.)
    assert.ok(targets > 500 && several > 100, `${targets} answered, ${several} with several targets`);
  });

  test('a refresh (every second, and after a command wrote) during the read-ahead waits for nothing unless a file it read already changed since; then the rest is read first and the change taken', () => {
    const small = path.join(dir, 'small.txt');
    const big = path.join(dir, 'big-refresh.txt');
    fs.writeFileSync(small, journalText(3, 20));
    generateJournal(big, 3 * 1024 * 1024, 6);
    const service = new JournalService([small, big]);
    assert.ok(service.startReadAhead());
    // (The small file is read in three steps, the big one a megabyte a step after it.)
    for (let i = 0; i < 3; i++) assert.equal(service.readAheadStep(), undefined);
    assert.equal(service.refresh(), false);
    assert.ok(service.readingAhead, 'nothing changed: the read-ahead goes on in its steps');
    fs.appendFileSync(small, '\n9:00 2099-1-1\nwritten, meanwhile\n');
    assert.equal(service.refresh(), true);
    assert.ok(!service.readingAhead);
    assert.equal(service.journal().entriesAt(readMoment('9:00 2099-1-1')!).length, 1);
  });

  test('a file of the journal opened while it is read from disk: not read further, the editor\'s text taken instead', () => {
    const big = path.join(dir, 'big.txt');
    generateJournal(big, 3 * 1024 * 1024, 5);
    const text = `${journalText(7, 50)}\n9:00 2099-1-1\nopened, not on disk\n1, see"10:00 2020-1-3"\n`;
    const service = new JournalService([big]);
    assert.ok(service.startReadAhead());
    // (A block of 1 MB a step: after two, the file is being read.)
    assert.equal(service.readAheadStep(), undefined);
    assert.equal(service.readAheadStep(), undefined);
    assert.equal(service.openBytes(big, Buffer.from(text)), 'read');
    assert.equal(service.readingHeads, false, 'the read of the file is dropped at its next step');
    let read;
    while (!(read = service.readAheadStep()));
    assert.deepEqual(read, { files: 0, entries: 0, bytes: 0 });
    assert.equal(service.text(big, 0, service.length(big)!), text);
    assert.equal(service.journal().entriesAt(readMoment('9:00 2099-1-1')!).length, 1);
    // Closed, the file on disk counts again.
    service.close(big);
    assert.equal(service.journal().entriesAt(readMoment('9:00 2099-1-1')!).length, 0);
    assert.equal(service.text(big, 0, service.length(big)!), fs.readFileSync(big, 'utf8'));
  });
});

describe('daybook lsp in a process of its own whose large buffers may take huge pages (Linux, huge pages on request)', () => {
  let mode = '';
  try {
    mode = fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'latin1');
  } catch {
    // No such setting: no process of its own.
  }
  /** The processes whose parent is `pid`. */
  const children = (pid: number): number[] =>
    fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          // (The name in parentheses may hold spaces: the parent is the second field after it.)
          const stat = fs.readFileSync(`/proc/${d}/stat`, 'latin1');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
  const skip = mode.includes('[madvise]') ? false : `this kernel's huge pages are not given on request ("${mode.trim()}"): the server runs in the process the editor started`;
  test('the server runs in a child with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, answers, and stops with a signal given to the command; DAYBOOK_HUGE_PAGES=0 or a GLIBC_TUNABLES that says it already keeps it in one process', { skip }, async (t) => {
    const client = new Client(EXAMPLE);
    await client.start();
    const [child] = children(client.proc.pid!);
    assert.ok(child, 'a child process');
    // (What the process was started with: glibc rewrites the variable in place when it holds several tunables.)
    const environ = fs.readFileSync(`/proc/${child}/environ`, 'latin1').split('\0');
    assert.ok(environ.includes('GLIBC_TUNABLES=glibc.malloc.hugetlb=1'), environ.filter((e) => e.startsWith('GLIBC')).join(' '));
    const uri = client.open(path.join(EXAMPLE, '2025-10.txt'));
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.length > 0);
    client.proc.kill();
    // A signal to the command goes to the server. (Its standard input here is a pipe that stays open, as an editor may
    // keep it: the server does not end by reading its end.)
    const keep = fs.openSync(path.join(tempDir(), 'in'), 'w+');
    const proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), 'lsp', '--stdio', '--journal', EXAMPLE], { stdio: [keep, 'ignore', 'ignore'], env: { PATH: process.env.PATH ?? '', HOME: tempDir() } });
    let server: number | undefined;
    for (let i = 0; i < 400 && !(server = children(proc.pid!)[0]); i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(server, 'the server started');
    const alive = () => fs.existsSync(`/proc/${server}`) && !/\) Z/.test(fs.readFileSync(`/proc/${server}/stat`, 'latin1'));
    t.after(() => {
      if (alive()) process.kill(server!, 'SIGKILL');
      fs.closeSync(keep);
    });
    const exit = new Promise<string | null>((r) => proc.on('exit', (code, signal) => r(signal ?? String(code))));
    proc.kill('SIGTERM');
    assert.equal(await exit, 'SIGTERM', 'the command ends as the server did');
    for (let i = 0; i < 400 && alive(); i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(!alive(), 'the server is gone');
    for (const env of [{ DAYBOOK_HUGE_PAGES: '0' }, { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }] as Record<string, string>[]) {
      const plain = new Client(EXAMPLE, env);
      await plain.start();
      assert.deepEqual(children(plain.proc.pid!), [], JSON.stringify(env));
      plain.proc.kill();
    }
  });
});

describe('a message header that cannot be read: the server ends, non-zero, so that the editor starts it again', () => {
  const frame = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const init = frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  /** Starts the server, waits for its answer to initialize, sends `bad`; the exit code, stderr and stdout. */
  async function feed(bad: string, then = ''): Promise<{ code: number | null; stderr: string; stdout: string; ms: number }> {
    const proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), 'lsp', '--stdio', '--journal', EXAMPLE], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: tempDir() } });
    let stdout = '';
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += d));
    const exit = new Promise<number | null>((r) => proc.on('exit', r));
    const answered = new Promise<void>((r) => proc.stdout.on('data', (d) => ((stdout += d), stdout.includes('"id":1') && r())));
    proc.stdin.write(init);
    await answered;
    const t0 = Date.now();
    proc.stdin.write(bad + then);
    const killer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    const code = await exit;
    clearTimeout(killer);
    return { code, stderr, stdout, ms: Date.now() - t0 };
  }
  for (const [name, bad] of [
    ['Content-Length: abc', 'Content-Length: abc\r\n\r\n{}'],
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
    ['a header line without a colon', 'Content-Length 12\r\n\r\n{"jsonrpc":1}'],
    ['a length no message has (its buffer would be made before the bytes arrive)', 'Content-Length: 999999999999999\r\n\r\n{}'],
  ] as const) {
    test(name, async () => {
      // The stdin is left open: the server must end on its own, not because its input closed.
      const r = await feed(bad, frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'workspace/symbol', params: { query: '' } })));
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^daybook lsp: a message from the editor has a header that cannot be read \(.+\); the server stops so that the editor starts it again\n  each message must begin with/m);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.doesNotMatch(r.stdout, /"id":2/, 'nothing answered after the bad header');
      assert.ok(r.ms < 15_000, `ended after ${r.ms} ms`);
    });
  }
  test('a well-framed body that is not JSON is not a framing error: the server goes on answering', async () => {
    const proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), 'lsp', '--stdio', '--journal', EXAMPLE], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: tempDir() } });
    let stdout = '';
    const answered = new Promise<void>((r) => proc.stdout.on('data', (d) => ((stdout += d), stdout.includes('"id":2') && r())));
    const exit = new Promise<number | null>((r) => proc.on('exit', r));
    proc.stdin.write(init + frame('{not json') + frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'workspace/symbol', params: { query: '' } })));
    await answered;
    assert.equal(proc.exitCode, null);
    proc.stdin.end();
    await exit;
  });
});

describe('a real editor: neovim jumps to the definition', () => {
  /** Opens `journal` in headless neovim with the server, puts the cursor on a reference (1-based line, 0-based byte column) and jumps; the line it lands on and its text. */
  function jump(t: TestContext, journal: string, line: number, byteColumn: number): [string, string] | undefined {
    if (!haveTool(t, 'nvim', ['--version'], 'neovim')) return undefined;
    const dir = path.dirname(journal);
    const out = path.join(dir, 'result.txt');
    const init = path.join(dir, 'init.lua');
    fs.writeFileSync(
      init,
      `
local client = vim.lsp.start_client({ name = 'daybook', cmd = { ${JSON.stringify(process.execPath)}, ${JSON.stringify(path.join(ROOT, 'bin', 'daybook.js'))}, 'lsp', '--stdio', '--journal', ${JSON.stringify(dir)} }, root_dir = ${JSON.stringify(dir)} })
vim.cmd('edit ' .. ${JSON.stringify(journal)})
vim.lsp.buf_attach_client(0, client)
vim.wait(10000, function() local c = vim.lsp.get_client_by_id(client); return c ~= nil and c.initialized end, 50)
vim.api.nvim_win_set_cursor(0, { ${line}, ${byteColumn} })
vim.lsp.buf.definition()
vim.wait(30000, function() return vim.api.nvim_win_get_cursor(0)[1] ~= ${line} end, 50)
local f = io.open(${JSON.stringify(out)}, 'w')
f:write(tostring(vim.api.nvim_win_get_cursor(0)[1]) .. '\\n' .. vim.api.nvim_get_current_line())
f:close()
vim.cmd('qa!')
`,
    );
    const r = spawnSync('nvim', ['--headless', '--clean', '-u', init], { encoding: 'utf8', timeout: 90_000, env: { ...process.env, HOME: dir } });
    assert.ok(fs.existsSync(out), `neovim wrote no result: ${r.stderr}`);
    return fs.readFileSync(out, 'utf8').split('\n') as [string, string];
  }

  test('Debian neovim, headless, with its built-in LSP client', (t) => {
    const journal = path.join(tempDir(), '2025-09.txt');
    fs.copyFileSync(path.join(EXAMPLE, '2025-09.txt'), journal);
    const got = jump(t, journal, 52, 22);
    if (got) assert.deepEqual(got, ['35', '2), the spikes line up with the checkpoint timer.']);
  });

  test('a document of megabytes (neovim\'s JSON read as bytes), from a reference on a line with Chinese, deep in the file', (t) => {
    const journal = path.join(tempDir(), 'big.txt');
    generateJournal(journal, 3 * 1024 * 1024, 11);
    const ls = fs.readFileSync(journal, 'utf8').split('\n');
    // A reference past 70% of the file, after Chinese on its line.
    const from = Math.floor(ls.length * 0.7);
    const at = referencesToHeaders(ls, Array.from({ length: ls.length - from }, (_, k) => from + k)).find((r) => /[\u4e00-\u9fff]/.test(ls[r.line]!.slice(0, r.character)));
    assert.ok(at, 'a reference to jump from');
    const got = jump(t, journal, at.line + 1, Buffer.byteLength(ls[at.line]!.slice(0, at.character)));
    if (got) assert.deepEqual(got, [String(at.target + 1), ls[at.target]]);
  });
});
