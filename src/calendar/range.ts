/**
 * Ranges of days, both ends included. The ends are YYYYMMDD numbers, so a
 * range can be open on one side with 0 or 99991231.
 *
 * ```ts
 * rangeDays({ from: 20130227, to: 20130302 }); // [20130227, 20130228, 20130301, 20130302]
 * ```
 */
import { addDays, type Day } from './day.js';

/** A range of days, both ends included, as YYYYMMDD numbers. */
export interface DayRange {
  from: Day;
  to: Day;
}

/** The range of one day. */
export function dayRange(day: Day): DayRange {
  return { from: day, to: day };
}

/** The days of a whole year. */
export function yearRange(year: number): DayRange {
  return { from: year * 10000 + 101, to: year * 10000 + 1231 };
}

/** True when the day is in the range. */
export function inRange(day: Day, range: DayRange): boolean {
  return day >= range.from && day <= range.to;
}

/** The smallest range that holds both. */
export function spanOf(a: DayRange, b: DayRange): DayRange {
  return { from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) };
}

/** Every day of a (bounded) range, in order. */
export function rangeDays(range: DayRange): Day[] {
  const out: Day[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) out.push(d);
  return out;
}
