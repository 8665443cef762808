/**
 * Finding entries by name: each entry's label (its title in lower case, its
 * moment as written and in normal form), joined in blocks of consecutive
 * entries that are searched with `indexOf`; an edit joins again only the
 * blocks it touched.
 */
import { lastAtOrBefore } from '../syntax/sorted.js';
import { formatMoment } from './moment.js';
import type { Entry } from './types.js';

/** What a label block needs of an entry: the entry, and its label once made. */
export interface Labelled {
  entry: Entry;
  label?: string;
}

/** Consecutive entries of a file whose labels are searched as one text (joined when first searched). */
export interface LabelBlock {
  size: number;
  joined?: { text: string; starts: number[] };
}

/** The entries of one block, about. */
const BLOCK = 1024;

/** Blocks for `count` entries. */
export function labelBlocks(count: number): LabelBlock[] {
  const blocks: LabelBlock[] = [];
  for (let i = 0; i < count; i += BLOCK) blocks.push({ size: Math.min(BLOCK, count - i) });
  return blocks;
}

/** An entry's label (`tidepool, wal\u00009:07 2013-02-22\u00002013-02-22 09:07`), made once. */
export function labelOf(k: Labelled): string {
  const e = k.entry;
  return (k.label ??= `${(e.title?.text ?? '(untitled)').toLowerCase().replace(/[\u0000\u0001]/g, ' ')}\u0000${e.moment ? formatMoment(e.moment) : ''}\u0000${e.moment?.key ?? ''}`);
}

/** The labels of `count` entries from `first`, each followed by U+0001, in one text; and where each starts. */
export function joinLabels(kept: Labelled[], first: number, count: number): { text: string; starts: number[] } {
  const parts: string[] = [];
  const starts: number[] = [];
  let at = 0;
  for (let i = first; i < first + count; i++) {
    const label = labelOf(kept[i]!);
    starts.push(at);
    parts.push(label, '\u0001');
    at += label.length + 1;
  }
  return { text: parts.join(''), starts };
}

/**
 * Up to `count - out.length` more entries of one file whose label holds `q`
 * (lower case, without control characters), in file order, added to `out`.
 */
export function findInBlocks(kept: Labelled[], blocks: LabelBlock[], q: string, count: number, out: Entry[]): void {
  let first = 0;
  for (const block of blocks) {
    const { text, starts } = (block.joined ??= joinLabels(kept, first, block.size));
    let at = text.indexOf(q);
    while (at !== -1 && out.length < count) {
      const i = lastAtOrBefore(starts, at, (x) => x);
      out.push(kept[first + i]!.entry);
      if (i + 1 >= starts.length) break;
      at = text.indexOf(q, starts[i + 1]!);
    }
    if (out.length >= count) return;
    first += block.size;
  }
}

/** Joins the labels of every block not joined yet. */
export function joinAll(kept: Labelled[], blocks: LabelBlock[]): void {
  let first = 0;
  for (const block of blocks) {
    block.joined ??= joinLabels(kept, first, block.size);
    first += block.size;
  }
}

/**
 * The blocks after `count` entries at `at` were replaced by `added` others:
 * the blocks that held them become one, to be joined again (split when it
 * grew large); the others are kept.
 */
export function replaceInBlocks(blocks: LabelBlock[], at: number, count: number, added: number): void {
  let first = 0;
  let j = 0;
  while (j < blocks.length - 1 && first + blocks[j]!.size <= at) first += blocks[j++]!.size;
  let end = j;
  let size = blocks[j]?.size ?? 0;
  while (end < blocks.length - 1 && first + size < at + count) size += blocks[++end]!.size;
  const merged = size - count + added;
  const fresh = labelBlocks(merged);
  blocks.splice(j, end - j + 1, ...fresh);
}
