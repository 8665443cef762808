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

/** What the journal keeps of one entry beside the `Entry`. */
export interface Kept extends Labelled {
  /** The entry's offset when it was read: its findings and references move with it. */
  base: number;
  /** Set by a whole read: the entry's findings, moment references and counts. */
  diagnostics?: Diagnostic[];
  /** Its moment references, three numbers each: the moment's code (-1 when impossible), from, to. */
  refs?: number[];
  /** The item path of each (`2.1`, or ''), when one has a path. */
  refPaths?: string[];
  counts?: FileCounts;
  /** Its `\TODO`s and `\DONE`s, when it has any: state, the task, the marker's offset when it was read, and its line counted from the entry's first. */
  todos?: KeptTodo[];
  /** The senders of the mails clipped in it, when it has any. */
  senders?: string[];
  /** The title's topics, the entry's day, and the people its title names (topics and qualifiers), read when the topic tree or the people are first asked for. */
  topics?: { names: string[]; day: Day; people: readonly string[] };
}

/** A `\TODO` or `\DONE` as an entry keeps it. */
export interface KeptTodo {
  state: 'open' | 'done';
  /** The task, read on first need (a whole read for findings does not read it). */
  text?: string;
  from: number;
  /** Lines below the entry's header line. */
  line: number;
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
const SCRATCH = emptyCounts();

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
  // Counted into one scratch object; an entry keeps a copy only when it holds something.
  const counts = SCRATCH;
  for (const key of COUNTED) counts[key] = 0;
  countDetail(detail, counts, lf.scratch);
  let any = false;
  for (const key of COUNTED) if (counts[key] > 0) any = true;
  k.counts = any ? { ...counts, gtdDays: 0, untitled: 0 } : NO_COUNTS;
  let refs: number[] = NONE;
  let paths: string[] | undefined;
  for (const ref of detail.references) {
    if (ref.kind !== 'moment') continue;
    if (refs === NONE) refs = [];
    if (ref.path.length > 0) {
      paths ??= new Array<string>(refs.length / 3).fill('');
      paths.push(ref.path.join('.'));
    } else paths?.push('');
    refs.push(ref.moment.valid ? ref.moment.code : -1, ref.from, ref.to);
  }
  k.refs = refs;
  if (paths) k.refPaths = paths;
  else delete k.refPaths;
  const doc = k.entry.file.doc;
  if (detail.todos.length > 0) k.todos = detail.todos.map((t) => ({ state: t.state, from: t.from, line: doc.position(t.from).line - k.entry.chunk.line }));
  else delete k.todos;
  if (detail.mails.length > 0) k.senders = detail.mails.map((m) => m.sender);
  else delete k.senders;
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

/** Visits the moment references an entry kept (read whole): code (-1 when impossible), item path as written, from, to. */
export function forEachReference(k: Kept, visit: (code: number, path: string, from: number, to: number) => void): void {
  const refs = k.refs ?? NONE;
  for (let i = 0; i < refs.length; i += 3) visit(refs[i]!, k.refPaths?.[i / 3] ?? '', refs[i + 1]!, refs[i + 2]!);
}
