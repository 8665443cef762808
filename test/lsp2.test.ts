/**
 * The language server, second pass, over stdio: rename of a header moment
 * across files (both written forms), completion of references by title
 * words and of items after the closing quote, inlay hints, code lenses,
 * semantic tokens, fuzzy workspace symbols and the commands, on the example
 * journal and on the sample (read in place, copied only into a temp dir).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { EXAMPLE, ROOT, SAMPLE, sampleText, tempDir } from './helpers.js';
import { applyEdit, Client, type Location, type Position } from './lspclient.js';

type Range = Location['range'];
type WorkspaceEdit = { changes: Record<string, { range: Range; newText: string }[]> };

/** A copy of the example journal in a temp dir. */
function exampleCopy(): string {
  const dir = tempDir();
  for (const f of fs.readdirSync(EXAMPLE)) fs.copyFileSync(path.join(EXAMPLE, f), path.join(dir, f));
  return dir;
}

/** Applies a workspace edit to the files on disk (as an editor saving them would). */
function applyToDisk(edit: WorkspaceEdit): void {
  for (const [uri, edits] of Object.entries(edit.changes)) {
    const file = new URL(uri).pathname;
    let text = fs.readFileSync(file, 'utf8');
    for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) text = applyEdit(text, e.range, e.newText);
    fs.writeFileSync(file, text);
  }
}

/** The position of `needle` (plus `shift`) on the first line that holds it. */
function find(file: string, needle: string, shift = 1): Position {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} in ${file}`);
  return { line, character: lines[line]!.indexOf(needle) + shift };
}

const check = (dir: string) => JSON.parse(spawnSync(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), 'check', dir, '--json'], { encoding: 'utf8' }).stdout) as { diagnostics: { code: string; message: string }[] };

describe('rename a header moment', () => {
  test('on the example journal: the header and every reference in three files, both written forms, item paths kept, as one workspace edit', async () => {
    const dir = exampleCopy();
    // A reference written unpadded, in a third file.
    const nov = path.join(dir, '2025-11.txt');
    fs.appendFileSync(nov, '\n16:00 2025-11-20\nstorage, notes\n1, the patch again, see"15:02 2025-9-3"3 and "15:02 2025-9-3".\n');
    const before = check(dir).diagnostics.filter((d) => d.code.startsWith('ref-')).length;
    const all = fs.readdirSync(dir).flatMap((f) => (fs.readFileSync(path.join(dir, f), 'utf8').match(/"15:02 2025-0?9-0?3"(?:\d+(?:\.\d+)*)?/g) ?? []).map((m) => [f, m]));
    assert.ok(new Set(all.map(([f]) => f)).size >= 3 && all.some(([, m]) => m!.includes('2025-9-3')) && all.some(([, m]) => m!.includes('2025-09-03')), JSON.stringify(all));
    const client = new Client(dir);
    try {
      await client.start();
      const sep = path.join(dir, '2025-09.txt');
      const uri = client.open(sep);
      const header = find(sep, '15:02 2025-09-03', 2);
      const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: header });
      assert.equal(prepared.placeholder, '15:02 2025-09-03');
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: header, newName: '15:20 2025-09-03' });
      assert.equal(Object.keys(edit.changes).length, 3, 'one edit, three files');
      assert.equal(Object.values(edit.changes).flat().length, all.length + 1, 'the header and every reference');
      applyToDisk(edit);
      const after = fs.readdirSync(dir).flatMap((f) => (fs.readFileSync(path.join(dir, f), 'utf8').match(/"15:20 2025-0?9-0?3"(?:\d+(?:\.\d+)*)?/g) ?? []).map((m) => [f, m]));
      // Each reference keeps its form and its item path.
      assert.deepEqual(after, all.map(([f, m]) => [f, m!.replace('15:02', '15:20')]));
      assert.match(fs.readFileSync(sep, 'utf8'), /\n15:20 2025-09-03\nstorage, tidepool, wal, fsync latency, cont3, O_DIRECT patch\n/);
      assert.equal(check(dir).diagnostics.filter((d) => d.code.startsWith('ref-')).length, before, 'no reference left dangling');
      // Also from a reference: the same target.
      const oct = path.join(dir, '2025-10.txt');
      const octUri = client.open(oct);
      const fromRef = await client.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: octUri }, position: find(oct, '"10:20 2025-10-06"3', 3) });
      assert.equal(fromRef.placeholder, '10:20 2025-10-06');
    } finally {
      await client.stop();
    }
  });

  test('refused where it cannot be done safely, with the reason; nothing is answered as an edit', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.txt');
    fs.writeFileSync(file, '9:00 2025-12-01\nnotes\n1, see"9:30 2025-12-01" and "8:00 2025-11-30".\n\n9:30 2025-12-01\nmore\n\n9:30 2025-12-01\nthe same moment again\n\n10:00 2025-12-01\nlast\n');
    const client = new Client(dir);
    try {
      await client.start();
      const uri = client.open(file);
      /** The message of the error a request is answered with (it must be one). */
      const refused = async (method: string, position: Position, newName?: string): Promise<string> => {
        const answer = await client.request(method, { textDocument: { uri }, position, ...(newName ? { newName } : {}) }).then(
          (r) => ({ r }),
          (err: Error) => ({ err }),
        );
        assert.ok('err' in answer, `${method} was answered: ${JSON.stringify(answer)}`);
        return answer.err.message;
      };
      assert.match(await refused('textDocument/prepareRename', { line: 1, character: 2 }), /rename works on the moment of an entry's header/);
      assert.match(await refused('textDocument/prepareRename', { line: 4, character: 2 }), /2 entries have the moment/);
      assert.match(await refused('textDocument/prepareRename', { line: 2, character: 30 }), /names no entry of the journal \(it dangles\)/);
      assert.match(await refused('textDocument/rename', { line: 0, character: 1 }, '10:00 2025-12-01'), /is the moment of another entry/);
      assert.match(await refused('textDocument/rename', { line: 0, character: 1 }, '9:61 2025-12-01'), /not a real moment; expected hours 0-23, minutes 0-59/);
      assert.match(await refused('textDocument/rename', { line: 0, character: 1 }, 'tomorrow'), /is not a moment; expected a time and a date as in a header, e\.g\. 11:17 2013-2-16/);
      // The same moment written otherwise is no change of identity, and is taken.
      const same = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 1 }, newName: '09:00 2025-12-01' });
      assert.equal(Object.values(same.changes).flat()[0]!.newText, '09:00 2025-12-01');
    } finally {
      await client.stop();
    }
  });

  test('on the sample (copied to a temp dir beside a file of our own): "11:07 2013-2-16", referenced unpadded there and padded in the other file', async (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const dir = tempDir();
    const a = path.join(dir, '2013-02.txt');
    fs.writeFileSync(a, text);
    const b = path.join(dir, '2013-03.txt');
    fs.writeFileSync(b, '9:00 2013-03-01\nnotes, follow-up\n1, the -O0 build once more, see"11:07 2013-02-16"2 and "11:07 2013-02-16".\n');
    const refs = (f: string, re: RegExp) => fs.readFileSync(f, 'utf8').match(re) ?? [];
    const inSample = refs(a, /"11:07 2013-2-16"(?:\d+(?:\.\d+)*)?/g);
    assert.ok(inSample.length >= 2);
    const client = new Client(dir);
    try {
      await client.start();
      const uri = client.open(a);
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: find(a, '11:07 2013-2-16', 0), newName: '11:17 2013-2-16' });
      applyToDisk(edit);
      assert.deepEqual(refs(a, /"11:17 2013-2-16"(?:\d+(?:\.\d+)*)?/g), inSample.map((r) => r.replace('11:07', '11:17')));
      assert.deepEqual(refs(b, /"11:17 2013-0?2-16"(?:\d+(?:\.\d+)*)?/g), ['"11:17 2013-02-16"2', '"11:17 2013-02-16"']);
      assert.equal(refs(a, /11:07 2013-0?2-16/g).length, 0, 'no old moment left, header included');
      const before = text.split('\n');
      const now = fs.readFileSync(a, 'utf8').split('\n');
      assert.equal(now.length, before.length);
      assert.deepEqual(now.flatMap((l, i) => (l === before[i] ? [] : [i])).length, 1 + new Set(inSample.map((_, k) => k)).size, 'only the header line and the lines of the references changed');
    } finally {
      await client.stop();
    }
  });
});

describe('completion of references by title words, and of items', () => {
  test('an entry older than the 100 newest is found by words of its title in any order, inserted in the file\'s own style; items after the closing quote', async () => {
    const dir = tempDir();
    const old = ['7:05 2024-1-9', 'garden, greenhouse, heater repair', '1, the thermostat relay.', '2, the fan.', '1), cleaned its blades.', ''];
    const filler = Array.from({ length: 150 }, (_, i) => `${8 + (i % 10)}:${String(i % 60).padStart(2, '0')} 2024-${2 + Math.floor(i / 28)}-${1 + (i % 28)}\nkitchen, shopping list ${i}\n1, bread.\n`);
    fs.writeFileSync(path.join(dir, '2024.txt'), `${old.join('\n')}\n${filler.join('\n')}`);
    const client = new Client(dir);
    try {
      await client.start();
      const doc = path.join(dir, '2025.txt');
      const uri = client.open(doc, '9:00 2025-1-2\nnotes\n1, see"repair heat\n2, see"7:05 2024-1-9"\n3, ref"\n');
      const list = await client.request<{ isIncomplete: boolean; items: { label: string; detail: string; filterText: string; textEdit: { range: Range; newText: string } }[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 18 } });
      assert.equal(list.isIncomplete, true, 'the editor asks again as the words change');
      assert.equal(list.items[0]!.detail, 'garden, greenhouse, heater repair');
      // The file writes dates unpadded: so is the moment inserted.
      assert.equal(list.items[0]!.textEdit.newText, '7:05 2024-1-9"');
      assert.equal(list.items[0]!.filterText, 'repair heat');
      assert.deepEqual(list.items[0]!.textEdit.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 18 } });
      // Items after the closing quote: their paths with their first words.
      const items = await client.request<{ label: string; detail: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 22 } });
      assert.deepEqual(items.map((i) => [i.label, i.detail]), [['1', 'the thermostat relay.'], ['2', 'the fan.'], ['2.1', 'cleaned its blades.']]);
      // After ref" with nothing typed: the newest first.
      const newest = await client.request<{ items: { label: string }[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 7 } });
      assert.equal(newest.items.length, 100);
      assert.ok(!newest.items.some((i) => i.label === '7:05 2024-1-9'));
      // Words after a quote that is not a reference (no see/ref before it) complete nothing.
      const quoted = client.open(path.join(dir, 'q.txt'), '9:00 2025-1-3\nnotes\n1, he said "heater\n');
      assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri: quoted }, position: { line: 2, character: 20 } }), []);
    } finally {
      await client.stop();
    }
  });

  test('on the sample: "see\\"libxl lock" and "see\\"lock patch" find the lock patch entries by title', async (t) => {
    if (sampleText(t) === undefined) return;
    const client = new Client(SAMPLE);
    try {
      await client.start();
      const dir = tempDir();
      const uri = client.open(path.join(dir, 'new.txt'), '9:00 2013-03-01\nnotes\n1, see"lock patch\n');
      const list = await client.request<{ items: { label: string; detail: string }[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 17 } });
      // Title lines: after a header and its revision stamps.
      const all = fs.readFileSync(SAMPLE, 'utf8').split('\n');
      const titles = all.filter((l, i) => {
        let j = i - 1;
        while (j > 0 && /^\(\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\)\s*$/.test(all[j]!)) j--;
        return j >= 0 && j < i && /^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\s*$/.test(all[j]!) && (j === 0 || all[j - 1] === '') && /\bpatch\b.*\block\b|\block\b.*\bpatch\b/.test(l);
      });
      assert.ok(titles.length >= 3, 'the sample has entries titled with both words');
      assert.deepEqual(new Set(list.items.map((i) => i.detail)), new Set(titles.map((l) => l.trim())));
    } finally {
      await client.stop();
    }
  });
});

describe('inlay hints, code lenses, semantic tokens, fuzzy symbols on the example journal', () => {
  test('each request answers what the text says', async () => {
    const dir = exampleCopy();
    const sep = path.join(dir, '2025-09.txt');
    const text = fs.readFileSync(sep, 'utf8');
    const lines = text.split('\n');
    const client = new Client(dir);
    try {
      await client.start();
      const uri = client.open(sep);
      // Inlay hints: after each reference of the range, the target's title (and item), or "dangling".
      const hints = await client.request<{ position: Position; label: string }[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } });
      const refCount = (text.match(/"\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}"[\d.]*|"\d+\)"/g) ?? []).length;
      assert.equal(hints.length, refCount);
      const at = (needle: string) => hints.find((h) => h.position.line === find(sep, needle).line && lines[h.position.line]!.slice(0, h.position.character).endsWith(needle))!;
      assert.equal(at('"10:02 2025-09-01"1.2').label, 'storage, tidepool, wal, fsync latency, cont1 › the spikes line up with the checkpoint timer.'.slice(0, 47) + '…');
      assert.equal(at('see"16:05 2025-08-28"').label, 'dangling');
      assert.equal(at('see"13:10 2025-09-03"').label, 'meeting, design review, compaction scheduler; f…');

      // Code lenses: on each header, its number of references; on referenced items, theirs.
      const lenses = await client.request<{ range: Range; command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri } });
      const headers = lines.flatMap((l, i) => (/^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}$/.test(l) && (i === 0 || lines[i - 1] === '') ? [i] : []));
      const onHeaders = lenses.filter((l) => headers.includes(l.range.start.line));
      assert.equal(onHeaders.length, headers.length);
      const all = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
      const count = (re: RegExp) => (all.match(re) ?? []).length;
      const lens = (line: number) => lenses.find((l) => l.range.start.line === line)!.command.title;
      const header = lines.indexOf('10:02 2025-09-01');
      assert.equal(lens(header), `${count(/"10:02 2025-0?9-0?1"/g)} references`);
      assert.equal(lens(find(sep, '2), the spikes line up', 0).line), '1 reference');
      // Its command lists the references.
      const l0 = lenses.find((l) => l.range.start.line === header)!;
      const locs = await client.request<Location[]>('workspace/executeCommand', { command: l0.command.command, arguments: l0.command.arguments });
      assert.equal(locs.length, count(/"10:02 2025-0?9-0?1"/g));

      // Semantic tokens, decoded: every construct of the format has its kind.
      const { data } = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
      const types = TOKEN_LEGEND;
      const tokens: { text: string; type: string; line: number }[] = [];
      let line = 0;
      let char = 0;
      for (let i = 0; i < data.length; i += 5) {
        line += data[i]!;
        char = data[i] === 0 ? char + data[i + 1]! : data[i + 1]!;
        tokens.push({ line, text: lines[line]!.slice(char, char + data[i + 2]!), type: types[data[i + 3]!]! });
      }
      const kinds = (t: string) => new Set(tokens.filter((x) => x.text === t).map((x) => x.type));
      assert.deepEqual(kinds('10:02 2025-09-01'), new Set(['class']), 'a header');
      assert.deepEqual(kinds('"10:02 2025-09-01"'), new Set(['variable']), 'a reference to it');
      assert.deepEqual(kinds('fsync latency'), new Set(['type']));
      assert.deepEqual(kinds('cont1'), new Set(['enumMember']));
      assert.deepEqual(kinds('for Priya'), new Set(['parameter']), 'a qualifier after ;');
      assert.deepEqual(kinds('GTD'), new Set(['keyword']));
      assert.ok(kinds('1,').has('keyword') && kinds('2),').has('keyword'));
      assert.ok(kinds('9:20-12:30').has('number') && kinds('45\'').has('number'), 'sessions and task times');
      assert.ok(kinds('\\TODO:').has('event'));
      assert.ok(tokens.some((x) => x.type === 'string' && x.text.includes('_email_')), 'mail headers');
      assert.ok(tokens.some((x) => x.type === 'variable' && x.text === '"16:05 2025-08-28"'), 'a dangling reference');
      // In order, one line each, not overlapping.
      for (let i = 1; i < tokens.length; i++) assert.ok(tokens[i]!.line >= tokens[i - 1]!.line);
      const range = await client.request<{ data: number[] }>('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: 29, character: 0 }, end: { line: 31, character: 0 } } });
      assert.ok(range.data.length > 0 && range.data.length < data.length);

      // Workspace symbols: words in any order, initials.
      const ws = async (query: string) => (await client.request<{ name: string; containerName: string }[]>('workspace/symbol', { query })).map((s) => s.name);
      const any = await ws('latency fsync');
      assert.ok(any.length >= 5 && any.every((n) => n.includes('fsync latency')), JSON.stringify(any));
      assert.deepEqual(await ws('latency fsync'), await ws('fsync latency'));
      const initials = await ws('stwfl');
      assert.ok(initials.length >= 5 && initials.every((n) => n.startsWith('storage, tidepool, wal, fsync latency')), JSON.stringify(initials));
      assert.deepEqual(await ws('no such words anywhere'), []);
    } finally {
      await client.stop();
    }
  });

  test('on the sample: a hint after each of its 26 quoted moments, "dangling" after the 3 that dangle', async (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const client = new Client(SAMPLE);
    try {
      await client.start();
      const uri = client.open(SAMPLE);
      const hints = await client.request<{ label: string }[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } } });
      const quoted = (text.match(/"\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}"/g) ?? []).length;
      const items = (text.match(/"\d+\)"/g) ?? []).length;
      assert.equal(hints.length, quoted + items);
      assert.equal(hints.filter((h) => h.label === 'dangling').length, 3);
    } finally {
      await client.stop();
    }
  });
});

/** The token types in the order the server declares them (checked against its answer to initialize). */
const TOKEN_LEGEND = ['class', 'decorator', 'type', 'enumMember', 'parameter', 'keyword', 'variable', 'event', 'string', 'number', 'comment'];

describe('commands (workspace/executeCommand): the CLI\'s plans, in the right file', () => {
  const NOW = { DAYBOOK_NOW: '2025-11-20 09:30' };
  test('the legend the server declares', async () => {
    const client = new Client(EXAMPLE);
    try {
      const caps = (await client.start()) as { semanticTokensProvider: { legend: { tokenTypes: string[] } }; executeCommandProvider: { commands: string[] } };
      assert.deepEqual(caps.semanticTokensProvider.legend.tokenTypes, TOKEN_LEGEND);
      assert.deepEqual(caps.executeCommandProvider.commands.sort(), ['daybook.newEntry', 'daybook.openToday', 'daybook.showReferences', 'daybook.startSession', 'daybook.startTask', 'daybook.stopSession', 'daybook.stopTask']);
    } finally {
      await client.stop();
    }
  });

  test('files not open are written on disk as daybook new and gtd write them; the cursor goes to what was written', async () => {
    const dir = exampleCopy();
    const nov = path.join(dir, '2025-11.txt');
    const before = fs.readFileSync(nov, 'utf8');
    const others = ['2025-09.txt', '2025-10.txt'].map((f) => fs.readFileSync(path.join(dir, f)));
    const client = new Client(dir, NOW);
    try {
      await client.start({ window: { showDocument: { support: true } } });
      const shown: { uri: string; selection: Range }[] = [];
      client.conn.onRequest('window/showDocument', (p: { uri: string; selection: Range }) => (shown.push(p), { success: true }));
      const run = (command: string, args: unknown[] = []) => client.request<{ uri: string; range: Range; message: string }>('workspace/executeCommand', { command, arguments: args });
      const r = await run('daybook.newEntry', [{ topics: 'storage, wal, notes' }]);
      assert.equal(r.uri, pathToFileURL(nov).href, 'the newest file of the journal');
      assert.equal(fs.readFileSync(nov, 'utf8'), `${before}${before.endsWith('\n\n') ? '' : '\n'}9:30 2025-11-20\nstorage, wal, notes\n\n`);
      assert.equal(r.range.start.line, fs.readFileSync(nov, 'utf8').split('\n').length - 2, 'the cursor on the body line');
      assert.deepEqual(shown.at(-1)!.selection, r.range);
      // The commands are offered as code actions (how Neovim and Emacs users reach them), as fits the day.
      const sepUri = client.open(path.join(dir, '2025-09.txt'));
      const offered = async () => (await client.request<{ title: string; command?: { command: string } }[]>('textDocument/codeAction', { textDocument: { uri: sepUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } })).flatMap((a) => (a.command ? [a.command.command] : []));
      assert.deepEqual(await offered(), ['daybook.newEntry', 'daybook.startSession']);
      await run('daybook.startSession');
      assert.deepEqual(await offered(), ['daybook.newEntry', 'daybook.openToday', 'daybook.stopSession']);
      assert.match(fs.readFileSync(nov, 'utf8'), /\n9:30 2025-11-20\nGTD\n0, 9:30\n\n1, today\n$/);
      await run('daybook.startTask', [{ text: 'review the WAL patch', ref: '10:20 2025-10-06' }]);
      assert.match(fs.readFileSync(nov, 'utf8'), /\n1, today\n1\), 9:30- review the WAL patch\. see"10:20 2025-10-06"\.?\n$/);
      await run('daybook.stopTask');
      await run('daybook.stopSession');
      const end = fs.readFileSync(nov, 'utf8');
      assert.match(end, /\n0, 9:30-9:30\n\n1, today\n1\), 9:30-9:30 review the WAL patch/);
      const today = await run('daybook.openToday');
      assert.equal(today.range.start.line, end.split('\n').lastIndexOf('GTD') - 1);
      // Bad input: said, nothing written.
      const snapshot = fs.readFileSync(nov);
      await assert.rejects(run('daybook.stopSession'), /no session is open today/);
      await assert.rejects(run('daybook.newEntry', [{ topics: 'two\nlines' }]), /"topics" must be one line of text; expected e\.g\. \{ "topics": "storage, wal" \}/);
      await assert.rejects(run('daybook.startTask', [{}]), /no task text/);
      await assert.rejects(run('daybook.startTask', [{ text: 'x', ref: '9:99 2025-10-06' }]), /not a real moment/);
      await assert.rejects(run('daybook.stopTask', [{ number: 'three' }]), /"number" must be the number of a task/);
      await assert.rejects(run('daybook.nothing'), /unknown command "daybook.nothing"; expected one of: daybook.newEntry/);
      assert.ok(fs.readFileSync(nov).equals(snapshot));
      assert.deepEqual(['2025-09.txt', '2025-10.txt'].map((f) => fs.readFileSync(path.join(dir, f))), others, 'the other files untouched');
    } finally {
      await client.stop();
    }
  });

  test('a file the editor has open is changed in the editor (workspace/applyEdit), not on disk', async () => {
    const dir = exampleCopy();
    const nov = path.join(dir, '2025-11.txt');
    const disk = fs.readFileSync(nov);
    const client = new Client(dir, NOW);
    try {
      await client.start({ workspace: { applyEdit: true } });
      const uri = client.open(nov, `${disk.toString('utf8')}typed, not saved\n`);
      const r = await client.request<{ range: Range }>('workspace/executeCommand', { command: 'daybook.newEntry', arguments: [] });
      assert.ok(fs.readFileSync(nov).equals(disk), 'the file on disk is as it was');
      const text = client.texts.get(uri)!;
      assert.ok(text.endsWith('typed, not saved\n\n9:30 2025-11-20\n\n'), JSON.stringify(text.slice(-60)));
      assert.equal(r.range.start.line, text.split('\n').length - 2, 'the cursor on the (empty) title line');
      // The server holds the edited text: the new entry is in its outline.
      const symbols = await client.request<{ detail: string }[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.equal(symbols.at(-1)!.detail, '9:30 2025-11-20');
    } finally {
      await client.stop();
    }
  });
});
