/**
 * Where a file's bytes are cut into chunks (the preamble, then one per
 * entry): at a header line at the start of the file or after a blank line.
 * `parseBytes` builds its document on these cuts, and the merge of large
 * files reads them without building one, and only where versions differ.
 * Nothing here imports the rest of the syntax layer, so the merge driver
 * starts quickly.
 */
import { HEADER } from './patterns.js';

/** Where a file's bytes are cut into chunks: plain numbers, no object per chunk. */
export interface ByteCuts {
  /** The start of each chunk (the preamble, if any, then one per entry); a chunk ends where the next starts, the last at the end of the range. */
  starts: number[];
  /** The 0-based line of each chunk's first line, counted from the start of the range. */
  lines: number[];
  /** True when the first chunk is a preamble (text before the first header line). */
  preamble: boolean;
  /** True when the file starts with a byte order mark (before the first chunk). */
  bom: boolean;
  /** True when the file holds a NUL byte in its first 8 KiB. */
  binary: boolean;
}

/**
 * The chunk starts of `bytes[from, to)`, one at a time. `from` is the start
 * of the file or of a chunk (so the line before it, if any, is blank), and
 * `to` the end of the file or the start of a chunk.
 *
 * ```ts
 * const s = new ChunkScanner(bytes, 0, bytes.length);
 * for (let at = s.next(); at !== -1; at = s.next()) console.log(at, s.line);
 * ```
 */
export class ChunkScanner {
  /** The 0-based line (from `from`) of the chunk `next()` returned last. */
  line = 0;
  /** Where the text starts: after a byte order mark at the start of the file. */
  readonly first: number;
  readonly bom: boolean;
  private pos: number;
  private lines = 0;
  private lf: number;
  private cr: number;
  private prevBlank = true;
  /** True until the first chunk is returned: text before a header is a preamble chunk. */
  private atFirst = true;
  /** True when the first chunk is a preamble (it starts with no header line). */
  preamble = false;
  /** A chunk start found while returning the preamble before it, or -1. */
  private pending = -1;
  private pendingLine = 0;

  constructor(
    private readonly bytes: Buffer,
    from: number,
    private readonly to: number,
  ) {
    this.bom = from === 0 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    this.first = this.bom ? 3 : from;
    this.pos = this.first;
    this.lf = bytes.indexOf(10, this.pos);
    this.cr = nextCR(bytes, this.pos);
  }

  /** The next chunk start, or -1 at the end of the range. */
  next(): number {
    if (this.pending !== -1) {
      const at = this.pending;
      this.pending = -1;
      this.line = this.pendingLine;
      return at;
    }
    const bytes = this.bytes;
    const n = this.to;
    while (this.pos < n) {
      const pos = this.pos;
      if (this.lf !== -1 && this.lf < pos) this.lf = bytes.indexOf(10, pos);
      if (this.cr !== -1 && this.cr < pos) this.cr = bytes.indexOf(13, pos);
      const { lf, cr } = this;
      let contentEnd: number;
      let end: number;
      if (cr !== -1 && cr < n && (lf === -1 || cr < lf)) {
        contentEnd = cr;
        end = cr + 1 < n && bytes[cr + 1] === 10 ? cr + 2 : cr + 1;
      } else if (lf !== -1 && lf < n) {
        contentEnd = lf;
        end = lf + 1;
      } else {
        contentEnd = n;
        end = n;
      }
      const header = this.prevBlank && isHeaderBytes(bytes, pos, contentEnd);
      const line = this.lines;
      this.prevBlank = isBlankBytes(bytes, pos, contentEnd);
      if (end > contentEnd) this.lines++;
      this.pos = end;
      if (!header) continue;
      if (this.atFirst && pos > this.first) {
        // Text before the first header: a preamble chunk first, then this one.
        this.pending = pos;
        this.pendingLine = line;
        return this.startPreamble();
      }
      this.atFirst = false;
      this.line = line;
      return pos;
    }
    return this.atFirst && this.first < n ? this.startPreamble() : -1;
  }

  private startPreamble(): number {
    this.atFirst = false;
    this.preamble = true;
    this.line = 0;
    return this.first;
  }
}

/**
 * The last search for a carriage return in each file seen (from where, what
 * it found): scanners started one after another over a file without one do
 * not each search it to its end.
 */
const CR_SEARCH = new WeakMap<Buffer, { from: number; at: number }>();

/** The first carriage return at or after `pos`, or -1. */
function nextCR(bytes: Buffer, pos: number): number {
  const last = CR_SEARCH.get(bytes);
  if (last && last.from <= pos && (last.at === -1 || last.at >= pos)) return last.at;
  const at = bytes.indexOf(13, pos);
  CR_SEARCH.set(bytes, { from: pos, at });
  return at;
}

/**
 * Cuts a file's bytes (or the range `[from, to)` of them, see
 * `ChunkScanner`) where `parseBytes` cuts them, keeping only the offsets.
 */
export function cutBytes(bytes: Buffer, from = 0, to = bytes.length): ByteCuts {
  const scanner = new ChunkScanner(bytes, from, to);
  const starts: number[] = [];
  const lines: number[] = [];
  for (let at = scanner.next(); at !== -1; at = scanner.next()) {
    starts.push(at);
    lines.push(scanner.line);
  }
  const binary = bytes.subarray(0, 8192).indexOf(0) !== -1;
  return { starts, lines, preamble: scanner.preamble, bom: scanner.bom, binary };
}

/**
 * The last chunk start in `(from, before)` whose header line ends (its
 * content, not its line ending) before `before`, else `from`. `from` is the
 * start of the file or of a chunk. Versions whose bytes agree on
 * `[from, before)` have the same chunk starts up to the one this returns:
 * the merge cuts only after it.
 */
export function lastChunkStart(bytes: Buffer, from: number, before: number): number {
  // The text starts after a byte order mark at the start of the file.
  const lo = from === 0 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : from;
  // Walk back line by line: a line starts after LF, or after a CR not followed by LF.
  let lineEnd = before; // the start of the line after the one looked at
  while (lineEnd > lo) {
    let q = lineEnd - 1;
    while (q > lo && !isLineStart(bytes, q)) q--;
    let contentEnd = q;
    while (contentEnd < lineEnd && bytes[contentEnd] !== 10 && bytes[contentEnd] !== 13) contentEnd++;
    if (contentEnd < before && isHeaderBytes(bytes, q, contentEnd) && blankBefore(bytes, lo, q)) return q;
    lineEnd = q;
  }
  return from;
}

/**
 * True when a chunk of an entry starts at `at`: a header line there, at the
 * start of the text or after a blank line. Decided from the bytes around
 * `at` alone.
 */
export function isChunkStart(bytes: Buffer, at: number): boolean {
  const lo = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (at < lo || (at > lo && !isLineStart(bytes, at))) return false;
  let end = at;
  while (end < bytes.length && bytes[end] !== 10 && bytes[end] !== 13) end++;
  return isHeaderBytes(bytes, at, end) && blankBefore(bytes, lo, at);
}

/** True when a line starts at `i` (`i` > 0): after LF, or after a CR not followed by LF. */
function isLineStart(bytes: Buffer, i: number): boolean {
  const c = bytes[i - 1];
  return c === 10 || (c === 13 && bytes[i] !== 10);
}

/** True when the line before the line start `q` is blank (or `q` is `from`, a chunk or file start). */
function blankBefore(bytes: Buffer, from: number, q: number): boolean {
  if (q === from) return true;
  let i = q - 1;
  if (bytes[i] === 10 && i > from && bytes[i - 1] === 13) i--;
  // `i` is the line ending; the line's content is before it.
  for (let k = i - 1; k >= from; k--) {
    const c = bytes[k];
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function isHeaderBytes(bytes: Buffer, from: number, to: number): boolean {
  const len = to - from;
  if (len < 13 || len > 200) return false;
  const c = bytes[from]!;
  if (c < 48 || c > 57) return false;
  return HEADER.test(bytes.toString('latin1', from, to));
}

function isBlankBytes(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
