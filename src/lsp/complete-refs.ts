/**
 * Completion of references: after an opening quote, the entries whose
 * moment fits the digits typed, or, after `see"` / `ref"` / a list of
 * references, the entries whose title holds the words typed (any age,
 * best match first, then newest); after a closing quote, the items of the
 * entry it names. The moment is inserted in the file's own style.
 */
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { readMoment, type Moment } from '../model/moment.js';
import { itemPath } from '../model/references.js';
import type { Entry, Item } from '../model/types.js';
import type { Document } from '../syntax/document.js';
import { formatTime, momentStyle, type MomentStyle } from '../write/clock.js';
import { bestEntries } from './match.js';
import { momentFilter } from './text.js';

/** A completion of a reference (offsets of what it replaces). */
export interface RefCompletion {
  label: string;
  insert: string;
  detail?: string;
  kind: 'reference' | 'item';
  from: number;
  to: number;
  /** What the client filters on: the text typed, so that a match by title words is not dropped by the client. */
  filter?: string;
}

/** The most completions of references sent at once. */
const COUNT = 100;

/** A moment in a file's style: `9:07 2013-02-22` or `09:07 2013-2-22`. */
export function momentInStyle(m: Moment, style: MomentStyle): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const date = style.padDate ? `${m.year}-${two(m.month)}-${two(m.day)}` : `${m.year}-${m.month}-${m.day}`;
  return `${formatTime(m.hour, m.minute, style)} ${date}`;
}

/**
 * What is being typed after an opening quote (an even number of quotes
 * before it on the line): the text, and whether words may name an entry
 * there (after `see`/`ref`, or in a list after another reference).
 */
export function openQuote(before: string): { typed: string; words: boolean } | undefined {
  const m = /"([^"]*)$/.exec(before);
  if (!m) return undefined;
  const head = before.slice(0, m.index);
  const quotes = head.split('"').length - 1;
  if (quotes % 2 !== 0) return undefined;
  const words = /(?:\b(?:see|ref)\s*|"\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}"[\d.]*\s*,\s*)$/i.test(head);
  return { typed: m[1]!, words };
}

/** Completions of a reference at `offset`, given the line's text before it; undefined when no reference is being typed. */
export function completeReference(journal: Journal, doc: Document, before: string, offset: number): RefCompletion[] | undefined {
  const closed = /"(\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2})"((?:\d+\.)*\d*)$/.exec(before);
  if (closed && (before.slice(0, closed.index).split('"').length - 1) % 2 === 0) return completeItem(journal, closed[1]!, closed[2]!, offset);
  const open = openQuote(before);
  if (!open) return undefined;
  const { typed } = open;
  const style = momentStyle(doc);
  const from = offset - typed.length;
  const item = (e: Entry): RefCompletion => {
    const written = momentInStyle(e.moment!, style);
    return { label: written, insert: `${written}"`, detail: e.title?.text ?? '(untitled)', kind: 'reference', from, to: offset, filter: typed };
  };
  if (/^[\d: -]*$/.test(typed)) {
    const byMoment = journal.newest(COUNT, momentFilter(typed)).map(item);
    if (byMoment.length || !open.words || typed.trim() === '') return byMoment;
  }
  if (!open.words) return [];
  return bestEntries(journal, typed, COUNT)
    .filter((e) => e.moment?.valid)
    .map(item);
}

/** The items of the entry a closed reference names, whose path starts as typed. */
function completeItem(journal: Journal, moment: string, typed: string, offset: number): RefCompletion[] {
  const m = readMoment(moment);
  if (!m?.valid) return [];
  const [target] = journal.entriesAt(m);
  if (!target) return [];
  const out: RefCompletion[] = [];
  const walk = (items: Item[]): void => {
    for (const it of items) {
      const p = itemPath(it);
      if (p.startsWith(typed)) {
        out.push({ label: p, insert: p, detail: it.text.slice(0, 80), kind: 'item', from: offset - typed.length, to: offset, filter: p });
      }
      walk(it.children);
    }
  };
  walk(readDetail(target).items);
  return out.slice(0, COUNT);
}
