/**
 * The snippet of a search hit: the line of the entry that holds the most of
 * the query's terms (the title and body before the header), cut to a width
 * around the first hit, with the spans of every hit in it.
 */
import { termSpans } from './query.js';
import type { Snippet } from './shapes.js';

export type { Snippet };

/** Where the terms occur in a (lower-cased) line: sorted, overlapping spans merged. */
export function findMarks(lower: string, terms: string[], starts: (text: string, at: number) => boolean = () => true, more: [number, number][] = []): [number, number][] {
  const spans: [number, number][] = [...more];
  for (const t of terms) spans.push(...termSpans(lower, t, starts));
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/**
 * The best snippet of an entry for some terms (lower-cased), at most
 * `width` characters, with `…` where it was cut.
 */
export function makeSnippet(text: string, terms: string[], width = 120, starts?: (text: string, at: number) => boolean): Snippet {
  const lines = text.split(/\r\n|\r|\n/);
  // A phrase that runs over a line break: each line's part of it, by line.
  const across = phrasesAcross(text, lines, terms, starts);
  let best = -1;
  let bestScore = -1;
  let bestMarks: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const lower = line.toLowerCase();
    // Offsets into a lower-cased line are offsets into the line only when lower-casing kept its length.
    if (lower.length !== line.length) continue;
    const parts = across.get(i);
    const marks = findMarks(lower, terms, starts, parts?.spans);
    const distinct = terms.filter((t) => parts?.terms.has(t) || termSpans(lower, t).length > 0).length;
    // The header line (a moment) is shown only when no other line holds as many of the terms.
    const score = distinct * 1000 + marks.length - (i === 0 ? 500 : 0);
    if (score > bestScore) {
      best = i;
      bestScore = score;
      bestMarks = marks;
    }
  }
  if (best < 0) return { text: '', marks: [], line: 0 };
  const line = lines[best]!.replace(/\t/g, ' ');
  if (line.length <= width) return { text: line, marks: bestMarks, line: best };
  const first = bestMarks[0]?.[0] ?? 0;
  let from = Math.max(0, Math.min(first - Math.floor(width / 3), line.length - width));
  // Do not cut a surrogate pair in two.
  if (from > 0 && /[\udc00-\udfff]/.test(line[from]!)) from++;
  let to = Math.min(line.length, from + width);
  if (to < line.length && /[\ud800-\udbff]/.test(line[to - 1]!)) to--;
  const head = from > 0 ? '…' : '';
  const tail = to < line.length ? '…' : '';
  const marks = bestMarks.filter(([a, b]) => a >= from && b <= to).map(([a, b]) => [a - from + head.length, b - from + head.length] as [number, number]);
  return { text: head + line.slice(from, to) + tail, marks, line: best };
}

/**
 * The parts of a phrase's matches that run over line breaks, by line index:
 * the spans on each line (in that line's offsets) and the terms they are of.
 */
function phrasesAcross(text: string, lines: string[], terms: string[], starts?: (text: string, at: number) => boolean): Map<number, { spans: [number, number][]; terms: Set<string> }> {
  const byLine = new Map<number, { spans: [number, number][]; terms: Set<string> }>();
  const phrases = terms.filter((t) => t.includes(' '));
  if (phrases.length === 0 || lines.length < 2) return byLine;
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return byLine;
  // Where each line starts in the text.
  const starts$: number[] = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts$.push(m.index! + m[0].length);
  for (const t of phrases) {
    for (const [from, to] of termSpans(lower, t, starts)) {
      let line = 0;
      while (line + 1 < starts$.length && starts$[line + 1]! <= from) line++;
      if (line + 1 >= starts$.length || starts$[line + 1]! >= to) continue; // on one line: found there already
      for (let l = line; l < lines.length && starts$[l]! < to; l++) {
        const a = Math.max(from, starts$[l]!) - starts$[l]!;
        const b = Math.min(to, starts$[l]! + lines[l]!.length) - starts$[l]!;
        if (b <= a) continue;
        const entry = byLine.get(l) ?? { spans: [], terms: new Set<string>() };
        entry.spans.push([a, b]);
        entry.terms.add(t);
        byLine.set(l, entry);
      }
    }
  }
  return byLine;
}
