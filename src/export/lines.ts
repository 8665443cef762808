/**
 * An entry's text cut for a renderer: its lines, each with its role (header,
 * revision stamp, title, body) and the item it belongs to, and each line's
 * text as runs of plain text and references. Markdown and org render from
 * this, so they agree on what is an item, its text, and a link.
 */
import type { ModelEntry, ModelItem, ModelReference } from './model.js';

/** A run of a line: plain text, or a reference (its text as written). */
export type Run = { text: string; ref?: ModelReference };

/** One line of an entry's body. */
export interface BodyLine {
  /** The item whose marker line this is (its runs are the text after the marker and stamp). */
  marker?: ModelItem;
  /** The innermost item holding the line (undefined before the first item). */
  item?: ModelItem;
  /** The line without its line ending, as runs. */
  runs: Run[];
  /** True for a line of whitespace only. */
  blank: boolean;
}

/** Every item of an entry, depth first, with its depth (0 for a top item). */
export function flatItems(items: ModelItem[], depth = 0, out: { item: ModelItem; depth: number }[] = []): { item: ModelItem; depth: number }[] {
  for (const i of items) {
    out.push({ item: i, depth });
    flatItems(i.children, depth + 1, out);
  }
  return out;
}

/** The runs of `text[from, to)`, references cut out. */
export function runsOf(entry: ModelEntry, from: number, to: number): Run[] {
  const runs: Run[] = [];
  let at = from;
  for (const r of entry.references) {
    if (r.from < from || r.to > to) continue;
    if (r.from > at) runs.push({ text: entry.text.slice(at, r.from) });
    runs.push({ text: r.written, ref: r });
    at = r.to;
  }
  if (to > at) runs.push({ text: entry.text.slice(at, to) });
  return runs;
}

/** The body lines of an entry: after the header, its revision stamps and its title line. */
export function bodyLines(entry: ModelEntry): BodyLine[] {
  const text = entry.text;
  const flat = flatItems(entry.items);
  // The body starts after the title line, or after the header and the stamp lines of an untitled entry.
  let at = text.indexOf('\n') + 1 || text.length;
  if (entry.titleTo !== undefined) {
    const nl = text.indexOf('\n', entry.titleTo);
    at = nl < 0 ? text.length : nl + 1;
  } else {
    for (let k = 0; k < entry.revisions.length; k++) {
      const nl = text.indexOf('\n', at);
      at = nl < 0 ? text.length : nl + 1;
    }
  }
  const out: BodyLine[] = [];
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    const next = end < 0 ? text.length : end + 1;
    if (end < 0) end = text.length;
    const contentEnd = end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const marker = flat.find((f) => f.item.from >= at && f.item.from < Math.max(contentEnd, at + 1) && text.slice(at, f.item.from).trim() === '')?.item;
    const point = marker ? marker.from : at;
    let item: ModelItem | undefined;
    for (const f of flat) if (f.item.from <= point && f.item.to > point) item = f.item;
    const from = marker ? Math.min(marker.markerTo, contentEnd) : at;
    const line = text.slice(at, contentEnd);
    out.push({ ...(marker ? { marker } : {}), ...(item ? { item } : {}), runs: runsOf(entry, from, contentEnd), blank: line.trim() === '' });
    at = next;
  }
  // Blank lines at the end belong to the space between entries.
  while (out.length && out[out.length - 1]!.blank) out.pop();
  return out;
}

/** The depth of an item in its entry (0 for a top item). */
export function depthOf(entry: ModelEntry, item: ModelItem): number {
  return flatItems(entry.items).find((f) => f.item === item)?.depth ?? 0;
}
