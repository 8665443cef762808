/**
 * Moments: the `HH:MM YYYY-MM-DD` that names an entry, a stamp or a
 * reference. Written loosely (`9:07 2013-2-22`), compared normalised
 * (`2013-02-22 09:07`).
 */

/** A moment as written, with its normal form. */
export interface Moment {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** Normal form, sortable as a string: `2013-02-16 11:07`. */
  key: string;
  /** False for impossible moments such as `25:61 2013-02-30`. */
  valid: boolean;
}

const MOMENT = /^(\d{1,2}):(\d{1,2}) (\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * Reads a moment written as in the journal (`11:07 2013-2-16`); undefined when
 * the text is not of that shape. Impossible dates still parse, with `valid` false.
 *
 * ```ts
 * readMoment('9:07 2013-2-22')?.key; // '2013-02-22 09:07'
 * ```
 */
export function readMoment(text: string): Moment | undefined {
  const m = MOMENT.exec(text.trim());
  if (!m) return undefined;
  return makeMoment(Number(m[3]), Number(m[4]), Number(m[5]), Number(m[1]), Number(m[2]));
}

/** Builds a moment from its parts, checking that it can exist. */
export function makeMoment(year: number, month: number, day: number, hour: number, minute: number): Moment {
  const valid = hour < 24 && minute < 60 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  return { year, month, day, hour, minute, key: `${dateKey(year, month, day)} ${pad(hour)}:${pad(minute)}`, valid };
}

/** The number of days of a month (1-based), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `2013-02-06` from its parts. */
export function dateKey(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** The date part of a moment's key: `2013-02-16`. */
export function momentDate(moment: Moment): string {
  return moment.key.slice(0, 10);
}

/** Writes a moment the way the journal does, unpadded hour: `9:07 2013-02-22`. */
export function formatMoment(moment: Moment): string {
  return `${moment.hour}:${pad(moment.minute)} ${momentDate(moment)}`;
}

/** Minutes since the Unix epoch, treating the moment as UTC (for ordering and distances). */
export function momentMinutes(moment: Moment): number {
  return Date.UTC(moment.year, moment.month - 1, moment.day, moment.hour, moment.minute) / 60000;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
