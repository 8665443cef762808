/**
 * What an entry holds, counted, as `daybook stats` counts it; its
 * same-entry item references checked. Nothing here looks beyond the entry:
 * the journal model (`journal.ts`) resolves references across entries.
 */
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { resolveItemReference } from './references.js';
import type { EntryDetail } from './types.js';

/** What entries hold, counted. */
export interface FileCounts {
  gtdDays: number;
  untitled: number;
  todosOpen: number;
  todosDone: number;
  mails: number;
  revisions: number;
  itemStamps: number;
  itemReferences: number;
  itemReferencesResolved: number;
}

/** All counts at zero. */
export function emptyCounts(): FileCounts {
  return { gtdDays: 0, untitled: 0, todosOpen: 0, todosDone: 0, mails: 0, revisions: 0, itemStamps: 0, itemReferences: 0, itemReferencesResolved: 0 };
}

/**
 * Counts what one entry's detail holds, and resolves its same-entry item
 * references (a missing item is reported to `out`). Its moment references
 * wait for the whole journal: the caller keeps them.
 */
export function countDetail(detail: EntryDetail, c: FileCounts, out: Diagnostic[]): void {
  const entry = detail.entry;
  if (entry.isGtd) c.gtdDays++;
  if (entry.untitled) c.untitled++;
  for (const t of detail.todos) {
    if (t.state === 'open') c.todosOpen++;
    else c.todosDone++;
  }
  c.mails += detail.mails.length;
  c.revisions += detail.revisions.length;
  c.itemStamps += detail.stamps.length;
  for (const ref of detail.references) {
    if (ref.kind === 'moment') continue;
    c.itemReferences++;
    resolveItemReference(ref, detail);
    if (ref.targetItem) c.itemReferencesResolved++;
    else out.push(diagnostic('ref-item-missing', entry.file.path, ref.from, ref.to, `"${ref.number})" names no item ${ref.number}) near it in this entry; expected a sibling item written "${ref.number}), ..."`));
  }
}
