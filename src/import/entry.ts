/**
 * What every import makes of its source: entries in the journal's format,
 * each a moment, a title line and body lines, before they are placed in a
 * file. The readers of each tool's format (`jrnl.ts`, `dayone.ts`, ...) make
 * them; `src/write/import.ts` writes them.
 */
import type { Now } from '../calendar/clock.js';
import { InputError } from '../errors.js';
import { daysInMonth } from '../calendar/day.js';
import { HEADER } from '../syntax/patterns.js';

/** An entry to import. */
export interface ImportEntry {
  moment: Now;
  /** The title line (topics, general to specific). */
  title: string;
  /** The body, one string a line, without line endings. */
  body: string[];
  /** Where it came from, for messages: `entry 3`, `2013-02-05.md`. */
  source: string;
}

/** What an import read: the entries, and what it left out and why. */
export interface ImportRead {
  entries: ImportEntry[];
  notes: string[];
}

/**
 * Parses a source file's JSON; text that is not JSON is an `InputError`
 * naming the format and what was expected (`expected`, with an example).
 */
export function parseSourceJson(text: string, format: string, shown: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`import ${format}: ${shown} is not JSON (${(err as Error).message})`, `${expected}; nothing was written`);
  }
}

/** Splits text into lines, whatever its line endings. */
export function linesOf(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** True for a moment a journal header can hold (a real date, a year from 1000 to 9999). */
export function validMoment(m: Now): boolean {
  return Number.isInteger(m.year) && m.year >= 1000 && m.year <= 9999 && m.month >= 1 && m.month <= 12 && m.day >= 1 && m.day <= daysInMonth(m.year, m.month) && m.hour >= 0 && m.hour < 24 && m.minute >= 0 && m.minute < 60;
}

/**
 * The entry's lines as the journal will hold them: the title on one line
 * (never empty), the body without blank lines at its ends, and a line that
 * would start a new entry (a header after a blank line) kept from doing so
 * by a leading space.
 */
export function entryLines(e: ImportEntry): { title: string; body: string[] } {
  let title = e.title.replace(/\s+/g, ' ').trim();
  const body = e.body.map((l) => l.replace(/[\r\n]/g, '').replace(/\s+$/, ''));
  while (body.length && body[0] === '') body.shift();
  while (body.length && body[body.length - 1] === '') body.pop();
  if (title === '') title = 'imported';
  for (let i = 0; i < body.length; i++) if (HEADER.test(body[i]!) && (i === 0 ? false : body[i - 1] === '')) body[i] = ` ${body[i]}`;
  return { title, body };
}

/** The moment of a `Date` in local time (the `TZ` of the process), or in an IANA time zone. */
export function localMoment(date: Date, timeZone?: string): Now {
  if (timeZone) {
    try {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(date);
      const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
      return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
    } catch {
      // An unknown zone: local time.
    }
  }
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(), hour: date.getHours(), minute: date.getMinutes() };
}

/** Orders moments. */
export function momentCode(m: Now): number {
  return (((m.year * 12 + m.month - 1) * 31 + m.day - 1) * 24 + m.hour) * 60 + m.minute;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `2013-02-05` of a moment. */
export function dateOf(m: Now): string {
  return `${m.year}-${two(m.month)}-${two(m.day)}`;
}

/** A time of day in minutes as a GTD span writes it: `9:05`. */
export function clockText(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${Math.floor(m / 60)}:${two(m % 60)}`;
}

/** One task of a GTD day to import: its spans (minutes after the day's midnight; an end past 1440 is the next day) or durations, and its text. */
export interface GtdTask {
  text: string;
  spans: { start: number; end: number }[];
  minutes: number;
}

/**
 * A GTD day entry from tasks: the sessions line is the union of the spans
 * (the time accounted), then one task each under `1, today`, its spans
 * first (`9:00-10:30 text`), a duration in minutes for what has no time of
 * day (`90' text`). The header is the first span's start (or 0:00).
 */
export function gtdEntry(date: Now, tasks: GtdTask[], source: string): ImportEntry {
  const spans = tasks.flatMap((t) => t.spans).sort((a, b) => a.start - b.start);
  const union: { start: number; end: number }[] = [];
  for (const s of spans) {
    const last = union[union.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else union.push({ ...s });
  }
  const first = spans[0]?.start ?? 0;
  const body = [`0, ${union.map((s) => `${clockText(s.start)}-${clockText(s.end)}`).join(' ')}`.trimEnd(), '', '1, today'];
  tasks.forEach((t, k) => {
    const specs = [...t.spans.map((s) => `${clockText(s.start)}-${clockText(s.end)}`), ...(t.minutes > 0 ? [`${t.minutes}'`] : [])];
    // A text that starts like a time spec would be read as one.
    const text = /^(?:\d{1,2}:\d{2}|-\d|\d+(?:\.\d+)?h\b|\d+')/.test(t.text) ? `task: ${t.text}` : t.text;
    body.push(`${k + 1}), ${[...specs, text].join(' ')}`.replace(/\s+/g, ' ').trimEnd());
  });
  return { moment: { ...date, hour: Math.floor(first / 60) % 24, minute: first % 60 }, title: 'GTD', body, source };
}

/**
 * Gives every entry of an import its own moment: a later one at a moment an
 * earlier one of the import holds (a GTD day begun when an entry was
 * written) moves on a minute, within its day. The same import always gives
 * the same moments, so running it again finds its entries.
 */
export function spreadMoments(entries: ImportEntry[]): ImportEntry[] {
  const taken = new Set<number>();
  return entries.map((e) => {
    let m = e.moment;
    while (taken.has(momentCode(m)) && m.hour * 60 + m.minute < 1439) {
      const t = m.hour * 60 + m.minute + 1;
      m = { ...m, hour: Math.floor(t / 60), minute: t % 60 };
    }
    taken.add(momentCode(m));
    return m === e.moment ? e : { ...e, moment: m };
  });
}
