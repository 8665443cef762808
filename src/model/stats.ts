/**
 * `daybook stats`: the counts of a journal, gathered while it is read.
 */
import type { Journal } from './journal.js';

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
