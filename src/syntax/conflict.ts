/**
 * Conflict markers a merge leaves in a file (git's style): a line that
 * starts with seven `<` or seven `>`, then a space or the line's end. The
 * `=======` between them is not looked for alone: a line of seven `=` is
 * ordinary text in a journal (an underline).
 */
import { LineCursor } from './lines.js';

/** The kind of conflict marker the line `text[from, to)` is, if any. */
export function conflictMarkerAt(text: string, from: number, to: number): 'open' | 'close' | undefined {
  if (to - from < 7) return undefined;
  const c = text.charCodeAt(from);
  if (c !== 60 && c !== 62) return undefined;
  for (let i = from + 1; i < from + 7; i++) if (text.charCodeAt(i) !== c) return undefined;
  const next = text.charCodeAt(from + 7);
  if (from + 7 < to && next !== 32 && next !== 9) return undefined;
  return c === 60 ? 'open' : 'close';
}

/** The 0-based lines (from `text[from]` on) that open a conflict in `text[from, to)`. */
export function conflictLines(text: string, from = 0, to = text.length): number[] {
  const out: number[] = [];
  if (text.indexOf('<<<<<<<', from) === -1) return out;
  const c = new LineCursor(text, from, to);
  let line = 0;
  while (c.next()) {
    if (conflictMarkerAt(text, c.from, c.contentEnd) === 'open') out.push(line);
    line++;
  }
  return out;
}
