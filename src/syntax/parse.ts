/**
 * `parse(text)`: the whole-file entry point of the syntax layer, and `print`.
 *
 * A file is cut into chunks at header lines (an entry runs to the next header
 * line), and each chunk's tree is built when asked for. So a 100 MB journal is
 * cut in one fast pass, and only the entries a caller looks at are expanded.
 */
import { parseEntry } from './entry.js';
import { forEachLine } from './lines.js';
import { isBlank, isHeaderLine } from './patterns.js';
import { branch, leaf, walk, type SyntaxNode } from './tree.js';

/**
 * A run of the file: the preamble or one entry. Its text is `text[from, to)`;
 * add `base` to get offsets in the file (a chunk may hold its own decoded
 * string, or share the file's).
 */
export interface Chunk {
  text: string;
  from: number;
  to: number;
  base: number;
  /** 0-based line number of the chunk's first line in the file. */
  line: number;
  preamble: boolean;
}

/** A parsed file: its chunks, and trees built on demand. */
export class Document {
  constructor(
    /** The preamble (if any) and the entries, in file order. */
    readonly chunks: Chunk[],
    /** Offset just past the end of the file. */
    readonly length: number,
    /** True when the file starts with a byte order mark (kept as a `bom` leaf). */
    readonly bom: boolean,
  ) {}

  /** The tree of one chunk (built each time it is asked for; callers keep it if they need it twice). */
  chunkTree(chunk: Chunk): SyntaxNode {
    return parseEntry(chunk.text, chunk.from, chunk.to, chunk.base, chunk.preamble);
  }

  /** The tree of the whole file. */
  tree(): SyntaxNode {
    const children = this.chunks.map((c) => this.chunkTree(c));
    if (this.bom) children.unshift(leaf('bom', 0, 1));
    return branch('document', children, 0);
  }

  /** The source text of a node of this document. */
  textOf(node: { from: number; to: number }): string {
    const chunk = this.chunkAt(node.from);
    if (!chunk || node.to > chunk.base + chunk.to) return this.slice(node.from, node.to);
    return chunk.text.slice(node.from - chunk.base, node.to - chunk.base);
  }

  /** The chunk holding an offset (binary search). */
  chunkAt(offset: number): Chunk | undefined {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.chunks[mid]!;
      if (offset < c.base + c.from) hi = mid - 1;
      else if (offset >= c.base + c.to) lo = mid + 1;
      else return c;
    }
    return undefined;
  }

  /** Text of any span, even across chunks. */
  slice(from: number, to: number): string {
    let out = from === 0 && this.bom && to > 0 ? '\uFEFF' : '';
    for (const c of this.chunks) {
      const a = Math.max(from, c.base + c.from);
      const b = Math.min(to, c.base + c.to);
      if (a < b) out += c.text.slice(a - c.base, b - c.base);
    }
    return out;
  }

  /** 0-based line and column (UTF-16 units) of an offset. */
  position(offset: number): { line: number; character: number } {
    const chunk = this.chunkAt(offset) ?? this.chunks[this.chunks.length - 1];
    if (!chunk) return { line: 0, character: offset };
    let line = chunk.line;
    let lineStart = chunk.from;
    const local = Math.min(offset - chunk.base, chunk.to);
    forEachLine(chunk.text, chunk.from, local, (l) => {
      if (l.to <= local && l.to > l.contentEnd) {
        line++;
        lineStart = l.to;
      }
    });
    return { line, character: local - lineStart };
  }
}

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
  forEachLine(text, start, text.length, (l) => {
    if (prevBlank && isHeaderLine(text, l.from, l.contentEnd)) {
      if (l.from > chunkStart) chunks.push({ text, from: chunkStart, to: l.from, base: 0, line: chunkLine, preamble: !chunkIsEntry });
      chunkStart = l.from;
      chunkLine = line;
      chunkIsEntry = true;
    }
    prevBlank = isBlank(text, l.from, l.contentEnd);
    if (l.to > l.contentEnd) line++;
  });
  if (text.length > chunkStart) chunks.push({ text, from: chunkStart, to: text.length, base: 0, line: chunkLine, preamble: !chunkIsEntry });
  return new Document(chunks, text.length, bom);
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
