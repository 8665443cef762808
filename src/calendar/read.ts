/**
 * Dates as a user types them on the command line, read into the calendar's
 * values. Each flag takes its own kind of value and refuses the others with
 * what it expected, an example, and the flag that would have taken it:
 *
 * - `readRange` (`--on`, `--since`, `--until`): any of 2013-02-16, 2013-2-16,
 *   2013-02, 2013, 2013-W08, today, yesterday, a weekday (`friday`, `fri`:
 *   the latest one, today included), `last friday` (the latest one before
 *   today), `3 days ago`, this week, last week, `2 weeks ago`, this month,
 *   last month, `2 months ago`, as the range of days it names;
 * - `readDay` (`--day`): a day: 2013-02-16, 2013-2-16, today, yesterday, a
 *   weekday, `last friday`, `3 days ago`;
 * - `readWeek` (`--week`): an ISO week: 2013-W06, a day (the week that holds
 *   it), this week, last week;
 * - `readMonth` (`--month`): a month: 2013-02, a day (its month), this month,
 *   last month.
 *
 * `today` is the clock's day (see `clock.ts`).
 *
 * ```ts
 * readWeek('2013-02-06', 20260101, '--week'); // { year: 2013, week: 6 }
 * readWeek('2013-06', 20260101, '--week'); // throws: did you mean --month 2013-06?
 * readRange('2013-W08', 20260101, '--on'); // { from: 20130218, to: 20130224 }
 * ```
 */
import { InputError } from '../errors.js';
import { addDays, dayOf, dayParts, isDay, weekday, type Day } from './day.js';
import { addMonths, monthOf, monthRange, type Month } from './month.js';
import { dayRange, yearRange, type DayRange } from './range.js';
import { addWeeks, weekOf, weekRange, weeksInYear, type IsoWeek } from './week.js';

/** What a date as typed names. */
type Form = { kind: 'day'; day: Day } | { kind: 'week'; week: IsoWeek } | { kind: 'month'; month: Month } | { kind: 'year'; year: number };

const RANGE_HINT = 'expected a date like 2013-02-16, 2013-2-16, 2013-02, 2013, 2013-W08, today, yesterday, friday, last friday, 3 days ago, this week, last week, 2 weeks ago, this month, last month or 2 months ago';
const hintOf = (flag: string) => ({
  day: `expected a day: 2013-02-16, 2013-2-16, today, yesterday, friday, last friday or 3 days ago, e.g. ${flag} 2013-02-16`,
  week: `expected an ISO week: 2013-W06, a day meaning the week that holds it (2013-02-05, friday), "this week", "last week" or "2 weeks ago", e.g. ${flag} 2013-W06`,
  month: `expected a month: 2013-02 (or 2013-2), a day meaning its month, "this month", "last month" or "2 months ago", e.g. ${flag} 2013-02`,
});

/** Weekday names and their short forms, 0 for Sunday (as `weekday`). */
const WEEKDAYS: Record<string, number> = { sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6 };

/** The most a count of `N days/weeks/months ago` may be: back to the year 1000, no further (no work grows with it). */
const MAX_AGO = { day: 400_000, week: 60_000, month: 13_000 };

/** The latest day with that weekday, on or before `today` (strictly before with `before`). */
function lastWeekday(today: Day, wd: number, before: boolean): Day {
  const back = (weekday(today) - wd + 7) % 7;
  return addDays(today, back === 0 && before ? -7 : -back);
}

/** Reads the date words: weekday names, `last friday`, `N days|weeks|months ago`; undefined for other text. */
function readWords(s: string, today: Day, bad: (why: string) => InputError): Form | undefined {
  const wd = /^(last )?([a-z]+)$/.exec(s);
  if (wd && WEEKDAYS[wd[2]!] !== undefined) return { kind: 'day', day: lastWeekday(today, WEEKDAYS[wd[2]!]!, wd[1] !== undefined) };
  const ago = /^(\d+|an?|one) (day|week|month)s? ago$/.exec(s);
  if (!ago) return undefined;
  const n = /^\d+$/.test(ago[1]!) ? Number(ago[1]) : 1;
  const unit = ago[2] as 'day' | 'week' | 'month';
  if (n > MAX_AGO[unit]) throw bad(`${ago[1]} ${unit}s ago is before the year 1000, which no journal header can hold`);
  const form: Form = unit === 'day' ? { kind: 'day', day: addDays(today, -n) } : unit === 'week' ? { kind: 'week', week: addWeeks(weekOf(today), -n) } : { kind: 'month', month: addMonths(monthOf(today), -n) };
  const first = form.kind === 'day' ? form.day : form.kind === 'week' ? weekRange(form.week).from : form.kind === 'month' ? monthRange(form.month).from : today;
  if (dayParts(first).year < 1000) throw bad(`${ago[1]} ${unit}s ago is before the year 1000, which no journal header can hold`);
  return form;
}

/** Reads any form; throws with `hint` for what is no date at all. */
function readForm(text: string, today: Day, flag: string, hint: string): Form {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const bad = (why: string) => new InputError(`${flag} ${JSON.stringify(text)}: ${why}`, hint);
  switch (s) {
    case 'today':
      return { kind: 'day', day: today };
    case 'yesterday':
      return { kind: 'day', day: addDays(today, -1) };
    case 'this week':
      return { kind: 'week', week: weekOf(today) };
    case 'last week':
      return { kind: 'week', week: addWeeks(weekOf(today), -1) };
    case 'this month':
      return { kind: 'month', month: monthOf(today) };
    case 'last month':
      return { kind: 'month', month: addMonths(monthOf(today), -1) };
  }
  const words = readWords(s, today, bad);
  if (words) return words;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12) throw bad(`there is no month ${mo}`);
    if (!isDay(y, mo, d)) throw bad(`${y}-${String(mo).padStart(2, '0')} has no day ${d}`);
    return { kind: 'day', day: dayOf(y, mo, d) };
  }
  m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) throw bad(`there is no month ${mo}`);
    return { kind: 'month', month: { year: y, month: mo } };
  }
  m = /^(\d{4})-w(\d{1,2})$/.exec(s);
  if (m) {
    const [y, w] = [Number(m[1]), Number(m[2])];
    if (w < 1 || w > weeksInYear(y)) throw bad(`${y} has no week ${w} (weeks are numbered 1 to ${weeksInYear(y)}, ISO 8601)`);
    return { kind: 'week', week: { year: y, week: w } };
  }
  m = /^(\d{4})$/.exec(s);
  if (m) return { kind: 'year', year: Number(m[1]) };
  throw bad(s === '' ? 'empty' : 'not a date daybook knows');
}

/** How the text would be given to another flag: `2013-06`, `"this week"`. */
const shown = (text: string) => (/\s/.test(text.trim()) ? JSON.stringify(text.trim().replace(/\s+/g, ' ')) : text.trim());

/** The refusal of a form the flag does not take, pointing to the flag that does. */
function wrongKind(text: string, flag: string, wanted: 'day' | 'week' | 'month', form: Form): InputError {
  const a = { day: 'a day', week: 'a week', month: 'a month', year: 'a whole year' };
  const instead = form.kind === 'year' ? `--since ${form.year}-01-01 --until ${form.year}-12-31` : `--${form.kind} ${shown(text)}`;
  return new InputError(`${flag} ${JSON.stringify(text)}: that is ${a[form.kind]}, not ${a[wanted]}; did you mean ${instead}?`, hintOf(flag)[wanted]);
}

/**
 * Reads a date as the range of days it names (`--on`, `--since`, `--until`).
 *
 * ```ts
 * readRange('last month', 20130110, '--on'); // { from: 20121201, to: 20121231 }
 * ```
 */
export function readRange(text: string, today: Day, flag: string): DayRange {
  const f = readForm(text, today, flag, RANGE_HINT);
  switch (f.kind) {
    case 'day':
      return dayRange(f.day);
    case 'week':
      return weekRange(f.week);
    case 'month':
      return monthRange(f.month);
    case 'year':
      return yearRange(f.year);
  }
}

/**
 * Reads a day (`--day`): a date, `today`, `yesterday`, a weekday (`friday`:
 * the latest, today included), `last friday` (before today), `3 days ago`.
 *
 * ```ts
 * readDay('2013-2-6', 20260101, '--day'); // 20130206
 * ```
 */
export function readDay(text: string, today: Day, flag: string): Day {
  const f = readForm(text, today, flag, hintOf(flag).day);
  if (f.kind !== 'day') throw wrongKind(text, flag, 'day', f);
  return f.day;
}

/**
 * Reads an ISO week (`--week`): `2013-W06`, a day (the week that holds it),
 * `this week` or `last week`. A month or a year is refused.
 *
 * ```ts
 * readWeek('this week', 20130220, '--week'); // { year: 2013, week: 8 }
 * ```
 */
export function readWeek(text: string, today: Day, flag: string): IsoWeek {
  const f = readForm(text, today, flag, hintOf(flag).week);
  if (f.kind === 'day') return weekOf(f.day);
  if (f.kind !== 'week') throw wrongKind(text, flag, 'week', f);
  return f.week;
}

/**
 * Reads a month (`--month`): `2013-02`, a day (its month), `this month` or
 * `last month`. A week or a year is refused.
 *
 * ```ts
 * readMonth('2013-02-16', 20260101, '--month'); // { year: 2013, month: 2 }
 * ```
 */
export function readMonth(text: string, today: Day, flag: string): Month {
  const f = readForm(text, today, flag, hintOf(flag).month);
  if (f.kind === 'day') return monthOf(f.day);
  if (f.kind !== 'month') throw wrongKind(text, flag, 'month', f);
  return f.month;
}
