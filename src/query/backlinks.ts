/**
 * Backlinks: every reference to an entry or to one of its items, across the
 * journal, with the line it stands on. `daybook backlinks`, the web app's
 * entry page and the editor's "find references" all ask here.
 */
import { readDetail, shownTitle } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { formatMoment } from '../model/moment.js';
import { itemPath, resolveItemReference } from '../model/references.js';
import type { Entry, Item, Reference } from '../model/types.js';
import { ColumnCounter } from '../syntax/columns.js';
import { findTarget, type RefArg } from './ref.js';

/** One reference to the target. */
export interface Backlink {
  file: string;
  /** 1-based line and column (in characters as a reader counts them) of the reference. */
  line: number;
  column: number;
  /** Offsets of the reference in its file. */
  from: number;
  to: number;
  /** The entry that holds the reference: its moment as written and its title. */
  moment: string;
  title?: string;
  /** The item of the target the reference names (`2.1`), when it names one. */
  item?: string;
  /** The reference as written (`"11:07 2013-2-16"5`, `"3)"`). */
  written: string;
  /** The line of the journal it stands on, trimmed. */
  context: string;
}

/**
 * The references to an entry or to one of its items. For an entry: every
 * reference to its moment, with an item path or not, and the entry's own
 * references to its items (`"3)"`). For an item: those that name that item.
 * In journal order.
 */
export function backlinksOf(journal: Journal, entry: Entry, item?: Item): Backlink[] {
  const moment = entry.moment;
  if (!moment?.valid) return [];
  const wanted = item ? itemPath(item) : undefined;
  const referrers = journal.referrers(moment.code);
  if (!referrers.includes(entry)) {
    referrers.push(entry);
    referrers.sort((a, b) => (journal.before(a, b) ? -1 : 1));
  }
  const out: Backlink[] = [];
  // One counter a file: references are visited in journal order, so in increasing order within a file.
  const counters = new Map<Entry['file'], ColumnCounter>();
  const column = (e: Entry): ColumnCounter => counters.get(e.file) ?? counters.set(e.file, new ColumnCounter(e.file.doc)).get(e.file)!;
  for (const from of referrers) {
    const detail = readDetail(from);
    for (const r of detail.references) {
      if (r.kind === 'moment') {
        if (!r.moment.valid || r.moment.code !== moment.code) continue;
        if (wanted !== undefined && r.path.join('.') !== wanted) continue;
        out.push(backlink(from, r, r.path.length > 0 ? r.path.join('.') : undefined, column(from)));
      } else if (from === entry) {
        resolveItemReference(r, detail);
        if (!r.targetItem) continue;
        const named = itemPath(r.targetItem);
        if (wanted === undefined || named === wanted) out.push(backlink(from, r, named, column(from)));
      }
    }
  }
  return out;
}

/** The references to what a reference given by the user names (see `findTarget`). */
export function backlinks(journal: Journal, ref: RefArg): Backlink[] {
  const target = findTarget(journal, ref);
  return backlinksOf(journal, target.entry, target.item);
}

/**
 * The characters of the line shown before and after a reference, at most:
 * a line may be 100 KB of references, and each backlink would repeat it.
 */
const CONTEXT_BEFORE = 200;
const CONTEXT_AFTER = 400;

function backlink(entry: Entry, r: Reference, item: string | undefined, counter: ColumnCounter): Backlink {
  const doc = entry.file.doc;
  const { line, column, lineStart } = counter.place(r.from);
  const shownFrom = Math.max(lineStart, r.from - CONTEXT_BEFORE);
  const lineText = (shownFrom > lineStart ? '…' : '') + doc.textOf({ from: shownFrom, to: r.to }) + lineRest(doc.textOf({ from: r.to, to: Math.min(r.to + CONTEXT_AFTER, entry.to) }));
  const link: Backlink = { file: entry.file.path, line, column, from: r.from, to: r.to, moment: formatMoment(entry.moment!), written: doc.textOf(r), context: lineText.trim() };
  const title = shownTitle(entry);
  if (title !== undefined) link.title = title;
  if (item !== undefined) link.item = item;
  return link;
}

function lineRest(text: string): string {
  const end = text.search(/\r|\n/);
  return end === -1 ? text : text.slice(0, end);
}
