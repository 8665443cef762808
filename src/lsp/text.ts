/**
 * Small text helpers of the language service: where lines of an entry begin
 * and end, the item at an offset, which moments fit a reference as typed.
 */
import type { Moment } from '../model/moment.js';
import type { Entry, Item } from '../model/types.js';

/**
 * Which moments fit the beginning of a reference as typed: `11:0`,
 * `11:07 2013-2`, written padded or not; or the start of a normal form
 * (`2013-02-1`). Every part but the last must be whole.
 */
export function momentFilter(typed: string): (m: Moment) => boolean {
  const written = /^(\d{0,2})(?::(\d{0,2})(?: (\d{0,4})(?:-(\d{0,2})(?:-(\d{0,2}))?)?)?)?$/.exec(typed);
  if (!written) return (m) => m.key.startsWith(typed);
  const parts = written.slice(1).filter((p): p is string => p !== undefined);
  return (m) => {
    const values = [m.hour, m.minute, m.year, m.month, m.day];
    return parts.every((p, i) => {
      const v = values[i]!;
      if (i < parts.length - 1) return p !== '' && Number(p) === v;
      return p === '' || String(v).startsWith(p) || String(v).padStart(2, '0').startsWith(p);
    });
  };
}

export function itemSpot(entry: Entry, item: Item): { file: string; from: number; to: number } {
  return { file: entry.file.path, from: item.from, to: lineEnd(entry, item.from) };
}

export function innermost(items: Item[], offset: number): Item | undefined {
  for (const it of items) {
    if (offset >= it.from && offset < it.to) return innermost(it.children, offset) ?? it;
  }
  return undefined;
}

export function lineBegin(entry: Entry, offset: number): number {
  const doc = entry.file.doc;
  return offset - doc.position(offset).character;
}

export function lineEnd(entry: Entry, offset: number): number {
  const doc = entry.file.doc;
  const rest = doc.textOf({ from: offset, to: entry.to });
  const nl = rest.search(/\r|\n/);
  return nl === -1 ? entry.to : offset + nl;
}

export function firstLine(entry: Entry, offset: number): string {
  return entry.file.doc.textOf({ from: offset, to: lineEnd(entry, offset) }).trim().slice(0, 120);
}

export function trimEnd(entry: Entry, to: number): number {
  const text = entry.file.doc.textOf({ from: entry.from, to });
  return entry.from + text.replace(/\s+$/u, '').length;
}

/**
 * Whether the text before the cursor ends inside a reference being typed:
 * after an opening double quote (an even number of quotes before it on the
 * line), then only what a moment is written with. The quote that closes
 * `"-O0"` opens nothing. Returns what is typed after the quote.
 */
export function referenceTyped(before: string): string | undefined {
  const m = /"([\d: -]*)$/.exec(before);
  if (!m) return undefined;
  const quotes = before.slice(0, m.index).split('"').length - 1;
  return quotes % 2 === 0 ? m[1]! : undefined;
}

/**
 * The thread key a title line names with the phrases typed so far (`a, b,
 * cont3, c` names `a, b / c`): the phrases up to each `contN` are one
 * segment, as the title reader keys threads; after a `;` nothing counts.
 */
export function typedThreadKey(phrases: string[]): string {
  const segments: string[] = [];
  let segment: string[] = [];
  for (const p of phrases) {
    if (p.includes(';')) {
      const head = p.slice(0, p.indexOf(';')).trim();
      if (head) segment.push(head.replace(/\.+$/, ''));
      break;
    }
    if (/^cont\d+$/i.test(p)) {
      segments.push(segment.join(', '));
      segment = [];
    } else if (p !== '') segment.push(p.replace(/\.+$/, '') || p);
  }
  return [...segments, segment.join(', ')].filter((s) => s !== '').join(' / ');
}
