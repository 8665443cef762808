/**
 * Days of the (proleptic Gregorian) calendar. A day is a YYYYMMDD number,
 * `20130216`: it sorts, compares and fits in a map key as it is, and reads
 * back as text without a time zone getting in the way. The arithmetic counts
 * days since 1970-01-01 with plain integers (no `Date`), so that year 0050
 * is not read as 1950 and no local clock shifts a day.
 *
 * ```ts
 * addDays(20130228, 1); // 20130301
 * dayText(20130216); // '2013-02-16'
 * ```
 */

/** A day of the calendar as a YYYYMMDD number: `20130216`. */
export type Day = number;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of days of a month (1-based), leap years included; 0 for no month. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return DAYS[month - 1] ?? 0;
}

/** True when the parts name a real day: `isDay(2013, 2, 29)` is false. */
export function isDay(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && year >= 0 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The day of its parts (not checked: see `isDay`). */
export function dayOf(year: number, month: number, day: number): Day {
  return year * 10000 + month * 100 + day;
}

/** The parts of a day. */
export function dayParts(day: Day): { year: number; month: number; day: number } {
  return { year: Math.floor(day / 10000), month: Math.floor(day / 100) % 100, day: day % 100 };
}

const two = (n: number) => String(n).padStart(2, '0');

/** A day as `2013-02-16`. */
export function dayText(day: Day): string {
  const p = dayParts(day);
  return `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}`;
}

/**
 * A day written strictly `YYYY-MM-DD` (as config files and APIs write it);
 * undefined for anything else or a day that does not exist.
 *
 * ```ts
 * readDayText('2013-02-16'); // 20130216
 * readDayText('2013-02-30'); // undefined
 * ```
 */
export function readDayText(text: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isDay(y, mo, d) ? dayOf(y, mo, d) : undefined;
}

/** Days since 1970-01-01 (negative before). Out-of-range parts roll over: 2013-02-29 counts as 2013-03-01. */
export function epochDay(day: Day): number {
  const p = dayParts(day);
  const y = p.month <= 2 ? p.year - 1 : p.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (p.month + (p.month > 2 ? -3 : 9)) + 2) / 5) + p.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The day that is `n` days after 1970-01-01. */
export function fromEpochDay(n: number): Day {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return dayOf(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

/** The day `n` days later (earlier for a negative `n`): `addDays(20121231, 1)` is 20130101. */
export function addDays(day: Day, n: number): Day {
  return fromEpochDay(epochDay(day) + n);
}

/** How many days `to` is after `from` (negative when before): `daysBetween(20130228, 20130301)` is 1. */
export function daysBetween(from: Day, to: Day): number {
  return epochDay(to) - epochDay(from);
}

/** The day of the week, 0 for Sunday to 6 for Saturday (as `Date.getDay`). */
export function weekday(day: Day): number {
  return (((epochDay(day) + 4) % 7) + 7) % 7;
}

/** The day of the week counted from Monday (ISO 8601): 0 for Monday to 6 for Sunday. */
export function isoWeekday(day: Day): number {
  return (weekday(day) + 6) % 7;
}

/** `Sun` ... `Sat`. */
export function weekdayName(day: Day): string {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekday(day)]!;
}
