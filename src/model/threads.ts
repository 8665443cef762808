/**
 * Threads: the `contN` chains of entries. A thread is named by its key
 * (`a, b / c`); its parts are the entries that continue it, its opener the
 * entry whose trailing phrases a later `contN` continues.
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
  /** Part numbers below the highest that no entry has (older files may hold them). */
  missing: number[];
}

/**
 * Collects the threads of the entries and reports gaps as information.
 *
 * ```ts
 * collectThreads(journal.entries, diagnostics).get('a, b / c')?.parts.map((p) => p.part); // [1, 2, 3]
 * ```
 */
export function collectThreads(entries: Entry[], out: Diagnostic[]): Map<string, Thread> {
  const threads = new Map<string, Thread>();
  const get = (key: string): Thread => {
    let t = threads.get(key);
    if (!t) threads.set(key, (t = { key, parts: [], missing: [] }));
    return t;
  };
  for (const entry of entries) {
    const pos = entry.thread;
    if (!pos) continue;
    const thread = get(pos.key);
    thread.parts.push({ part: pos.part, entry });
    const parent = pos.parents[pos.parents.length - 1];
    if (parent) thread.parent = parent;
    pos.parents.forEach((p, i) => {
      const t = get(p.key);
      if (i > 0) t.parent = pos.parents[i - 1];
    });
  }
  const byHash = new Map<number, Thread>();
  for (const thread of threads.values()) byHash.set(hashKey(thread.key), thread);
  for (const entry of entries) {
    const thread = byHash.get(entry.openerHash);
    if (thread && !thread.opener) thread.opener = entry;
  }
  for (const thread of threads.values()) {
    if (thread.parts.length === 0) continue;
    const have = new Set(thread.parts.map((p) => p.part));
    const max = Math.max(...have);
    for (let n = 1; n < max; n++) if (!have.has(n)) thread.missing.push(n);
  }
  threadGaps(threads, out);
  return threads;
}

/** Reports, as information, the part numbers each thread lacks (at its first part, where it is read). */
export function threadGaps(threads: Map<string, Thread>, out: Diagnostic[]): Diagnostic[] {
  for (const thread of threads.values()) if (thread.missing.length > 0) out.push(threadGap(thread.key, thread.missing, thread.parts[0]!.entry));
  return out;
}

/** The finding for a thread that lacks parts, placed at its first part in the journal. */
export function threadGap(key: string, missing: number[], first: Entry): Diagnostic {
  const pos = first.thread!;
  return diagnostic('thread-gap', first.file.path, pos.partFrom, pos.partTo, `thread "${key}" has no part ${listParts(missing)} in this journal (older files may hold ${missing.length > 1 ? 'them' : 'it'})`);
}

function listParts(parts: number[]): string {
  const shown = parts.slice(0, 8).map((n) => `cont${n}`).join(', ');
  return parts.length > 8 ? `${shown} and ${parts.length - 8} more` : shown;
}
