/**
 * A parsed file: its chunks (the preamble and one per entry) and their text.
 *
 * A document parsed from a string keeps that string. A document parsed from
 * bytes keeps the bytes and decodes a chunk's text when it is asked for, so a
 * journal of hundreds of megabytes costs about its size in memory, not twice
 * that (Chinese text is two bytes a character in a JavaScript string).
 */
import { isUtf8 } from 'node:buffer';
import { parseEntry } from './entry.js';
import { forEachLine } from './lines.js';
import { branch, leaf, type SyntaxNode } from './tree.js';
import { findInvalid, MAX_INVALID, type InvalidBytes } from './utf8.js';

/**
 * A run of the file: the preamble or one entry. Its text is
 * `chunkText(chunk)[from, to)`; add `base` to get offsets in the file.
 */
export interface Chunk {
  /** The string holding the chunk, for documents parsed from a string. */
  text?: string;
  from: number;
  to: number;
  base: number;
  /** 0-based line number of the chunk's first line in the file. */
  line: number;
  preamble: boolean;
  /** The chunk's bytes in the file, for documents parsed from bytes. */
  byteFrom?: number;
  byteTo?: number;
}

/** A parsed file: its chunks, their text, and trees built on demand. */
export class Document {
  private decoded: boolean;
  private size: number;
  /** True when the file has no carriage return at all: scanners need not look for one. */
  readonly noCR: boolean;
  /** Runs of bytes that are not UTF-8 (documents parsed from bytes; known once decoded). */
  readonly invalid: InvalidBytes[] = [];

  constructor(
    /** The preamble (if any) and the entries, in file order. */
    readonly chunks: Chunk[],
    /** Offset just past the end of the file (for a document parsed from a string). */
    length: number,
    /** True when the file starts with a byte order mark (kept as a `bom` leaf). */
    readonly bom: boolean,
    /** The file's bytes, for a document parsed from bytes. */
    readonly bytes?: Buffer,
    /** True when the text is known to hold no carriage return. */
    noCR?: boolean,
  ) {
    this.decoded = !bytes;
    this.size = length;
    this.noCR = noCR ?? (bytes ? bytes.indexOf(13) === -1 : false);
  }

  /** Offset just past the end of the file. */
  get length(): number {
    this.forEachChunk();
    return this.size;
  }

  /**
   * Visits every chunk with its text, in file order. The first visit of a
   * document parsed from bytes decodes it and fixes every chunk's offsets;
   * the text is not kept.
   */
  forEachChunk(visit?: (chunk: Chunk, text: string) => void): void {
    if (this.decoded) {
      if (visit) for (const c of this.chunks) visit(c, this.chunkText(c));
      return;
    }
    const bytes = this.bytes!;
    let offset = this.bom ? 1 : 0;
    for (const c of this.chunks) {
      const text = bytes.toString('utf8', c.byteFrom, c.byteTo);
      c.from = 0;
      c.to = text.length;
      c.base = offset;
      if (this.invalid.length < MAX_INVALID && !isUtf8(bytes.subarray(c.byteFrom, c.byteTo))) findInvalid(bytes, c.byteFrom!, c.byteTo!, offset, this.invalid);
      offset += text.length;
      visit?.(c, text);
    }
    this.size = offset;
    this.decoded = true;
  }

  /** The text a chunk's offsets point into (decoded anew from bytes each time). */
  chunkText(chunk: Chunk): string {
    if (chunk.text !== undefined) return chunk.text;
    if (!this.decoded) this.forEachChunk();
    return this.bytes!.toString('utf8', chunk.byteFrom, chunk.byteTo);
  }

  /** The tree of one chunk (built each time it is asked for; callers keep it if they need it twice). */
  chunkTree(chunk: Chunk): SyntaxNode {
    return parseEntry(this.chunkText(chunk), chunk.from, chunk.to, chunk.base, chunk.preamble, this.noCR);
  }

  /** The tree of the whole file. */
  tree(): SyntaxNode {
    const children: SyntaxNode[] = [];
    this.forEachChunk((c, text) => children.push(parseEntry(text, c.from, c.to, c.base, c.preamble, this.noCR)));
    if (this.bom) children.unshift(leaf('bom', 0, 1));
    return branch('document', children, 0);
  }

  /** The source text of a span of this document. */
  textOf(span: { from: number; to: number }): string {
    const chunk = this.chunkAt(span.from);
    if (!chunk || span.to > chunk.base + chunk.to) return this.slice(span.from, span.to);
    return this.chunkText(chunk).slice(span.from - chunk.base, span.to - chunk.base);
  }

  /** The chunk holding an offset (binary search). */
  chunkAt(offset: number): Chunk | undefined {
    if (!this.decoded) this.forEachChunk();
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
    this.forEachChunk();
    for (const c of this.chunks) {
      const a = Math.max(from, c.base + c.from);
      const b = Math.min(to, c.base + c.to);
      if (a < b) out += this.chunkText(c).slice(a - c.base, b - c.base);
    }
    return out;
  }

  /** 0-based line and column (UTF-16 units) of an offset. */
  position(offset: number): { line: number; character: number } {
    const chunk = this.chunkAt(offset) ?? this.chunks[this.chunks.length - 1];
    if (!chunk) return { line: 0, character: offset };
    const text = this.chunkText(chunk);
    let line = chunk.line;
    let lineStart = chunk.from;
    const local = Math.min(offset - chunk.base, chunk.to);
    forEachLine(text, chunk.from, local, (l) => {
      if (l.to <= local && l.to > l.contentEnd) {
        line++;
        lineStart = l.to;
      }
    });
    return { line, character: local - lineStart };
  }
}

export type { InvalidBytes };
