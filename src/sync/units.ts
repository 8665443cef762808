/**
 * A journal file seen by the merge: its entries as units that can be matched
 * across versions. The file is cut where the syntax layer cuts it
 * (`cutBytes`: header lines after a blank line), and each unit is held as
 * offsets into the file's bytes (no object or buffer view per entry: a
 * 30 MB journal has 60,000 of them), so that comparing and joining them keeps
 * every byte as it was, bytes that are not UTF-8 included. Lines are compared
 * as latin1 strings (one character a byte) where an entry must be merged line
 * by line.
 */
import { cutBytes, isChunkStart } from '../syntax/cuts.js';
import { LineCursor } from '../syntax/lines.js';
import { Moment } from '../model/moment.js';

/** The name code of the preamble (an entry's is its moment's code). */
const PREAMBLE_CODE = -Infinity;

/** The name of the preamble unit. */
export const PREAMBLE = 'preamble';

/**
 * A file version cut into units: the preamble (if any) and one per entry.
 * A unit is named by its moment (its code) and its rank among the units of
 * that moment; unit `i` is `bytes[start(i), end(i))`: its core (from the first
 * line to the last that is not blank, line ending included) and its tail (the
 * blank lines after it, up to the next entry).
 */
export class Cut {
  /** The line ending the file uses (of its first line), for lines the merge adds. */
  readonly eol: string;
  /** True when the file holds a NUL byte near its start: not a journal. */
  readonly binary: boolean;
  /** The number of units. */
  readonly size: number;
  /** The moment code of each unit's name (`PREAMBLE_CODE` for the preamble). */
  private readonly codes: number[] = [];
  private readonly starts: number[];
  /**
   * Units `[0, ordered)` have names in strictly increasing order (all of a
   * file in time order): each name once, found by binary search. The units
   * after them are in `rest`, by name, in file order: their ranks count the
   * one of the ordered run too.
   */
  private readonly ordered: number;
  private readonly rest = new Map<number, number[]>();
  /** The ranks of the units after the ordered run. */
  private readonly restRanks: number[] = [];

  /**
   * Cuts a version into units; `blocks` (sorted, each from the start of the
   * file or of an entry to the start of an entry or the end of the file) are
   * runs of entries every version has alike: each is one unit, named by its
   * place in the list, and its bytes are not cut.
   */
  constructor(
    readonly bytes: Buffer,
    blocks: ReadonlyArray<{ from: number; to: number }> = [],
  ) {
    const starts: number[] = [];
    const codes = this.codes;
    let pos = 0;
    let binary = false;
    for (let k = 0; k <= blocks.length; k++) {
      const block = blocks[k];
      const cuts = cutBytes(bytes, pos, block ? block.from : bytes.length);
      if (k === 0) binary = cuts.binary;
      cuts.starts.forEach((at, i) => {
        starts.push(at);
        codes.push(i === 0 && cuts.preamble ? PREAMBLE_CODE : headerCode(bytes, at));
      });
      if (!block) break;
      // A byte order mark stays the file's prefix, as when the whole file is cut.
      starts.push(block.from === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : block.from);
      codes.push(-(k + 0.5));
      pos = block.to;
    }
    this.starts = starts;
    this.size = starts.length;
    this.binary = binary;
    let ordered = -1;
    for (let i = 1; i < this.size && ordered === -1; i++) if (codes[i]! <= codes[i - 1]!) ordered = i;
    this.ordered = ordered === -1 ? this.size : ordered;
    for (let i = this.ordered; i < this.size; i++) {
      const code = this.codes[i]!;
      const list = this.rest.get(code) ?? [];
      this.restRanks.push((this.search(code) === -1 ? 0 : 1) + list.length);
      list.push(i);
      this.rest.set(code, list);
    }
    const lf = bytes.indexOf(10);
    const cr = bytes.indexOf(13);
    this.eol = cr !== -1 && (lf === -1 || cr < lf) ? (bytes[cr + 1] === 10 ? '\r\n' : '\r') : '\n';
  }

  /** What precedes the first unit: a byte order mark, or nothing. */
  prefix(): Buffer {
    return this.bytes.subarray(0, this.start(0));
  }

  start(i: number): number {
    return this.starts[i] ?? this.bytes.length;
  }

  end(i: number): number {
    return this.starts[i + 1] ?? this.bytes.length;
  }

  /** Where the tail (blank lines) of unit `i` begins. */
  split(i: number): number {
    return tailStart(this.bytes, this.start(i), this.end(i));
  }

  core(i: number): Buffer {
    return this.bytes.subarray(this.start(i), this.split(i));
  }

  tail(i: number): Buffer {
    return this.bytes.subarray(this.split(i), this.end(i));
  }

  /** Unit `i` whole (core and tail). */
  whole(i: number): Buffer {
    return this.bytes.subarray(this.start(i), this.end(i));
  }

  /** True for a block of entries every version has alike. */
  isBlock(i: number): boolean {
    const code = this.codes[i]!;
    return code < 0 && code !== Math.floor(code);
  }

  /**
   * True when the entries of every block have the same ranks in every
   * version as in the whole files, so that matching the cut entries by name
   * and rank among themselves matches them as the whole files would: before
   * each block, the entries cut in the versions have the same names the same
   * number of times, or a name that differs (an entry added or removed) is
   * not the header of an entry in that block or a later one (looked for in
   * the block's bytes, which are alike in every version). At most 8 such
   * names are looked for; with more, false.
   */
  static balanced(versions: readonly Cut[]): boolean {
    // For each later version, its count of each name less the first version's.
    const diffs = versions.slice(1).map(() => new Map<number, number>());
    // Names whose counts differ now, and the first block each differed before.
    const unbalanced = new Map<number, number>();
    const first = versions[0]!;
    const where = new Map<number, { cut: Cut; unit: number }>();
    const suspects = new Map<number, { cut: Cut; unit: number; block: number }>();
    const add = (diff: Map<number, number>, code: number, by: number): void => {
      const now = (diff.get(code) ?? 0) + by;
      diff.set(code, now);
      if (diffs.some((d) => (d.get(code) ?? 0) !== 0)) unbalanced.set(code, 1);
      else unbalanced.delete(code);
    };
    const at = versions.map(() => 0);
    const blockUnits: number[] = [];
    for (;;) {
      let blocks = 0;
      versions.forEach((v, n) => {
        // The version's entries before its next block.
        for (; at[n]! < v.size && !v.isBlock(at[n]!); at[n]!++) {
          const code = v.codes[at[n]!]!;
          if (!where.has(code)) where.set(code, { cut: v, unit: at[n]! });
          if (n === 0) for (const diff of diffs) add(diff, code, -1);
          else add(diffs[n - 1]!, code, 1);
        }
        if (at[n]! < v.size) blocks++;
      });
      if (blocks === 0) break;
      if (blocks !== versions.length) return false;
      for (const code of unbalanced.keys()) if (!suspects.has(code)) suspects.set(code, { ...where.get(code)!, block: blockUnits.length });
      if (suspects.size > 8 || suspects.has(PREAMBLE_CODE)) return false;
      blockUnits.push(at[0]!);
      at.forEach((_, n) => at[n]!++);
    }
    // A name that differs before a block must not head an entry in it or in a later one.
    for (const { cut, unit, block } of suspects.values()) {
      const moment = headerMoment(cut.bytes, cut.start(unit));
      for (const spelling of spellings(moment)) {
        const ranges = blockUnits.slice(block).map((i) => [first.start(i), first.end(i)] as const);
        for (let hit = first.bytes.indexOf(spelling, ranges[0]?.[0] ?? first.bytes.length); hit !== -1; hit = first.bytes.indexOf(spelling, hit + 1)) {
          while (ranges.length > 0 && ranges[0]![1] <= hit) ranges.shift();
          if (ranges.length === 0) break;
          if (hit >= ranges[0]![0] && isChunkStart(first.bytes, hit) && headerCode(first.bytes, hit) === moment.code) return false;
        }
      }
    }
    return true;
  }

  isPreamble(i: number): boolean {
    return this.codes[i] === PREAMBLE_CODE;
  }

  /** The moment's order (its code), or -Infinity for the preamble and an impossible moment (a negative code). */
  order(i: number): number {
    const code = this.codes[i]!;
    return code >= 0 ? code : -Infinity;
  }

  /** `preamble`, or the entry's moment in normal form: `2013-02-16 11:07`. */
  name(i: number): string {
    return this.isPreamble(i) ? PREAMBLE : headerMoment(this.bytes, this.start(i)).key;
  }

  /** The rank of unit `i` among the units of its name. */
  rank(i: number): number {
    return i < this.ordered ? 0 : this.restRanks[i - this.ordered]!;
  }

  /**
   * The unit of this version with the name and rank of `other`'s unit `j`, or
   * -1. `hint` is where it would be if the versions agree up to there: most
   * lookups are answered by it.
   */
  find(other: Cut, j: number, hint: number): number {
    const code = other.codes[j]!;
    if (hint >= 0 && hint < this.ordered && j < other.ordered && this.codes[hint] === code) return hint;
    let rank = other.rank(j);
    const first = this.search(code);
    if (first !== -1) {
      if (rank === 0) return first;
      rank--;
    }
    return this.rest.get(code)?.[rank] ?? -1;
  }

  /** True when unit `i` here and unit `j` of `other` hold the same bytes. */
  same(i: number, other: Cut, j: number): boolean {
    // A block is alike in every version by how it was found.
    if (this.isBlock(i) && this.codes[i] === other.codes[j]) return true;
    const [from, to, oFrom, oTo] = [this.start(i), this.end(i), other.start(j), other.end(j)];
    return to - from === oTo - oFrom && this.bytes.compare(other.bytes, oFrom, oTo, from, to) === 0;
  }

  /** The unit of the ordered run named `code`, or -1. */
  private search(code: number): number {
    let lo = 0;
    let hi = this.ordered - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.codes[mid]!;
      if (c === code) return mid;
      if (c < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/**
 * The moment of the header line at `from`, read from its bytes: the line
 * matched `HEADER` when the file was cut (`H:MM YYYY-M-D`, spaces after), so
 * it is five runs of digits.
 */
function headerMoment(bytes: Buffer, from: number): Moment {
  const parts = [0, 0, 0, 0, 0];
  let i = from;
  for (let p = 0; p < 5; p++) {
    let n = 0;
    for (let c = bytes[i]!; c >= 48 && c <= 57; c = bytes[++i]!) n = n * 10 + (c - 48);
    parts[p] = n;
    i++;
  }
  const [hour, minute, year, month, day] = parts as [number, number, number, number, number];
  return new Moment(year, month, day, hour, minute);
}

/** The ways a header line can write a moment: hour, month and day with or without a leading zero (`9:07 2013-2-2`, `09:07 2013-02-02`). */
function spellings(m: Moment): string[] {
  const forms = (n: number) => (n < 10 ? [String(n), `0${n}`] : [String(n)]);
  const out: string[] = [];
  const minute = String(m.minute).padStart(2, '0');
  for (const h of forms(m.hour)) for (const mo of forms(m.month)) for (const d of forms(m.day)) out.push(`${h}:${minute} ${String(m.year).padStart(4, '0')}-${mo}-${d}`);
  return out;
}

/** The code of the moment of the header line at `from`. */
export function headerCode(bytes: Buffer, from: number): number {
  return headerMoment(bytes, from).code;
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

/** True when `bytes[from, to)` is empty or ends with a blank line and its line ending, so that a header may follow. */
export function endsWithBlankLine(bytes: Buffer, from = 0, to = bytes.length): boolean {
  let end = to;
  if (end === from) return true;
  if (bytes[end - 1] === 10) end--;
  else if (bytes[end - 1] !== 13) return false;
  if (end > from && bytes[end - 1] === 13) end--;
  for (let i = end - 1; i >= from; i--) {
    const c = bytes[i];
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** True when `bytes[from, to)` ends with a line ending. */
export function endsWithBreak(bytes: Buffer, from = 0, to = bytes.length): boolean {
  if (to === from) return false;
  const c = bytes[to - 1];
  return c === 10 || c === 13;
}

/** The number of line breaks (LF, CRLF, lone CR) in bytes. */
export function countBreaks(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  for (let i = bytes.indexOf(13); i !== -1; i = bytes.indexOf(13, i + 1)) if (bytes[i + 1] !== 10) n++;
  return n;
}
