/**
 * Moments: the `HH:MM YYYY-MM-DD` that names an entry, a stamp or a
 * reference. Written loosely (`9:07 2013-2-22`), compared normalised
 * (`2013-02-22 09:07`).
 */
import { daysInMonth } from '../calendar/day.js';

/** The separator after each part of `H:MM YYYY-M-D`: ':', ' ', '-', '-'. */
const SEPARATORS = [58, 32, 45, 45];
/** The most digits each part may have. */
const WIDTHS = [2, 2, 4, 2, 2];

/**
 * A moment as written, with its normal form. A real moment keeps one small
 * number (`code`) and derives its parts, so that a journal of a million
 * entries stays small; an impossible one also keeps its parts as written.
 */
export class Moment {
  /** False for impossible moments such as `25:61 2013-02-30`. */
  readonly valid: boolean;
  /**
   * Minutes on a calendar of 31-day months, for real moments: it orders them
   * and names them in maps. Impossible moments get a negative code of their own.
   */
  readonly code: number;
  /** The parts as written, kept only for an impossible moment. */
  private readonly written?: readonly [number, number, number, number, number];

  constructor(year: number, month: number, day: number, hour: number, minute: number) {
    this.valid = hour < 24 && minute < 60 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
    if (this.valid) {
      this.code = (((year * 12 + month - 1) * 31 + day - 1) * 24 + hour) * 60 + minute;
    } else {
      this.code = -((((year * 100 + month) * 100 + day) * 100 + hour) * 100 + minute) - 1;
      this.written = [year, month, day, hour, minute];
    }
  }

  get year(): number {
    return this.written ? this.written[0] : Math.floor(this.code / 535_680);
  }
  get month(): number {
    return this.written ? this.written[1] : (Math.floor(this.code / 44_640) % 12) + 1;
  }
  get day(): number {
    return this.written ? this.written[2] : (Math.floor(this.code / 1440) % 31) + 1;
  }
  get hour(): number {
    return this.written ? this.written[3] : Math.floor(this.code / 60) % 24;
  }
  get minute(): number {
    return this.written ? this.written[4] : this.code % 60;
  }

  /** The real moment a code stands for. */
  static fromCode(code: number): Moment {
    return new Moment(Math.floor(code / 535_680), (Math.floor(code / 44_640) % 12) + 1, (Math.floor(code / 1440) % 31) + 1, Math.floor(code / 60) % 24, code % 60);
  }

  /** Normal form, sortable as a string: `2013-02-16 11:07`. */
  get key(): string {
    return `${dateKey(this.year, this.month, this.day)} ${pad(this.hour)}:${pad(this.minute)}`;
  }
}

/**
 * Reads a moment written as in the journal (`11:07 2013-2-16`, spaces around
 * allowed) in `text[from, to)`; undefined when the text is not of that
 * shape. Impossible dates still parse, with `valid` false.
 *
 * ```ts
 * readMoment('9:07 2013-2-22')?.key; // '2013-02-22 09:07'
 * ```
 */
export function readMoment(text: string, from = 0, to = text.length): Moment | undefined {
  let i = from;
  let end = to;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  while (end > i && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  let hour = 0;
  let minute = 0;
  let year = 0;
  let month = 0;
  let day = 0;
  for (let p = 0; p < 5; p++) {
    const start = i;
    let n = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
      i++;
    }
    const len = i - start;
    if (len === 0 || len > WIDTHS[p]! || (p === 2 && len !== 4)) return undefined;
    if (p === 0) hour = n;
    else if (p === 1) minute = n;
    else if (p === 2) year = n;
    else if (p === 3) month = n;
    else day = n;
    if (p < 4) {
      if (i >= end || text.charCodeAt(i) !== SEPARATORS[p]) return undefined;
      i++;
    }
  }
  if (i !== end) return undefined;
  return new Moment(year, month, day, hour, minute);
}

/** The number of days of a month (1-based), leap years included (from the calendar). */
export { daysInMonth };

/** `2013-02-06` from its parts. */
export function dateKey(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** The date part of a moment's key: `2013-02-16`. */
export function momentDate(moment: Moment): string {
  return dateKey(moment.year, moment.month, moment.day);
}

/** Writes a moment the way the journal does, unpadded hour: `9:07 2013-02-22`. */
export function formatMoment(moment: Moment): string {
  return `${moment.hour}:${pad(moment.minute)} ${momentDate(moment)}`;
}

/**
 * A reference to a moment as the journal writes one, quoted, before its item
 * path and full stop: `see"11:07 2013-2-16"` (then `5.`, or `.`).
 */
export function referenceTo(moment: Moment): string {
  return `see"${moment.hour}:${pad(moment.minute)} ${moment.year}-${moment.month}-${moment.day}"`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
