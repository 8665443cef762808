/**
 * Issue 14: no work grows with a number the user typed, nor with the
 * product of two sizes. Each case checks the answer and a time bound.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../src/cli/main.js';
import { readDetail } from '../src/model/entry.js';
import { buildJournal } from '../src/model/journal.js';
import { MAX_TODO_TEXT } from '../src/model/reader.js';
import { MAX_THREAD_DEPTH, THREAD_SEPARATOR } from '../src/model/title.js';
import { viewThread } from '../src/query/thread.js';
import { parse } from '../src/syntax/index.js';
import { tempDir } from './helpers.js';

/** The time each case may take, in milliseconds (the 5 s per 100 KB; these inputs are up to 300 KB). */
const BOUND_MS = 5000;

const journalOf = (text: string) => buildJournal([{ path: 'f.txt', doc: parse(text) }]);

/** Runs `daybook ARGS --journal FILE` in this process: exit code, output, time. */
async function run(text: string, args: string[], env: Record<string, string> = {}) {
  const dir = tempDir();
  const file = path.join(dir, 'journal.txt');
  fs.writeFileSync(file, text);
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (err += s) }, env: { NO_COLOR: '1', DAYBOOK_PAGER: '', DAYBOOK_NOW: '2013-02-16 11:07', DAYBOOK_INDEX: path.join(dir, '.index'), ...env }, cwd: dir };
  const t0 = performance.now();
  const code = await main([...args, '--journal', file], io);
  return { code, out, err, ms: performance.now() - t0 };
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('bounds (issue 14)', () => {
  test('a huge part number: the missing parts are one run, not a list of a billion', async () => {
    const text = '10:00 2013-02-01\na, b, cont1\n\n11:00 2013-02-01\na, b, cont999999999\n1, x\n(999999), y\n';
    const { value: j, ms } = timed(() => journalOf(text));
    const t = j.threads.get('a, b')!;
    assert.deepEqual(t.missing, [[2, 999999998]]);
    assert.equal(t.next, 1000000000);
    assert.deepEqual(viewThread(j, t).parts.map((p) => [p.part, p.present, p.to]), [[1, true, undefined], [2, false, 999999998], [999999999, true, undefined]]);
    assert.match(j.diagnostics.find((d) => d.code === 'thread-gap')!.message, /no part cont2 to cont999999998 in this journal/);
    const r = await run(text, ['thread', 'a, b']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /cont2 to cont999999998 \(missing: 999999997 parts not in this journal\)/);
    assert.ok(ms + r.ms < BOUND_MS, `${ms + r.ms} ms`);
  });

  test('cont999999999999999999999 and (999999), : check answers at once; a part past 2^53 is a topic', async () => {
    const text = '10:00 2013-02-01\na, b, cont999999999999999999999\n1, x\n(999999), y\n';
    const j = journalOf(text);
    assert.equal(j.entries[0]!.thread, undefined);
    assert.deepEqual(readDetail(j.entries[0]!).topics.map((t) => t.name), ['a', 'b', 'cont999999999999999999999']);
    for (const cmd of ['check', 'stats', 'show', 'topics', 'hours']) {
      const r = await run(text, cmd === 'show' ? [cmd, '"10:00 2013-02-01"1.1'] : [cmd]);
      assert.ok(r.code <= 2 && !/^\s+at /m.test(r.err), `${cmd}: ${r.code} ${r.err}`);
      assert.ok(r.ms < BOUND_MS, `${cmd}: ${r.ms} ms`);
    }
  });

  test('32,000 nested cont1: threads stop nesting at the bound; seconds, not minutes', async () => {
    const text = `10:00 2013-02-01\n${Array<string>(32000).fill('a, cont1').join(', ')}\nbody\n`;
    const { value: j, ms } = timed(() => journalOf(text));
    const key = j.entries[0]!.thread!.key;
    assert.equal(key.split(THREAD_SEPARATOR).length, MAX_THREAD_DEPTH);
    assert.equal(j.entries[0]!.thread!.parents.length, MAX_THREAD_DEPTH - 1);
    for (const cmd of [['check'], ['topics', '--tree', '--json'], ['thread', '"10:00 2013-02-01"', '--json']]) {
      const r = await run(text, cmd);
      assert.equal(r.code, 0, `${cmd.join(' ')}: ${r.err}`);
      assert.ok(r.ms < BOUND_MS, `${cmd.join(' ')}: ${r.ms} ms`);
    }
    assert.ok(ms < BOUND_MS, `${ms} ms`);
  });

  test('a 100 KB line with 20,000 \\TODO markers: each task ends at the next marker, capped; output in proportion', async () => {
    const line = Array.from({ length: 20000 }, (_, i) => `\\TODO t${i} `).join('');
    const text = `10:00 2013-02-01\nx\n1, ${line}\n2, \\TODO ${'long '.repeat(100)}\n3, before the marker \\TODO\n`;
    const todos = readDetail(journalOf(text).entries[0]!).todos;
    assert.equal(todos.length, 20002);
    assert.deepEqual(todos.slice(0, 3).map((t) => t.text), ['t0', 't1', 't2']);
    assert.equal(todos[20000]!.text.length, MAX_TODO_TEXT);
    assert.ok(todos[20000]!.text.endsWith('…'));
    assert.equal(todos[20001]!.text, 'before the marker');
    for (const cmd of [['todo'], ['todo', '--json'], ['report', '--week', '2013-W05'], ['stats']]) {
      const r = await run(text, cmd);
      assert.equal(r.code, 0, `${cmd.join(' ')}: ${r.err}`);
      assert.ok(r.out.length < 20 * text.length, `${cmd.join(' ')}: ${r.out.length} characters`);
      assert.ok(r.ms < BOUND_MS, `${cmd.join(' ')}: ${r.ms} ms`);
    }
  });

  test('8,000 references in one entry: check places them all, file size plus findings', async () => {
    const refs = Array.from({ length: 8000 }, (_, i) => `see"${i % 24}:${10 + (i % 50)} 2012-0${1 + (i % 9)}-1${i % 10}"${i % 800 === 799 ? '\n' : ' '}`);
    const lines = refs.join('');
    const text = `10:00 2013-02-01\nx\n1, 中文 ${lines}\n`;
    const r = await run(text, ['check', '--json']);
    assert.equal(r.code, 0, r.err);
    const found = JSON.parse(r.out) as { diagnostics?: { line: number; column: number; code: string }[] } | { line: number; column: number; code: string }[];
    const list = Array.isArray(found) ? found : found.diagnostics!;
    const dangling = list.filter((d) => d.code === 'ref-dangling');
    assert.equal(dangling.length, 8000);
    // The first reference: line 3, after "1, 中文 " (6 characters) and "see".
    assert.deepEqual([dangling[0]!.line, dangling[0]!.column], [3, 10]);
    assert.ok(r.ms < BOUND_MS, `${r.ms} ms`);
  });

  test('year 9999 and a duration of 999999999h: hours answers at once', async () => {
    const text = '10:00 9999-12-31\nGTD\n0, 9:00-17:00\n\n1, today\n1), 999999999h task\n2), 99999999\' x\n\n10:00 0001-01-01\nx see"10:00 9999-12-31"\n';
    const r = await run(text, ['hours', '--week', '9999-W52', '--json']);
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.includes('"week": "9999-W52"'));
    const c = await run(text, ['check']);
    assert.ok(c.code <= 1, c.err);
    assert.ok(r.ms + c.ms < BOUND_MS, `${r.ms + c.ms} ms`);
  });
});
