/**
 * The range of days a command or a page asks about, as the user gives it:
 * `--day`, `--week`, `--month`, `--last-week`, or `--since`/`--until`
 * (this week when none is given), and the name a report gives it. The CLI
 * and the web app read ranges here.
 */
import { UsageError } from '../errors.js';
import { addWeeks, dayRange, monthName, monthRange, readDay, readMonth, readRange, readWeek, weekName, weekOf, weekRange, type Day, type DayRange } from '../calendar/index.js';

/** A range as typed: at most one of its ways. */
export interface RangeInput {
  day?: string | undefined;
  week?: string | undefined;
  month?: string | undefined;
  lastWeek?: boolean | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** A range read, and its name when it is one week or month (`2013-W06`, `2013-02`). */
export interface NamedRange {
  range: DayRange;
  name?: string;
}

/** The longest range a command computes: work grows with the days of a range, and a year typed wrong must not make it a millennium. */
export interface RangeLimit {
  days: number;
  words: string;
}

/** The command line's: a long journal's whole life. */
export const CLI_RANGE: RangeLimit = { days: 20000, words: 'fifty years' };
/** The web app's: each request answers in bounded time (a no-cors request or a typo in the hours form cannot hold the server). */
export const WEB_RANGE: RangeLimit = { days: 731, words: 'two years' };

/**
 * Reads a range as typed; `today` is the clock's day. Bad input and two
 * ways at once are refused with an example.
 *
 * ```ts
 * readRangeInput({ week: '2013-W06' }, today, 'hours'); // { range: { from: 20130204, to: 20130210 }, name: '2013-W06' }
 * ```
 */
export function readRangeInput(v: RangeInput, today: Day, command: string, longest: RangeLimit = CLI_RANGE): NamedRange {
  const given = (['day', 'week', 'month', 'lastWeek'] as const).filter((k) => v[k] !== undefined && v[k] !== false);
  if (given.length > 1 || (given.length === 1 && (v.since !== undefined || v.until !== undefined))) {
    const flags = [...given.map((k) => (k === 'lastWeek' ? '--last-week' : `--${k}`)), ...(v.since !== undefined ? ['--since'] : []), ...(v.until !== undefined ? ['--until'] : [])];
    throw new UsageError(`${command}: ${flags.join(' with ')}: give one range`, `e.g. daybook ${command} --week 2013-W06, or --since 2013-02-01 --until 2013-02-28`);
  }
  if (v.day !== undefined) return { range: dayRange(readDay(v.day, today, '--day')) };
  if (v.week !== undefined) {
    const week = readWeek(v.week, today, '--week');
    return { range: weekRange(week), name: weekName(week) };
  }
  if (v.lastWeek) {
    const week = addWeeks(weekOf(today), -1);
    return { range: weekRange(week), name: weekName(week) };
  }
  if (v.month !== undefined) {
    const month = readMonth(v.month, today, '--month');
    return { range: monthRange(month), name: monthName(month) };
  }
  if (v.since !== undefined || v.until !== undefined) {
    const from = v.since !== undefined ? readRange(v.since, today, '--since').from : undefined;
    const to = v.until !== undefined ? readRange(v.until, today, '--until').to : today;
    if (from === undefined) throw new UsageError(`${command}: --until without --since`, `e.g. daybook ${command} --since 2013-02-01 --until 2013-02-28`);
    if (from > to) throw new UsageError(`${command}: --since is after --until`, 'expected the earlier date first, e.g. --since 2013-02-01 --until 2013-02-28');
    if (to - from > longest.days) throw new UsageError(`${command}: the range is longer than ${longest.words}`, 'expected a shorter range, e.g. --month 2013-02');
    return { range: { from, to } };
  }
  const week = weekOf(today);
  return { range: weekRange(week), name: weekName(week) };
}
