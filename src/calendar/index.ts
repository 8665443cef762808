/**
 * The calendar and the clock: days, ISO weeks, months and ranges of days,
 * how a user types them, and what "now" is. All of daybook's date
 * arithmetic lives here.
 *
 * ```ts
 * import { readWeek, weekRange, readNow, todayOf } from 'daybook';
 * weekRange(readWeek('this week', todayOf(readNow(process.env)), '--week'));
 * ```
 */
export * from './day.js';
export * from './range.js';
export * from './week.js';
export * from './month.js';
export * from './read.js';
export * from './clock.js';
export * from './duration.js';
