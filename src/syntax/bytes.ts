/**
 * Parsing a file's bytes. The file is cut into entries at header lines while
 * still bytes; each entry is decoded on its own when it is read (see
 * `Document`), so a mostly-ASCII entry stays one byte a character, the bytes
 * are held once, and a bad byte is pinned to the entry and line that hold it.
 */
import { Document, type Chunk } from './document.js';
import { HEADER } from './patterns.js';

/** A parsed file: its document, and whether it is text at all. */
export interface ParsedBytes {
  doc: Document;
  /** True when the file holds a NUL byte in its first 8 KiB: a binary file, not a journal. */
  binary: boolean;
}

/**
 * Parses a file's bytes. Never throws. Bytes that are not UTF-8 decode to
 * U+FFFD in the text and are listed in `doc.invalid` once the document has
 * been decoded (`doc.forEachChunk()`), so a writer can refuse.
 *
 * ```ts
 * const { doc } = parseBytes(fs.readFileSync('journal.txt'));
 * doc.forEachChunk((chunk, text) => { ... });
 * ```
 */
export function parseBytes(bytes: Buffer): ParsedBytes {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const binary = bytes.subarray(0, 8192).indexOf(0) !== -1;
  const chunks: Chunk[] = [];
  let chunkStart = bom ? 3 : 0;
  let chunkLine = 0;
  let chunkIsEntry = false;
  let line = 0;
  let prevBlank = true;

  const cut = (end: number): void => {
    if (end > chunkStart) chunks.push({ from: 0, to: 0, base: 0, line: chunkLine, preamble: !chunkIsEntry, byteFrom: chunkStart, byteTo: end });
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
  return { doc: new Document(chunks, 0, bom, bytes), binary };
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
