/**
 * The figures of FORMAT.md section 7, read off the real sample in place
 * (../shared/seeds; never copied into the repository).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { readDetail } from '../src/model/entry.js';
import { buildJournal } from '../src/model/journal.js';
import { resolveDetail } from '../src/model/references.js';
import { computeStats } from '../src/model/stats.js';
import { parseBytes } from '../src/syntax/bytes.js';
import { parse, print } from '../src/syntax/parse.js';
import { SAMPLE, sampleText } from './helpers.js';

function load(text: string) {
  const doc = parse(text);
  return { doc, journal: buildJournal([{ path: 'sample.txt', doc }]) };
}

describe('the sample journal (FORMAT.md section 7)', () => {
  test('is UTF-8 with LF line ends, no BOM, starts with an empty line, ends with two newlines, and round-trips', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const bytes = fs.readFileSync(SAMPLE);
    const parsed = parseBytes(bytes);
    parsed.doc.forEachChunk();
    assert.deepEqual(parsed.doc.invalid, []);
    assert.equal(parsed.doc.bom, false);
    assert.ok(!text.includes('\r'));
    assert.ok(text.startsWith('\n') && text.endsWith('\n\n'));
    assert.equal(text.split('\n').filter((l) => / $/.test(l)).length, 81);
    assert.ok(text.split('\n').some((l) => l.length > 800));
    assert.equal(print(parse(text)), text);
  });

  test('has 54 entries from 10:25 2013-02-04 to 17:50 2013-02-28, 13 of them GTD', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const { journal } = load(text);
    const s = computeStats(journal);
    assert.equal(s.entries, 54);
    assert.equal(journal.entries[0]!.moment!.key, '2013-02-04 10:25');
    assert.equal(journal.entries[53]!.moment!.key, '2013-02-28 17:50');
    assert.equal(s.gtdDays, 13);
  });

  test('has 26 quoted moments: 23 resolve, 3 dangle, 5 carry an item path and the 4 that resolve find their item', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const { journal, doc } = load(text);
    const refs = journal.entries.flatMap((e) => resolveDetail(readDetail(e), journal).references).filter((r) => r.kind === 'moment');
    assert.equal(refs.length, 26);
    assert.equal(refs.filter((r) => r.targets.length === 1).length, 23);
    assert.deepEqual(refs.filter((r) => r.targets.length === 0).map((r) => r.moment.key).sort(), ['2013-01-29 10:24', '2013-02-21 13:42', '2013-02-22 15:00']);
    const withPath = refs.filter((r) => r.path.length > 0);
    assert.equal(withPath.length, 5);
    const resolved = withPath.filter((r) => r.targets.length === 1);
    assert.deepEqual(resolved.map((r) => `${r.moment.key}#${r.path.join('.')}`), ['2013-02-06 14:17#2', '2013-02-16 11:07#2', '2013-02-16 11:07#5', '2013-02-27 14:14#6']);
    for (const r of resolved) assert.ok(r.targetItem, `${r.moment.key}#${r.path} finds its item`);
    const first = resolved[0]!.targetItem!;
    assert.equal(first.number, 2);
    assert.equal(first.stamp?.moment.key, '2013-02-07 11:39');
    assert.match(doc.textOf(first.marker), /^2,$/);
  });

  test('has 2 same-entry item references, both resolved', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const { journal } = load(text);
    const refs = journal.entries.flatMap((e) => resolveDetail(readDetail(e), journal).references).filter((r) => r.kind === 'item');
    assert.deepEqual(refs.map((r) => `${r.number})`), ['3)', '2)']);
    for (const r of refs) assert.equal(r.targetItem?.number, r.number);
  });

  test('has 6 TODOs, 13 email clips and 14 stamps, 3 of them revision stamps', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const s = computeStats(load(text).journal);
    assert.deepEqual(s.todos, { open: 6, done: 0 });
    assert.equal(s.mails, 13);
    assert.deepEqual(s.stamps, { total: 14, revision: 3, item: 11 });
  });

  test('has the two threads of section 7, with their parts and parents', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const { journal } = load(text);
    const a = journal.threads.get('virtualization, libvirt, xen, xenlight, libxl, xen4.2 support / final version test')!;
    assert.deepEqual(a.parts.map((p) => p.part), [1, 2, 3, 4]);
    assert.deepEqual(a.parent, { key: 'virtualization, libvirt, xen, xenlight, libxl, xen4.2 support', part: 20 });
    const b = journal.threads.get('virtualization, libvirt, xen, patch, lock / modify for xen4.2')!;
    assert.deepEqual(b.parts.map((p) => p.part), [1, 2, 3]);
    assert.equal(b.opener?.moment?.key, '2013-02-17 15:40');
    assert.deepEqual(b.parent, { key: 'virtualization, libvirt, xen, patch, lock', part: 2 });
    const multi = [...journal.threads.values()].filter((th) => th.parts.length + (th.opener ? 1 : 0) > 1).map((th) => th.key).sort();
    assert.deepEqual(multi, [a.key, b.key].sort());
  });

  test('has two untitled entries: 15:43 2013-02-19 (a shell line) and 16:17 2013-02-26 (a URL)', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const { journal } = load(text);
    assert.deepEqual(journal.entries.filter((e) => e.untitled).map((e) => e.moment!.key), ['2013-02-19 15:43', '2013-02-26 16:17']);
  });

  test('has no errors, only warnings and information', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const diagnostics = load(text).journal.diagnostics;
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    const codes = new Set(diagnostics.map((d) => d.code));
    for (const code of ['ref-dangling', 'outline-number-jump', 'time-span-no-start', 'time-span-open', 'task-duration-mismatch', 'mail-date-year']) assert.ok(codes.has(code as never), `reports ${code}`);
  });
});
