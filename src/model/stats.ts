/**
 * `daybook stats`: the counts of a journal, gathered while it is read.
 */
import { emptyCounts } from './counts.js';
import type { Diagnostic } from './diagnostic.js';
import { checkReference, sameDayNote, type MomentMaps } from './findings.js';
import type { Journal } from './journal.js';
import { COUNTED, forEachReference, NO_COUNTS, type LiveFile } from './kept.js';
import type { Moment } from './moment.js';
import type { Thread } from './threads.js';

/** The counts `daybook stats` prints. */
export interface Stats {
  files: number;
  entries: number;
  first?: string;
  last?: string;
  gtdDays: number;
  references: { total: number; resolved: number; dangling: number; ambiguous: number; withItemPath: number };
  itemReferences: { total: number; resolved: number };
  todos: { open: number; done: number };
  mails: number;
  stamps: { total: number; revision: number; item: number };
  threads: { total: number; multiPart: number };
  untitled: number;
}

/** All counts at zero. */
export function emptyStats(): Stats {
  return {
    files: 0,
    entries: 0,
    gtdDays: 0,
    references: { total: 0, resolved: 0, dangling: 0, ambiguous: 0, withItemPath: 0 },
    itemReferences: { total: 0, resolved: 0 },
    todos: { open: 0, done: 0 },
    mails: 0,
    stamps: { total: 0, revision: 0, item: 0 },
    threads: { total: 0, multiPart: 0 },
    untitled: 0,
  };
}

/**
 * What a journal holds, counted.
 *
 * ```ts
 * computeStats(journal).references.dangling; // 3 on the sample
 * ```
 */
export function computeStats(journal: Journal): Stats {
  return journal.stats;
}

/**
 * Counts what a journal's files hold, from what was kept of each entry
 * read whole; references are checked against the journal's moments.
 */
export function countStats(files: LiveFile[], maps: MomentMaps, threads: Map<string, Thread>): Stats {
  const stats = emptyStats();
  const c = emptyCounts();
  let first: Moment | undefined;
  let last: Moment | undefined;
  const sameDay = sameDayNote(maps);
  const unheard: Diagnostic[] = [];
  for (const lf of files) {
    for (const k of lf.kept) {
      stats.entries++;
      const e = k.entry;
      if (e.isGtd) c.gtdDays++;
      if (e.untitled) c.untitled++;
      const n = k.counts!;
      if (n !== NO_COUNTS) for (const key of COUNTED) c[key] += n[key];
      forEachReference(k, (code, path) => {
        stats.references.total++;
        if (path !== '') stats.references.withItemPath++;
        stats.references[checkReference(maps, code, path, '', 0, 0, sameDay, unheard)]++;
        unheard.length = 0;
      });
      const m = e.moment;
      if (!m?.valid) continue;
      if (!first || m.code < first.code) first = m;
      if (!last || m.code > last.code) last = m;
    }
  }
  stats.files = files.length;
  if (first) stats.first = first.key;
  if (last) stats.last = last.key;
  stats.gtdDays = c.gtdDays;
  stats.untitled = c.untitled;
  stats.todos = { open: c.todosOpen, done: c.todosDone };
  stats.mails = c.mails;
  stats.stamps = { total: c.revisions + c.itemStamps, revision: c.revisions, item: c.itemStamps };
  stats.itemReferences = { total: c.itemReferences, resolved: c.itemReferencesResolved };
  for (const t of threads.values()) {
    if (t.parts.length > 0) stats.threads.total++;
    if (t.parts.length + (t.opener ? 1 : 0) > 1) stats.threads.multiPart++;
  }
  return stats;
}
