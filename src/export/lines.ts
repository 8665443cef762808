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
  /** The marker's item's depth in the outline (0 for a top item). */
  depth: number;
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
  // References are in text order: start at the first that ends after `from`.
  const refs = entry.references;
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid]!.to <= from) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < refs.length && refs[k]!.from < to; k++) {
    const r = refs[k]!;
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
  // Items in text order: the next marker and the items holding a line are found walking forward, never searching.
  let next = 0;
  const open: { item: ModelItem; depth: number }[] = [];
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    const after = end < 0 ? text.length : end + 1;
    if (end < 0) end = text.length;
    const contentEnd = end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    while (next < flat.length && flat[next]!.item.from < at) next++;
    const f = flat[next];
    const marker = f && f.item.from < Math.max(contentEnd, at + 1) && text.slice(at, f.item.from).trim() === '' ? f : undefined;
    if (marker) next++;
    const point = marker ? marker.item.from : at;
    while (open.length && open[open.length - 1]!.item.to <= point) open.pop();
    if (marker) {
      while (open.length && open[open.length - 1]!.depth >= marker.depth) open.pop();
      open.push(marker);
    }
    const item = open[open.length - 1]?.item;
    const from = marker ? Math.min(marker.item.markerTo, contentEnd) : at;
    const line = text.slice(at, contentEnd);
    out.push({ ...(marker ? { marker: marker.item } : {}), ...(item ? { item } : {}), depth: marker?.depth ?? 0, runs: runsOf(entry, from, contentEnd), blank: line.trim() === '' });
    at = after;
  }
  // Blank lines at the end belong to the space between entries.
  while (out.length && out[out.length - 1]!.blank) out.pop();
  return out;
}
