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

/**
 * An entry's label, made once: its title in lower case, its moment as
 * written and in normal form, and the initials of its title's words
 * (`tidepool, wal\u00009:07 2013-02-22\u00002013-02-22 09:07\u0000tw`).
 */
export function labelOf(k: Labelled): string {
  const e = k.entry;
  if (k.label !== undefined) return k.label;
  const title = (e.title?.text ?? '(untitled)').toLowerCase().replace(/[\u0000\u0001]/g, ' ');
  return (k.label = `${title}\u0000${e.moment ? formatMoment(e.moment) : ''}\u0000${e.moment?.key ?? ''}\u0000${e.title ? initials(title) : ''}`);
}

const LETTER = /[\p{L}\p{N}]/u;

/** The initials of a title's words (`virtualization, libvirt, xen` gives `vlx`). */
export function initials(title: string): string {
  let out = '';
  let inWord = false;
  for (const ch of title) {
    const letter = LETTER.test(ch);
    if (letter && !inWord) out += ch;
    inWord = letter;
  }
  return out;
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
 * Visits each entry of one file whose label holds `q` (lower case, without
 * control characters; every entry when `q` is empty), in file order, with
 * its label: a search of the joined blocks with `indexOf`, so that a ranked
 * search by name scores only the entries that can match.
 */
export function visitHolding(kept: Labelled[], blocks: LabelBlock[], q: string, visit: (entry: Entry, label: string) => void): void {
  let first = 0;
  for (const block of blocks) {
    const { text, starts } = (block.joined ??= joinLabels(kept, first, block.size));
    let at = q === '' ? 0 : text.indexOf(q);
    while (at !== -1 && at < text.length) {
      const i = lastAtOrBefore(starts, at, (x) => x);
      visit(kept[first + i]!.entry, labelOf(kept[first + i]!));
      if (i + 1 >= starts.length) break;
      at = q === '' ? starts[i + 1]! : text.indexOf(q, starts[i + 1]!);
    }
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
