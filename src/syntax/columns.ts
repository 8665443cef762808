/**
 * Lines and columns as people and editors read them (1-based, a column
 * counting characters, a surrogate pair as one) for offsets of a document
 * asked in increasing order: a column is counted on from the previous offset
 * of the same line, so many offsets on one long line (8,000 references on a
 * 168 KB line) cost the line once, not once each.
 */
import type { Document } from './document.js';

/** Places offsets of one document; ask them in increasing order for the work to stay linear. */
export class ColumnCounter {
  private lineStart = -1;
  private offset = -1;
  private column = 1;

  constructor(private readonly doc: Document) {}

  /** The 1-based line and column of an offset, and where its line starts. */
  place(offset: number): { line: number; column: number; lineStart: number } {
    const pos = this.doc.position(offset);
    const lineStart = offset - pos.character;
    const on = this.lineStart === lineStart && this.offset >= lineStart && this.offset <= offset;
    const from = on ? this.offset : lineStart;
    const column = (on ? this.column : 1) + codePoints(this.doc.textOf({ from, to: offset }));
    this.lineStart = lineStart;
    this.offset = offset;
    this.column = column;
    return { line: pos.line + 1, column, lineStart };
  }
}

/** The characters of a text, counting a surrogate pair as one. */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const p = text.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}
