/**
 * Parsing a file's bytes. The file is cut into entries at header lines while
 * still bytes, and each entry is decoded on its own: a mostly-ASCII journal
 * stays one byte per character in memory, and a bad byte is pinned to the
 * entry and line that hold it.
 */
import { isUtf8 } from 'node:buffer';
import { Document, type Chunk } from './parse.js';
import { HEADER } from './patterns.js';

/** Where a file holds bytes that are not UTF-8. */
export interface InvalidBytes {
  /** Byte offset of the first bad byte of the run. */
  byte: number;
  /** Offset in the decoded text (where U+FFFD stands in for it). */
  offset: number;
  /** How many bad bytes in a row. */
  length: number;
}

/** A parsed file: its document, and what decoding found. */
export interface ParsedBytes {
  doc: Document;
  /** Runs of bytes that are not UTF-8 (at most 100 are listed). */
  invalid: InvalidBytes[];
  /** True when the file holds a NUL byte in its first 8 KiB: a binary file, not a journal. */
  binary: boolean;
}

const MAX_INVALID = 100;

/**
 * Parses a file's bytes. Never throws. Bytes that are not UTF-8 decode to
 * U+FFFD in the text and are listed in `invalid`, so a writer can refuse.
 *
 * ```ts
 * const { doc, invalid } = parseBytes(fs.readFileSync('journal.txt'));
 * ```
 */
export function parseBytes(bytes: Buffer): ParsedBytes {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const head = bytes.subarray(0, 8192);
  const binary = head.indexOf(0) !== -1;
  const chunks: Chunk[] = [];
  const invalid: InvalidBytes[] = [];
  let offset = bom ? 1 : 0;
  let chunkStart = bom ? 3 : 0;
  let chunkLine = 0;
  let chunkIsEntry = false;
  let line = 0;
  let prevBlank = true;

  const cut = (end: number): void => {
    if (end <= chunkStart) return;
    const text = bytes.toString('utf8', chunkStart, end);
    if (!isUtf8(bytes.subarray(chunkStart, end)) && invalid.length < MAX_INVALID) findInvalid(bytes, chunkStart, end, offset, invalid);
    chunks.push({ text, from: 0, to: text.length, base: offset, line: chunkLine, preamble: !chunkIsEntry });
    offset += text.length;
  };

  let pos = chunkStart;
  let lf = bytes.indexOf(10, pos);
  let cr = bytes.indexOf(13, pos);
  const n = bytes.length;
  while (pos < n) {
    if (lf !== -1 && lf < pos) lf = bytes.indexOf(10, pos);
    if (cr !== -1 && cr < pos) cr = bytes.indexOf(13, pos);
    let contentEnd: number;
    let end: number;
    if (cr !== -1 && (lf === -1 || cr < lf)) {
      contentEnd = cr;
      end = cr + 1 < n && bytes[cr + 1] === 10 ? cr + 2 : cr + 1;
    } else if (lf !== -1) {
      contentEnd = lf;
      end = lf + 1;
    } else {
      contentEnd = n;
      end = n;
    }
    if (prevBlank && isHeaderBytes(bytes, pos, contentEnd)) {
      cut(pos);
      chunkStart = pos;
      chunkLine = line;
      chunkIsEntry = true;
    }
    prevBlank = isBlankBytes(bytes, pos, contentEnd);
    if (end > contentEnd) line++;
    pos = end;
  }
  cut(n);
  return { doc: new Document(chunks, offset, bom), invalid, binary };
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

/** Lists the runs of bad bytes in `bytes[from, to)`, with their offsets in the decoded text. */
function findInvalid(bytes: Buffer, from: number, to: number, textBase: number, out: InvalidBytes[]): void {
  let i = from;
  let validFrom = from;
  let textOffset = textBase;
  while (i < to && out.length < MAX_INVALID) {
    const len = sequenceLength(bytes, i, to);
    if (len > 0) {
      i += len;
      continue;
    }
    textOffset += bytes.toString('utf8', validFrom, i).length;
    let j = i + 1;
    while (j < to && sequenceLength(bytes, j, to) === 0) j++;
    out.push({ byte: i, offset: textOffset, length: j - i });
    textOffset += bytes.toString('utf8', i, j).length;
    i = j;
    validFrom = j;
  }
}

/** The length of the valid UTF-8 sequence at `i`, or 0 if the byte there starts none. */
function sequenceLength(b: Buffer, i: number, to: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number): boolean => i + k < to && (b[i + k]! & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
