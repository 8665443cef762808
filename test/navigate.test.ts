/**
 * Navigation: show, backlinks, thread and todo, as a user runs them, on the
 * sample (read in place) and on the example journal.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { daybook, SAMPLE, sampleText, tempFile } from './helpers.js';

/** A command's --json, by the one convention (version 1, the journal's root); a list answer is returned as the list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes, read as the tests need
const json = (args: string[], env: Record<string, string> = {}): any => {
  const r = daybook([...args, '--json'], { env });
  assert.equal(r.status, 0, r.stderr);
  const { version, root, ...body } = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(version, 1);
  assert.equal(typeof root, 'string');
  const lists = ['backlinks', 'todos', 'done', 'topics', 'tree', 'people'].filter((k) => k in body);
  return lists.length === 1 && Object.keys(body).length === 1 ? body[lists[0]!] : body;
};

describe('on the sample: its item references and threads (FORMAT.md section 7)', () => {
  test('show prints each item an item path names, from its marker on', (t) => {
    if (sampleText(t) === undefined) return;
    for (const [ref, start] of [
      ['"14:17 2013-02-06"2', '2, (11:39 2013-02-07)'],
      ['"11:07 2013-2-16"2', '2, (20:31 2013-02-22)'],
      ['"11:07 2013-2-16"5', '5, (14:16 2013-02-25)'],
      ['"14:14 2013-02-27"6', '6, (13:13 2013-02-28)'],
    ] as const) {
      const shown = json(['show', ref, '--journal', SAMPLE]);
      assert.ok(shown.text.startsWith(start), `${ref} starts with ${start}`);
      assert.equal(shown.item, ref.slice(ref.lastIndexOf('"') + 1));
      assert.equal(fs.readFileSync(SAMPLE, 'utf8').split('\n')[shown.line - 1], start);
    }
  });

  test('show prints a whole entry exactly as written, in any of the three forms', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const a = json(['show', '11:07 2013-2-16', '--journal', SAMPLE]);
    const b = json(['show', '2013-02-16 11:07', '--journal', SAMPLE]);
    assert.deepEqual(a, b);
    assert.ok(a.text.startsWith('11:07 2013-2-16\n'));
    assert.ok(text.includes(a.text));
    assert.deepEqual(json(['show', '2013-02-16 11:07#5', '--journal', SAMPLE]), json(['show', '"11:07 2013-2-16"5', '--journal', SAMPLE]));
  });

  test('backlinks finds the GTD tasks that point at the items, and all references to the entry', (t) => {
    if (sampleText(t) === undefined) return;
    const to = (ref: string) => json(['backlinks', ref, '--journal', SAMPLE]).map((l: { moment: string; written: string }) => `${l.moment} ${l.written}`);
    assert.deepEqual(to('"11:07 2013-2-16"2'), ['2013-02-22T13:30 "11:07 2013-2-16"2']);
    assert.deepEqual(to('"11:07 2013-2-16"5'), ['2013-02-25T10:12 "11:07 2013-2-16"5']);
    assert.deepEqual(to('11:07 2013-2-16'), ['2013-02-22T13:30 "11:07 2013-2-16"2', '2013-02-25T10:12 "11:07 2013-2-16"5']);
    assert.deepEqual(to('"14:17 2013-02-06"2'), ['2013-02-07T11:20 "14:17 2013-02-06"2']);
    assert.deepEqual(to('"14:14 2013-02-27"6'), ['2013-02-28T12:55 "14:14 2013-02-27"6']);
  });

  test('backlinks of an item includes a same-entry reference like "3)" to it', (t) => {
    if (sampleText(t) === undefined) return;
    const links = json(['backlinks', '"11:11 2013-02-05"1.3', '--journal', SAMPLE]);
    assert.deepEqual(links.map((l: { written: string }) => l.written), ['"3)"']);
  });

  test('thread shows both threads with their parts, opener, parent and next contN', (t) => {
    if (sampleText(t) === undefined) return;
    const a = json(['thread', 'final version test', '--journal', SAMPLE]);
    assert.equal(a.key, 'virtualization, libvirt, xen, xenlight, libxl, xen4.2 support / final version test');
    assert.deepEqual(a.parent, { key: 'virtualization, libvirt, xen, xenlight, libxl, xen4.2 support', part: 20 });
    assert.deepEqual(a.parts.map((p: { part: number; moment: string }) => [p.part, p.moment]), [[1, '2013-02-05T11:26'], [2, '2013-02-06T14:17'], [3, '2013-02-16T11:07'], [4, '2013-02-26T11:39']]);
    assert.equal(a.parts[2].subtitle, 'send crash message to Jim');
    assert.equal(a.next, 5);
    const b = json(['thread', 'modify for xen4.2', '--journal', SAMPLE]);
    assert.deepEqual(b.parts.map((p: { part: number }) => p.part), [0, 1, 2, 3]);
    assert.equal(b.parts[0].moment, '2013-02-17T15:40');
    assert.equal(b.next, 4);
    const parent = json(['thread', 'virtualization, libvirt, xen, patch, lock', '--journal', SAMPLE]);
    assert.deepEqual(parent.parts.map((p: { part: number; present: boolean }) => [p.part, p.present]), [[1, false], [2, true]]);
    assert.equal(parent.parts[1].threads[0].key, b.key);
    assert.deepEqual(json(['thread', '11:03 2013-02-19', '--journal', SAMPLE]).key, b.key);
  });

  test('todo lists the 6 open TODOs with their age', (t) => {
    if (sampleText(t) === undefined) return;
    const rows = json(['todo', '--journal', SAMPLE], { DAYBOOK_TODAY: '2013-03-01' });
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r: { state: string }) => r.state === 'open'));
    assert.deepEqual(rows.map((r: { moment: string; ageDays: number }) => [r.moment, r.ageDays]), [
      ['2013-02-06T14:17', 23],
      ['2013-02-07T11:49', 22],
      ['2013-02-17T15:40', 12],
      ['2013-02-19T11:02', 10],
      ['2013-02-19T11:03', 10],
      ['2013-02-26T16:28', 3],
    ]);
    assert.deepEqual(json(['todo', '--done', '--journal', SAMPLE]), []);
  });
});

describe('on the example journal', () => {
  test('references across files: show and backlinks', () => {
    const shown = json(['show', '"15:02 2025-09-03"2.1', '--journal', 'examples/journal']);
    assert.equal(shown.file, '2025-09.txt', 'relative to the journal root');
    assert.equal(shown.text, '1), the buffer is not aligned to 4096; O_DIRECT wants aligned buffers.\n\\DONE: allocate the buffer with posix_memalign.\n');
    const links = json(['backlinks', '"15:02 2025-09-03"2.1', '--journal', 'examples/journal']);
    assert.deepEqual(links.map((l: { file: string; moment: string }) => [l.file, l.moment]), [['2025-10.txt', '2025-10-06T10:20']]);
  });

  test('todo --done, --all and --topic', () => {
    const env = { DAYBOOK_TODAY: '2025-12-01' };
    assert.equal(json(['todo', '--journal', 'examples/journal'], env).length, 6);
    assert.equal(json(['todo', '--done', '--journal', 'examples/journal'], env).length, 3);
    assert.equal(json(['todo', '--all', '--journal', 'examples/journal'], env).length, 9);
    assert.deepEqual(json(['todo', '--all', '--topic', 'WAL', '--journal', 'examples/journal'], env).map((r: { state: string }) => r.state), ['open', 'done', 'open', 'done']);
  });

  test('the count line under todo says what was listed, whatever the flags', () => {
    const env = { DAYBOOK_TODAY: '2025-12-01', NO_COLOR: '1' };
    for (const [flags, said] of [
      [[], '6 open'],
      [['--done'], '3 done'],
      [['--all'], '6 open, 3 done'],
      [['--done', '--all'], '6 open, 3 done'],
      [['--all', '--done'], '6 open, 3 done'],
      [['--all', '--topic', 'WAL'], '2 open, 2 done'],
      [['--topic', 'mail'], 'no open TODOs'],
      [['--done', '--topic', 'mail'], 'no done TODOs'],
    ] as const) {
      const r = daybook(['todo', ...flags, '--journal', 'examples/journal'], { env });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, `${said}\n`, flags.join(' '));
      // The listed rows are what the line counts.
      const listed = r.stdout.split('\n').filter((l) => /^(TODO|DONE) /.test(l));
      const open = listed.filter((l) => l.startsWith('TODO')).length;
      const done = listed.length - open;
      assert.equal(said.startsWith('no') ? 0 : Number(/(\d+) open/.exec(said)?.[1] ?? 0) + Number(/(\d+) done/.exec(said)?.[1] ?? 0), listed.length);
      assert.equal(Number(/(\d+) open/.exec(said)?.[1] ?? 0), open);
      assert.equal(Number(/(\d+) done/.exec(said)?.[1] ?? 0), done);
    }
  });

  test('thread names its missing part and the sub-thread inside part 3', () => {
    const v = json(['thread', 'fsync latency', '--journal', 'examples/journal']);
    assert.deepEqual(v.parts.map((p: { part: number; present: boolean }) => [p.part, p.present]), [[1, true], [2, true], [3, true], [4, false], [5, true]]);
    assert.equal(v.parts[2].threads[0].key, 'storage, tidepool, wal, fsync latency / O_DIRECT patch');
    assert.equal(v.next, 6);
  });
});

describe('topics and people', () => {
  test('topics counts the entries whose titles use each topic, with the date of last use', () => {
    const rows = json(['topics', '--journal', 'examples/journal']);
    assert.deepEqual(rows[0], { topic: 'storage', entries: 11, last: '2025-11-05' });
    assert.deepEqual(rows.find((r: { topic: string }) => r.topic === '存储'), { topic: '存储', entries: 1, last: '2025-09-04' });
    assert.deepEqual(json(['topics', 'comp', '--journal', 'examples/journal']).map((r: { topic: string }) => r.topic), ['compaction', 'compaction flag', 'compaction scheduler']);
  });

  test('topics --tree follows the title paths; a prefix path gives its subtree', () => {
    const tree = json(['topics', '--tree', 'storage, tidepool, compaction', '--journal', 'examples/journal']);
    assert.equal(tree.length, 1);
    assert.equal(tree[0].topic, 'compaction');
    assert.deepEqual(tree[0].children.map((c: { topic: string; entries: number }) => [c.topic, c.entries]), [['leveled', 2]]);
    assert.deepEqual(json(['topics', '--tree', 'no, such', '--journal', 'examples/journal']), []);
  });

  test('people lists mail senders and people named in titles', () => {
    const rows = json(['people', '--journal', 'examples/journal']);
    assert.deepEqual(rows[0], { name: 'Priya Raman', mails: 1, entries: 2, last: '2025-10-09' });
    assert.deepEqual(rows.map((r: { name: string }) => r.name).sort(), ['HR Team', 'Jun Tanaka', 'Lin Wei', 'Marta Kowalski', 'Priya Raman', 'Tomás Ibarra']);
  });

  test('people on the sample counts its 13 clipped mails', (t) => {
    if (sampleText(t) === undefined) return;
    const rows = json(['people', '--journal', SAMPLE]);
    assert.equal(rows.reduce((n: number, r: { mails: number }) => n + r.mails, 0), 13);
    assert.ok(rows.some((r: { name: string; entries: number }) => r.name === 'Samuel Thibault' && r.entries === 1));
    // "China Beijing" in a title is a place, not a person; "Shawn Chang" beside it is one.
    assert.ok(!rows.some((r: { name: string }) => r.name === 'China Beijing'));
    assert.ok(rows.some((r: { name: string }) => r.name === 'Shawn Chang'));
  });

  test('places written like names are not people; phrases of only digits and punctuation are not topics', () => {
    const file = tempFile(
      'places.txt',
      [
        '9:00 2025-03-03',
        'trip, China Beijing, Hong Kong, New York, Berlin Munich, Jordan Smith, Paris Hilton, Sydney Brenner',
        '1, met them.',
        '',
        '10:00 2025-03-04',
        'work report - week 07, 08',
        '1, done.',
        '',
        '11:00 2025-03-05',
        'release, 2.0, v2, --, 2025-03, Q1',
        '1, shipped.',
        '',
      ].join('\n'),
    );
    const people = json(['people', '--journal', file]).map((r: { name: string }) => r.name).sort();
    // A place and a person's surname together is a person (the names are the person's, not the places').
    assert.deepEqual(people, ['Jordan Smith', 'Paris Hilton', 'Sydney Brenner']);
    const topics = json(['topics', '--journal', file]).map((r: { topic: string }) => r.topic);
    assert.ok(topics.includes('work report - week 07'));
    for (const t of ['08', '2.0', '--', '2025-03']) assert.ok(!topics.includes(t), `${t} is not a topic`);
    for (const t of ['v2', 'Q1', 'release']) assert.ok(topics.includes(t), `${t} is a topic`);
    const tree = json(['topics', '--tree', 'release', '--journal', file]);
    assert.deepEqual(tree.map((n: { topic: string }) => n.topic), ['release']);
    const path = (n: { topic: string; children: { topic: string; children: unknown[] }[] }): string[] => [n.topic, ...(n.children[0] ? path(n.children[0] as never) : [])];
    assert.deepEqual(path(tree[0]), ['release', 'v2', 'Q1']);
  });
});

describe('bad references and names', () => {
  const cases: [string[], number, RegExp][] = [
    [['show', 'yesterday'], 2, /"yesterday" is not a reference\n {2}expected a moment and maybe an item path, like "11:07 2013-2-16"5/],
    [['show', '25:61 2025-09-01'], 2, /is not a real moment/],
    [['show', '9:06 2025-9-1'], 1, /no entry "9:06 2025-09-01" in this journal; the nearest are "9:05 2025-09-01"/],
    [['show', '"10:02 2025-09-01"7'], 1, /entry "10:02 2025-09-01" has no item 7; its items are 1, 2, 3/],
    [['show'], 2, /show: give one reference/],
    [['backlinks', '"9:05 2025-9-1'], 2, /is not a reference/],
    [['thread', 'no such thread'], 1, /no thread is named "no such thread"\n {2}give a thread's whole key or the phrases it ends with, e\.g\./],
    [['thread', 'storage'], 1, /no thread is named "storage"; 3 threads hold it: "storage, tidepool, compaction, leveled", /],
    [['thread', '9:05 2025-9-1'], 1, /is in no thread/],
  ];
  for (const [args, status, message] of cases) {
    test(`${args.join(' ') || '(nothing)'}: exit ${status} and a message that says what was expected`, () => {
      const r = daybook([...args, '--journal', 'examples/journal']);
      assert.equal(r.status, status, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  test('a moment two entries share: both are named, exit 1', () => {
    const file = tempFile('dup.txt', '10:00 2013-02-01\na\n\n10:00 2013-02-01\nb\n');
    const r = daybook(['show', '10:00 2013-02-01', '--journal', file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /2 entries have the moment "10:00 2013-02-01": .*dup\.txt:1, .*dup\.txt:4/);
  });

  test('a DAYBOOK_TODAY that is not a date is refused', () => {
    const r = daybook(['todo', '--journal', 'examples/journal'], { env: { DAYBOOK_TODAY: '2025-13-45' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /DAYBOOK_TODAY="2025-13-45" is not a date\n {2}expected YYYY-MM-DD/);
  });
});
