/**
 * What changed between two versions of a journal file, in entries: for the
 * commit messages of `daybook sync`, what a pull brought, and where a merge
 * left conflicts.
 */
import { conflictLines } from '../syntax/conflict.js';
import { countBreaks, cutUnits, PREAMBLE, splitLines, type Unit } from './units.js';

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
  const old = new Map((before ? cutUnits(before).units : []).map((u) => [u.key, u]));
  const out: EntryChanges = { added: [], changed: [], removed: [] };
  const seen = new Set<string>();
  for (const u of cutUnits(after).units) {
    if (u.key === PREAMBLE) continue;
    seen.add(u.key);
    const was = old.get(u.key);
    if (!was) out.added.push(named(u));
    else if (!was.core.equals(u.core)) out.changed.push(named(u));
  }
  for (const [key, u] of old) if (key !== PREAMBLE && !seen.has(key)) out.removed.push(named(u));
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

function named(u: Unit): Named {
  const lines = splitLines(u.core).map((l) => Buffer.from(l, 'latin1').toString('utf8').trim());
  const title = lines.slice(1).find((l) => !/^\(\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\)$/.test(l)) ?? '';
  return { moment: u.key.replace(/#\d+$/, ''), title: title.length > 60 ? title.slice(0, 59) + '…' : title };
}

/** A conflict left in a file: the line of its `<<<<<<<` marker (1-based) and the entry that holds it. */
export interface LeftConflict {
  line: number;
  entry: string;
}

/** The conflicts left in a file's bytes. */
export function conflictsIn(bytes: Buffer): LeftConflict[] {
  const out: LeftConflict[] = [];
  let line = 1;
  for (const u of cutUnits(bytes).units) {
    const text = Buffer.concat([u.core, u.tail]);
    if (text.includes('<<<<<<<')) for (const at of conflictLines(text.toString('latin1'))) out.push({ line: line + at, entry: u.key === PREAMBLE ? 'before the first entry' : u.key.replace(/#\d+$/, '') });
    line += countBreaks(text);
  }
  return out;
}
