/**
 * `parse(text)`: the whole-file entry point of the syntax layer, and `print`.
 *
 * A file is cut into chunks at header lines (an entry runs to the next header
 * line), and each chunk's tree is built when asked for. So a 100 MB journal is
 * cut in one fast pass, and only the entries a caller looks at are expanded.
 */
import { Document, type Chunk } from './document.js';
import { isBlank, isHeaderLine } from './patterns.js';
import { walk, type SyntaxNode } from './tree.js';

export { Document, type Chunk };

/**
 * Parses a whole file's text. Never throws; any string is accepted and
 * `print(parse(text)) === text`.
 *
 * ```ts
 * const doc = parse('\n10:25 2013-02-04\nwork, xen\n');
 * doc.chunks.length; // 2: the preamble (one blank line) and one entry
 * ```
 */
export function parse(text: string): Document {
  const bom = text.charCodeAt(0) === 0xfeff;
  const start = bom ? 1 : 0;
  const chunks: Chunk[] = [];
  let chunkStart = start;
  let chunkLine = 0;
  let chunkIsEntry = false;
  let line = 0;
  let prevBlank = true;
  // One plain loop over the lines (no callback): V8 once ran a callback
  // version of this loop a thousand times slower on its second call with a
  // text it had seen before (Node 20, optimized code).
  const n = text.length;
  let lf = text.indexOf('\n', start);
  let cr = text.indexOf('\r', start);
  let pos = start;
  while (pos < n) {
    if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
    if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
    let contentEnd: number;
    let end: number;
    if (cr !== -1 && (lf === -1 || cr < lf)) {
      contentEnd = cr;
      end = cr + 1 < n && text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    } else if (lf !== -1) {
      contentEnd = lf;
      end = lf + 1;
    } else {
      contentEnd = n;
      end = n;
    }
    if (prevBlank && isHeaderLine(text, pos, contentEnd)) {
      if (pos > chunkStart) chunks.push({ text, from: chunkStart, to: pos, base: 0, line: chunkLine, preamble: !chunkIsEntry });
      chunkStart = pos;
      chunkLine = line;
      chunkIsEntry = true;
    }
    prevBlank = isBlank(text, pos, contentEnd);
    if (end > contentEnd) line++;
    pos = end;
  }
  if (text.length > chunkStart) chunks.push({ text, from: chunkStart, to: text.length, base: 0, line: chunkLine, preamble: !chunkIsEntry });
  return new Document(chunks, text.length, bom, undefined, text.indexOf('\r') === -1);
}

/**
 * Prints a tree (or a whole document) back to text by concatenating its
 * leaves. For a parsed document this is the original text, byte for byte.
 */
export function print(doc: Document, node: SyntaxNode = doc.tree()): string {
  const parts: string[] = [];
  walk(node, (n) => {
    if (n.children) return;
    parts.push(n.kind === 'bom' ? '\uFEFF' : doc.textOf(n));
  });
  return parts.join('');
}
