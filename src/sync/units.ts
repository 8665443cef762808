/**
 * A journal file seen by the merge: its entries as units that can be matched
 * across versions. The file is cut where the syntax layer cuts it
 * (`parseBytes`: header lines after a blank line), and each cut is held as
 * its bytes, so that comparing and joining them keeps every byte as it was,
 * bytes that are not UTF-8 included. Lines are compared as latin1 strings (one
 * character a byte) where an entry must be merged line by line.
 */
import { parseBytes } from '../syntax/bytes.js';
import { LineCursor } from '../syntax/lines.js';
import { readMoment } from '../model/moment.js';

/** The preamble or one entry of a file version. */
export interface Unit {
  /** `preamble`, or the entry's moment in normal form and its rank among entries of that moment: `2013-02-16 11:07#0`. */
  key: string;
  /** The moment's order (minutes), or -Infinity for the preamble and an impossible moment. */
  order: number;
  /** From the first line to the last line that is not blank, line ending included: bytes of the file version. */
  core: Buffer;
  /** The blank lines after it, up to the next entry. */
  tail: Buffer;
}

/** A file version cut into units. */
export interface Cut {
  /** What precedes the first unit: a byte order mark, or nothing. */
  prefix: Buffer;
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
  const units: Unit[] = [];
  const seen = new Map<string, number>();
  const first = doc.chunks[0]?.byteFrom ?? bytes.length;
  for (const chunk of doc.chunks) {
    const from = chunk.byteFrom!;
    const to = chunk.byteTo!;
    const split = tailStart(bytes, from, to);
    let key = PREAMBLE;
    let order = -Infinity;
    if (!chunk.preamble) {
      // A header line is short and ASCII (at most 200 bytes: `isHeaderBytes`).
      const head = bytes.toString('latin1', from, Math.min(to, from + 256));
      const lineEnd = head.search(/[\r\n]|$/);
      const moment = readMoment(head, 0, lineEnd);
      const name = moment ? moment.key : head.slice(0, lineEnd).trim();
      const rank = seen.get(name) ?? 0;
      seen.set(name, rank + 1);
      key = `${name}#${rank}`;
      if (moment?.valid) order = moment.code;
    }
    units.push({ key, order, core: bytes.subarray(from, split), tail: bytes.subarray(split, to) });
  }
  const lf = bytes.indexOf(10);
  const cr = bytes.indexOf(13);
  const eol = cr !== -1 && (lf === -1 || cr < lf) ? (bytes[cr + 1] === 10 ? '\r\n' : '\r') : '\n';
  return { prefix: bytes.subarray(0, first), units, eol, binary };
}

/**
 * Where the blank lines at the end of `bytes[from, to)` begin: after the line
 * ending of its last line that is not blank (or `from`, when all are blank).
 */
function tailStart(bytes: Buffer, from: number, to: number): number {
  let i = to;
  while (i > from && isSpace(bytes[i - 1]!)) i--;
  if (i === from) return from;
  while (i < to && (bytes[i] === 32 || bytes[i] === 9)) i++;
  if (i < to && bytes[i] === 13) {
    i++;
    if (i < to && bytes[i] === 10) i++;
  } else if (i < to && bytes[i] === 10) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Splits bytes into lines, each with its line ending (LF, CRLF or CR; the last may have none), as latin1 strings: one character a byte. */
export function splitLines(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  const lines: string[] = [];
  const c = new LineCursor(text, 0, text.length);
  while (c.next()) lines.push(text.slice(c.from, c.to));
  return lines;
}

/** True when bytes are empty or end with a blank line and its line ending, so that a header may follow. */
export function endsWithBlankLine(bytes: Buffer): boolean {
  let end = bytes.length;
  if (end === 0) return true;
  if (bytes[end - 1] === 10) end--;
  else if (bytes[end - 1] !== 13) return false;
  if (end > 0 && bytes[end - 1] === 13) end--;
  for (let i = end - 1; i >= 0; i--) {
    const c = bytes[i];
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** True when bytes end with a line ending. */
export function endsWithBreak(bytes: Buffer): boolean {
  const c = bytes[bytes.length - 1];
  return c === 10 || c === 13;
}

/** The number of line breaks (LF, CRLF, lone CR) in bytes. */
export function countBreaks(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  for (let i = bytes.indexOf(13); i !== -1; i = bytes.indexOf(13, i + 1)) if (bytes[i + 1] !== 10) n++;
  return n;
}
