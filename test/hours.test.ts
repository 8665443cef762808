/**
 * Hours against the target: hand-computed figures on the sample, the example
 * journal and a fixture of edge cases; the config; the exports, loaded into a
 * real Timewarrior and parsed by a maintained iCalendar parser.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import ICAL from 'ical.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { daybook, EXAMPLE, fingerprint, haveScript, haveTool, ROOT, SAMPLE, sampleText, tempDir, tempFile } from './helpers.js';

const EDGES = path.join(ROOT, 'test', 'fixtures', 'hours-edges.txt');

interface Day {
  date: string;
  targetMinutes: number;
  diffMinutes?: number;
  weekBalanceMinutes: number;
  account?: { presenceMinutes: number; loggedMinutes: number; focusMinutes: number; spannedMinutes: number; timeOffMinutes: number };
  notes: { line: number; message: string }[];
}
interface Report {
  days: Day[];
  weeks: { week: string; focusMinutes: number; targetMinutes: number; shortMinutes: number[]; overMinutes: number[]; balanceMinutes: number }[];
}

function hours(args: string[], env: Record<string, string> = {}): Report {
  const r = daybook(['hours', ...args, '--json'], { env: { DAYBOOK_NOW: '2026-01-01 12:00', ...env } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}
const day = (r: Report, date: string) => r.days.find((d) => d.date === date)!;
const config = (value: unknown) => tempFile('config.json', JSON.stringify(value));

describe('the figures of a GTD day, computed by hand', () => {
  test('the sample, week 2013-W06 (FORMAT.md: 2013-02-05 gives 7.5 h presence)', (t) => {
    if (sampleText(t) === undefined) return;
    const r = hours(['--week', '2013-W06', '--journal', SAMPLE, '--config', config({ overhead: ['mail'] })]);
    // 2013-02-05: sessions 10:35-12:35 and 13:20-18:50; tasks 10:45-11:10 (mail), 11:13-12:40 and 15:00-18:45, 2h.
    assert.deepEqual(day(r, '2013-02-05').account, { ...day(r, '2013-02-05').account, presenceMinutes: 450, loggedMinutes: 25 + 87 + 225 + 120, focusMinutes: 87 + 225 + 120, spannedMinutes: 25 + 87 + 225 });
    // 2013-02-04: the session "10:20" was never closed: reported, not counted; tasks 10:22-10:55 and 3h.
    const d4 = day(r, '2013-02-04');
    assert.equal(d4.account!.presenceMinutes, 0);
    assert.equal(d4.account!.loggedMinutes, 33 + 180);
    assert.match(d4.notes[0]!.message, /session from 10:20 was never closed: not counted/);
    // 2013-02-06: 13:00-17:31; the mail task has no time, the other 2.5h.
    assert.equal(day(r, '2013-02-06').account!.presenceMinutes, 271);
    assert.equal(day(r, '2013-02-06').account!.loggedMinutes, 150);
    assert.equal(day(r, '2013-02-06').diffMinutes, 150 - 360);
    // 2013-02-07: "-17:32" has no start, the task "11:30" never ended: both reported, neither counted.
    const d7 = day(r, '2013-02-07');
    assert.equal(d7.account!.presenceMinutes, 104);
    assert.equal(d7.account!.loggedMinutes, 0);
    assert.deepEqual(d7.notes.map((n) => n.line), [551, 554]);
    assert.equal(day(r, '2013-02-08').account, undefined);
  });

  test('the example journal, 2025-10-06', () => {
    const d = day(hours(['--day', '2025-10-06', '--journal', EXAMPLE]), '2025-10-06');
    // 9:25-12:15 and 13:10-18:30; tasks 9:30-10:00, 10:05-12:10 13:15-16:40, 2.5h.
    assert.equal(d.account!.presenceMinutes, 170 + 320);
    assert.equal(d.account!.loggedMinutes, 30 + 125 + 205 + 150);
  });

  test('midnight, overlaps, a contradicting duration, time off, an open span on a past day, a year boundary', () => {
    const r = hours(['--since', '2012-12-24', '--until', '2013-01-13', '--journal', EDGES, '--config', config({ overhead: ['^mail'], target: { default: 6, sat: 0, sun: 0 }, daysOff: ['2013-01-02'] })]);
    const d31 = day(r, '2012-12-31');
    // 9:00-12:00 and 21:00-2:00 (into the next day).
    assert.equal(d31.account!.presenceMinutes, 180 + 300);
    // spans 9-11 and 10-12 overlap (union 3 h), 13-14, 22:30-1:15; 2h of mail; 30' nap off.
    assert.equal(d31.account!.spannedMinutes, 180 + 60 + 165);
    assert.equal(d31.account!.loggedMinutes, 405 + 120 - 30);
    assert.equal(d31.account!.focusMinutes, 405 - 30);
    assert.match(d31.notes.map((n) => n.message).join('\n'), /task 5: its spans give 30 min, its duration says 180 min; the spans count/);
    const d2 = day(r, '2013-01-02');
    assert.equal(d2.account!.loggedMinutes, 30);
    assert.equal(d2.targetMinutes, 0, 'a day off');
    assert.match(d2.notes[0]!.message, /task 1: the span from 9:10 was never closed: not counted/);
    // ISO weeks across the year boundary: 2012-12-31 is in 2013-W01.
    assert.deepEqual(
      r.weeks.map((w) => [w.week, w.focusMinutes, w.targetMinutes, w.balanceMinutes]),
      [
        ['2012-W52', 360, 360, 0],
        ['2013-W01', 375 + 30, 360, 375 + 30 - 360],
        ['2013-W02', 0, 0, 0],
      ],
    );
    assert.equal(day(r, '2013-01-05').account, undefined);
  });

  test('an open session counts until now on the current day', () => {
    const j = tempFile('j.txt', '9:00 2024-03-04\nGTD\n0, 9:00\n\n1, today\n1), 9:30- write\n');
    const d = day(hours(['--day', '2024-03-04', '--journal', j], { DAYBOOK_NOW: '2024-03-04 11:00' }), '2024-03-04');
    assert.equal(d.account!.presenceMinutes, 120);
    assert.equal(d.account!.loggedMinutes, 90);
    assert.deepEqual(d.notes, []);
  });

  test('the human table: the week written the way the journal writes it', () => {
    const r = daybook(['hours', '--since', '2012-12-24', '--until', '2013-01-06', '--journal', EDGES, '--explain'], { env: { NO_COLOR: '1', DAYBOOK_NOW: '2026-01-01 12:00' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Mon 2012-12-31 +8 +8\.25 +8\.25 +6 +\+2\.25/);
    assert.match(r.stdout, /2013-W01: focus 8\.75 h of 12 h; short 5\.5 h, over 2\.25 h; balance -3\.25 h/);
    assert.match(r.stdout, /task 3 +22:30-1:15 +2\.75 h +night migration/);
    assert.match(r.stdout, /hours-edges\.txt:17: task 5: its spans give 30 min/);
    assert.doesNotMatch(r.stdout, /\x1b\[/);
  });
});

describe('the balance policy', () => {
  // 2013-W06 of the sample, focus by day (worked out by hand in the first test): 3.55, 7.62, 2.5, 0 h against 6 h.
  const diffs = [213 - 360, 457 - 360, 150 - 360, 0 - 360];
  const shortSum = diffs.filter((d) => d < 0).reduce((a, b) => a - b, 0);

  test('carry (the default): overtime offsets shortfalls; shortfall: the week is the sum of its daily shortfalls', (t) => {
    if (sampleText(t) === undefined) return;
    const carry = hours(['--week', '2013-W06', '--journal', SAMPLE]);
    const named = hours(['--week', '2013-W06', '--journal', SAMPLE, '--config', config({ balance: 'carry' })]);
    const shortfall = hours(['--week', '2013-W06', '--journal', SAMPLE, '--config', config({ balance: 'shortfall' })]);
    assert.deepEqual(named, carry, 'carry is the default');
    assert.equal((carry as unknown as { policy: string }).policy, 'carry');
    assert.equal((shortfall as unknown as { policy: string }).policy, 'shortfall');
    assert.deepEqual(carry.days.filter((d) => d.account).map((d) => d.diffMinutes), diffs);
    assert.deepEqual(shortfall.days.filter((d) => d.account).map((d) => d.diffMinutes), diffs, 'the days are the same');
    assert.equal(carry.weeks[0]!.balanceMinutes, diffs.reduce((a, b) => a + b, 0));
    assert.equal(shortfall.weeks[0]!.balanceMinutes, -shortSum);
    assert.equal(shortSum, 147 + 210 + 360);
    assert.deepEqual(shortfall.weeks[0]!.shortMinutes, [147, 210, 360]);
    // The running balance: Tuesday's overtime lowers it under carry, leaves it under shortfall.
    assert.deepEqual(carry.days.slice(0, 4).map((d) => d.weekBalanceMinutes), [-147, -50, -260, -620]);
    assert.deepEqual(shortfall.days.slice(0, 4).map((d) => d.weekBalanceMinutes), [-147, -147, -357, -717]);
  });

  test('the table and --explain say which policy counts; the report sums the shortfalls the way the journal writes them', (t) => {
    if (sampleText(t) === undefined) return;
    const env = { NO_COLOR: '1', DAYBOOK_NOW: '2026-01-01 12:00' };
    const cfg = config({ balance: 'shortfall' });
    const text = daybook(['hours', '--week', '2013-W06', '--journal', SAMPLE, '--config', cfg, '--explain'], { env });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^balance: "shortfall": only shortfalls add up/);
    assert.match(text.stdout, /\n2013-W06: focus 13\.67 h of 24 h; short 2\.45 \+ 3\.5 \+ 6 = 11\.95 h, over 1\.62 h \(not offset\); balance -11\.95 h\n/);
    const plain = daybook(['hours', '--week', '2013-W06', '--journal', SAMPLE, '--explain'], { env });
    assert.match(plain.stdout, /^balance: "carry": overtime offsets shortfalls/);
    assert.match(plain.stdout, /\n2013-W06: focus 13\.67 h of 24 h; short 2\.45 \+ 3\.5 \+ 6 = 11\.95 h, over 1\.62 h; balance -10\.33 h\n/);
    const report = daybook(['report', '--week', '2013-W06', '--journal', SAMPLE, '--config', cfg], { env });
    assert.match(report.stdout, /\n\d+\), focus 13\.67 h of 24 h, short 2\.45 \+ 3\.5 \+ 6 = 11\.95 h \(shortfalls only\)\. see("[\d: -]+", ){3}"[\d: -]+"\.\n$/);
    const json = JSON.parse(daybook(['report', '--week', '2013-W06', '--journal', SAMPLE, '--config', cfg, '--json'], { env }).stdout) as { policy: string; balanceMinutes: number; shortMinutes: number[] };
    assert.deepEqual([json.policy, json.balanceMinutes, json.shortMinutes], ['shortfall', -shortSum, [147, 210, 360]]);
    const carried = daybook(['report', '--week', '2013-W06', '--journal', SAMPLE], { env });
    assert.match(carried.stdout, /\n\d+\), focus 13\.67 h of 24 h, short 10\.33 h\. see("[\d: -]+", ){3}"[\d: -]+"\.\n$/);
  });
});

describe('daybook now', () => {
  type Now = { now: string; presenceMinutes: number; loggedMinutes: number; focusMinutes: number; targetMinutes: number; leftMinutes: number; pace: number; paceAssumed: boolean; reachedAtMinutes: number | null; reachedAtText: string | null; weekBalanceBeforeMinutes: number; weekBalanceMinutes: number; policy: string; open: { startMinutes: number; task: number }[]; entries: unknown[] };
  function now(at: string, args: string[]): Now {
    const r = daybook(['now', ...args, '--json'], { env: { DAYBOOK_NOW: at } });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as Now;
  }
  // Monday: 7 h present, 7.17 h logged (+70 min). Tuesday: a session and a task still open, mail is overhead.
  const week = [
    '9:05 2024-03-04', 'GTD', '0, 9:00-12:00 13:00-17:00', '', '1, today', '1), 9:10-12:00 write the design note', '2), 13:00-17:20 review 代码', '',
    '9:02 2024-03-05', 'GTD', '0, 9:00-12:00 13:30', '', '1, today', '1), 9:00-11:00 mail 邮件', '2), 11:00-12:00 fix the flaky test', '3), 13:40- 写周报', '',
  ].join('\n');
  const cfg = (balance: string) => config({ overhead: ['^mail'], balance });

  test('inside an open session: the session and the task count until now; left, and when it is reached at today\'s pace', () => {
    const j = tempFile('week.txt', week);
    const r = now('2024-03-05 15:00', ['--journal', j, '--config', cfg('carry')]);
    assert.equal(r.presenceMinutes, 180 + 90);
    assert.equal(r.loggedMinutes, 120 + 60 + 80);
    assert.equal(r.focusMinutes, 60 + 80);
    assert.equal(r.leftMinutes, 360 - 140);
    // 140 min focused in 270 present: 220 more take 220 * 270 / 140 = 424.3, so 425 min from 15:00.
    assert.equal(r.reachedAtMinutes, 900 + 425);
    assert.equal(r.reachedAtText, '22:05');
    assert.deepEqual(r.open.map((i) => [i.task, i.startMinutes]), [[0, 810], [3, 820]]);
    assert.deepEqual([r.weekBalanceBeforeMinutes, r.weekBalanceMinutes], [70, 70 + 140 - 360]);
    const short = now('2024-03-05 15:00', ['--journal', j, '--config', cfg('shortfall')]);
    assert.deepEqual([short.policy, short.weekBalanceBeforeMinutes, short.weekBalanceMinutes], ['shortfall', 0, 140 - 360]);
    const text = daybook(['now', '--journal', j, '--config', cfg('carry')], { env: { DAYBOOK_NOW: '2024-03-05 15:00', NO_COLOR: '1' } }).stdout;
    assert.equal(
      text,
      [
        'now Tue 2024-03-05 15:00 (2024-W10)',
        'presence 4.5 h  (session open since 13:30, task 3 open since 13:40: counted until now)',
        'focus    2.33 h of 6 h  (logged 4.33 h)',
        "left     3.67 h: reached at 22:05 at today's pace (0.52 h focus an hour present)",
        'week     +1.17 h as of yesterday, -2.5 h with today (balance "carry")',
        '',
      ].join('\n'),
    );
  });

  test('before an open session has begun it counts nothing (not a span across midnight); past midnight is "tomorrow"', () => {
    const j = tempFile('week.txt', week);
    const r = now('2024-03-05 12:30', ['--journal', j, '--config', cfg('carry')]);
    assert.deepEqual([r.presenceMinutes, r.loggedMinutes, r.focusMinutes, r.open.length], [180, 180, 60, 0]);
    // 60 focused in 180 present: 300 more take 900 min, to 3:30 the next day.
    assert.deepEqual([r.reachedAtMinutes, r.reachedAtText], [750 + 900, '3:30 tomorrow']);
    const h = hours(['--day', '2024-03-05', '--journal', j], { DAYBOOK_NOW: '2024-03-05 12:30' });
    assert.equal(day(h, '2024-03-05').account!.presenceMinutes, 180, 'hours counts it the same way');
  });

  test('after it: the next morning, yesterday\'s open session is reported, not counted; a day without a GTD entry counts nothing yet', () => {
    const j = tempFile('week.txt', week);
    const r = now('2024-03-06 09:00', ['--journal', j, '--config', cfg('carry')]);
    assert.deepEqual([r.entries.length, r.presenceMinutes, r.focusMinutes, r.leftMinutes, r.paceAssumed], [0, 0, 0, 360, true]);
    assert.deepEqual([r.reachedAtMinutes, r.weekBalanceBeforeMinutes, r.weekBalanceMinutes], [540 + 360, 70 + 60 - 360, 70 + 60 - 360]);
    const text = daybook(['now', '--journal', j], { env: { DAYBOOK_NOW: '2024-03-06 09:00', NO_COLOR: '1' } }).stdout;
    assert.match(text, /^now Wed 2024-03-06 09:00 \(2024-W10\)\nno GTD entry today: nothing counted yet/);
    assert.match(text, /left {5}6 h: reached at 15:00 \(if every minute from now counts\)/);
  });

  test('the example journal (2025-10-13: "13:40" and "13:45-" open) and the sample (2013-02-04: "10:20" open)', (t) => {
    const e = now('2025-10-13 16:00', ['--journal', EXAMPLE]);
    // 9:55-12:40 and 13:40-16:00; tasks 10:00-12:35 and 13:45-16:00.
    assert.deepEqual([e.presenceMinutes, e.focusMinutes, e.leftMinutes, e.reachedAtText, e.weekBalanceBeforeMinutes, e.weekBalanceMinutes], [165 + 140, 155 + 135, 70, '17:14', 0, 290 - 360]);
    const next = now('2025-10-14 10:00', ['--journal', EXAMPLE]);
    assert.equal(next.weekBalanceBeforeMinutes, 155 - 360, 'the session left open on Monday is not counted on Tuesday');
    if (sampleText(t) === undefined) return;
    const s = now('2013-02-04 12:00', ['--journal', SAMPLE]);
    // 10:20 until 12:00 present; 10:22-10:55 and 3h logged: more focus than presence, so the pace is taken as 1.
    assert.deepEqual([s.presenceMinutes, s.focusMinutes, s.pace, s.leftMinutes, s.reachedAtText, s.weekBalanceMinutes], [100, 213, 1, 147, '14:27', 213 - 360]);
    const after = now('2013-02-05 20:00', ['--journal', SAMPLE]);
    assert.deepEqual([after.presenceMinutes, after.focusMinutes, after.leftMinutes, after.reachedAtMinutes, after.weekBalanceBeforeMinutes, after.weekBalanceMinutes], [450, 457, 0, null, -147, -147 + 97]);
    const short = now('2013-02-05 20:00', ['--journal', SAMPLE, '--config', config({ balance: 'shortfall' })]);
    assert.deepEqual([short.weekBalanceBeforeMinutes, short.weekBalanceMinutes], [-147, -147]);
  });

  test('bad input: an argument, a range flag, a clock that is not a moment; nothing is written', () => {
    const j = tempFile('week.txt', week);
    const before = fingerprint(j);
    for (const [args, env, message] of [
      [['today'], {}, /now: unexpected argument "today"\n {2}expected no argument: daybook now/],
      [['--week', '2024-W10'], {}, /now: unknown flag '--week'/],
      [[], { DAYBOOK_NOW: '2024-03-05 25:00' }, /DAYBOOK_NOW="2024-03-05 25:00" is not a moment\n {2}expected YYYY-MM-DD HH:MM/],
      [['--config', config({ balance: 'none' })], {}, /"balance" .* must be "carry" .* not "none"\n {2}for example/],
    ] as const) {
      const r = daybook(['now', ...args, '--journal', j], { env: { DAYBOOK_NOW: '2024-03-05 15:00', ...env } });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.equal(fingerprint(j), before);
  });
});

describe('findings against the presence sessions (daybook check)', () => {
  type Finding = { line: number; code: string; message: string };
  function findings(file: string): Finding[] {
    const r = daybook(['check', file, '--json']);
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as { diagnostics: Finding[] }).diagnostics.filter((d) => d.code === 'task-outside-session' || d.code === 'logged-over-presence');
  }
  const found = (list: Finding[]) => list.map((d) => `${d.line} ${d.code}: ${d.message}`);

  test('hand-written days: wholly and partly outside, after midnight, open and start-less sessions, logged over presence', () => {
    const j = tempFile('days.txt', [
      '9:00 2024-05-06', 'GTD', '0, 9:00-12:00', '', '1, today', '1), 13:00-14:00 写测试', '2), 11:30-12:30 review the 接口', '3), 9:10-11:00 plan', '',
      '21:00 2024-05-07', 'GTD', '0, 21:00-2:00', '', '1, today', '1), 22:30-1:15 night migration', '2), 0:30-1:00 check the 备份', '',
      '9:00 2024-05-08', 'GTD', '0, -12:00 13:00', '', '1, today', '1), 9:00-10:00 mail', '2), 14:00-15:00 deploy', '3), 3h 写文档', '',
      '9:00 2024-05-09', 'GTD', '0, 9:00-10:00', '', '1, today', "1), 9:00-10:00 standup and notes", "2), 30' phone call", '',
      '9:00 2024-05-10', 'GTD', '1, today', '1), 9:00-10:00 no sessions written', '',
    ].join('\n'));
    assert.deepEqual(found(findings(j)), [
      // 2024-05-06: 60 + 60 + 110 min of tasks in 3 h present.
      '3 logged-over-presence: logged 3.83h (230 min) is more than the 3h (180 min) present in "0, 9:00-12:00": 50 min more than the sessions hold (a session not written, or a task\'s time too long?)',
      '6 task-outside-session: task 1) 13:00-14:00 (60 min) lies outside every presence session of "0, 9:00-12:00"',
      '7 task-outside-session: task 2) 11:30-12:30: 30 of its 60 min lie outside the presence sessions of "0, 9:00-12:00"',
      '29 logged-over-presence: logged 1.5h (90 min) is more than the 1h (60 min) present in "0, 9:00-10:00": 30 min more than the sessions hold (a session not written, or a task\'s time too long?)',
    ]);
    // 2024-05-07: both tasks lie in the session across midnight. 2024-05-08: the tasks lie in "-12:00" and "13:00" as far as
    // they are written, and an open session's end is not known, so its 5 h are not compared. 2024-05-10 has no sessions.
  });

  test('the sample: 2013-02-05 logged over presence, the 9:00-9:40 task of 2013-02-22 outside its sessions', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    // The findings quote the day's sessions line as the sample writes it (read in place, not copied here).
    const lines = text.split(/\r?\n/);
    const sessions = (header: RegExp) => lines.slice(lines.findIndex((l) => header.test(l))).find((l) => l.startsWith('0, '))!;
    const feb5 = sessions(/^\d{1,2}:\d{2} 2013-0?2-0?5$/);
    const feb22 = sessions(/^13:30 2013-0?2-22$/);
    assert.deepEqual(found(findings(SAMPLE)), [
      `222 logged-over-presence: logged 7.62h (457 min) is more than the 7.5h (450 min) present in "${feb5}": 7 min more than the sessions hold (a session not written, or a task's time too long?)`,
      // 11:13-12:40 against the session 10:35-12:35.
      `226 task-outside-session: task 2) 11:13-12:40: 5 of its 87 min lie outside the presence sessions of "${feb5}"`,
      `1137 task-outside-session: task 1) 9:00-9:40 (40 min) lies outside every presence session of "${feb22}"`,
    ]);
    // The figures are those of daybook hours.
    const d = day(hours(['--day', '2013-02-05', '--journal', SAMPLE]), '2013-02-05');
    assert.deepEqual([d.account!.loggedMinutes, d.account!.presenceMinutes], [457, 450]);
  });

  test('the example journal: 2025-10-06 logs 2.5 h without a time of day on top of its spans', () => {
    assert.deepEqual(found(findings(path.join(EXAMPLE, '2025-10.txt'))), [
      '4 logged-over-presence: logged 8.5h (510 min) is more than the 8.17h (490 min) present in "0, 9:25-12:15 13:10-18:30": 20 min more than the sessions hold (a session not written, or a task\'s time too long?)',
    ]);
  });
});

describe('days off from iCalendar files', () => {
  const ics = (...events: string[][]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//daybook tests//EN', ...events.flatMap((e, i) => ['BEGIN:VEVENT', `UID:${i}@daybook-test`, 'DTSTAMP:20130101T000000Z', ...e, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\r\n');
  const targets = (r: Report) => r.days.map((d) => `${d.date} ${d.targetMinutes}`);

  test('an all-day event removes its day\'s target (each day of a longer one, each year of a yearly one); a timed event does not', (t) => {
    if (sampleText(t) === undefined) return;
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'holidays.ics'),
      ics(
        ['SUMMARY:试验假日', 'DTSTART;VALUE=DATE:20130205', 'DTEND;VALUE=DATE:20130206'],
        ['SUMMARY:dentist', 'DTSTART:20130206T100000Z', 'DTEND:20130206T110000Z'],
        ['SUMMARY:two days of leave', 'DTSTART;VALUE=DATE:20130207', 'DTEND;VALUE=DATE:20130209'],
        ['SUMMARY:founding day', 'DTSTART;VALUE=DATE:20100204', 'RRULE:FREQ=YEARLY'],
      ),
    );
    // Relative to the config file's directory, beside a date written in the list.
    const cfg = path.join(dir, 'config.json');
    fs.writeFileSync(cfg, JSON.stringify({ daysOff: ['holidays.ics', '2013-02-10'] }));
    const r = hours(['--week', '2013-W06', '--journal', SAMPLE, '--config', cfg]);
    assert.deepEqual(targets(r), ['2013-02-04 0', '2013-02-05 0', '2013-02-06 360', '2013-02-07 0', '2013-02-08 0', '2013-02-09 360', '2013-02-10 0']);
    // Without the calendar, every day has its target: 2013-02-05 is 1.62 h over 6 h; with it, all of its 7.62 h are over.
    assert.equal(day(hours(['--week', '2013-W06', '--journal', SAMPLE]), '2013-02-05').diffMinutes, 457 - 360);
    assert.equal(day(r, '2013-02-05').diffMinutes, 457);
    assert.equal(r.weeks[0]!.targetMinutes, 360);
  });

  test('a calendar of timed events (daybook\'s own iCalendar export) gives no day off; an endless daily event is read to 1,000 days', () => {
    const dir = tempDir();
    const exported = daybook(['export', 'ical', '--journal', EXAMPLE], { env: { TZ: 'UTC' } });
    assert.equal(exported.status, 0, exported.stderr);
    fs.writeFileSync(path.join(dir, 'export.ics'), exported.stdout);
    fs.writeFileSync(path.join(dir, 'daily.ics'), ics(['SUMMARY:every day', 'DTSTART;VALUE=DATE:20250101', 'RRULE:FREQ=DAILY']));
    const timed = hours(['--week', '2025-W41', '--journal', EXAMPLE, '--config', config({ daysOff: [path.join(dir, 'export.ics')] })]);
    assert.ok(timed.days.every((d) => d.targetMinutes === 360));
    const daily = hours(['--since', '2027-09-25', '--until', '2027-09-28', '--journal', EXAMPLE, '--config', config({ daysOff: [path.join(dir, 'daily.ics')] })]);
    // 1,000 days from 2025-01-01 end on 2027-09-27.
    assert.deepEqual(targets(daily), ['2027-09-25 0', '2027-09-26 0', '2027-09-27 0', '2027-09-28 360']);
  });

  test('only the commands that count targets read the calendars: finding the journal by the config does not', () => {
    const dir = tempDir();
    const cfg = path.join(dir, 'config.json');
    fs.writeFileSync(cfg, JSON.stringify({ journal: EXAMPLE, daysOff: ['missing.ics'] }));
    const shown = daybook(['show', '"9:35 2025-11-3"', '--config', cfg]);
    assert.equal(shown.status, 0, shown.stderr);
    const counted = daybook(['hours', '--week', '2025-W45', '--config', cfg]);
    assert.equal(counted.status, 2);
    assert.match(counted.stderr, /names the calendar .*missing\.ics, which cannot be read: no such file/);
  });

  test('bad calendars are refused with the file, the reason and an example; nothing is written', () => {
    const dir = tempDir();
    const write = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
    const journal = tempFile('j.txt', '9:00 2013-02-05\nGTD\n0, 9:00-10:00\n\n1, today\n1), 9:00-10:00 x\n');
    const before = fingerprint(journal);
    for (const [file, message] of [
      [path.join(dir, 'missing.ics'), /"daysOff" in the config file .* names the calendar .*missing\.ics, which cannot be read: no such file\n {2}for example: \{"daysOff": \["2013-02-11", "~\/calendars\/holidays\.ics"\]\}/],
      [write('notes.ics', 'holidays: 2013-02-11\n'), /the calendar .*notes\.ics \(in "daysOff" of .*\) is not an iCalendar file \(.*\)\n {2}expected a calendar of all-day events, e\.g\. BEGIN:VCALENDAR/],
      [write('card.ics', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jim\r\nEND:VCARD\r\n'), /is not an iCalendar file \(it holds a VCARD, not a VCALENDAR\)/],
      [write('long.ics', ics(['SUMMARY:sabbatical', 'DTSTART;VALUE=DATE:20130101', 'DTEND;VALUE=DATE:20990101'])), /"sabbatical" from 2013-01-01 spans 31411 days, more than a day off can \(at most 366\)/],
    ] as const) {
      const r = daybook(['hours', '--week', '2013-W06', '--journal', journal, '--config', config({ daysOff: [file] })]);
      assert.equal(r.status, 2, `${file}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.equal(fingerprint(journal), before);
  });
});

describe('timesheets: daybook export csv', () => {
  type Row = { date: string; start: string; end: string; minutes: number; task: string; thread: string; topics: string; reference: string };
  const env = { DAYBOOK_NOW: '2026-01-01 12:00' };
  function sheet(journal: string, range: string[] = []): { rows: Row[]; json: Row[] } {
    const csv = daybook(['export', 'csv', ...range, '--journal', journal], { env });
    assert.equal(csv.status, 0, csv.stderr);
    const head = csv.stdout.split('\r\n', 1)[0];
    assert.equal(head, 'date,start,end,minutes,task,thread,topics,reference');
    // Read back by a maintained CSV parser (csv-parse), as a spreadsheet would.
    const rows = (parseCsv(csv.stdout, { columns: true, skip_empty_lines: true }) as Record<string, string>[]).map((r) => ({ ...r, minutes: Number(r.minutes) }) as Row);
    const json = daybook(['export', 'csv', '--json', ...range, '--journal', journal], { env });
    assert.equal(json.status, 0, json.stderr);
    // --json by the command line's convention: the rows under `timesheet`.
    return { rows, json: (JSON.parse(json.stdout) as { timesheet: Row[] }).timesheet };
  }

  for (const [name, journal] of [
    ['the sample', SAMPLE],
    ['the example journal', EXAMPLE],
    ['the edge cases (overlaps, time off, midnight, durations)', EDGES],
  ] as const) {
    test(`${name}: each day's rows add up to its logged minutes in hours --json; --json has the same rows`, (t) => {
      if (journal === SAMPLE && sampleText(t) === undefined) return;
      const { rows, json } = sheet(journal);
      assert.deepEqual(json, rows, 'the same columns in --json');
      const dates = [...new Set(rows.map((r) => r.date))].sort();
      assert.ok(dates.length >= 3, dates.join(' '));
      const h = hours(['--since', dates[0]!, '--until', dates.at(-1)!, '--journal', journal]);
      const perDay = new Map<string, number>();
      for (const r of rows) perDay.set(r.date, (perDay.get(r.date) ?? 0) + r.minutes);
      for (const d of h.days.filter((d) => d.account)) assert.equal(perDay.get(d.date) ?? 0, d.account!.loggedMinutes, d.date);
      assert.ok(rows.every((r) => r.minutes > 0 && /^see"\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}"\d+\.\d+$/.test(r.reference)), 'every row says where its task is written');
    });
  }

  test('the sample: every row\'s reference is found by daybook show, and is the task it comes from', async (t) => {
    if (sampleText(t) === undefined) return;
    const { rows } = sheet(SAMPLE, ['--week', '2013-W08']);
    // 2013-02-22: the 9:00-9:40 meeting, two spans of the lock patch, 30' of mailing list (no time of day).
    assert.deepEqual(
      rows.filter((r) => r.date === '2013-02-22').map((r) => [r.start, r.end, r.minutes, r.reference]),
      [
        ['09:00', '09:40', 40, 'see"13:30 2013-2-22"1.1'],
        ['15:00', '17:50', 170, 'see"13:30 2013-2-22"1.3'],
        ['20:24', '21:35', 71, 'see"13:30 2013-2-22"1.3'],
        ['21:37', '22:12', 35, 'see"13:30 2013-2-22"1.4'],
        ['', '', 30, 'see"13:30 2013-2-22"1.2'],
      ],
    );
    // The thread column names the thread (or, for a task on an entry of no thread, the title) the task refers to,
    // as the sample writes them (read in place, not copied here): the two spans of one task share theirs.
    const day22 = rows.filter((r) => r.date === '2013-02-22');
    const keys = (await import('../src/journal/read.js')).readJournal([SAMPLE], path.dirname(SAMPLE));
    const named = new Set([...keys.threads.keys(), ...keys.entries.map((e) => e.title?.text ?? '')]);
    for (const r of day22) assert.ok(named.has(r.thread), `${r.reference}: "${r.thread}" is a thread or a title of the sample`);
    assert.equal(day22[1]!.thread, day22[2]!.thread);
    assert.equal(new Set(day22.map((r) => r.thread)).size, 4);
    assert.ok(keys.threads.has(day22[1]!.thread) && keys.threads.has(day22[3]!.thread), 'the patch and the test are threads');
    for (const ref of new Set(rows.map((r) => r.reference))) {
      const shown = daybook(['show', ref, '--journal', SAMPLE]);
      assert.equal(shown.status, 0, `${ref}: ${shown.stderr}`);
      const task = rows.find((r) => r.reference === ref)!.task;
      assert.ok(shown.stdout.replace(/\s+/g, ' ').includes(task.slice(0, 20)), `${ref} shows "${task}": ${shown.stdout.slice(0, 200)}`);
    }
  });

  test('text with commas, quotes, Chinese and a line break survives the round trip', () => {
    const j = tempFile('j.txt', '9:00 2024-06-03\nGTD\n0, 9:00-18:00\n\n1, today\n1), 9:00-10:00 review "fast path", then 回归测试, twice\n2), 1.5h 写周报; notes\n');
    const { rows } = sheet(j);
    assert.deepEqual(rows.map((r) => [r.start, r.end, r.minutes, r.task]), [
      ['09:00', '10:00', 60, 'review "fast path", then 回归测试, twice'],
      ['', '', 90, '写周报; notes'],
    ]);
  });

  test('bad input: an unknown format, --track or --json where they do not belong, a bad range; nothing is written', () => {
    const j = tempFile('j.txt', '9:00 2024-06-03\nGTD\n0, 9:00-18:00\n\n1, today\n1), 9:00-10:00 x\n');
    const before = fingerprint(j);
    for (const [args, message] of [
      [['xlsx'], /export: unknown format "xlsx"\n {2}expected "timewarrior", "ical", "csv", "json", "markdown DIR" or "org FILE", e\.g\. daybook export csv --month 2013-02 > feb\.csv/],
      [['csv', '--track'], /export: --track is for timewarrior/],
      [['ical', '--json'], /export: --json is for csv \(ical is written in its own format\)\n {2}e\.g\. daybook export csv --json --month 2013-02/],
      [['csv', '--week', '2024-W60'], /--week "2024-W60": 2024 has no week 60/],
    ] as const) {
      const r = daybook(['export', ...args, '--journal', j]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.equal(fingerprint(j), before);
  });
});

describe('exports', () => {
  test('Timewarrior (Debian 1.4.3): the --track commands load, and timew gives the same intervals and totals', (t) => {
    if (!haveTool(t, 'timew', ['--version'], 'timewarrior')) return;
    const db = tempDir();
    const env = { TZ: 'UTC' };
    const track = daybook(['export', 'timewarrior', '--track', '--journal', EDGES], { env });
    assert.equal(track.status, 0, track.stderr);
    const loaded = spawnSync('sh', [], { input: track.stdout, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TZ: 'UTC', TIMEWARRIORDB: db } });
    assert.equal(loaded.status, 0, loaded.stderr);
    const timew = JSON.parse(spawnSync('timew', ['export'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TZ: 'UTC', TIMEWARRIORDB: db } }).stdout) as { start: string; end: string; tags: string[] }[];
    const ours = JSON.parse(daybook(['export', 'timewarrior', '--journal', EDGES], { env }).stdout) as { start: string; end: string; tags: string[] }[];
    const key = (i: { start: string; end: string }) => `${i.start}-${i.end}`;
    assert.deepEqual(timew.map(key).sort(), ours.map(key).sort());
    assert.deepEqual(timew.find((i) => i.start === '20121231T090000Z')!.tags.sort(), ['_2013', 'planning']);
    // Totals per GTD day (by the day an interval starts) equal the union of its task spans less time off, as hours counts them.
    const minutes = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13)) / 60_000;
    const perDay = new Map<string, number>();
    for (const i of timew) perDay.set(i.start.slice(0, 8), (perDay.get(i.start.slice(0, 8)) ?? 0) + minutes(i.end) - minutes(i.start));
    const r = hours(['--since', '2012-12-24', '--until', '2013-01-06', '--journal', EDGES], env);
    const days = r.days.filter((x) => x.account && x.account.spannedMinutes > 0);
    assert.ok(days.some((d) => d.account!.timeOffMinutes > 0), 'the fixture has time off to leave out');
    for (const d of days) assert.equal(perDay.get(d.date.replace(/-/g, '')), d.account!.spannedMinutes - d.account!.timeOffMinutes, d.date);
    // Task 5 (13:00-14:00, nap 30'): its interval ends at 13:30.
    assert.ok(timew.some((i) => i.start === '20121231T130000Z' && i.end === '20121231T133000Z'), JSON.stringify(timew));
    const summary = spawnSync('timew', ['summary', '2012-12-24', '-', '2013-01-07'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TZ: 'UTC', TIMEWARRIORDB: db } }).stdout;
    const total = r.days.reduce((n, d) => n + (d.account ? d.account.spannedMinutes - d.account.timeOffMinutes : 0), 0);
    assert.match(summary, new RegExp(`\\n\\s+${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}:00\\s*\\n*$`));
  });

  test('iCalendar: every session and task span is an event ical.js reads back', () => {
    const r = daybook(['export', 'ical', '--journal', EDGES], { env: { TZ: 'UTC', DAYBOOK_NOW: '2026-01-01 12:00' } });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.split('\n').every((l) => l === '' || l.endsWith('\r')), 'CRLF line endings');
    const cal = new ICAL.Component(ICAL.parse(r.stdout));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    // 1 + 2 + 1 sessions; 1 + 4 + 0 task spans (the open one is not exported; the overlapping one is cut).
    assert.equal(events.filter((e) => e.summary === 'presence').length, 4);
    assert.equal(events.length, 9);
    const night = events.find((e) => e.summary === 'night migration.')!;
    assert.equal(night.startDate.toString(), '2012-12-31T22:30:00Z');
    assert.equal(night.endDate.toString(), '2013-01-01T01:15:00Z');
    assert.equal(new Set(events.map((e) => e.uid)).size, events.length);
    assert.ok(events.every((e) => e.endDate.compare(e.startDate) > 0));
    // The same event has the same UID whatever the range exported: a day, a week, since a day; and its spans as written (time off kept).
    const uids = (args: string[]) => {
      const out = daybook(['export', 'ical', '--journal', EDGES, ...args], { env: { TZ: 'UTC', DAYBOOK_NOW: '2026-01-01 12:00' } });
      assert.equal(out.status, 0, out.stderr);
      return new Map(new ICAL.Component(ICAL.parse(out.stdout)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).map((e) => [e.uid, `${e.startDate.toString()} ${e.endDate.toString()} ${e.summary}`]));
    };
    const all = new Map(events.map((e) => [e.uid, `${e.startDate.toString()} ${e.endDate.toString()} ${e.summary}`]));
    for (const range of [['--day', '2012-12-31'], ['--since', '2012-12-31', '--until', '2013-01-06'], ['--week', '2013-W01'], ['--day', '2013-01-02']]) {
      const part = uids(range);
      assert.ok(part.size > 0, range.join(' '));
      for (const [uid, what] of part) assert.equal(what, all.get(uid), `${range.join(' ')}: ${uid}`);
    }
    assert.equal(uids(['--day', '2012-12-31']).get('20121231T0900-task5-1@daybook'), '2012-12-31T13:00:00Z 2012-12-31T14:00:00Z contradicting.');
  });
});

describe('bad input: reported, never a crash, never a silent zero', () => {
  for (const [what, args, message] of [
    ['an invalid week', ['--week', '2013-W60'], /--week "2013-W60": 2013 has no week 60/],
    ['an invalid date', ['--day', '2013-02-30'], /--day "2013-02-30": 2013-02 has no day 30/],
    ['two ranges', ['--day', '2013-02-05', '--week', '2013-W06'], /hours: --day with --week: give one range\n {2}e\.g\. daybook hours --week 2013-W06/],
    ['a config target that is not hours', ['--config', 'TARGET'], /"target" in the config file .* must be a number of hours \(0 to 24\) or an object of them by weekday, not "six"/],
    ['a config weekday that does not exist', ['--config', 'WEEKDAY'], /weekdays named default, mon, .* not "monday"/],
    ['a config pattern that is not a regular expression', ['--config', 'PATTERN'], /"overhead" .* must be regular expressions; "\(mail" is not one/],
    ['a config day off that is not a date', ['--config', 'DAYOFF'], /"daysOff" .* must be a list of dates written YYYY-MM-DD or paths of \.ics files, not \["2013-02-30"\]/],
    ['a config day off that is neither a date nor a calendar', ['--config', 'DAYOFFTXT'], /"daysOff" .* must be a list of dates written YYYY-MM-DD or paths of \.ics files, not \["holidays\.txt"\]\n {2}for example: \{"daysOff": \["2013-02-11", "~\/calendars\/holidays\.ics"\]\}/],
    ['a balance policy that is not one', ['--config', 'POLICY'], /"balance" in the config file .* must be "carry" \(overtime offsets shortfalls\) or "shortfall" \(only shortfalls add up\), not "shortfalls"\n {2}for example: \{"balance": "shortfall"\}/],
    ['a balance policy that is not a word', ['--config', 'POLICYNUM'], /"balance" .* must be "carry" .* not true/],
  ] as const) {
    test(what, () => {
      const files: Record<string, unknown> = { POLICY: { balance: 'shortfalls' }, POLICYNUM: { balance: true }, TARGET: { target: 'six' }, WEEKDAY: { target: { monday: 6 } }, PATTERN: { overhead: ['(mail'] }, DAYOFF: { daysOff: ['2013-02-30'] }, DAYOFFTXT: { daysOff: ['holidays.txt'] } };
      const a = args.map((x) => (x in files ? config(files[x]) : x));
      const r = daybook(['hours', ...a, '--journal', EXAMPLE]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /\n {2}(expected|for example|e\.g\.)/);
    });
  }

  test('a GTD day whose "0, " line is garbage, or missing, is reported with file:line', () => {
    const j = tempFile('j.txt', '9:00 2024-01-08\nGTD\n0, arrived around nine, left late\n\n1, today\n1), 9:00-10:00 x\n\n9:00 2024-01-09\nGTD\n1, today\n1), 1h y\n');
    const r = hours(['--week', '2024-W02', '--journal', j]);
    assert.deepEqual(day(r, '2024-01-08').notes.map((n) => n.line), [3]);
    assert.match(day(r, '2024-01-08').notes[0]!.message, /^the "0, " line holds "arrived around nine, left late", which is not a time/);
    assert.match(day(r, '2024-01-09').notes[0]!.message, /has no "0, " line: presence is not recorded/);
    const text = daybook(['hours', '--week', '2024-W02', '--journal', j]).stdout;
    assert.match(text, /j\.txt:3: the "0, " line holds/);
  });
});

describe('the weekly work report', () => {
  test('hours by thread (from the entries the tasks reference), the tasks, entries, TODOs and summaries', () => {
    const r = daybook(['report', '--week', '2025-W41', '--journal', EXAMPLE, '--json'], { env: { DAYBOOK_NOW: '2026-01-01 12:00' } });
    assert.equal(r.status, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as { focusMinutes: number; groups: { name: string; minutes: number }[]; tasks: { date: string; minutes: number; group: string }[]; entries: unknown[]; todos: { state: string }[]; summaries: { date: string }[] };
    // 2025-10-06: 9:30-10:00 mail (see the 9:48 entry), 10:05-12:10 13:15-16:40 the O_DIRECT WAL (the 10:20 entry, a sub-thread), 2.5h the benchmark (15:10 on 10-07, part 1 of the compaction thread).
    const monday = rep.tasks.filter((t) => t.date === '2025-10-06');
    assert.deepEqual(
      monday.map((t) => [t.minutes, t.group]),
      [
        [30, 'work, mail, staging cluster, maintenance window'],
        [125 + 205, 'storage, tidepool, wal, fsync latency / O_DIRECT patch'],
        [150, 'storage, tidepool, compaction, leveled'],
      ],
    );
    const sum = rep.groups.reduce((n, g) => n + g.minutes, 0);
    assert.equal(sum, rep.tasks.reduce((n, t) => n + t.minutes, 0));
    assert.deepEqual(rep.summaries.map((s) => s.date), ['2025-10-06', '2025-10-08', '2025-10-09']);
    assert.ok(rep.entries.length >= 5);
  });

  test('as outline text and as Markdown: sections, then the hours and the balance', () => {
    const text = daybook(['report', '--week', '2025-W41', '--journal', EXAMPLE]).stdout;
    assert.match(text, /^work report - 2025-W41\n1, done\n1\), storage, tidepool, wal, fsync latency: 5\.92 h on 1 day\. see"11:15 2025-10-10"\.\n/);
    assert.match(text, /\n2, in progress\n1\), storage, tidepool, compaction, leveled: 8\.08 h on 3 days\. see"14:30 2025-10-8"\.\n/);
    assert.match(text, /\n5, hours\n1\), storage, tidepool, compaction, leveled: 8\.08 h\. see"14:30 2025-10-8"\.\n(.*\n)*\d\), focus 21 h of 18 h, over 3 h\. see("[\d: -]+", )+"[\d: -]+"\.\n$/);
    const md = daybook(['report', '--week', '2025-W41', '--journal', EXAMPLE, '--markdown']).stdout;
    assert.match(md, /^# work report - 2025-W41\n\n## Done\n\n- storage, tidepool, wal, fsync latency: 5\.92 h on 1 day\. see"11:15 2025-10-10"\.\n/);
    assert.match(md, /\n## Hours\n\n- storage, tidepool, compaction, leveled: 8\.08 h\. see"14:30 2025-10-8"\.\n/);
  });

  test('TODOs in GTD days are reported; tasks without a topic are summed on a line of their own, in JSON, text and Markdown', () => {
    const file = path.join(tempDir(), 'gtd.txt');
    fs.writeFileSync(
      file,
      [
        '8:00 2025-10-06',
        'storage, wal',
        '1, the WAL notes. \\TODO measure it',
        '',
        '9:00 2025-10-06',
        'GTD',
        '0, 9:00-17:00',
        '',
        '1, today',
        '1), 9:00-10:00 the WAL. see"8:00 2025-10-06".',
        '2), 10:00-11:30 mail',
        "3), 45' phone",
        '4), 13:00-14:00 untitled. see"12:00 2025-10-06".',
        '5), Summary: a day.',
        '2, \\TODO book the room',
        '3, \\DONE call Lin',
        '',
        '12:00 2025-10-06',
        '',
        '1, an entry without a title.',
        '',
      ].join('\n'),
    );
    const env = { DAYBOOK_NOW: '2026-01-01 12:00', NO_COLOR: '1' };
    const r = daybook(['report', '--week', '2025-W41', '--journal', file, '--json'], { env });
    assert.equal(r.status, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as { topics: { name: string; minutes: number }[]; noTopic: { minutes: number; tasks: number }; tasks: { minutes: number }[]; todos: { state: string; text: string; moment: string }[] };
    assert.deepEqual(rep.todos.map((t) => [t.state, t.text, t.moment]).sort(), [
      ['done', 'call Lin', '2025-10-06T09:00'],
      ['open', 'book the room', '2025-10-06T09:00'],
      ['open', 'measure it', '2025-10-06T08:00'],
    ]);
    assert.deepEqual(rep.topics, [{ name: 'storage', minutes: 60 }]);
    assert.deepEqual(rep.noTopic, { minutes: 90 + 45 + 60, tasks: 3 });
    // Every task's minutes are in the by-topic lines, said or summed.
    assert.equal(rep.topics.reduce((n, t) => n + t.minutes, 0) + rep.noTopic.minutes, rep.tasks.reduce((n, t) => n + t.minutes, 0));
    // The TODOs are points of next (open) and done, each with the item it stands in.
    const text = daybook(['report', '--week', '2025-W41', '--journal', file], { env }).stdout;
    assert.match(text, /\n\d, next\n1\), \\TODO measure it\. see"8:00 2025-10-6"1\.\n2\), \\TODO book the room\. see"9:00 2025-10-6"2\.\n/);
    assert.match(text, /\n1, done\n(.*\n)*\d\), \\DONE call Lin\. see"9:00 2025-10-6"3\.\n2, /);
    const md = daybook(['report', '--week', '2025-W41', '--journal', file, '--markdown'], { env }).stdout;
    assert.match(md, /\n## Next\n\n- \\TODO measure it\. see"8:00 2025-10-6"1\.\n- \\TODO book the room\. see"9:00 2025-10-6"2\.\n/);
  });

  test('bad ranges are refused', () => {
    const r = daybook(['report', '--last-week', '--week', '2025-W41', '--journal', EXAMPLE]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--last-week with another range/);
    const w = daybook(['report', '--week', '2025-W99', '--journal', EXAMPLE]);
    assert.equal(w.status, 2);
    assert.match(w.stderr, /2025 has no week 99/);
  });
});

describe('the bar chart', () => {
  test('fits the terminal: wider bars on a wider one, no line longer than it', (t) => {
    if (!haveScript(t)) return;
    const lines = (cols: number) =>
      spawnSync('/usr/bin/script', ['-qec', `stty cols ${cols}; NO_COLOR=1 DAYBOOK_PAGER= DAYBOOK_NOW="2026-01-01 12:00" ${process.execPath} bin/daybook.js hours --since 2012-12-28 --until 2013-01-02 --journal ${EDGES}`, '/dev/null'], { cwd: ROOT, encoding: 'utf8' })
        .stdout.split(/\r?\n/)
        .filter((l) => l.includes('█') || l.includes('░'));
    const narrow = lines(75);
    const wide = lines(120);
    assert.ok(narrow.length >= 3);
    assert.ok(narrow.every((l) => [...l].length <= 75), narrow.join('\n'));
    assert.ok(wide.every((l) => [...l].length <= 120));
    assert.ok(Math.max(...wide.map((l) => [...l].length)) > Math.max(...narrow.map((l) => [...l].length)));
  });
});
