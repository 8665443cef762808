/**
 * What changed between two versions of a journal file, in entries: for the
 * commit messages of `daybook sync`, what a pull brought, and where a merge
 * left conflicts.
 */
import { conflictLines } from '../syntax/conflict.js';
import { countBreaks, Cut, splitLines } from './units.js';

/** An entry named for a message: its moment and title. */
export interface Named {
  moment: string;
  title: string;
}

/** The entries added, changed and removed from one version to the next. */
export interface EntryChanges {
  added: Named[];
  changed: Named[];
  removed: Named[];
}

/** Compares two versions of a file (no `before`: a new file). */
export function entryChanges(before: Buffer | undefined, after: Buffer): EntryChanges {
  const old = new Cut(before ?? Buffer.alloc(0));
  const now = new Cut(after);
  const out: EntryChanges = { added: [], changed: [], removed: [] };
  const seen = new Uint8Array(old.size);
  let hint = 0;
  for (let i = 0; i < now.size; i++) {
    if (now.isPreamble(i)) continue;
    const was = old.find(now, i, hint);
    if (was === -1) {
      out.added.push(named(now, i));
      continue;
    }
    hint = was + 1;
    seen[was] = 1;
    if (!old.same(was, now, i) && !old.core(was).equals(now.core(i))) out.changed.push(named(now, i));
  }
  for (let i = 0; i < old.size; i++) if (!old.isPreamble(i) && !seen[i]) out.removed.push(named(old, i));
  return out;
}

/** `2 entries added, 1 changed`, or `no entry changed`. */
export function countsText(c: EntryChanges): string {
  const parts: string[] = [];
  if (c.added.length > 0) parts.push(`${c.added.length} ${c.added.length === 1 ? 'entry' : 'entries'} added`);
  if (c.changed.length > 0) parts.push(`${c.changed.length} changed`);
  if (c.removed.length > 0) parts.push(`${c.removed.length} removed`);
  return parts.length > 0 ? parts.join(', ') : 'no entry changed';
}

function named(cut: Cut, i: number): Named {
  const lines = splitLines(cut.core(i)).map((l) => Buffer.from(l, 'latin1').toString('utf8').trim());
  const title = lines.slice(1).find((l) => !/^\(\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\)$/.test(l)) ?? '';
  return { moment: cut.name(i), title: title.length > 60 ? title.slice(0, 59) + '…' : title };
}

/** A conflict left in a file: the line of its `<<<<<<<` marker (1-based) and the entry that holds it. */
export interface LeftConflict {
  line: number;
  entry: string;
}

/** The conflicts left in a file's bytes. */
export function conflictsIn(bytes: Buffer): LeftConflict[] {
  const out: LeftConflict[] = [];
  if (!bytes.includes('<<<<<<<')) return out;
  const cut = new Cut(bytes);
  let line = 1;
  for (let i = 0; i < cut.size; i++) {
    const text = cut.whole(i);
    if (text.includes('<<<<<<<')) for (const at of conflictLines(text.toString('latin1'))) out.push({ line: line + at, entry: cut.isPreamble(i) ? 'before the first entry' : cut.name(i) });
    line += countBreaks(text);
  }
  return out;
}
