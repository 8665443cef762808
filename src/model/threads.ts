/**
 * Threads: the `contN` chains of entries. A thread is named by its key
 * (`a, b / c`); its parts are the entries that continue it, its opener the
 * entry whose trailing phrases a later `contN` continues. The journal keeps
 * a `ThreadIndex` up to date entry by entry; the `Thread`s are put together
 * from it when asked for.
 */
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { hashKey } from './title.js';
import type { Entry } from './types.js';

/** One thread of the journal. */
export interface Thread {
  key: string;
  /** Entries that are parts of this thread, in journal order. */
  parts: { part: number; entry: Entry }[];
  /** The entry that opened it, when the journal has it. */
  opener?: Entry;
  /** The thread and part this one lives inside. */
  parent?: { key: string; part: number };
  /**
   * The runs of part numbers below the highest that no entry has (older
   * files may hold them), as inclusive ranges `[from, to]`: their number
   * grows with the parts the journal has, never with the numbers written
   * (`cont999999999` alone is one run, 1 to 999999998).
   */
  missing: PartRun[];
  /** The number the next part takes: one more than the highest part of its own or that a sub-thread lives in. */
  next: number;
}

/** An inclusive run of part numbers: `[5, 9]` is cont5 to cont9. */
export type PartRun = [from: number, to: number];

/** Entries of threads, kept by key as entries come and go. */
export class ThreadIndex {
  /** The entries that are part N of each thread. */
  private readonly parts = new Map<string, Map<Entry, number>>();
  /** The entries whose thread lives, at some depth, inside part N of each thread. */
  private readonly inside = new Map<string, Map<Entry, number>>();

  /** Adds (`by` 1) or takes out (-1) an entry's thread facts. */
  count(e: Entry, by: 1 | -1): void {
    const t = e.thread;
    if (!t) return;
    place(this.parts, t.key, e, t.part, by);
    for (const p of t.parents) place(this.inside, p.key, e, p.part, by);
  }

  /** The number the next part of a thread takes; undefined when no entry names the thread. */
  nextPart(key: string): number | undefined {
    const own = this.parts.get(key);
    const sub = this.inside.get(key);
    if (!own && !sub) return undefined;
    return Math.max(highest(own), highest(sub)) + 1;
  }

  /** The key of every thread an entry names (as a part, or as a thread another lives inside), without putting the threads together. */
  *keys(): Generator<string> {
    yield* this.parts.keys();
    for (const key of this.inside.keys()) if (!this.parts.has(key)) yield key;
  }

  /** The keys of the threads that lack parts, with the parts they lack. */
  *gaps(): Generator<[string, PartRun[], Entry[]]> {
    for (const [key, parts] of this.parts) {
      const missing = missingParts(parts);
      if (missing.length > 0) yield [key, missing, [...parts.keys()]];
    }
  }

  /** Every thread, put together; `entries` are all entries in journal order, `before` orders two of them. */
  assemble(entries: Entry[], before: (a: Entry, b: Entry) => boolean): Map<string, Thread> {
    const threads = new Map<string, Thread>();
    const sorted = (m: Map<Entry, number> | undefined): Entry[] => (m ? [...m.keys()].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)) : []);
    const keys = new Set([...this.parts.keys(), ...this.inside.keys()]);
    for (const key of [...keys].sort()) {
      const own = this.parts.get(key);
      const entries = sorted(own);
      const thread: Thread = { key, parts: entries.map((entry) => ({ part: own!.get(entry)!, entry })), missing: own ? missingParts(own) : [], next: this.nextPart(key)! };
      // The part it lives in, as the last entry in journal order says (entries may disagree).
      const last = entries[entries.length - 1];
      if (last) {
        const parent = last.thread!.parents[last.thread!.parents.length - 1];
        if (parent) thread.parent = parent;
      } else {
        const deeper = sorted(this.inside.get(key));
        const parents = deeper[deeper.length - 1]!.thread!.parents;
        const at = parents.findIndex((p) => p.key === key);
        if (at > 0) thread.parent = parents[at - 1]!;
      }
      threads.set(key, thread);
    }
    // The opener of each thread: the first entry whose title, without its contN, is the thread's key.
    const byHash = new Map<number, Thread>();
    for (const thread of threads.values()) byHash.set(hashKey(thread.key), thread);
    for (const e of entries) {
      const thread = e.openerHash ? byHash.get(e.openerHash) : undefined;
      if (thread && !thread.opener) thread.opener = e;
    }
    return threads;
  }
}

function place(map: Map<string, Map<Entry, number>>, key: string, e: Entry, part: number, by: 1 | -1): void {
  let m = map.get(key);
  if (by > 0) {
    if (!m) map.set(key, (m = new Map()));
    m.set(e, part);
  } else if (m) {
    m.delete(e);
    if (m.size === 0) map.delete(key);
  }
}

function highest(parts: Map<Entry, number> | undefined): number {
  let max = 0;
  for (const n of parts?.values() ?? []) if (n > max) max = n;
  return max;
}

/** The runs of numbers from 1 to the highest part that no part has: sorts the parts, never counts up to the highest. */
function missingParts(parts: Map<Entry, number>): PartRun[] {
  const have = [...new Set(parts.values())].sort((a, b) => a - b);
  const missing: PartRun[] = [];
  let next = 1;
  for (const n of have) {
    if (n > next) missing.push([next, n - 1]);
    next = Math.max(next, n + 1);
  }
  return missing;
}

/** How many part numbers the runs hold. */
export function runLength(runs: PartRun[]): number {
  return runs.reduce((sum, [from, to]) => sum + to - from + 1, 0);
}

/** A run as written: `cont5`, `cont5 to cont9`. */
export function formatRun([from, to]: PartRun): string {
  return from === to ? `cont${from}` : `cont${from} to cont${to}`;
}

/** The finding for a thread that lacks parts, placed at its first part in the journal. */
export function threadGap(key: string, missing: PartRun[], first: Entry): Diagnostic {
  const pos = first.thread!;
  return diagnostic('thread-gap', first.file.path, pos.partFrom, pos.partTo, `thread "${key}" has no part ${listRuns(missing)} in this journal (older files may hold ${runLength(missing) > 1 ? 'them' : 'it'})`);
}

/** Runs shown in a message, at most; the others are counted. */
const RUNS_SHOWN = 8;

function listRuns(runs: PartRun[]): string {
  const shown = runs.slice(0, RUNS_SHOWN).map(formatRun).join(', ');
  return runs.length > RUNS_SHOWN ? `${shown} and ${runs.length - RUNS_SHOWN} more runs` : shown;
}
