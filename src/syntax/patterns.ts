/**
 * The small line predicates of the format (FORMAT.md sections 1 to 6).
 * Each takes a line's content (no line ending) and says what it is.
 */

/** `HH:MM YYYY-MM-DD` alone on a line, trailing blanks allowed: `9:07 2013-2-22`. */
export const HEADER = /^(\d{1,2}):(\d{2}) (\d{4})-(\d{1,2})-(\d{1,2})[ \t]*$/;

/** A revision stamp line: `(16:56 2013-02-22)`, trailing blanks allowed. */
export const STAMP_LINE = /^\((\d{1,2}):(\d{2}) (\d{4})-(\d{1,2})-(\d{1,2})\)[ \t]*$/;

/** An item stamp right after a marker: `(13:13 2013-02-28)`. */
export const ITEM_STAMP = /^\((\d{1,2}):(\d{2}) (\d{4})-(\d{1,2})-(\d{1,2})\)/;

/**
 * Outline markers: `3, ` (level 1), `2), ` (level 2), `(1), ` (level 3).
 * A marker is followed by a space, or ends the line.
 */
export const MARKER = /^(?:(\d{1,6}),|(\d{1,6})\),|\((\d{1,6})\),)(?= |\t|$)/;

/** A reference at a quote: `"11:07 2013-2-16"` and an optional item path `5` or `2.1` (sticky: matches only where it starts). */
export const REFERENCE = /"(\d{1,2}):(\d{2}) (\d{4})-(\d{1,2})-(\d{1,2})"(\d+(?:\.\d+)*)?/y;

/** A same-entry item reference at a quote: `"3)"` (sticky). */
export const ITEM_REFERENCE = /"(\d{1,6})\)"/y;

/** A `\TODO` or `\DONE` marker at a backslash, with an optional colon (sticky). */
export const TODO_MARKER = /\\(TODO|DONE):?/y;

/**
 * An email clip header: `"Name <a@b>"_email_"Subject"_20130201_1747`; the
 * sender may be bare (`Name_email_...`), the address and the date optional.
 */
export const MAIL_HEADER = /^(?:"([^"]*)"|([^"\s][^"]*?))_email_"(.*)"(?:_(\d{8})_(\d{4}))?[ \t]*$/;

/** One time spec of a GTD task or session: `9:00-9:40`, `14:30-`, `-17:32`, `11:30`, `3h`, `2.5h`, `30'`. */
export const TIME_SPEC = /^(?:(\d{1,2}):(\d{2})-(?:(\d{1,2}):(\d{2}))?|-(\d{1,2}):(\d{2})|(\d{1,2}):(\d{2})|(\d+(?:\.\d+)?)h|(\d+)')(?=[ \t.,;]|$)/;

/** True for a line of nothing but spaces and tabs. */
export function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** True when the line `text[from, to)` is an entry header line. */
export function isHeaderLine(text: string, from: number, to: number): boolean {
  const len = to - from;
  if (len < 13 || len > 200) return false;
  const c = text.charCodeAt(from);
  if (c < 48 || c > 57) return false;
  return HEADER.test(text.slice(from, to));
}

/** An outline marker: its level, number and length in characters. */
export interface Marker {
  level: 1 | 2 | 3;
  number: number;
  length: number;
}

/** The level (1 to 3) and number of an outline marker, and its length; undefined if the line has none. */
export function matchMarker(line: string): Marker | undefined {
  const packed = markerAt(line, 0, line.length);
  return packed < 0 ? undefined : { level: (packed & 3) as 1 | 2 | 3, length: (packed >> 2) & 15, number: Math.floor(packed / 64) };
}

/**
 * The outline marker at the start of the line `text[from, to)`, packed in one
 * number (level in bits 0-1, length in bits 2-5, number above), or -1: the
 * same rule as `MARKER`, without a regular expression or an allocation, as
 * it runs on every line.
 */
export function markerAt(text: string, from: number, to: number): number {
  let i = from;
  const paren = text.charCodeAt(i) === 40;
  if (paren) i++;
  const digits = i;
  let number = 0;
  while (i < to && i - digits < 7) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    number = number * 10 + (c - 48);
    i++;
  }
  if (i === digits || i - digits > 6) return -1;
  let level = 1;
  if (paren || text.charCodeAt(i) === 41) {
    if (text.charCodeAt(i) !== 41) return -1;
    i++;
    level = paren ? 3 : 2;
  }
  if (i >= to || text.charCodeAt(i) !== 44) return -1;
  i++;
  if (i < to) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return -1;
  }
  return number * 64 + (i - from) * 4 + level;
}

/**
 * True when a title line is not a topic list but a URL or a line of code
 * (backticks, `$`, shell assignments, `;` before shell keywords).
 */
export function isUntitledLine(line: string): boolean {
  const t = line.trim();
  if (t.includes('`') || t.includes('$')) return true;
  if (t.includes('://') && /^[a-z][a-z0-9+.-]*:\/\/\S/i.test(t)) return true;
  if (t.startsWith('www.') && /^www\.\S/i.test(t)) return true;
  if (t.includes('=') && /(^|[\s;])[A-Za-z_][A-Za-z0-9_]*=\S/.test(t)) return true;
  if (t.includes(';') && /;\s*(do|done|then|fi|else|echo|cd|export)\b/.test(t)) return true;
  return false;
}
