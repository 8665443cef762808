/**
 * `daybook stats`: the counts of a journal.
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

/**
 * Counts what a journal holds.
 *
 * ```ts
 * computeStats(journal).references.dangling; // 3 on the sample
 * ```
 */
export function computeStats(journal: Journal): Stats {
  const s: Stats = {
    files: journal.files.length,
    entries: journal.entries.length,
    gtdDays: 0,
    references: { total: 0, resolved: 0, dangling: 0, ambiguous: 0, withItemPath: 0 },
    itemReferences: { total: 0, resolved: 0 },
    todos: { open: 0, done: 0 },
    mails: 0,
    stamps: { total: 0, revision: 0, item: 0 },
    threads: { total: 0, multiPart: 0 },
    untitled: 0,
  };
  for (const e of journal.entries) {
    if (e.moment) {
      if (!s.first || e.moment.key < s.first) s.first = e.moment.key;
      if (!s.last || e.moment.key > s.last) s.last = e.moment.key;
    }
    if (e.gtd) s.gtdDays++;
    if (e.untitled) s.untitled++;
    for (const r of e.references) {
      if (r.kind === 'item') {
        s.itemReferences.total++;
        if (r.targetItem) s.itemReferences.resolved++;
        continue;
      }
      s.references.total++;
      if (r.path.length > 0) s.references.withItemPath++;
      if (r.targets.length === 0) s.references.dangling++;
      else if (r.targets.length > 1) s.references.ambiguous++;
      else s.references.resolved++;
    }
    for (const t of e.todos) s.todos[t.state]++;
    s.mails += e.mails.length;
    s.stamps.revision += e.revisions.length;
    s.stamps.item += e.stamps.length;
  }
  s.stamps.total = s.stamps.revision + s.stamps.item;
  for (const t of journal.threads.values()) {
    const size = t.parts.length + (t.opener ? 1 : 0);
    if (t.parts.length > 0) s.threads.total++;
    if (size > 1) s.threads.multiPart++;
  }
  return s;
}
