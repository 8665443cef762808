/**
 * Renaming an entry's moment (a typo in a header): the header and every
 * reference to it across the journal's files change together, as one set
 * of edits. Each reference keeps its own way of writing a moment
 * (`"11:07 2013-2-16"` stays unpadded, `"11:07 2013-02-16"` padded) and its
 * item path; revision and item stamps are not references and stay.
 *
 * ```ts
 * const where = renameTarget(journal, entry);      // refuses where it is not safe
 * renameEdits(journal, where.entry, '11:17 2013-2-16');
 * ```
 */
import type { Journal } from '../model/journal.js';
import { formatMoment, readMoment, type Moment } from '../model/moment.js';
import type { Entry } from '../model/types.js';
import { backlinksOf } from '../query/backlinks.js';
import { HEADER } from '../syntax/patterns.js';

/** An edit of one file: offsets of the text as the journal holds it now. */
export interface FileEdit {
  file: string;
  from: number;
  to: number;
  text: string;
}

/** Why a rename cannot be done; the server answers it as an error the editor shows. */
export class RenameRefused extends Error {}

/**
 * Whether the moment of `entry` can be renamed: it must be a real moment
 * that no other entry shares (the references could not tell them apart),
 * and every file the rename touches must be one daybook may write.
 */
export function checkRenamable(journal: Journal, entry: Entry): void {
  const m = entry.moment;
  if (!m?.valid) throw new RenameRefused('this header is not a real moment; fix it by hand (no reference can name it)');
  const same = journal.entriesAt(m);
  if (same.length > 1) throw new RenameRefused(`${same.length} entries have the moment ${formatMoment(m)}: their references cannot be told apart, so renaming one would move the others' references too; give each its own moment by hand first`);
  for (const b of backlinksOf(journal, entry)) {
    const f = journal.file(b.file);
    if (f && !f.writable) throw new RenameRefused(`${b.file} has bytes that are not UTF-8: daybook does not write it, and a reference there would be left dangling`);
  }
  if (!entry.file.writable) throw new RenameRefused(`${entry.file.path} has bytes that are not UTF-8: daybook does not write it`);
}

/** A moment written in the way another is written: padded hour, padded month and day, or not. */
export function writeLike(written: string, m: Moment): string {
  const w = /^(\d{1,2}):\d{2} \d{4}-(\d{1,2})-(\d{1,2})$/.exec(written.trim());
  const padHour = w ? w[1]!.length === 2 && Number(w[1]) < 10 : false;
  // Month and day are padded together; a month and a day of two digits show nothing: the normal form then.
  const shown = !w ? undefined : Number(w[2]) < 10 ? w[2]!.length === 2 : Number(w[3]) < 10 ? w[3]!.length === 2 : undefined;
  const padDate = shown ?? true;
  const two = (n: number, pad: boolean) => (pad ? String(n).padStart(2, '0') : String(n));
  return `${two(m.hour, padHour)}:${String(m.minute).padStart(2, '0')} ${m.year}-${two(m.month, padDate)}-${two(m.day, padDate)}`;
}

/**
 * Reads the new name the user typed: a moment as the journal writes it
 * (`11:17 2013-2-16`, padded or not). Refuses what is not one, an impossible
 * moment, and a moment another entry already has.
 */
export function readNewMoment(journal: Journal, entry: Entry, typed: string): Moment {
  const text = typed.trim().replace(/^"|"$/g, '');
  const m = HEADER.test(text) ? readMoment(text) : undefined;
  if (!m) throw new RenameRefused(`"${typed}" is not a moment; expected a time and a date as in a header, e.g. 11:17 2013-2-16`);
  if (!m.valid) throw new RenameRefused(`"${typed}" is not a real moment; expected hours 0-23, minutes 0-59 and a real date, e.g. 11:17 2013-2-16`);
  const taken = journal.entriesAt(m).filter((e) => e !== entry);
  if (taken.length) throw new RenameRefused(`${formatMoment(m)} is the moment of another entry (${taken[0]!.file.path}:${taken[0]!.line}); its references and this entry's would become one`);
  return m;
}

/**
 * The edits that give `entry` the moment `typed`: its header (written as
 * typed) and every reference to it, in every file, each in its own style,
 * item paths kept.
 */
export function renameEdits(journal: Journal, entry: Entry, typed: string): FileEdit[] {
  checkRenamable(journal, entry);
  const m = readNewMoment(journal, entry, typed);
  const header = entry.file.doc.textOf(entry.header);
  const lead = header.length - header.trimStart().length;
  const written = header.trim();
  const edits: FileEdit[] = [{ file: entry.file.path, from: entry.from + lead, to: entry.from + lead + written.length, text: typed.trim().replace(/^"|"$/g, '') }];
  for (const b of backlinksOf(journal, entry)) {
    // `"11:07 2013-2-16"5`: the moment is between the quotes; a same-entry `"3)"` names no moment.
    const close = b.written.indexOf('"', 1);
    const inner = b.written.slice(1, close);
    if (!b.written.startsWith('"') || close < 0 || !readMoment(inner)) continue;
    const lead2 = inner.length - inner.trimStart().length;
    const from = b.from + 1 + lead2;
    edits.push({ file: b.file, from, to: from + inner.trim().length, text: writeLike(inner, m) });
  }
  return edits;
}
