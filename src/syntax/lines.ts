/**
 * Line iteration that knows all three line endings (LF, CRLF, lone CR) and
 * stays linear on huge texts: the next CR is searched once, not per line.
 */

/** One line: `[from, contentEnd)` is its text, `[contentEnd, to)` its line ending (maybe empty). */
export interface LineSpan {
  from: number;
  contentEnd: number;
  to: number;
}

/**
 * A cursor over the lines of `text[from, to)`: each `next()` moves to the next
 * line and sets its span. The loops that walk a whole journal (`parse`, the
 * scanner) use it in a plain `while`: V8 once ran a callback version of the
 * loop thousands of times slower on a second call with a text it had seen.
 *
 * ```ts
 * const c = new LineCursor('a\r\nb', 0, 4);
 * while (c.next()) console.log(c.from, c.contentEnd, c.to); // 0 1 3, then 3 4 4
 * ```
 */
export class LineCursor implements LineSpan {
  from = 0;
  contentEnd = 0;
  to: number;
  private lf: number;
  private cr: number;

  constructor(
    private readonly text: string,
    from: number,
    private readonly end: number,
    /** True when the text is known to hold no carriage return. */
    noCR = false,
  ) {
    this.to = from;
    this.lf = this.find(10, from);
    this.cr = noCR ? -1 : this.find(13, from);
  }

  /**
   * The next `\n` or `\r` at or after `pos`, or -1 (an index at or past the
   * end means none in the range). A short range of a much longer text (a
   * line of a 100 MB document) is searched by hand: `indexOf` cannot stop at
   * the end, and would run to the far end of the text when the character is
   * absent. Otherwise `indexOf` is faster.
   */
  private find(code: number, pos: number): number {
    const end = this.end;
    const text = this.text;
    if (end - pos > 4096 || text.length - end < 65536) return text.indexOf(code === 10 ? '\n' : '\r', pos);
    for (let i = pos; i < end; i++) if (text.charCodeAt(i) === code) return i;
    return end;
  }

  /** Moves to the next line; false at the end of the range. */
  next(): boolean {
    const pos = this.to;
    const end = this.end;
    if (pos >= end) return false;
    const text = this.text;
    if (this.lf !== -1 && this.lf < pos) this.lf = this.find(10, pos);
    if (this.cr !== -1 && this.cr < pos) this.cr = this.find(13, pos);
    const lf = this.lf;
    const cr = this.cr;
    this.from = pos;
    if (cr !== -1 && cr < end && (lf === -1 || cr < lf)) {
      this.contentEnd = cr;
      this.to = cr + 1 < end && text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    } else if (lf !== -1 && lf < end) {
      this.contentEnd = lf;
      this.to = lf + 1;
    } else {
      this.contentEnd = end;
      this.to = end;
    }
    return true;
  }
}

/**
 * Walks the lines of `text[from, to)`. The callback gets each line's span;
 * the span object is reused, copy it to keep it.
 *
 * ```ts
 * forEachLine('a\r\nb', 0, 4, (l) => console.log(l.from, l.contentEnd, l.to));
 * // 0 1 3, then 3 4 4
 * ```
 */
export function forEachLine(text: string, from: number, to: number, visit: (line: LineSpan) => void): void {
  const cursor = new LineCursor(text, from, to);
  while (cursor.next()) visit(cursor);
}

/**
 * Finds the next occurrence of a needle at or after a position, searching the
 * text once overall however many times it is asked (positions only grow).
 */
export class NextIndex {
  private at = -2;
  constructor(private readonly text: string, private readonly needle: string) {}

  /** True when the needle occurs somewhere in `[from, to)`. */
  within(from: number, to: number): boolean {
    const at = this.next(from);
    return at !== -1 && at < to;
  }

  /** The next occurrence at or after `from`, or -1. */
  next(from: number): number {
    if (this.at === -1) return -1;
    if (this.at < from) this.at = this.text.indexOf(this.needle, from);
    return this.at;
  }
}
