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

/** Inline constructs inside a line: references, same-entry item references, TODO/DONE. */
export const INLINE = /"(\d{1,2}):(\d{2}) (\d{4})-(\d{1,2})-(\d{1,2})"(\d+(?:\.\d+)*)?|"(\d{1,6})\)"|\\(TODO|DONE)(:?)/g;

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

/** The level (1 to 3) and number of an outline marker, and its length; undefined if the line has none. */
export function matchMarker(line: string): { level: 1 | 2 | 3; number: number; length: number } | undefined {
  const c = line.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 40)) return undefined;
  const m = MARKER.exec(line);
  if (!m) return undefined;
  if (m[1] !== undefined) return { level: 1, number: Number(m[1]), length: m[0].length };
  if (m[2] !== undefined) return { level: 2, number: Number(m[2]), length: m[0].length };
  return { level: 3, number: Number(m[3]), length: m[0].length };
}

/**
 * True when a title line is not a topic list but a URL or a line of code
 * (backticks, `$`, shell assignments, `;` before shell keywords).
 */
export function isUntitledLine(line: string): boolean {
  const t = line.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\/\S/i.test(t) || /^www\.\S/i.test(t)) return true;
  if (t.includes('`') || t.includes('$')) return true;
  if (/(^|[\s;])[A-Za-z_][A-Za-z0-9_]*=\S/.test(t)) return true;
  if (/;\s*(do|done|then|fi|else|echo|cd|export)\b/.test(t)) return true;
  return false;
}
