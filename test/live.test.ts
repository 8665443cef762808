/**
 * The live journal (the language server's model): after every edit, what it
 * kept up to date by re-reading only the touched entries must equal what a
 * build from scratch of the new text finds: chunks, entries, findings,
 * moments, referrers, threads, topics, and positions. Random edits of the
 * example journal and of the sample (read in place).
 */
import { initials } from '../src/model/labels.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic } from '../src/model/diagnostic.js';
import { readDetail } from '../src/model/entry.js';
import { formatMoment } from '../src/model/moment.js';
import { buildJournal, type Journal } from '../src/model/journal.js';
import { Journal as LiveJournal } from '../src/model/journal.js';
import type { TopicCount } from '../src/model/topic-tree.js';
import type { Entry } from '../src/model/types.js';
import { viewThread } from '../src/query/thread.js';
import { topicTree, type TopicNode } from '../src/query/topics.js';
import { parseBytes } from '../src/syntax/bytes.js';
import { parse } from '../src/syntax/parse.js';
import { DiskJournal } from '../src/journal/disk.js';
import { EXAMPLE, SAMPLE, tempDir } from './helpers.js';

const PIECES = ['\n', '\n\n', '\r\n', '\r', ' ', 'x', '10:25 2025-09-04', '9:07 2025-9-22\n', '\n14:02 2025-10-03\n', '25:61 2025-02-30', '(16:56 2025-09-22)', '1, ', '2), ', '(1), ', '\n3, ', 'cont', 'cont3', ', ', '; ', 'see"', '"9:14 2025-9-2"', '"9:14 2025-9-2"2', '"10:05 2025-10-1"1.1', '"3)"', '\\TODO: ', '\\DONE', 'GTD', '0, 9:00-', '"Ann <a@example.org>"_email_"Re: x"_20250901_1747', '模型', '中文', '😀', "30'", '2h'];

const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.nat({ max: 60 }), insert: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }) });

interface Files {
  names: string[];
  texts: string[];
}

function exampleFiles(): Files {
  const names = fs.readdirSync(EXAMPLE).sort();
  return { names, texts: names.map((n) => fs.readFileSync(path.join(EXAMPLE, n), 'utf8')) };
}

const entryFacts = (e: Entry) => [e.from, e.to, e.headerTo, e.titleFrom, e.titleTo, e.moment?.code, e.isGtd, e.untitled, e.itemPaths, e.openerHash, e.thread && [e.thread.key, e.thread.part, e.thread.partFrom, e.thread.partTo, e.thread.subtitle]];
const findingFacts = (ds: Diagnostic[]) => ds.map((d) => `${d.from}-${d.to} ${d.code}: ${d.message}`).sort();
const tree = (nodes: (TopicNode | TopicCount)[]): unknown => nodes.map((n) => [n.topic, n.entries, n.last, tree(n.children)]);

/** The live journal agrees with a journal built from scratch of the same texts. */
function assertSame(live: LiveJournal, files: Files): void {
  // A journal read by its heads reads its entries whole when first asked a question that needs them.
  live.readWhole();
  const fresh: Journal = buildJournal(files.names.map((n, i) => ({ path: n, doc: parse(files.texts[i]!) })), { check: true });
  files.names.forEach((name, i) => {
    const text = files.texts[i]!;
    const doc = live.file(name)!.doc;
    assert.equal(doc.length, text.length);
    assert.equal(doc.slice(0, doc.length), text, `${name}: the text`);
    const want = fresh.files[i]!.doc;
    assert.deepEqual(doc.chunks.map((c) => [c.base + c.from, c.base + c.to, c.line, c.preamble]), want.chunks.map((c) => [c.base + c.from, c.base + c.to, c.line, c.preamble]), `${name}: the chunks`);
    assert.deepEqual(live.file(name)!.entries.map(entryFacts), fresh.files[i]!.entries.map(entryFacts), `${name}: the entries`);
    for (const e of live.file(name)!.entries) assert.equal(e.line, doc.position(e.from).line + 1, `${name}: the line of the entry at ${e.from}`);
    assert.deepEqual(findingFacts(live.fileDiagnostics(name)), findingFacts(fresh.diagnostics.filter((d) => d.file === name)), `${name}: the findings`);
    // Positions, both ways, at a few offsets.
    // Not inside a CRLF nor before a byte order mark: an editor has no position there (columns are counted after the mark).
    const bom = text.startsWith('\uFEFF') ? 1 : 0;
    for (const offset of [bom, text.length >> 2, text.length >> 1, text.length - 1, text.length].filter((o) => o >= bom && !(text[o - 1] === '\r' && text[o] === '\n'))) {
      const p = doc.position(offset);
      const before = text.slice(0, offset).replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
      assert.deepEqual(p, { line: before.length - 1, character: before[before.length - 1]!.length }, `${name}: position of ${offset}`);
      assert.equal(doc.offsetAt(p.line, p.character), offset, `${name}: offset of ${p.line}:${p.character}`);
    }
    assert.equal(doc.lineCount, text.split(/\r\n|\r|\n/).length);
  });
  const entryKey = (e: Entry) => `${e.file.path}@${e.from}`;
  assert.deepEqual([...live.byMoment].map(([c, e]) => [c, entryKey(e)]).sort(), [...fresh.byMoment].map(([c, e]) => [c, entryKey(e)]).sort(), 'entries by moment');
  assert.deepEqual([...live.sameMoment.keys()].sort(), [...fresh.sameMoment.keys()].sort(), 'shared moments');
  const referrers = new Map<number, Set<string>>();
  for (const e of fresh.entries) {
    for (const code of referenceCodes(e)) {
      if (!referrers.has(code)) referrers.set(code, new Set());
      referrers.get(code)!.add(entryKey(e));
    }
  }
  for (const [code, want] of referrers) assert.deepEqual(new Set(live.referrers(code).map(entryKey)), want, `referrers of ${code}`);
  for (const [code] of live.byMoment) if (!referrers.has(code)) assert.deepEqual(live.referrers(code), [], `no referrers of ${code}`);
  assert.deepEqual([...live.threads.values()].map((t) => [t.key, t.parts.map((p) => [p.part, entryKey(p.entry)]), t.opener && entryKey(t.opener), t.missing]), [...fresh.threads.values()].map((t) => [t.key, t.parts.map((p) => [p.part, entryKey(p.entry)]), t.opener && entryKey(t.opener), t.missing]), 'threads');
  assert.deepEqual(tree(live.topicTree()), tree(fresh.topicTree()), 'topic tree');
  // And as the shells ask for it (phrases of only digits and punctuation left out).
  assert.deepEqual(tree(topicTree(live)), tree(topicTree(fresh)), 'topic tree of the query layer');
  for (const t of fresh.threads.values()) assert.equal(live.nextPart(t.key), viewThread(fresh, t).next, `the next part of "${t.key}"`);
  assert.deepEqual([...live.threadKeys()].sort(), [...fresh.threads.keys()].sort(), 'the thread keys, without putting the threads together');
  const newest = [...fresh.byMoment.values()].sort((a, b) => b.moment!.code - a.moment!.code);
  assert.deepEqual(live.newest(20, () => true).map(entryKey), newest.slice(0, 20).map(entryKey), 'the newest entries');
  // The labels searched by name, kept through the edits: title, moments and the title's initials.
  const named = (e: Entry, q: string) => (e.title?.text ?? '(untitled)').toLowerCase().includes(q.toLowerCase()) || (e.moment ? formatMoment(e.moment) : '').includes(q) || (e.moment?.key ?? '').includes(q) || (e.title !== undefined && initials(e.title.text.toLowerCase()).includes(q.toLowerCase()));
  const holding = (q: string) => {
    const out: string[] = [];
    live.forEachLabelHolding(q, (e) => out.push(entryKey(e)));
    return out;
  };
  for (const q of ['tidepool', '2025-10', 'x', 'TidePool', '9:', 'topic 3', 'part 2999', 'tp']) assert.deepEqual(holding(q), fresh.entries.filter((e) => named(e, q)).map(entryKey), `entries named like "${q}"`);
  assert.deepEqual(live.newest(5, (m) => m.day % 2 === 0).map(entryKey), newest.filter((e) => e.moment!.day % 2 === 0).slice(0, 5).map(entryKey), 'the newest entries of even days');
}

/** The codes of the moments an entry refers to, from a full reading of it. */
function referenceCodes(e: Entry): number[] {
  return readDetail(e).references.flatMap((r) => (r.kind === 'moment' && r.moment.valid ? [r.moment.code] : []));
}

/** Applies random edits to one file, one at a time, checking the live journal after each. */
function run(files: Files, which: number, edits: { at: number; len: number; insert: string[] }[], checkEvery = 1): void {
  // Half the runs start from entries read whole, half from their heads (read whole at the first check). A third
  // start from the files' bytes (as a file on disk, or a large document an editor opens): read by their heads, the
  // entries' offsets are counted without decoding them, and only their heads are decoded.
  const doc = (text: string) => (edits.length % 3 === 0 ? parseBytes(Buffer.from(text, 'utf8')).doc : parse(text));
  const live = new LiveJournal(files.names.map((n, i) => ({ path: n, doc: doc(files.texts[i]!) })), { whole: edits.length % 2 === 0 });
  const texts = [...files.texts];
  const current: Files = { names: files.names, texts };
  edits.forEach((e, k) => {
    const text = texts[which]!;
    const from = Math.floor(e.at * text.length);
    const to = Math.min(text.length, from + e.len);
    const insert = e.insert.join('');
    texts[which] = text.slice(0, from) + insert + text.slice(to);
    if (!live.edit(files.names[which]!, from, to, insert)) live.set({ path: files.names[which]!, doc: parse(texts[which]!) });
    if (k % checkEvery === checkEvery - 1 || k === edits.length - 1) assertSame(live, current);
  });
}

describe('live journal', () => {
  test('starts equal to a journal built from scratch (the example journal)', () => {
    const files = exampleFiles();
    assertSame(new LiveJournal(files.names.map((n, i) => ({ path: n, doc: parse(files.texts[i]!) }))), files);
  });

  test('read from bytes by the entries\' heads alone (offsets counted, not decoded): equal too, with four-byte characters, Chinese, CRLF and a byte order mark', () => {
    const files = exampleFiles();
    const odd = '\uFEFF9:00 2025-12-01\nwork, 😀 emoji, 模型\n1, 😀😀 x\n\n9:30 2025-12-01\n(9:40 2025-12-01)\n(not a stamp\nsee"9:00 2025-12-01"\n\n10:00 2025-12-01\n';
    for (const extra of [odd, odd.replace(/\n/g, '\r\n'), odd.slice(1)]) {
      const all: Files = { names: [...files.names, 'odd.txt'], texts: [...files.texts, extra] };
      const live = new LiveJournal(all.names.map((n, i) => ({ path: n, doc: parseBytes(Buffer.from(all.texts[i]!, 'utf8')).doc })));
      // The heads alone first: the entries, before anything is read whole.
      const fresh = buildJournal(all.names.map((n, i) => ({ path: n, doc: parse(all.texts[i]!) })), {});
      assert.deepEqual(live.entries.map(entryFacts), fresh.entries.map(entryFacts));
      assertSame(live, all);
    }
  });

  test('stays equal to a build from scratch through 600 runs of random edits of the example journal', () => {
    const files = exampleFiles();
    fc.assert(fc.property(fc.nat({ max: files.names.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (which, edits) => run(files, which, edits)), { numRuns: 600 });
  });

  test('stays equal through edits of the sample journal, read in place', (t) => {
    if (!fs.existsSync(SAMPLE)) return t.skip('no ../shared/seeds: the sample journal is not beside this checkout');
    const files: Files = { names: ['sample.txt'], texts: [fs.readFileSync(SAMPLE, 'utf8')] };
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => run(files, 0, edits, 3)), { numRuns: 12 });
  });

  test('a file of 3,000 entries (labels searched in several blocks) through random edits', () => {
    const days = Array.from({ length: 3000 }, (_, i) => {
      const day = new Date(Date.UTC(2020, 0, 1 + Math.floor(i / 4)));
      const date = `${day.getUTCFullYear()}-${day.getUTCMonth() + 1}-${day.getUTCDate()}`;
      return `${8 + (i % 4) * 3}:${String(i % 60).padStart(2, '0')} ${date}\nwork, topic ${i % 37}, part ${i}\n1, see"8:00 2020-1-1".\n`;
    });
    const files: Files = { names: ['many.txt'], texts: [days.join('\n')] };
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => run(files, 0, edits, 2)), { numRuns: 5 });
  });

  test('prepared in steps between edits and questions (the topic tree, the sorted moments, the labels): equal to a build from scratch', () => {
    const days = Array.from({ length: 10000 }, (_, i) => {
      const day = new Date(Date.UTC(2020, 0, 1 + Math.floor(i / 4)));
      return `${8 + (i % 4) * 3}:${String(i % 60).padStart(2, '0')} ${day.getUTCFullYear()}-${day.getUTCMonth() + 1}-${day.getUTCDate()}\nwork, topic ${i % 37}, part ${i}\n1, x\n`;
    });
    const text = days.join('\n');
    const plan = fc.array(fc.record({ steps: fc.nat({ max: 6 }), edit, ask: fc.boolean() }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(plan, (actions) => {
        const texts = [text];
        const live = new LiveJournal([{ path: 'many.txt', doc: parse(text) }]);
        let steps = live.prepareSteps();
        for (const a of actions) {
          for (let i = 0; i < a.steps; i++) if (steps.next().done) steps = live.prepareSteps();
          const from = Math.floor(a.edit.at * texts[0]!.length);
          const to = Math.min(texts[0]!.length, from + a.edit.len);
          const insert = a.edit.insert.join('');
          texts[0] = texts[0]!.slice(0, from) + insert + texts[0]!.slice(to);
          if (!live.edit('many.txt', from, to, insert)) live.set({ path: 'many.txt', doc: parse(texts[0]) });
          // A question that needs the topic tree before its steps are done builds it at once.
          if (a.ask) live.topicTree();
        }
        while (!steps.next().done);
        assertSame(live, { names: ['many.txt'], texts });
      }),
      { numRuns: 8 },
    );
  });

  test('a paste of more than a thousand entries, and its cut', () => {
    const files = exampleFiles();
    const live = new LiveJournal(files.names.map((n, i) => ({ path: n, doc: parse(files.texts[i]!) })));
    const texts = [...files.texts];
    const paste = `\n${texts[1]!.trim()}\n`.repeat(100);
    const at = texts[0]!.indexOf('\n\n', texts[0]!.length >> 1) + 1;
    texts[0] = texts[0]!.slice(0, at) + paste + texts[0]!.slice(at);
    assert.ok(live.edit(files.names[0]!, at, at, paste));
    assert.ok(live.file(files.names[0]!)!.entries.length > 1000);
    assertSame(live, { names: files.names, texts });
    texts[0] = texts[0]!.slice(0, at) + texts[0]!.slice(at + paste.length);
    assert.ok(live.edit(files.names[0]!, at, at + paste.length, ''));
    assertSame(live, { names: files.names, texts });
  });

  test('edits at the edges: the start, the end, a whole file deleted, a file typed from nothing, CRLF', () => {
    const names = ['a.txt'];
    const cases: [string, [number, number, string][]][] = [
      ['', [[0, 0, '10:25 2025-09-04\nwork, x\n'], [24, 24, '\n9:00 2025-09-05\nsee"10:25 2025-9-4"\n']]],
      ['10:25 2025-09-04\nwork\n\n11:00 2025-09-04\nplay\n', [[0, 1, ''], [0, 0, '1'], [0, 100, ''], [0, 0, '\n\n']]],
      ['10:25 2025-09-04\r\nwork\r\n\r\n11:00 2025-09-04\r\nplay\r\n', [[18, 18, '\r'], [19, 19, '\n'], [24, 26, ''], [5, 5, '\r\n']]],
      ['\uFEFF10:25 2025-09-04\nwork\n', [[1, 1, 'x'], [0, 1, ''], [0, 0, '\uFEFF']]],
    ];
    for (const [start, steps] of cases) {
      const texts = [start];
      const live = new LiveJournal([{ path: 'a.txt', doc: parse(start) }]);
      for (const [from, to0, insert] of steps) {
        const to = Math.min(to0, texts[0]!.length);
        texts[0] = texts[0]!.slice(0, from) + insert + texts[0]!.slice(to);
        if (!live.edit('a.txt', from, to, insert)) live.set({ path: 'a.txt', doc: parse(texts[0]!) });
        assertSame(live, { names, texts });
      }
    }
  });

  test('a journal kept in step with its file on disk: an append is read from the old end, a change re-reads what changed', () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.txt');
    const start = fs.readFileSync(path.join(EXAMPLE, '2025-10.txt'), 'utf8');
    fs.writeFileSync(file, start);
    const disk = new DiskJournal([{ path: file, name: 'j.txt' }], { whole: true });
    const same = (text: string) => assertSame(disk.journal, { names: ['j.txt'], texts: [text] });
    same(start);
    assert.deepEqual([...disk.refresh()], [], 'nothing changed: nothing read');
    // An append, as an editor or daybook new makes it.
    let text = `${start}\n9:00 2025-10-31\nops, appended, cont1\n1, see"10:20 2025-10-06"1. 追加.\n`;
    fs.appendFileSync(file, text.slice(start.length));
    assert.deepEqual([...disk.refresh()], [['j.txt', 'appended']]);
    same(text);
    // A change in the middle: the entries around it are read again.
    const at = text.indexOf('\n', text.length >> 1);
    text = `${text.slice(0, at)} (edited)${text.slice(at)}`;
    fs.writeFileSync(file, text);
    assert.deepEqual([...disk.refresh()], [['j.txt', 'changed']]);
    same(text);
    // A file replaced by another (a save by rename) that is longer: not taken for an append.
    text = `9:00 2025-01-01\nanother file\n1, x\n${'\n'.repeat(text.length)}`;
    fs.writeFileSync(`${file}.new`, text);
    fs.renameSync(`${file}.new`, file);
    assert.notEqual(disk.refresh().get('j.txt'), 'appended');
    same(text);
    // Bytes that are not UTF-8: read whole, reported, not writable.
    fs.writeFileSync(file, Buffer.concat([Buffer.from('9:00 2025-01-01\nbad\n1, '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    assert.deepEqual([...disk.refresh()], [['j.txt', 'whole']]);
    assert.equal(disk.journal.file('j.txt')!.writable, false);
    assert.ok(disk.journal.diagnostics.some((d) => d.code === 'encoding-invalid'));
    // Gone.
    fs.rmSync(file);
    assert.deepEqual([...disk.refresh()], [['j.txt', 'gone']]);
    assert.equal(disk.journal.files.length, 0);
  });
});
