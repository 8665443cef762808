/**
 * Tokens inside one line: references, same-entry item references, `\TODO`,
 * title phrases and GTD time specs. Every character lands in one leaf.
 */
import { INLINE, TIME_SPEC } from './patterns.js';
import { branch, leaf, type SyntaxNode } from './tree.js';

/**
 * Appends the inline tokens of `text[from, to)` to `out`; `base` is added to
 * every offset. `hasCandidates` says whether the line holds a `"` or `\`; when
 * false the line is one text leaf.
 */
export function pushInline(text: string, from: number, to: number, base: number, out: SyntaxNode[], hasCandidates: boolean): void {
  if (from >= to) return;
  if (!hasCandidates) {
    out.push(leaf('text', base + from, base + to));
    return;
  }
  const line = text.slice(from, to);
  const re = new RegExp(INLINE.source, 'g');
  let last = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const a = m.index;
    const b = a + m[0].length;
    if (a > last) out.push(leaf('text', base + from + last, base + from + a));
    const at = base + from + a;
    if (m[1] !== undefined) {
      const closing = m[0].indexOf('"', 1);
      const parts = [leaf('punctuation', at, at + 1), leaf('moment', at + 1, at + closing), leaf('punctuation', at + closing, at + closing + 1)];
      if (m[6] !== undefined) parts.push(leaf('item-path', at + closing + 1, at + m[0].length));
      out.push(branch('reference', parts));
    } else if (m[7] !== undefined) {
      out.push(branch('item-reference', [leaf('punctuation', at, at + 1), leaf('item-path', at + 1, at + b - a - 1), leaf('punctuation', at + b - a - 1, at + b - a)]));
    } else {
      out.push(branch('todo', [leaf('todo-marker', at, at + b - a)]));
    }
    last = b;
  }
  if (last < line.length) out.push(leaf('text', base + from + last, base + to));
}

/**
 * Appends leading GTD time specs (`9:00-9:40 30' 2h`) of `text[from, to)` as
 * `time-spec` and `space` leaves; returns where the rest of the line begins.
 */
export function pushTimeSpecs(text: string, from: number, to: number, base: number, out: SyntaxNode[]): number {
  let pos = from;
  for (;;) {
    let p = pos;
    while (p < to && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    if (p >= to) return pos;
    const c = text.charCodeAt(p);
    if (!((c >= 48 && c <= 57) || c === 45)) return pos;
    const m = TIME_SPEC.exec(text.slice(p, Math.min(to, p + 16)));
    if (!m) return pos;
    if (p > pos) out.push(leaf('space', base + pos, base + p));
    out.push(leaf('time-spec', base + p, base + p + m[0].length));
    pos = p + m[0].length;
  }
}

/**
 * Appends the tokens of a title line: topics, `contN` thread parts, the
 * separators `,` and `;`, and the spaces around them.
 */
export function pushTitle(text: string, from: number, to: number, base: number, out: SyntaxNode[]): void {
  let pos = from;
  while (pos <= to) {
    let end = pos;
    while (end < to) {
      const c = text.charCodeAt(end);
      if (c === 44 || c === 59) break;
      end++;
    }
    let a = pos;
    while (a < end && (text.charCodeAt(a) === 32 || text.charCodeAt(a) === 9)) a++;
    let b = end;
    while (b > a && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9)) b--;
    if (a > pos) out.push(leaf('space', base + pos, base + a));
    if (b > a) out.push(leaf(/^cont\d+$/.test(text.slice(a, b)) ? 'thread-part' : 'topic', base + a, base + b));
    if (end > b) out.push(leaf('space', base + b, base + end));
    if (end >= to) break;
    out.push(leaf('punctuation', base + end, base + end + 1));
    pos = end + 1;
  }
}
