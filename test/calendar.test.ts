/**
 * One calendar and one clock: the calendar's arithmetic checked against
 * JavaScript's own dates, each flag taking its own kind of date and refusing
 * the others, the week and month balances of a day being those of the whole
 * week and month whatever range is shown, and DAYBOOK_NOW and DAYBOOK_TODAY
 * giving every command the same "today".
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { addDays, addMonths, dayText, daysBetween, monthName, monthOf, monthRange, readDay, readMonth, readNow, readRange, readWeek, weekday, weekName, weekOf, weekRange, weeksInYear } from '../src/calendar/index.js';
import { daybook, EXAMPLE, fingerprint, ROOT, SAMPLE, sampleText, tempFile } from './helpers.js';

const EDGES = path.join(ROOT, 'test', 'fixtures', 'hours-edges.txt');

/** The ISO week of a day, the textbook way, with JavaScript's dates (UTC). */
function referenceWeek(t: Date): string {
  const d = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
  return `${d.getUTCFullYear()}-W${String(Math.floor((d.getTime() - jan1) / 86_400_000 / 7) + 1).padStart(2, '0')}`;
}

describe('the calendar', () => {
  test('days, weekdays and ISO weeks agree with JavaScript dates from 1999 to 2031', () => {
    const start = Date.UTC(1999, 0, 1);
    let day = 19990101;
    for (let i = 0; i < 33 * 366; i++) {
      const t = new Date(start + i * 86_400_000);
      assert.equal(dayText(day), t.toISOString().slice(0, 10));
      assert.equal(weekday(day), t.getUTCDay());
      assert.equal(weekName(weekOf(day)), referenceWeek(t), dayText(day));
      assert.equal(daysBetween(19990101, day), i);
      day = addDays(day, 1);
    }
  });

  test('weeks and months: their days, their names, across years', () => {
    assert.deepEqual(weekRange({ year: 2013, week: 1 }), { from: 20121231, to: 20130106 });
    assert.deepEqual(weekRange({ year: 2015, week: 53 }), { from: 20151228, to: 20160103 });
    assert.deepEqual([2013, 2015, 2020, 2021, 2026].map(weeksInYear), [52, 53, 53, 52, 53]);
    assert.equal(weekName(weekOf(20121231)), '2013-W01');
    assert.equal(weekName(weekOf(20210103)), '2020-W53');
    assert.deepEqual(monthRange(monthOf(20240215)), { from: 20240201, to: 20240229 });
    assert.equal(monthName(addMonths({ year: 2013, month: 1 }, -1)), '2012-12');
    assert.equal(addDays(20130228, 1), 20130301);
    assert.equal(addDays(20000301, -1), 20000229);
  });
});

describe('each flag takes its own kind of date', () => {
  const today = 20130220; // a Wednesday
  test('--day: a day, today or yesterday', () => {
    assert.equal(readDay('2013-2-6', today, '--day'), 20130206);
    assert.equal(readDay(' Yesterday ', today, '--day'), 20130219);
    assert.equal(readDay('today', today, '--day'), today);
  });

  test('--week: an ISO week, a day (the week that holds it), this week, last week', () => {
    assert.deepEqual(readWeek('2013-W06', today, '--week'), { year: 2013, week: 6 });
    assert.deepEqual(readWeek('2013-w6', today, '--week'), { year: 2013, week: 6 });
    assert.deepEqual(readWeek('2013-02-06', today, '--week'), { year: 2013, week: 6 });
    assert.deepEqual(readWeek('2012-12-31', today, '--week'), { year: 2013, week: 1 });
    assert.deepEqual(readWeek('this week', today, '--week'), { year: 2013, week: 8 });
    assert.deepEqual(readWeek('last week', 20130102, '--week'), { year: 2012, week: 52 });
    assert.deepEqual(readWeek('today', today, '--week'), { year: 2013, week: 8 });
  });

  test('--month: a month, a day (its month), this month, last month', () => {
    assert.deepEqual(readMonth('2013-2', today, '--month'), { year: 2013, month: 2 });
    assert.deepEqual(readMonth('2013-02-16', today, '--month'), { year: 2013, month: 2 });
    assert.deepEqual(readMonth('last month', 20130110, '--month'), { year: 2012, month: 12 });
  });

  test('--on, --since, --until: every form, as the range of days it names', () => {
    assert.deepEqual(readRange('2013', today, '--on'), { from: 20130101, to: 20131231 });
    assert.deepEqual(readRange('2013-02', today, '--since'), { from: 20130201, to: 20130228 });
    assert.deepEqual(readRange('last week', today, '--until'), { from: 20130211, to: 20130217 });
  });

  for (const [flag, read, text, message] of [
    ['--week', readWeek, '2013-06', /^--week "2013-06": that is a month, not a week; did you mean --month 2013-06\?$/],
    ['--week', readWeek, '2013', /^--week "2013": that is a whole year, not a week; did you mean --since 2013-01-01 --until 2013-12-31\?$/],
    ['--week', readWeek, 'this month', /^--week "this month": that is a month, not a week; did you mean --month "this month"\?$/],
    ['--day', readDay, '2013-W06', /^--day "2013-W06": that is a week, not a day; did you mean --week 2013-W06\?$/],
    ['--day', readDay, '2013-02', /did you mean --month 2013-02\?/],
    ['--day', readDay, 'last week', /did you mean --week "last week"\?/],
    ['--month', readMonth, '2013-W06', /^--month "2013-W06": that is a week, not a month; did you mean --week 2013-W06\?$/],
    ['--month', readMonth, '2013', /that is a whole year, not a month/],
    ['--month', readMonth, '2013-13', /there is no month 13/],
    ['--day', readDay, 'tomorrow', /^--day "tomorrow": not a date daybook knows$/],
  ] as const) {
    test(`${flag} ${text} is refused, with the forms it takes and an example`, () => {
      assert.throws(
        () => (read as (t: string, d: number, f: string) => unknown)(text, today, flag),
        (err: Error & { hint?: string; exitCode?: number }) => {
          assert.match(err.message, message);
          assert.match(err.hint ?? '', new RegExp(`^expected an? (ISO week|day|month): .* e\\.g\\. ${flag} 2013-`));
          assert.equal(err.exitCode, 2);
          return true;
        },
      );
    });
  }
});

interface HoursJson {
  days: { date: string; weekBalanceMinutes: number; monthBalanceMinutes: number; account?: { presenceMinutes: number; focusMinutes: number } }[];
  weeks: { week: string; focusMinutes: number; targetMinutes: number; balanceMinutes: number }[];
}

function hours(args: string[], env: Record<string, string> = { DAYBOOK_NOW: '2026-01-01 12:00' }): HoursJson {
  const r = daybook(['hours', ...args, '--json'], { env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as HoursJson;
}

/** `hours --day D` gives D the balances that `--week D`, `--month D` and a long range give it, and the same whole week. */
function checkParity(journal: string, days: string[], extra: string[] = []): void {
  const all = hours(['--since', `${days[0]!.slice(0, 7)}-01`, '--until', days.at(-1)!, '--journal', journal, ...extra]);
  for (const date of days) {
    const one = hours(['--day', date, '--journal', journal, ...extra]);
    const week = hours(['--week', date, '--journal', journal, ...extra]);
    const month = hours(['--month', date, '--journal', journal, ...extra]);
    const [d] = one.days;
    assert.equal(one.days.length, 1);
    assert.equal(d!.date, date);
    const inWeek = week.days.find((x) => x.date === date)!;
    assert.equal(d!.weekBalanceMinutes, inWeek.weekBalanceMinutes, `${date}: week balance of --day and --week`);
    assert.equal(d!.monthBalanceMinutes, month.days.find((x) => x.date === date)!.monthBalanceMinutes, `${date}: month balance of --day and --month`);
    assert.equal(d!.weekBalanceMinutes, all.days.find((x) => x.date === date)!.weekBalanceMinutes, `${date}: week balance of --day and a long range`);
    assert.deepEqual(one.weeks, week.weeks, `${date}: the whole week`);
  }
}

describe('balances are those of the whole week and month, whatever range is shown', () => {
  test('the example journal: hours --day D --json has the week balance of hours --week', () => {
    checkParity(EXAMPLE, ['2025-09-03', '2025-09-06', '2025-10-08', '2025-10-09', '2025-10-13']);
    // 2025-10-08 falls short by as much as Monday was over: the week stands at 0, not at the day's -2.5 h.
    assert.equal(hours(['--day', '2025-10-08', '--journal', EXAMPLE]).days[0]!.weekBalanceMinutes, 0);
  });

  test('the sample journal: hours --day D --json has the week balance of hours --week', (t) => {
    if (sampleText(t) === undefined) return;
    checkParity(SAMPLE, ['2013-02-05', '2013-02-07', '2013-02-17', '2013-02-21', '2013-02-28']);
  });

  test('a week across the new year: the week counts from Monday 2012-12-31, the month from 2013-01-01', () => {
    const config = tempFile('config.json', JSON.stringify({ target: { default: 6, sat: 0, sun: 0 }, overhead: ['^mail'] }));
    checkParity(EDGES, ['2012-12-31', '2013-01-01', '2013-01-02'], ['--config', config]);
    const d = hours(['--day', '2013-01-02', '--journal', EDGES, '--config', config]).days[0]!;
    assert.notEqual(d.weekBalanceMinutes, d.monthBalanceMinutes, 'the week started in December');
  });

  test('the table names a week shown in part, and sums it whole', () => {
    const r = daybook(['hours', '--day', '2025-10-08', '--journal', EXAMPLE], { env: { NO_COLOR: '1', DAYBOOK_NOW: '2026-01-01 12:00' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\n2025-W41 \(whole week\): focus 21 h of 18 h; short 2\.5 h, over 2\.5 \+ 3 = 5\.5 h; balance \+3 h\n/);
    assert.doesNotMatch(daybook(['hours', '--week', '2025-W41', '--journal', EXAMPLE], { env: { NO_COLOR: '1' } }).stdout, /whole week/);
  });
});

describe('bad dates on the command line: exit 2, the flag, what it takes, an example, nothing written to standard output', () => {
  for (const [args, message, hint] of [
    [['hours', '--week', '2013-06'], /--week "2013-06": that is a month, not a week; did you mean --month 2013-06\?/, /expected an ISO week: 2013-W06, .*e\.g\. --week 2013-W06/],
    [['hours', '--week', '2013'], /--week "2013": that is a whole year/, /e\.g\. --week 2013-W06/],
    [['hours', '--day', 'this week'], /--day "this week": that is a week, not a day; did you mean --week "this week"\?/, /expected a day: .*e\.g\. --day 2013-02-16/],
    [['hours', '--day', '2013-02-30'], /--day "2013-02-30": 2013-02 has no day 30/, /e\.g\. --day 2013-02-16/],
    [['hours', '--month', '2013-W06'], /--month "2013-W06": that is a week, not a month; did you mean --week 2013-W06\?/, /expected a month: .*e\.g\. --month 2013-02/],
    [['report', '--month', '2013'], /--month "2013": that is a whole year, not a month/, /e\.g\. --month 2013-02/],
    [['report', '--week', '2013-02'], /did you mean --month 2013-02\?/, /e\.g\. --week 2013-W06/],
    [['export', 'ical', '--week', '2013-06'], /did you mean --month 2013-06\?/, /e\.g\. --week 2013-W06/],
    [['search', 'x', '--on', 'someday'], /--on "someday": not a date daybook knows/, /expected a date like 2013-02-16, .*2013-W08/],
    [['search', 'x', '--since', '2013-W54'], /--since "2013-W54": 2013 has no week 54 \(weeks are numbered 1 to 52/, /expected a date like/],
  ] as const) {
    test(args.join(' '), () => {
      const r = daybook([...args, '--journal', EXAMPLE], { env: { DAYBOOK_NOW: '2026-01-01 12:00' } });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^daybook: --/);
      assert.match(r.stderr.split('\n')[0]!, message);
      assert.match(r.stderr, /\n {2}expected /);
      assert.match(r.stderr.slice(r.stderr.indexOf('\n  expected ')), hint);
    });
  }
});

/** A journal of our own: an entry with a TODO on Friday 2024-03-01, a GTD day with an open session on Wednesday 2024-03-06. */
const CLOCK_JOURNAL = [
  '16:00 2024-03-01',
  'garden, shed, roof',
  '1, the felt is torn at the ridge.',
  '\\TODO buy a roll of felt and tacks.',
  '',
  '9:00 2024-03-06',
  'GTD',
  '0, 9:00',
  '',
  '1, today',
  '1), 9:15- patch the shed roof',
  '',
  '10:30 2024-03-06',
  'garden, shed, roof, cont1',
  '1, patched with the new felt; it held in the rain.',
  '',
].join('\n');

describe('one clock: DAYBOOK_NOW and DAYBOOK_TODAY mean the same day for every command', () => {
  const journal = tempFile('clock.txt', CLOCK_JOURNAL);
  const clocks: Record<string, string>[] = [{ DAYBOOK_TODAY: '2024-03-06' }, { DAYBOOK_NOW: '2024-03-06' }, { DAYBOOK_NOW: '2024-03-06 12:00' }, { DAYBOOK_NOW: '2024-03-06 12:00', DAYBOOK_TODAY: '2024-03-06' }];
  const run = (args: string[], env: Record<string, string>) => {
    const r = daybook([...args, '--journal', journal], { env });
    assert.equal(r.status, 0, `${JSON.stringify(env)}: ${r.stderr}`);
    return r.stdout;
  };
  const same = (args: string[]) => {
    const outs = clocks.map((env) => run(args, env));
    for (const [i, out] of outs.entries()) assert.equal(out, outs[0], `${JSON.stringify(clocks[i])} gives what ${JSON.stringify(clocks[0])} gives for ${args.join(' ')}`);
    return outs[0]!;
  };

  test('the clock reads either variable as that day at 12:00', () => {
    assert.deepEqual(readNow({ DAYBOOK_TODAY: '2024-03-06' }), { year: 2024, month: 3, day: 6, hour: 12, minute: 0 });
    assert.deepEqual(readNow({ DAYBOOK_NOW: '2024-3-6' }), readNow({ DAYBOOK_TODAY: '2024-03-06' }));
    assert.deepEqual(readNow({ DAYBOOK_NOW: '2024-03-06T08:05', DAYBOOK_TODAY: '2024-03-06' }), { year: 2024, month: 3, day: 6, hour: 8, minute: 5 });
    assert.deepEqual(readNow({ DAYBOOK_NOW: '', DAYBOOK_TODAY: ' ' }, new Date(2024, 2, 6, 7, 30)), { year: 2024, month: 3, day: 6, hour: 7, minute: 30 });
  });

  test('search --on today', () => {
    const hits = (JSON.parse(same(['search', '--on', 'today', '--json'])) as { hits: { moment: string }[] }).hits;
    assert.deepEqual(hits.map((h) => h.moment).sort(), ['2024-03-06T09:00', '2024-03-06T10:30']);
  });

  test('todo ages', () => {
    const rows = (JSON.parse(same(['todo', '--json'])) as { todos: { ageDays: number }[] }).todos;
    assert.deepEqual(rows.map((r) => r.ageDays), [5]);
  });

  test('hours: this week, and the open session and task counted until 12:00', () => {
    const r = JSON.parse(same(['hours', '--json'])) as HoursJson;
    assert.deepEqual([r.days[0]!.date, r.days.at(-1)!.date], ['2024-03-04', '2024-03-10']);
    const d = r.days.find((x) => x.date === '2024-03-06')!;
    assert.equal(d.account!.presenceMinutes, 180);
    assert.equal(d.account!.focusMinutes, 165);
  });

  test('report: this week', () => {
    const text = same(['report']);
    assert.match(text, /^work report - 2024-W10\n1, done\n/);
    assert.match(text, /\n\d+\), focus 2\.75 h of 6 h, short 3\.25 h\. see"/);
  });
});

describe('bad clocks are refused by every command, with an example, and nothing is written', () => {
  for (const [env, message, hint] of [
    [{ DAYBOOK_NOW: 'tomorrow' } as Record<string, string>, /^daybook: DAYBOOK_NOW="tomorrow" is not a moment\n/, /\n {2}expected YYYY-MM-DD HH:MM .*for example DAYBOOK_NOW="2013-02-16 11:07"/],
    [{ DAYBOOK_TODAY: '2024-02-30' }, /^daybook: DAYBOOK_TODAY="2024-02-30" is not a date\n/, /\n {2}expected YYYY-MM-DD, for example DAYBOOK_TODAY=2013-03-01/],
    [{ DAYBOOK_NOW: '2024-03-06 10:00', DAYBOOK_TODAY: '2024-03-07' }, /^daybook: DAYBOOK_NOW="2024-03-06 10:00" and DAYBOOK_TODAY="2024-03-07" name different days\n/, /\n {2}set only DAYBOOK_NOW, for example/],
  ] as const) {
    test(Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' '), () => {
      const journal = tempFile('clock.txt', CLOCK_JOURNAL);
      const before = fingerprint(journal);
      for (const args of [['search', 'felt', '--on', 'today'], ['todo'], ['hours'], ['now'], ['report'], ['export', 'ical'], ['export', 'csv'], ['new', '--topics', 'shed', '-m', '1, more'], ['gtd', 'start']]) {
        const r = daybook([...args, '--journal', journal], { env });
        assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
        assert.equal(r.stdout, '', args[0]);
        assert.match(r.stderr, message, args[0]);
        assert.match(r.stderr, hint, args[0]);
      }
      assert.equal(fingerprint(journal), before);
    });
  }
});
