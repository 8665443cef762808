/**
 * A journal file seen by the merge: its entries as units that can be matched
 * across versions. The file is cut where the syntax layer cuts it
 * (`parseBytes`: header lines after a blank line), and each cut is held as a
 * latin1 string of its bytes, so that comparing and joining them keeps every
 * byte as it was, bytes that are not UTF-8 included.
 */
import { parseBytes } from '../syntax/bytes.js';
import { isBlank } from '../syntax/patterns.js';
import { LineCursor } from '../syntax/lines.js';
import { readMoment } from '../model/moment.js';

/** The preamble or one entry of a file version. */
export interface Unit {
  /** `preamble`, or the entry's moment in normal form and its rank among entries of that moment: `2013-02-16 11:07#0`. */
  key: string;
  /** The moment's order (minutes), or -Infinity for the preamble and an impossible moment. */
  order: number;
  /** From the first line to the last line that is not blank, line ending included (latin1: one character a byte). */
  core: string;
  /** The blank lines after it, up to the next entry. */
  tail: string;
}

/** A file version cut into units. */
export interface Cut {
  /** What precedes the first unit: a byte order mark, or nothing. */
  prefix: string;
  units: Unit[];
  /** The line ending the file uses (of its first line), for lines the merge adds. */
  eol: string;
  /** True when the file holds a NUL byte near its start: not a journal. */
  binary: boolean;
}

/** The key of the preamble unit. */
export const PREAMBLE = 'preamble';

/** Cuts a file version's bytes into units. */
export function cutUnits(bytes: Buffer): Cut {
  const { doc, binary } = parseBytes(bytes);
  const text = bytes.toString('latin1');
  const units: Unit[] = [];
  const seen = new Map<string, number>();
  const first = doc.chunks[0]?.byteFrom ?? text.length;
  for (const chunk of doc.chunks) {
    const from = chunk.byteFrom!;
    const to = chunk.byteTo!;
    const split = tailStart(text, from, to);
    let key = PREAMBLE;
    let order = -Infinity;
    if (!chunk.preamble) {
      const lineEnd = lineContentEnd(text, from, to);
      const moment = readMoment(text, from, lineEnd);
      const name = moment ? moment.key : text.slice(from, lineEnd).trim();
      const rank = seen.get(name) ?? 0;
      seen.set(name, rank + 1);
      key = `${name}#${rank}`;
      if (moment?.valid) order = moment.code;
    }
    units.push({ key, order, core: text.slice(from, split), tail: text.slice(split, to) });
  }
  const firstEnd = text.search(/\r\n|\n|\r/);
  const eol = firstEnd === -1 ? '\n' : text.startsWith('\r\n', firstEnd) ? '\r\n' : text[firstEnd]!;
  return { prefix: text.slice(0, first), units, eol, binary };
}

/** Where the blank lines at the end of `text[from, to)` begin: the end of its last line that is not blank. */
function tailStart(text: string, from: number, to: number): number {
  let end = from;
  const c = new LineCursor(text, from, to);
  while (c.next()) if (!isBlank(text, c.from, c.contentEnd)) end = c.to;
  return end;
}

/** The end of the content of the first line of `text[from, to)`. */
function lineContentEnd(text: string, from: number, to: number): number {
  const c = new LineCursor(text, from, to);
  return c.next() ? c.contentEnd : from;
}

/** Splits text into lines, each with its line ending (LF, CRLF or CR); the last may have none. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  const c = new LineCursor(text, 0, text.length);
  while (c.next()) lines.push(text.slice(c.from, c.to));
  return lines;
}

/** True when text is empty or ends with a blank line and its line ending, so that a header may follow. */
export function endsWithBlankLine(text: string): boolean {
  let end = text.length;
  if (end === 0) return true;
  if (text.charCodeAt(end - 1) === 10) end--;
  else if (text.charCodeAt(end - 1) !== 13) return false;
  if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
  for (let i = end - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
