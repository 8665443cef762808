/**
 * One thread resolver: for every thread of the sample and the example
 * journal, and by every name that identifies it, `thread NAME` and
 * `new --continue NAME` agree on the next part; a name that fits several
 * threads is refused with the candidates; `search --thread` takes the same
 * names and finds openers and sub-threads.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { InputError, NotFoundError } from '../src/errors.js';
import { readJournal } from '../src/journal/read.js';
import { buildJournal, type Journal } from '../src/model/journal.js';
import { THREAD_SEPARATOR } from '../src/model/title.js';
import { continueTitle, findThread, resolveThreadName, viewThread } from '../src/query/thread.js';
import { parse } from '../src/syntax/parse.js';
import { daybook, EXAMPLE, ROOT, SAMPLE, sampleText, tempDir } from './helpers.js';

/** Every name made of a key's last phrases: `c`, `b / c`, `a, b / c` of `a, b / c` (whole phrases only). */
function namesOf(key: string): string[] {
  const names = new Set<string>([key]);
  for (let at = 0; at < key.length; at++) {
    if (key.startsWith(', ', at)) names.add(key.slice(at + 2));
    if (key.startsWith(THREAD_SEPARATOR, at)) names.add(key.slice(at + THREAD_SEPARATOR.length));
  }
  return [...names];
}

/** The thread and part a title line continues, as the model reads it. */
function readTitle(title: string): { key: string; part: number } {
  const entry = buildJournal([{ path: 't.txt', doc: parse(`10:00 2099-01-01\n${title}\n1, x\n`) }]).entries[0]!;
  assert.ok(entry.thread, `"${title}" continues a thread`);
  return { key: entry.thread.key, part: entry.thread.part };
}

/** Checks every thread of a journal by every name. Returns how many names were checked and how many were refused as ambiguous. */
function checkAll(journal: Journal): { names: number; ambiguous: number } {
  let names = 0;
  let ambiguous = 0;
  assert.ok(journal.threads.size > 0, 'the journal has threads');
  for (const thread of journal.threads.values()) {
    const view = viewThread(journal, thread);
    assert.equal(view.next, journal.nextPart(thread.key), `the next part of "${thread.key}"`);
    for (const name of namesOf(thread.key)) {
      names++;
      const fits = [...journal.threads.keys()].filter((k) => k.toLowerCase() === name.toLowerCase() || k.toLowerCase().endsWith(`, ${name.toLowerCase()}`) || k.toLowerCase().endsWith(`${THREAD_SEPARATOR}${name.toLowerCase()}`));
      const exact = fits.filter((k) => k.toLowerCase() === name.toLowerCase());
      if (fits.length === 1 || exact.length === 1) {
        const found = findThread(journal, name);
        assert.equal(found.key, exact[0] ?? fits[0], `"${name}" names "${fits[0]}"`);
        if (found.key !== thread.key) continue;
        const written = readTitle(continueTitle(journal, found));
        assert.deepEqual(written, { key: thread.key, part: view.next }, `new --continue "${name}" writes the part thread shows`);
        // And in upper case, with the spaces around the separators changed.
        assert.equal(findThread(journal, name.toUpperCase().replace(/, /g, ' ,').replace(/ \/ /g, '/')).key, found.key);
      } else {
        ambiguous++;
        assert.throws(
          () => findThread(journal, name),
          (err: unknown) => err instanceof InputError && err.exitCode === 2 && fits.every((k) => err.message.includes(`"${k}"`) || /and \d+ more/.test(err.message)),
          `"${name}" fits ${fits.length} threads: refused with the candidates`,
        );
      }
    }
  }
  return { names, ambiguous };
}

describe('one thread resolver', () => {
  test('every thread of the example journal, by every name', () => {
    const r = checkAll(readJournal([EXAMPLE], ROOT));
    assert.ok(r.names > 10);
  });

  test('every thread of the sample journal, by every name', (t) => {
    if (sampleText(t) === undefined) return;
    const r = checkAll(readJournal([SAMPLE], ROOT));
    assert.ok(r.names > 30);
  });

  test('the resolver: whole keys, last phrases, refusals', () => {
    const keys = ['a, b', 'a, b / c', 'x, c', 'x, libvirt, y', 'q, libvirt, z'];
    assert.equal(resolveThreadName(keys, 'a, b'), 'a, b');
    assert.equal(resolveThreadName(keys, 'A,B'), 'a, b');
    assert.equal(resolveThreadName(keys, 'b / c'), 'a, b / c');
    assert.equal(resolveThreadName(keys, 'b'), 'a, b');
    assert.throws(() => resolveThreadName(keys, 'c'), (e: unknown) => e instanceof InputError && /2 threads are named "c": "a, b \/ c", "x, c"/.test(e.message));
    assert.throws(() => resolveThreadName(keys, 'libvirt'), (e: unknown) => e instanceof NotFoundError && /2 threads hold it: "q, libvirt, z", "x, libvirt, y"/.test(e.message));
    assert.throws(() => resolveThreadName(keys, 'nothing'), (e: unknown) => e instanceof NotFoundError && /no thread is named "nothing"/.test(e.message));
    assert.throws(() => resolveThreadName(keys, '  '), InputError);
  });

  test('the sample: a thread with only sub-threads is found by its own name, and continued after them', (t) => {
    if (sampleText(t) === undefined) return;
    const dir = tempDir();
    const file = path.join(dir, 'j.txt');
    fs.writeFileSync(file, fs.readFileSync(SAMPLE));
    for (const [i, name] of ['xen4.2 support', 'final version test', 'modify for xen4.2'].entries()) {
      const shown = JSON.parse(daybook(['thread', name, '--journal', file, '--json']).stdout) as { key: string; next: number };
      const r = daybook(['new', '--journal', file, '--continue', name, '-m', '1, next part', '--json'], { env: { DAYBOOK_NOW: `2013-03-0${i + 1} 10:00` } });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(readTitle(JSON.parse(r.stdout).title), { key: shown.key, part: shown.next });
      const after = JSON.parse(daybook(['thread', name, '--journal', file, '--json']).stdout) as { next: number };
      assert.equal(after.next, shown.next + 1, `"${name}" moved on to its next part`);
    }
    const refused = daybook(['new', '--journal', file, '--continue', 'libvirt', '-m', '1, x'], { env: { DAYBOOK_NOW: '2013-03-09 10:00' } });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /no thread is named "libvirt"; 7 threads hold it/);
  });

  test('search --thread takes every name thread takes, with openers and sub-threads', () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.txt');
    fs.writeFileSync(file, ['9:00 2024-05-01', 'ops, cache, eviction', '1, opened the eviction work', '', '9:00 2024-05-02', 'ops, cache, eviction, cont1', '1, first part', '', '9:00 2024-05-03', 'ops, cache, eviction, cont2, lru tuning, cont1', '1, a sub-thread', '', '9:00 2024-05-04', 'ops, other, cont1', '1, not this', ''].join('\n'));
    const index = path.join(dir, 'index.db');
    const hits = (name: string) => (JSON.parse(daybook(['search', '--thread', name, '--journal', file, '--index', index, '--json', '--limit', '0']).stdout) as { hits: { moment: string }[] }).hits.map((h) => h.moment).sort();
    const all = ['2024-05-01T09:00', '2024-05-02T09:00', '2024-05-03T09:00'];
    assert.deepEqual(hits('eviction'), all);
    assert.deepEqual(hits('ops, cache, eviction'), all);
    assert.deepEqual(hits('lru tuning'), ['2024-05-03T09:00']);
    const r = daybook(['search', '--thread', 'cache', '--journal', file, '--index', index]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no thread is named "cache"; 2 threads hold it/);
  });
});
