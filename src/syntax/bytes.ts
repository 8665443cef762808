/**
 * Parsing a file's bytes. The file is cut into entries at header lines while
 * still bytes; each entry is decoded on its own when it is read (see
 * `Document`), so a mostly-ASCII entry stays one byte a character, the bytes
 * are held once, and a bad byte is pinned to the entry and line that hold it.
 */
import { cutBytes } from './cuts.js';
import { Document, type Chunk } from './document.js';

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
  const cuts = cutBytes(bytes);
  const { starts, lines } = cuts;
  const chunks: Chunk[] = [];
  for (let i = 0; i < starts.length; i++) {
    chunks.push({ from: 0, to: 0, base: 0, line: lines[i]!, preamble: i === 0 && cuts.preamble, byteFrom: starts[i]!, byteTo: starts[i + 1] ?? bytes.length });
  }
  return { doc: new Document(chunks, 0, cuts.bom, bytes), binary: cuts.binary };
}
