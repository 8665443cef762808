/**
 * Cutting text into chunks: the preamble and one chunk per entry, cut at
 * header lines that follow a blank line or the start. `parse` cuts a whole
 * file this way, `Document.replace` only the window an edit touches.
 */
import type { Chunk } from './document.js';
import { LineCursor } from './lines.js';
import { isBlank, isHeaderLine } from './patterns.js';

/**
 * Cuts `text` from `start` on into chunks (pushed to `out`) at header lines
 * that follow a blank line or the start; the first chunk is a preamble when
 * it does not start with a header. Offsets in the file are `base` plus
 * offsets in `text`; `line` is the 0-based line number of `start`. Returns
 * the number of line breaks in the text cut. An edit re-cuts only a window
 * of a document this way (`Document.replace`).
 */
export function cutChunks(text: string, start: number, base: number, line: number, out: Chunk[]): number {
  const first = line;
  let chunkStart = start;
  let chunkLine = line;
  let chunkIsEntry = false;
  let prevBlank = true;
  const c = new LineCursor(text, start, text.length);
  while (c.next()) {
    if (prevBlank && isHeaderLine(text, c.from, c.contentEnd)) {
      if (c.from > chunkStart) out.push({ text, from: chunkStart, to: c.from, base, line: chunkLine, preamble: !chunkIsEntry });
      chunkStart = c.from;
      chunkLine = line;
      chunkIsEntry = true;
    }
    prevBlank = isBlank(text, c.from, c.contentEnd);
    if (c.to > c.contentEnd) line++;
  }
  if (text.length > chunkStart) out.push({ text, from: chunkStart, to: text.length, base, line: chunkLine, preamble: !chunkIsEntry });
  return line - first;
}
