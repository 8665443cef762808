/**
 * The journal model, on the bundled example journal (figures counted by
 * hand) and on small journals written for each rule.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readJournal } from '../src/journal/read.js';
import { readDetail } from '../src/model/entry.js';
import { buildJournal, type Journal } from '../src/model/journal.js';
import { resolveDetail } from '../src/model/references.js';
import type { Entry } from '../src/model/types.js';
import { readMoment } from '../src/model/moment.js';
import { computeStats } from '../src/model/stats.js';
import { spanMinutes } from '../src/model/gtd.js';
import { parse } from '../src/syntax/parse.js';
import { EXAMPLE, ROOT } from './helpers.js';

function journalOf(...texts: string[]) {
  return buildJournal(texts.map((text, i) => ({ path: `f${i}.txt`, doc: parse(text) })));
}
const codes = (j: Journal) => j.diagnostics.map((d) => d.code);
/** What an entry holds, with its references resolved. */
const detail = (j: Journal, entry: Entry) => resolveDetail(readDetail(entry), j);
const at = (j: Journal, key: string) => detail(j, j.entries.find((e) => e.moment?.key === key)!);

describe('the example journal', () => {
  const journal = readJournal([EXAMPLE], ROOT);

  test('has the counts written down when it was written', () => {
    assert.deepEqual(computeStats(journal), {
      files: 3,
      entries: 33,
      first: '2025-09-01 09:05',
      last: '2025-11-05 11:30',
      gtdDays: 9,
      references: { total: 28, resolved: 27, dangling: 1, ambiguous: 0, withItemPath: 12 },
      itemReferences: { total: 1, resolved: 1 },
      todos: { open: 6, done: 3 },
      mails: 6,
      stamps: { total: 5, revision: 2, item: 3 },
      threads: { total: 3, multiPart: 3 },
      untitled: 2,
    });
  });

  test('has no errors, and warns about each irregularity it holds on purpose', () => {
    const found = journal.diagnostics;
    assert.deepEqual(found.filter((d) => d.severity === 'error'), []);
    const seen = new Set(found.map((d) => d.code));
    for (const code of ['ref-dangling', 'time-span-no-start', 'task-duration-mismatch', 'time-span-open', 'mail-date-year', 'entry-untitled', 'outline-number-jump', 'outline-level-skip', 'thread-gap']) {
      assert.ok(seen.has(code as never), `reports ${code}`);
    }
  });

  test('resolves references across its files, down to items of items', () => {
    const nov = journal.files.find((f) => f.path.endsWith('2025-11.txt'))!;
    const runbook = detail(journal, nov.entries.at(-1)!).references[0]!;
    assert.equal(runbook.kind, 'moment');
    if (runbook.kind !== 'moment') return;
    assert.deepEqual(runbook.path, [1, 1]);
    assert.equal(runbook.targetItem?.text, '9:35-12:25 runbook for the O_DIRECT WAL. see"10:20 2025-10-06"3.');
    const oct = journal.files.find((f) => f.path.endsWith('2025-10.txt'))!;
    const cross = oct.entries.flatMap((e) => detail(journal, e).references).find((r) => r.kind === 'moment' && r.path.join('.') === '2.1')!;
    assert.equal(cross.kind === 'moment' && cross.targets[0]!.file.path.endsWith('2025-09.txt'), true);
    assert.equal(cross.kind === 'moment' && cross.targetItem?.text, 'the buffer is not aligned to 4096; O_DIRECT wants aligned buffers.');
  });

  test('knows the O_DIRECT sub-thread: its opener in September and three parts after it', () => {
    const t = journal.threads.get('storage, tidepool, wal, fsync latency / O_DIRECT patch')!;
    assert.equal(t.opener?.moment?.key, '2025-09-03 15:02');
    assert.deepEqual(t.parts.map((p) => [p.part, p.entry.moment!.key, p.entry.thread!.subtitle]), [
      [1, '2025-10-06 10:20', undefined],
      [2, '2025-10-13 10:10', 'canary'],
      [3, '2025-11-05 11:30', '100 percent'],
    ]);
    assert.deepEqual(t.parent, { key: 'storage, tidepool, wal, fsync latency', part: 3 });
    assert.deepEqual(journal.threads.get('storage, tidepool, wal, fsync latency')!.missing, [[4, 4]]);
  });

  test('reads a GTD day: sessions across midnight, spans, durations in minutes, time off and a two-line summary', () => {
    const night = at(journal, '2025-09-06 00:45').gtd!;
    assert.equal(night.date, '2025-09-06');
    assert.deepEqual(night.sessions.map((s) => [s.state, spanMinutes(s)]), [['closed', 105]]);
    const day = at(journal, '2025-09-04 11:20').gtd!;
    assert.deepEqual(day.sessions.map((s) => spanMinutes(s)), [160, 340]);
    const report = day.tasks[1]!;
    assert.deepEqual(report.spans.map((s) => spanMinutes(s)), [265]);
    assert.deepEqual(report.timeOff.map((d) => [d.label, d.minutes]), [['nap', 30]]);
    assert.deepEqual(day.tasks[2]!.durations.map((d) => d.minutes), [45]);
    assert.equal(day.tasks[2]!.text, "read 王磊's compaction notes. see\"16:40 2025-09-04\".");
    const twoLines = at(journal, '2025-09-03 09:12').gtd!;
    assert.equal(twoLines.summary?.text, '上午写总结, 下午评审和试 patch.\n下午的 session 没记开始时间, 今天大概差一个小时.');
    assert.deepEqual(twoLines.sessions.map((s) => s.state), ['closed', 'no-start']);
    assert.deepEqual(twoLines.tasks.map((t) => t.spans.map((s) => [s.start, s.end])), [[[555, 710]], [[780, 825]], [[870, undefined]]]);
  });

  test('reads mail clips: sender, address, subject and date, quoted or bare', () => {
    const mails = journal.entries.flatMap((e) => detail(journal, e).mails);
    assert.deepEqual(
      mails.map((m) => [m.sender, m.address ?? null, m.subject, m.date ? `${m.date.year}${m.date.month}` : null]),
      [
        ['Marta Kowalski', 'marta@example.org', '[storage] Priya joins the storage team', '20258'],
        ['Priya Raman', 'priya@example.org', 'Re: [storage] Priya joins the storage team', '20258'],
        ['Jun Tanaka', null, 'CFP: storage track at the autumn meetup', '20259'],
        ['HR Team', 'hr@example.org', 'Reminder: book your autumn leave', '20249'],
        ['Tomás Ibarra', 'tomas@example.org', 'staging maintenance on Wednesday', '202510'],
        ['Lin Wei', 'lin@example.org', 'Re: staging maintenance on Wednesday', '202510'],
      ],
    );
  });

  test('reads topics, Chinese topics, ; qualifiers, and drops a title\'s trailing period and space', () => {
    const byKey = (k: string) => at(journal, k);
    assert.deepEqual(byKey('2025-09-04 16:40').topics.map((t) => t.name), ['存储', '压缩', '笔记']);
    assert.deepEqual(byKey('2025-09-04 16:40').qualifiers.map((t) => t.name), ['王磊']);
    assert.deepEqual(byKey('2025-09-08 10:30').topics.map((t) => t.name), ['work', 'mail', 'leave policy']);
    assert.deepEqual(byKey('2025-09-08 11:05').topics.map((t) => t.name), ['work', 'meetup', 'talk draft']);
  });
});

describe('rules, on small journals', () => {
  test('an impossible moment in a header, a stamp or a reference is an error', () => {
    const j = journalOf('25:61 2013-02-30\nx\n\n10:00 2013-02-01\n(10:00 2013-13-01)\ny\nsee"24:00 2013-02-01"\n');
    assert.deepEqual(codes(j).filter((c) => c === 'moment-invalid').length, 3);
    assert.equal(readMoment('9:07 2013-2-29')!.valid, false);
    assert.equal(readMoment('9:07 2012-2-29')!.valid, true);
  });

  test('two entries with the same moment are reported and a reference to them is ambiguous, never merged', () => {
    const j = journalOf('10:00 2013-02-01\na\n\n10:00 2013-02-01\nb\n\n11:00 2013-02-01\nc\nsee"10:00 2013-2-1"\n');
    assert.equal(j.entries.length, 3);
    assert.deepEqual(codes(j), ['entry-duplicate-moment', 'ref-ambiguous']);
  });

  test('an entry earlier than the one before it is reported and kept where it is', () => {
    const j = journalOf('10:00 2013-02-02\na\n\n9:00 2013-02-01\nb\n');
    assert.deepEqual(codes(j), ['entry-out-of-order']);
    assert.deepEqual(j.entries.map((e) => e.moment!.key), ['2013-02-02 10:00', '2013-02-01 09:00']);
  });

  test('references resolve across files; an item path that does not exist is reported', () => {
    const j = journalOf('10:00 2013-02-01\na\n1, one\n2, two\n', '\n11:00 2013-02-02\nb\n1, see"10:00 2013-02-01"2, "10:00 2013-02-01"3.\n');
    const refs = detail(j, j.entries[1]!).references;
    assert.equal(refs[0]!.kind === 'moment' && refs[0]!.targetItem?.text, 'two');
    assert.equal(refs[1]!.kind === 'moment' && refs[1]!.via, 'see');
    assert.deepEqual(codes(j), ['ref-item-missing']);
  });

  test('a same-entry reference finds the nearest sibling, and reports a missing one', () => {
    const j = journalOf('10:00 2013-02-01\na\n1, x\n1), one\n2), as in "1)"\n3), as in "7)"\n');
    const [ok, missing] = detail(j, j.entries[0]!).references;
    assert.equal(ok!.kind === 'item' && ok!.targetItem?.text, 'one');
    assert.equal(missing!.kind === 'item' && missing!.targetItem, undefined);
    assert.deepEqual(codes(j), ['ref-item-missing']);
  });

  test('a TODO is the rest of its line, or the whole line when the marker ends it; \\DONE closes one', () => {
    const j = journalOf('10:00 2013-02-01\na\n1, \\TODO: ask Jim\n2, can this be faster? \\TODO\n\\DONE fixed the build\n');
    assert.deepEqual(detail(j, j.entries[0]!).todos.map((t) => [t.state, t.text]), [['open', 'ask Jim'], ['open', 'can this be faster?'], ['done', 'fixed the build']]);
  });

  test('a mail clip runs to the next item of the same or a higher level', () => {
    const text = '10:00 2013-02-01\na\n1, "A"_email_"S"\nbody\n1), not a marker of the mail?\n2, next\n';
    const j = journalOf(text);
    const clip = detail(j, j.entries[0]!).mails[0]!;
    assert.equal(text.slice(clip.from, clip.to), '"A"_email_"S"\nbody\n1), not a marker of the mail?\n');
  });

  test('a mail dated after its entry is a warning', () => {
    assert.deepEqual(codes(journalOf('10:00 2013-02-01\na\n"A"_email_"S"_20130305_1000\n')), ['mail-date-after-entry']);
  });

  test('nested threads: a, b, cont20, c, cont1 is part 1 of "a, b / c", inside part 20 of "a, b"', () => {
    const j = journalOf('10:00 2013-02-01\na, b, cont20, c\n\n11:00 2013-02-01\na, b, cont20, c, cont1, first look\n\n12:00 2013-02-01\na, b, cont20, c, cont3\n');
    const t = j.threads.get('a, b / c')!;
    assert.deepEqual(t.parts.map((p) => p.part), [1, 3]);
    assert.deepEqual(t.missing, [[2, 2]]);
    assert.equal(t.opener?.moment?.key, '2013-02-01 10:00');
    assert.equal(j.entries[1]!.thread!.subtitle, 'first look');
    assert.deepEqual(j.entries[1]!.thread!.parents, [{ key: 'a, b', part: 20 }]);
    assert.deepEqual(detail(j, j.entries[1]!).topics.map((x) => x.name), ['a', 'b', 'c', 'first look']);
  });

  test('GTD tasks: spans win over a contradicting duration, and the mismatch is reported', () => {
    const j = journalOf('13:00 2013-02-26\nGTD\n0, 10:40-18:45\n\n1, today\n1), 11:00-11:38 1h debug.\n2), 2h 30\' write.\n');
    const day = detail(j, j.entries[0]!).gtd!;
    assert.deepEqual(day.tasks.map((t) => [t.spans.map((s) => spanMinutes(s)), t.durations.map((d) => d.minutes), t.text]), [[[38], [60], 'debug.'], [[], [120, 30], 'write.']]);
    assert.deepEqual(codes(j), ['task-duration-mismatch']);
  });

  test('an empty file has no entries and says how an entry starts', () => {
    const j = journalOf('');
    assert.equal(j.entries.length, 0);
    assert.match(j.diagnostics[0]!.message, /10:25 2013-02-04/);
  });
});
