/**
 * What the journal keeps of each entry beside the `Entry`: where it was
 * read, and once it is read whole, its findings, its moment references as
 * plain values and its counts. Small on purpose: a journal of 100 MB has
 * hundreds of thousands of entries.
 */
import type { Chunk } from '../syntax/document.js';
import { countDetail, emptyCounts, type FileCounts } from './counts.js';
import type { Diagnostic } from './diagnostic.js';
import type { EntryChecker } from './entry.js';
import type { Labelled, LabelBlock } from './labels.js';
import type { Day } from './topic-tree.js';
import type { Entry, EntryDetail, JournalFile } from './types.js';

/** A moment reference as an entry keeps it: the moment's code (-1 when impossible) and the item path as written. */
export interface KeptReference {
  code: number;
  path: string;
  from: number;
  to: number;
}

/** What the journal keeps of one entry beside the `Entry`. */
export interface Kept extends Labelled {
  /** The entry's offset when it was read: its findings and references move with it. */
  base: number;
  /** Set by a whole read: the entry's findings, moment references and counts. */
  diagnostics?: Diagnostic[];
  references?: KeptReference[];
  counts?: FileCounts;
  /** The title's topics and the entry's day, read when the topic tree is first asked for. */
  topics?: { names: string[]; day: Day };
}

/** A file of the journal: its entries and what was kept of each, in file order. */
export interface LiveFile {
  file: JournalFile;
  kept: Kept[];
  checker: EntryChecker;
  /** Findings of the reader of each entry, taken by `Kept` after each read. */
  scratch: Diagnostic[];
  /** The entries' labels in blocks (see `findEntries`). */
  labels?: LabelBlock[];
}

export const NONE: never[] = [];
export const NO_COUNTS = emptyCounts();

/** Reads one entry: its head, or (`whole`) all of it. */
export function readKept(lf: LiveFile, chunk: Chunk, text: string, whole: boolean): Kept {
  if (!whole) {
    const entry = lf.checker.head(chunk, text);
    return { entry, base: entry.from };
  }
  const detail = lf.checker.check(chunk, text);
  const k: Kept = { entry: detail.entry, base: detail.entry.from };
  keepWhole(lf, k, detail);
  return k;
}

/** Keeps what a whole read of an entry found. */
export function keepWhole(lf: LiveFile, k: Kept, detail: EntryDetail): void {
  const counts = emptyCounts();
  countDetail(detail, counts, lf.scratch);
  counts.gtdDays = 0;
  counts.untitled = 0;
  k.counts = COUNTED.some((key) => counts[key] > 0) ? counts : NO_COUNTS;
  let references: KeptReference[] = NONE;
  for (const ref of detail.references) {
    if (ref.kind !== 'moment') continue;
    if (references === NONE) references = [];
    references.push({ code: ref.moment.valid ? ref.moment.code : -1, path: ref.path.join('.'), from: ref.from, to: ref.to });
  }
  k.references = references;
  k.diagnostics = lf.scratch.length > 0 ? lf.scratch.splice(0) : NONE;
  k.base = k.entry.from;
}

/** The counts a whole read keeps of each entry (a GTD day and an untitled entry are known from the entry). */
export const COUNTED = (Object.keys(NO_COUNTS) as (keyof FileCounts)[]).filter((k) => k !== 'gtdDays' && k !== 'untitled');

/** Moves the offsets an entry keeps of itself (its chunk moves on its own). */
export function moveEntry(e: Entry, shift: number): void {
  e.headerTo += shift;
  if (e.titleFrom >= 0) {
    e.titleFrom += shift;
    e.titleTo += shift;
  }
  if (e.thread) {
    e.thread.partFrom += shift;
    e.thread.partTo += shift;
  }
}

/** Replaces `count` items of a list at `at` with others (a loop, not `splice(...items)`: a large paste can make more entries than a call takes arguments). */
export function replaceRun<T>(list: T[], at: number, count: number, items: T[]): void {
  if (items.length < 1000) {
    list.splice(at, count, ...items);
    return;
  }
  const tail = list.slice(at + count);
  list.length = at;
  for (const x of items) list.push(x);
  for (const x of tail) list.push(x);
}

