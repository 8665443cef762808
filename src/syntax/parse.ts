/**
 * `parse(text)`: the whole-file entry point of the syntax layer, and `print`.
 *
 * A file is cut into chunks at header lines (an entry runs to the next header
 * line), and each chunk's tree is built when asked for. So a 100 MB journal is
 * cut in one fast pass, and only the entries a caller looks at are expanded.
 */
import { cutChunks } from './chunks.js';
import { Document, type Chunk } from './document.js';
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
  const chunks: Chunk[] = [];
  cutChunks(text, bom ? 1 : 0, 0, 0, chunks);
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
