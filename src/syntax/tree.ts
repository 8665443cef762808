/**
 * The lossless syntax tree: plain nodes with offsets, nothing else.
 *
 * Every character of the source belongs to exactly one leaf, so printing the
 * leaves in order gives the source back:
 *
 * ```ts
 * const doc = parse(text);
 * print(doc) === text; // always
 * ```
 *
 * Offsets are UTF-16 code units into the text of one file. Meaning (moments,
 * topics, hours) lives in the model layer, which reads these nodes.
 */

/** Kinds of inner nodes: they group other nodes and hold no text of their own. */
export type BranchKind =
  | 'document'
  | 'preamble'
  | 'entry'
  | 'header'
  | 'revision-stamp'
  | 'title'
  | 'item'
  | 'line'
  | 'blank'
  | 'reference'
  | 'item-reference'
  | 'todo'
  | 'mail-header'
  | 'sessions';

/** Kinds of leaves: each covers a run of source text. */
export type LeafKind =
  | 'text'
  | 'space'
  | 'newline'
  | 'bom'
  | 'moment'
  | 'item-path'
  | 'marker'
  | 'stamp'
  | 'topic'
  | 'thread-part'
  | 'punctuation'
  | 'todo-marker'
  | 'time-spec';

/** A node kind, inner or leaf. */
export type NodeKind = BranchKind | LeafKind;

/**
 * One node of the tree: `{kind, from, to, children}`. Leaves have no children.
 * `from`/`to` are offsets into the file's text, `to` exclusive.
 */
export interface SyntaxNode {
  kind: NodeKind;
  from: number;
  to: number;
  children?: SyntaxNode[];
}

/** Makes a leaf node. */
export function leaf(kind: LeafKind, from: number, to: number): SyntaxNode {
  return { kind, from, to };
}

/** Makes an inner node spanning its children (or an empty span at `at`). */
export function branch(kind: BranchKind, children: SyntaxNode[], at = 0): SyntaxNode {
  const first = children[0];
  const last = children[children.length - 1];
  return { kind, from: first ? first.from : at, to: last ? last.to : at, children };
}

/** Calls `visit` on every node, parents before children; return false to skip a subtree. */
export function walk(node: SyntaxNode, visit: (node: SyntaxNode, parent: SyntaxNode | undefined) => boolean | void): void {
  const stack: [SyntaxNode, SyntaxNode | undefined][] = [[node, undefined]];
  while (stack.length > 0) {
    const [n, p] = stack.pop()!;
    if (visit(n, p) === false || !n.children) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i]!, n]);
  }
}
