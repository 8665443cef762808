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
 * Walks the lines of `text[from, to)`. The callback gets each line's span;
 * the span object is reused, copy it to keep it.
 *
 * ```ts
 * forEachLine('a\r\nb', 0, 4, (l) => console.log(l.from, l.contentEnd, l.to));
 * // 0 1 3, then 3 4 4
 * ```
 */
export function forEachLine(text: string, from: number, to: number, visit: (line: LineSpan) => void): void {
  const line: LineSpan = { from: 0, contentEnd: 0, to: 0 };
  // Search a slice of just this range, so that no search runs past `to`.
  const shift = from;
  const t = from !== 0 || to !== text.length ? text.slice(from, to) : text;
  const n = t.length;
  let lf = t.indexOf('\n');
  let cr = t.indexOf('\r');
  let pos = 0;
  while (pos < n) {
    if (lf !== -1 && lf < pos) lf = t.indexOf('\n', pos);
    if (cr !== -1 && cr < pos) cr = t.indexOf('\r', pos);
    let contentEnd: number;
    let end: number;
    if (cr !== -1 && (lf === -1 || cr < lf)) {
      contentEnd = cr;
      end = cr + 1 < n && t.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    } else if (lf !== -1) {
      contentEnd = lf;
      end = lf + 1;
    } else {
      contentEnd = n;
      end = n;
    }
    line.from = pos + shift;
    line.contentEnd = contentEnd + shift;
    line.to = end + shift;
    visit(line);
    pos = end;
  }
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
