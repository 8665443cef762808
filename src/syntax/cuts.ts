/**
 * Where a file's bytes are cut into chunks (the preamble, then one per
 * entry): at a header line at the start of the file or after a blank line.
 * `parseBytes` builds its document on these cuts, and the merge of large
 * files reads them without building one. Nothing here imports the rest of
 * the syntax layer, so the merge driver starts quickly.
 */
import { HEADER } from './patterns.js';

/** Where a file's bytes are cut into chunks: plain numbers, no object per chunk. */
export interface ByteCuts {
  /** The start of each chunk (the preamble, if any, then one per entry); a chunk ends where the next starts, the last at the file's end. */
  starts: number[];
  /** The 0-based line of each chunk's first line. */
  lines: number[];
  /** True when the first chunk is a preamble (text before the first header line). */
  preamble: boolean;
  /** True when the file starts with a byte order mark (before the first chunk). */
  bom: boolean;
  /** True when the file holds a NUL byte in its first 8 KiB. */
  binary: boolean;
}

/**
 * Cuts a file's bytes where `parseBytes` cuts them (header lines at the
 * start of the file or after a blank line), keeping only the offsets: the
 * merge of large files reads these without building a document.
 */
export function cutBytes(bytes: Buffer): ByteCuts {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const binary = bytes.subarray(0, 8192).indexOf(0) !== -1;
  const starts: number[] = [];
  const lines: number[] = [];
  const first = bom ? 3 : 0;
  let preamble = false;
  let line = 0;
  let prevBlank = true;

  let pos = first;
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
      if (starts.length === 0 && pos > first) {
        starts.push(first);
        lines.push(0);
        preamble = true;
      }
      starts.push(pos);
      lines.push(line);
    }
    prevBlank = isBlankBytes(bytes, pos, contentEnd);
    if (end > contentEnd) line++;
    pos = end;
  }
  if (starts.length === 0 && n > first) {
    starts.push(first);
    lines.push(0);
    preamble = true;
  }
  return { starts, lines, preamble, bom, binary };
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
