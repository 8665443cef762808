/**
 * How the file writes moments: new headers and times follow the file's own
 * habits (`9:07 2013-2-22` or `09:07 2013-02-22`), judged from its recent
 * headers. The moment itself comes from the clock (`calendar/clock.ts`).
 */
import type { Now } from '../calendar/clock.js';
import { InputError } from '../errors.js';
import type { Chunk, Document } from '../syntax/document.js';
import { HEADER } from '../syntax/patterns.js';

/** How a file writes moments. */
export interface MomentStyle {
  /** `09:07` rather than `9:07`. */
  padHour: boolean;
  /** `2013-02-06` rather than `2013-2-6`. */
  padDate: boolean;
}

/** The style of the file's last 50 headers that show it (a two-digit hour or day shows nothing); by default `9:07 2013-02-06`. */
export function momentStyle(doc: Document): MomentStyle {
  let padHour: boolean | undefined;
  let padDate: boolean | undefined;
  // The last 50 entries, newest first (walked from the end: a filter of every chunk of 100 MB cost 25 ms a completion).
  const chunks: Chunk[] = [];
  for (let i = doc.chunks.length - 1; i >= 0 && chunks.length < 50; i--) if (!doc.chunks[i]!.preamble) chunks.push(doc.chunks[i]!);
  for (const c of chunks) {
    const text = doc.chunkText(c).slice(c.from, c.to);
    const m = /^(\d{1,2}):\d{2} \d{4}-(\d{1,2})-(\d{1,2})/.exec(text);
    if (!m || !HEADER.test(text.split(/\r?\n/, 1)[0]!)) continue;
    const [h, mo, d] = [m[1]!, m[2]!, m[3]!];
    if (padHour === undefined && Number(h) < 10) padHour = h.length === 2;
    if (padDate === undefined && (Number(mo) < 10 || Number(d) < 10)) padDate = (Number(mo) < 10 ? mo.length === 2 : true) && (Number(d) < 10 ? d.length === 2 : true);
    if (padHour !== undefined && padDate !== undefined) break;
  }
  return { padHour: padHour ?? false, padDate: padDate ?? true };
}

const two = (n: number) => String(n).padStart(2, '0');

/** A time as the file writes it: `9:07` or `09:07`. */
export function formatTime(hour: number, minute: number, style: MomentStyle): string {
  return `${style.padHour ? two(hour) : hour}:${two(minute)}`;
}

/**
 * A header as the file writes it: `9:07 2013-02-22`. Refuses a moment the
 * reader would not take as a header (a year outside 1000 to 9999, from a
 * clock set wrong), which would join the entry before it.
 */
export function formatHeader(now: Now, style: MomentStyle): string {
  const date = style.padDate ? `${now.year}-${two(now.month)}-${two(now.day)}` : `${now.year}-${now.month}-${now.day}`;
  const header = `${formatTime(now.hour, now.minute, style)} ${date}`;
  if (!HEADER.test(header)) throw new InputError(`the moment ${date} ${two(now.hour)}:${two(now.minute)} cannot be written as a journal header`, 'a header is a time and a date with a four-digit year from 1000 to 9999, for example 11:07 2013-02-16; check the system clock or DAYBOOK_NOW; nothing was written');
  return header;
}
