/**
 * Renders a syntax tree as indented text for annotated spec tests: block
 * nodes one per line, the tokens of a line inline as kind"text". Plain "\n"
 * line endings are left out to keep the specs short.
 */
import type { Document } from '../src/syntax/parse.js';
import type { SyntaxNode } from '../src/syntax/tree.js';

const BLOCKS = new Set(['document', 'preamble', 'entry', 'item']);

/** The tree of a document (or one node of it) as spec text. */
export function render(doc: Document, node: SyntaxNode = doc.tree(), depth = 0): string {
  const pad = '  '.repeat(depth);
  if (BLOCKS.has(node.kind)) return [pad + node.kind, ...(node.children ?? []).map((c) => render(doc, c, depth + 1))].join('\n');
  const t = tokens(doc, node);
  return t ? `${pad}${node.kind}: ${t}` : `${pad}${node.kind}`;
}

function tokens(doc: Document, node: SyntaxNode): string {
  return (node.children ?? [])
    .filter((c) => !(c.kind === 'newline' && doc.textOf(c) === '\n'))
    .map((c) => (c.children ? `${c.kind}(${tokens(doc, c)})` : c.kind === 'bom' ? 'bom' : `${c.kind}${JSON.stringify(doc.textOf(c))}`))
    .join(' ');
}
