/**
 * A parsed file: its chunks (the preamble and one per entry) and their text.
 *
 * A document parsed from a string keeps that string. A document parsed from
 * bytes keeps the bytes and decodes a chunk's text when it is asked for, so a
 * journal of hundreds of megabytes costs about its size in memory, not twice
 * that (Chinese text is two bytes a character in a JavaScript string).
 */
import { isUtf8 } from 'node:buffer';
import { cutChunks } from './chunks.js';
import { parseEntry } from './entry.js';
import { LineCursor } from './lines.js';
import { lastAtOrBefore } from './sorted.js';
import { branch, leaf, type SyntaxNode } from './tree.js';
import { findInvalid, MAX_INVALID, utf16Length, type InvalidBytes } from './utf8.js';

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
/** The line starts of chunks, as `Document.lineStarts` found them, with what they were found for. */
const LINE_STARTS = new WeakMap<Chunk, { from: number; to: number; base: number; text: string | undefined; noCR: boolean; starts: number[] }>();

/** How many decoded chunks a document keeps (each the text of one chunk, as the document was cut). */
const KEPT_CHUNKS = 4;

export class Document {
  /** True once every chunk's offsets are fixed (for a document parsed from bytes: counted, or found by decoding it). */
  private decoded: boolean;
  /** Whether the bytes are all UTF-8, once checked (documents parsed from bytes). */
  private valid?: boolean;
  private size: number;
  private cr: boolean;
  /** The chunks decoded last, newest first (at most `KEPT_CHUNKS`). */
  private decodedChunks: { chunk: Chunk; byteFrom: number | undefined; byteTo: number | undefined; text: string }[] = [];
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
    this.cr = !(noCR ?? (bytes ? bytes.indexOf(13) === -1 : false));
  }

  /** True when the file has no carriage return at all: scanners need not look for one. */
  get noCR(): boolean {
    return !this.cr;
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
    if (!this.decoded && !visit && this.allUtf8()) this.place();
    if (this.decoded) {
      if (visit) for (const c of this.chunks) visit(c, this.chunkText(c));
      return;
    }
    const bytes = this.bytes!;
    let offset = this.bom ? 1 : 0;
    // One check of the whole file; chunk by chunk only when it holds a bad byte.
    const valid = this.allUtf8();
    for (const c of this.chunks) {
      const text = bytes.toString('utf8', c.byteFrom, c.byteTo);
      c.from = 0;
      c.to = text.length;
      c.base = offset;
      if (!valid && this.invalid.length < MAX_INVALID && !isUtf8(bytes.subarray(c.byteFrom, c.byteTo))) findInvalid(bytes, c.byteFrom!, c.byteTo!, offset, this.invalid);
      offset += text.length;
      visit?.(c, text);
    }
    this.size = offset;
    this.decoded = true;
  }

  /**
   * Visits every entry's chunk (not the preamble) with the text its offsets
   * point into, or the start of it that holds the entry's head: its header,
   * its lines that start with "(" (revision stamps) and the line after them,
   * whole. Enough to read the head (`scanEntry(..., headOnly)`). A document
   * parsed from bytes that are all UTF-8 and hold no carriage return decodes
   * only those lines: opening a large file does not wait for every entry's
   * text. `from` and `to`: the chunks (by index) to visit, when the heads
   * are decoded alone; true when they are (else every chunk was visited
   * at the first call, and none after it).
   */
  forEachHead(visit: (chunk: Chunk, head: string) => void, from = 0, to = Infinity): boolean {
    if (!this.headsFromBytes()) {
      // (Every chunk at once, whatever the range: the text is decoded whole.)
      if (from > 0) return false;
      this.forEachChunk((c, text) => {
        if (!c.preamble) visit(c, text);
      });
      return false;
    }
    const end = Math.min(to, this.chunks.length);
    for (let i = from; i < end; i++) {
      const c = this.chunks[i]!;
      if (!c.preamble) visit(c, this.headText(c));
    }
    return true;
  }

  /**
   * The text a chunk's offsets point into, or the start of it that holds its
   * head, as `forEachHead` gives it: enough for the header and the title
   * line (an entry's title is read from it without decoding the entry).
   */
  headText(chunk: Chunk): string {
    if (chunk.text !== undefined || !this.headsFromBytes()) return this.chunkText(chunk);
    return this.bytes!.toString('utf8', chunk.byteFrom, this.headEnd(chunk));
  }

  /**
   * The first line of a chunk (an entry's header line), without its line
   * end; of a document parsed from bytes, decoded alone.
   */
  firstLine(chunk: Chunk): string {
    let line: string;
    if (chunk.text !== undefined || !this.bytes) {
      const text = this.chunkText(chunk);
      const end = text.indexOf('\n', chunk.from);
      line = text.slice(chunk.from, end === -1 || end > chunk.to ? chunk.to : end);
    } else {
      const end = this.bytes.indexOf(10, chunk.byteFrom);
      line = this.bytes.toString('utf8', chunk.byteFrom, end === -1 || end > chunk.byteTo! ? chunk.byteTo : end);
    }
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  /** True (the chunks placed) when heads are decoded alone: bytes that are all UTF-8, without a carriage return. */
  headsFromBytes(): boolean {
    if (!this.bytes || this.cr || !this.allUtf8()) return false;
    this.place();
    return true;
  }

  /** Where the head of a chunk read from bytes ends: after its header line, the lines that start with "(", and one more line. */
  private headEnd(c: Chunk): number {
    const bytes = this.bytes!;
    const to = c.byteTo!;
    let end = bytes.indexOf(10, c.byteFrom!);
    while (end !== -1 && end + 1 < to && bytes[end + 1] === 40) end = bytes.indexOf(10, end + 1);
    if (end !== -1 && end + 1 < to) end = bytes.indexOf(10, end + 1);
    return end === -1 || end + 1 >= to ? to : end + 1;
  }

  /**
   * The bytes the document was parsed from, while no chunk has been edited
   * (an edit's chunks hold their text); undefined for a document parsed
   * from a string or edited since. The language server compares an editor's
   * open of a file with them, and keeps the file it read from disk when they
   * are equal, without decoding the editor's text.
   */
  unchangedBytes(): Buffer | undefined {
    if (!this.bytes) return undefined;
    for (const c of this.chunks) if (c.text !== undefined) return undefined;
    return this.bytes;
  }

  /**
   * The edit that makes this document's text the text of `bytes`: the span
   * of this text that differs (UTF-16 offsets) and what the other text has
   * there, found by comparing bytes. Only for a document that is still the
   * bytes it was parsed from (`unchangedBytes`), both all UTF-8 and without
   * a byte order mark; undefined otherwise. The language server takes an
   * editor's open of a file it read ahead, with an unsaved change, as this
   * edit: only the entries around it are read again.
   */
  editTo(bytes: Buffer): { from: number; to: number; insert: string } | undefined {
    const own = this.unchangedBytes();
    if (!own || this.bom || this.chunks.length === 0 || !this.allUtf8() || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || !isUtf8(bytes)) return undefined;
    this.place();
    const continues = (b: Buffer, at: number): boolean => ((b[at] ?? 0) & 0xc0) === 0x80;
    const min = Math.min(own.length, bytes.length);
    // Whole characters on both sides: a span never starts or ends inside one.
    let head = sharedBytes(own, bytes, min, false);
    while (head > 0 && (continues(own, head) || continues(bytes, head))) head--;
    let tail = sharedBytes(own, bytes, min - head, true);
    while (tail > 0 && (continues(own, own.length - tail) || continues(bytes, bytes.length - tail))) tail--;
    return { from: this.offsetOfByte(head), to: this.offsetOfByte(own.length - tail), insert: bytes.toString('utf8', head, bytes.length - tail) };
  }

  /** The offset (UTF-16) of the character a byte starts, for a document placed from bytes. */
  private offsetOfByte(at: number): number {
    const bytes = this.bytes!;
    const c = this.chunks[lastAtOrBefore(this.chunks, at, (x) => x.byteFrom!)]!;
    return c.base + c.from + utf16Length(bytes, wordsOf(bytes), c.byteFrom!, at);
  }

  /** True when the document's bytes (if any) are all UTF-8; checked once. */
  private allUtf8(): boolean {
    return !this.bytes || (this.valid ??= isUtf8(this.bytes));
  }

  /**
   * Fixes the offsets of the chunks of a document parsed from bytes that are
   * all UTF-8, without decoding them (`utf16Length`).
   */
  private place(): void {
    if (this.decoded) return;
    const bytes = this.bytes!;
    const words = wordsOf(bytes);
    let offset = this.bom ? 1 : 0;
    for (const c of this.chunks) {
      const n = utf16Length(bytes, words, c.byteFrom!, c.byteTo!);
      c.from = 0;
      c.to = n;
      c.base = offset;
      offset += n;
    }
    this.size = offset;
    this.decoded = true;
  }

  /** The text a chunk's offsets point into (decoded anew from bytes each time). */
  chunkText(chunk: Chunk): string {
    if (chunk.text !== undefined) return chunk.text;
    if (!this.decoded) this.forEachChunk();
    // The last few chunks decoded are kept: callers often ask for one chunk many times in a row (a title per TODO of a
    // long entry), or go back and forth between two (a task and the entry it refers to).
    const kept = this.decodedChunks;
    for (let i = 0; i < kept.length; i++) {
      const k = kept[i]!;
      if (k.chunk === chunk && k.byteFrom === chunk.byteFrom && k.byteTo === chunk.byteTo) {
        if (i > 0) kept.unshift(...kept.splice(i, 1));
        return k.text;
      }
    }
    const text = this.bytes!.toString('utf8', chunk.byteFrom, chunk.byteTo);
    kept.unshift({ chunk, byteFrom: chunk.byteFrom, byteTo: chunk.byteTo, text });
    if (kept.length > KEPT_CHUNKS) kept.pop();
    return text;
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
    // Before the first chunk: the byte order mark.
    if (!chunk || offset < chunk.base + chunk.from) return { line: 0, character: offset };
    const starts = this.lineStarts(chunk);
    const local = Math.min(offset - chunk.base, chunk.to);
    const i = lastAtOrBefore(starts, local, (s) => s);
    return { line: chunk.line + i, character: local - starts[i]! };
  }

  /**
   * Where the lines of a chunk start (offsets in its text), found once per
   * chunk and kept while the chunk is unchanged: a position is then a binary
   * search, so placing many findings in one long entry costs the entry once,
   * not once per finding.
   */
  private lineStarts(chunk: Chunk): number[] {
    const kept = LINE_STARTS.get(chunk);
    if (kept && kept.from === chunk.from && kept.to === chunk.to && kept.base === chunk.base && kept.text === chunk.text && kept.noCR === this.noCR) return kept.starts;
    const starts = [chunk.from];
    const l = new LineCursor(this.chunkText(chunk), chunk.from, chunk.to, this.noCR);
    while (l.next()) if (l.to > l.contentEnd) starts.push(l.to);
    LINE_STARTS.set(chunk, { from: chunk.from, to: chunk.to, base: chunk.base, text: chunk.text, noCR: this.noCR, starts });
    return starts;
  }

  /**
   * The offset of a 0-based line and column (UTF-16 units), as editors count
   * them; a column past the line's end means its end. Undefined for a line
   * past the end of the document.
   */
  offsetAt(line: number, character: number): number | undefined {
    this.forEachChunk();
    const chunks = this.chunks;
    if (line < 0 || character < 0) return undefined;
    const lo = lastAtOrBefore(chunks, line, (c) => c.line);
    const c = chunks[lo];
    if (!c) return line === 0 ? Math.min(character, this.size) : undefined;
    const text = this.chunkText(c);
    const cursor = new LineCursor(text, c.from, c.to, this.noCR);
    let l = c.line;
    let endedWithBreak = c.from === c.to;
    while (cursor.next()) {
      // (A byte order mark is not counted: column 0 of line 0 is after it, as in `position`.)
      if (l === line) return c.base + Math.min(cursor.from + character, cursor.contentEnd);
      endedWithBreak = cursor.to > cursor.contentEnd;
      if (!endedWithBreak) break;
      l++;
    }
    // The empty last line after a final line break.
    if (l === line && lo === chunks.length - 1 && endedWithBreak) return c.base + c.to;
    return undefined;
  }

  /** The number of lines, as an editor counts them (a final line break starts an empty last line). */
  get lineCount(): number {
    return this.position(this.length).line + 1;
  }

  /**
   * Replaces `[from, to)` with `insert` and cuts again only the chunks around
   * it: the chunk before the edit through the chunk after it (an edit can
   * make or unmake a header, or the blank line before one). Later chunks only
   * move. Returns where the chunks changed, or undefined when the edit needs
   * the whole text parsed again (an edit of the byte order mark, an empty
   * document, a byte order mark added, a document read from bytes that are
   * not all UTF-8). The chunks an edit makes of a document read from bytes
   * hold their text; the others keep reading theirs from the bytes.
   */
  replace(from: number, to: number, insert: string): { index: number; removed: Chunk[]; added: Chunk[] } | undefined {
    const chunks = this.chunks;
    if (this.bytes) {
      this.forEachChunk();
      if (this.invalid.length > 0) return undefined;
    }
    if (chunks.length === 0 || from < 0 || to < from || to > this.size) return undefined;
    const start = chunks[0]!.base + chunks[0]!.from;
    if (from < start) return undefined;
    const first = this.indexAt(from);
    const last = this.indexAt(Math.max(from, to - 1));
    const w0 = Math.max(0, first - 1);
    const w1 = Math.min(chunks.length - 1, last + 1);
    const a = chunks[w0]!;
    const windowFrom = a.base + a.from;
    let old = '';
    for (let i = w0; i <= w1; i++) old += this.chunkText(chunks[i]!).slice(chunks[i]!.from, chunks[i]!.to);
    const text = old.slice(0, from - windowFrom) + insert + old.slice(to - windowFrom);
    if (windowFrom === 0 && text.charCodeAt(0) === 0xfeff) return undefined;
    const added: Chunk[] = [];
    const lines = cutChunks(text, 0, windowFrom, a.line, added);
    let oldLines = 0;
    const cursor = new LineCursor(old, 0, old.length, this.noCR);
    while (cursor.next()) if (cursor.to > cursor.contentEnd) oldLines++;
    const shift = insert.length - (to - from);
    const lineShift = lines - oldLines;
    for (let i = w1 + 1; i < chunks.length; i++) {
      const c = chunks[i]!;
      c.base += shift;
      c.line += lineShift;
    }
    let removed: Chunk[];
    if (added.length < 1000) removed = chunks.splice(w0, w1 - w0 + 1, ...added);
    else {
      // A large paste can make more chunks than a call takes arguments.
      removed = chunks.slice(w0, w1 + 1);
      const tail = chunks.slice(w1 + 1);
      chunks.length = w0;
      for (const c of added) chunks.push(c);
      for (const c of tail) chunks.push(c);
    }
    this.size += shift;
    if (!this.cr && insert.includes('\r')) this.cr = true;
    return { index: w0, removed, added };
  }

  /** The index of the chunk holding an offset (the last chunk for the end of the document). */
  private indexAt(offset: number): number {
    return lastAtOrBefore(this.chunks, offset, (c) => c.base + c.from);
  }
}

/** All of a buffer's memory as 32-bit words, as `utf16Length` reads it. */
function wordsOf(bytes: Buffer): Uint32Array {
  return new Uint32Array(bytes.buffer, 0, bytes.buffer.byteLength >>> 2);
}

/** How many bytes two buffers share at their start (or, `fromEnd`, at their end), up to `limit`: block by block, then byte by byte. */
function sharedBytes(a: Buffer, b: Buffer, limit: number, fromEnd: boolean): number {
  const block = 1 << 16;
  let n = 0;
  while (n < limit) {
    const k = Math.min(block, limit - n);
    const same = fromEnd ? a.compare(b, b.length - n - k, b.length - n, a.length - n - k, a.length - n) === 0 : a.compare(b, n, n + k, n, n + k) === 0;
    if (!same) break;
    n += k;
  }
  while (n < limit && (fromEnd ? a[a.length - 1 - n] === b[b.length - 1 - n] : a[n] === b[n])) n++;
  return n;
}

export type { InvalidBytes };
