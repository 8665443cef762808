/**
 * ISO 8601 weeks: a week starts on Monday, and week 1 of a year is the week
 * that holds its first Thursday, so 2012-12-31 is in 2013-W01 and a year has
 * 52 or 53 weeks.
 *
 * ```ts
 * weekName(weekOf(20121231)); // '2013-W01'
 * weekRange({ year: 2013, week: 8 }); // { from: 20130218, to: 20130224 }
 * ```
 */
import { addDays, dayOf, dayParts, daysBetween, isoWeekday, type Day } from './day.js';
import type { DayRange } from './range.js';

/** An ISO week: `{ year: 2013, week: 6 }` is `2013-W06`. */
export interface IsoWeek {
  year: number;
  week: number;
}

/** The ISO week that holds a day. */
export function weekOf(day: Day): IsoWeek {
  const thursday = addDays(day, 3 - isoWeekday(day));
  const year = dayParts(thursday).year;
  return { year, week: Math.floor(daysBetween(dayOf(year, 1, 1), thursday) / 7) + 1 };
}

/** 52 or 53: how many ISO weeks a year has. */
export function weeksInYear(year: number): number {
  return weekOf(dayOf(year, 12, 28)).week;
}

/** The Monday that starts a week. */
export function weekMonday(week: IsoWeek): Day {
  const jan4 = dayOf(week.year, 1, 4);
  return addDays(jan4, (week.week - 1) * 7 - isoWeekday(jan4));
}

/** The seven days of a week, Monday to Sunday. */
export function weekRange(week: IsoWeek): DayRange {
  const monday = weekMonday(week);
  return { from: monday, to: addDays(monday, 6) };
}

/** The week before (`n` = -1) or after. */
export function addWeeks(week: IsoWeek, n: number): IsoWeek {
  return weekOf(addDays(weekMonday(week), 7 * n));
}

/** A week's name: `2013-W06`. */
export function weekName(week: IsoWeek): string {
  return `${String(week.year).padStart(4, '0')}-W${String(week.week).padStart(2, '0')}`;
}
