/**
 * Months of the calendar.
 *
 * ```ts
 * monthRange(monthOf(20120215)); // { from: 20120201, to: 20120229 }
 * monthName(addMonths({ year: 2013, month: 1 }, -1)); // '2012-12'
 * ```
 */
import { dayOf, dayParts, daysInMonth, type Day } from './day.js';
import type { DayRange } from './range.js';

/** A month: `{ year: 2013, month: 2 }` is `2013-02`. */
export interface Month {
  year: number;
  /** 1 to 12. */
  month: number;
}

/** The month that holds a day. */
export function monthOf(day: Day): Month {
  const p = dayParts(day);
  return { year: p.year, month: p.month };
}

/** The days of a month. */
export function monthRange(month: Month): DayRange {
  return { from: dayOf(month.year, month.month, 1), to: dayOf(month.year, month.month, daysInMonth(month.year, month.month)) };
}

/** The month `n` months later (earlier for a negative `n`). */
export function addMonths(month: Month, n: number): Month {
  const k = month.year * 12 + month.month - 1 + n;
  return { year: Math.floor(k / 12), month: (k % 12) + 1 };
}

/** A month's name: `2013-02`. */
export function monthName(month: Month): string {
  return `${String(month.year).padStart(4, '0')}-${String(month.month).padStart(2, '0')}`;
}
