/**
 * The check pass over one file: every entry read whole once, checked and
 * counted, then let go; what the journal keeps of it is the light `Entry`.
 * Nothing here looks beyond the file: the journal model (`journal.ts`)
 * resolves references across files.
 */
import type { Chunk } from '../syntax/document.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { EntryChecker } from './entry.js';
import { PendingReferences } from './pending.js';
import { resolveItemReference } from './references.js';
import type { Entry, EntryDetail, JournalFile } from './types.js';

/** What the pass over a file counted. */
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

/** What the pass over a file found. */
export interface FileCheck {
  entries: Entry[];
  pending: PendingReferences;
  counts: FileCounts;
}

/** All counts at zero. */
export function emptyCounts(): FileCounts {
  return { gtdDays: 0, untitled: 0, todosOpen: 0, todosDone: 0, mails: 0, revisions: 0, itemStamps: 0, itemReferences: 0, itemReferencesResolved: 0 };
}

/**
 * Reads the entries of a file whole: they are numbered from `firstIndex` and
 * added to `file.entries`, the findings to `file.diagnostics`. When the file's
 * entries were read before by their head (`EntryChecker.head`), pass
 * `again`: the same entry objects are read whole and kept.
 */
export function checkFile(file: JournalFile, firstIndex: number, again = false): FileCheck {
  const checker = new EntryChecker({ file, diagnostics: file.diagnostics });
  const result: FileCheck = { entries: file.entries, pending: new PendingReferences(), counts: emptyCounts() };
  let i = 0;
  const visit = (chunk: Chunk, text: string): void => {
    if (chunk.preamble) return;
    const detail = again ? checker.check(chunk, firstIndex + i, text, file.entries[i]) : checker.check(chunk, firstIndex + i, text);
    if (!again) file.entries.push(detail.entry);
    i++;
    countDetail(detail, result.counts, file.diagnostics);
    for (const ref of detail.references) if (ref.kind === 'moment') result.pending.add(detail.entry, ref);
  };
  file.doc.forEachChunk(visit);
  return result;
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

/** Adds one file's counts to another's. */
export function addCounts(into: FileCounts, from: FileCounts): void {
  for (const key of Object.keys(into) as (keyof FileCounts)[]) into[key] += from[key];
}
