/**
 * Issue 20's forgiving input: the date words of the one calendar against a
 * fixed clock, typed durations and their refusals, "did you mean" for
 * commands, flags, gtd actions, thread names and topics, and the global
 * flags written before the command.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readDay, readMonth, readRange, readWeek } from '../src/calendar/read.js';
import { readDuration } from '../src/calendar/duration.js';
import { didYouMean, editDistance, nearest } from '../src/query/nearest.js';
import { daybook, dirPrint, EXAMPLE } from './helpers.js';

describe('date words, against a fixed clock', () => {
  const wed = 20130220; // Wednesday 2013-02-20
  test('a weekday name is the latest one, today included; "last" is the one before today', () => {
    assert.equal(readDay('monday', wed, '--day'), 20130218);
    assert.equal(readDay('Mon', wed, '--day'), 20130218);
    assert.equal(readDay('wednesday', wed, '--day'), wed);
    assert.equal(readDay('last wednesday', wed, '--day'), 20130213);
    assert.equal(readDay('thursday', wed, '--day'), 20130214);
    assert.equal(readDay('last friday', wed, '--day'), 20130215);
    assert.equal(readDay('friday', wed, '--day'), 20130215);
    assert.equal(readDay('sunday', wed, '--day'), 20130217);
    assert.equal(readDay('sat', 20130101, '--day'), 20121229, 'across a year');
  });
  test('N days, weeks, months ago', () => {
    assert.equal(readDay('3 days ago', wed, '--day'), 20130217);
    assert.equal(readDay('a day ago', wed, '--day'), 20130219);
    assert.equal(readDay('0 days ago', wed, '--day'), wed);
    assert.equal(readDay('60 days ago', 20130301, '--day'), 20121231);
    assert.deepEqual(readWeek('2 weeks ago', wed, '--week'), { year: 2013, week: 6 });
    assert.deepEqual(readWeek('8 weeks ago', wed, '--week'), { year: 2012, week: 52 });
    assert.deepEqual(readMonth('2 months ago', wed, '--month'), { year: 2012, month: 12 });
    assert.deepEqual(readRange('2 weeks ago', wed, '--on'), { from: 20130204, to: 20130210 });
    assert.deepEqual(readRange('friday', wed, '--since'), { from: 20130215, to: 20130215 });
    assert.deepEqual(readWeek('last friday', wed, '--week'), { year: 2013, week: 7 }, 'a day names the week that holds it');
  });
  test('the old forms still read the same', () => {
    assert.equal(readDay('today', wed, '--day'), wed);
    assert.equal(readDay('yesterday', wed, '--day'), 20130219);
    assert.deepEqual(readRange('2013-W08', wed, '--on'), { from: 20130218, to: 20130224 });
  });
  test('refused with what was expected, an example and the flag that takes it', () => {
    assert.throws(() => readDay('2 weeks ago', wed, '--day'), /--day "2 weeks ago": that is a week, not a day; did you mean --week "2 weeks ago"\?/);
    assert.throws(() => readDay('next friday', wed, '--day'), (e: Error & { hint?: string }) => /not a date daybook knows/.test(e.message) && /friday, last friday or 3 days ago, e\.g\. --day 2013-02-16/.test(e.hint ?? ''));
    assert.throws(() => readDay('funday', wed, '--day'), /not a date daybook knows/);
    assert.throws(() => readDay('999999999999 days ago', wed, '--day'), /before the year 1000/);
    assert.throws(() => readDay('800000 days ago', wed, '--day'), /before the year 1000/);
    assert.throws(() => readMonth('13000 months ago', wed, '--month'), /before the year 1000/);
  });
  test('a CLI flag takes them: hours --day "last friday", search --on monday, today --day "3 days ago"', () => {
    const env = { DAYBOOK_NOW: '2025-10-10 18:00' }; // a Friday
    const hours = daybook(['hours', '--day', 'last wednesday', '--json', '--journal', EXAMPLE], { env });
    assert.equal(hours.status, 0, hours.stderr);
    assert.deepEqual((JSON.parse(hours.stdout) as { days: { date: string }[] }).days.map((d) => d.date), ['2025-10-08']);
    const today = daybook(['today', '--day', '4 days ago', '--json', '--journal', EXAMPLE], { env });
    assert.equal(today.status, 0, today.stderr);
    assert.equal((JSON.parse(today.stdout) as { day: string }).day, '2025-10-06');
    const bad = daybook(['hours', '--day', 'someday', '--journal', EXAMPLE], { env });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--day "someday": not a date daybook knows\n {2}expected a day: .*e\.g\. --day 2013-02-16/);
  });
});

describe('durations as typed', () => {
  test('each form, and how the journal writes it', () => {
    const cases: [string, number, string][] = [
      ['90m', 90, '1.5h'],
      ['90min', 90, '1.5h'],
      ['45m', 45, "45'"],
      ['1h30', 90, '1.5h'],
      ['1h30m', 90, '1.5h'],
      ['1h05', 65, "65'"],
      ['1.5h', 90, '1.5h'],
      ['2h', 120, '2h'],
      ["30'", 30, "30'"],
      ['24h', 1440, '24h'],
    ];
    for (const [typed, minutes, written] of cases) assert.deepEqual(readDuration(typed, '--took'), { minutes, written }, typed);
  });
  test('refusals: past a day, no unit, nothing, words, minutes past 59', () => {
    const refused: [string, RegExp][] = [
      ['25h', /more than a day/],
      ['24h01', /more than a day/],
      ['1441m', /more than a day/],
      ['90', /a number without a unit/],
      ['0m', /no time at all/],
      ['long', /not a duration daybook knows/],
      ['1h75', /75 minutes is not a minute of an hour/],
      ['1.333h', /not a whole number of minutes/],
      ['99999999999h', /not a duration daybook knows/],
    ];
    for (const [typed, why] of refused) {
      assert.throws(() => readDuration(typed, '--took'), (e: Error & { hint?: string }) => why.test(e.message) && /--took 90m, --took 1h30/.test(e.hint ?? ''), typed);
    }
  });
});

describe('did you mean', () => {
  test('edit distance, bounded', () => {
    assert.equal(editDistance('serch', 'search', 3), 1);
    assert.equal(editDistance('saerch', 'search', 3), 1, 'a swap is one edit');
    assert.equal(editDistance('abc', 'xyz', 1), 2, 'more than the limit says limit + 1');
    assert.deepEqual(nearest('serch', ['search', 'serve', 'show', 'stats']), ['search']);
    assert.deepEqual(nearest('stat', ['start', 'stop', 'status', 'task']), ['status', 'start']);
    assert.equal(didYouMean('zzzzzz', ['search']), undefined);
    assert.equal(nearest('x'.repeat(100_000), ['search']).length, 0, 'no work grows with what was typed');
  });
  const cases: [string, string[], RegExp][] = [
    ['a command', ['serch', 'wal'], /unknown command "serch"; did you mean "search"\?/],
    ['help of a command', ['help', 'thred'], /help: no command "thred"; did you mean "thread"\?/],
    ['a flag', ['search', 'wal', '--limt', '3'], /search: unknown flag '--limt'; did you mean --limit\?/],
    ['a gtd action', ['gtd', 'stat'], /gtd: unknown action "stat"; did you mean "status" or "start"\?/],
    ['a thread name', ['thread', 'fsync latncy'], /no thread is named "fsync latncy"; did you mean "storage, tidepool, wal, fsync latency"\?/],
    ['a topic', ['todo', '--topic', 'storag'], /no entry has the topic "storag"; did you mean "storage"\?/],
    ['a search topic (from the index)', ['search', 'wal', '--topic', 'storag'], /no entry has the topic "storag"; did you mean "storage"\?\n {2}"daybook topics" lists the topics\nno entries found/],
    ['a flag before the command that is not global', ['--limit', '3', 'search', 'wal'], /unknown flag "--limit" before the command\n {2}only --journal PATH, --config PATH and --json may come before it/],
  ];
  for (const [what, args, message] of cases) {
    test(what, () => {
      const before = dirPrint(EXAMPLE);
      const r = daybook([...args, '--journal', EXAMPLE]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, message);
      assert.deepEqual(dirPrint(EXAMPLE), before);
    });
  }
});

describe('global flags anywhere', () => {
  test('--journal and --json before the command give what they give after it', () => {
    const after = daybook(['stats', '--journal', EXAMPLE, '--json']);
    const before = daybook(['--journal', EXAMPLE, '--json', 'stats']);
    const eq = daybook([`--journal=${EXAMPLE}`, 'stats', '--json']);
    assert.equal(after.status, 0, after.stderr);
    assert.equal(before.status, 0, before.stderr);
    assert.equal(before.stdout, after.stdout);
    assert.equal(eq.stdout, after.stdout);
  });
  test('--journal with no value before the command is refused with an example', () => {
    const r = daybook(['--journal']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--journal needs a value\n {2}e\.g\. daybook --journal ~\/log search wal/);
  });
});
