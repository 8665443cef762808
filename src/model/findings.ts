/**
 * The findings that look beyond one entry: references checked against the
 * whole journal, entries out of order, two entries with one moment, a file
 * with no entry or with bytes that are not UTF-8.
 */
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { formatMoment, Moment } from './moment.js';
import type { Entry, JournalFile } from './types.js';

/** What resolving a reference needs of the journal: its entries by moment, looked up (see `MomentMaps`). */
export interface MomentLookup {
  byMoment: { get(code: number): Entry | undefined };
  sameMoment: { get(code: number): Entry[] | undefined };
}

/** What finding references needs of the journal: its entries by moment. */
export interface MomentMaps extends MomentLookup {
  /** The first entry of each real moment, by `Moment.code`. */
  byMoment: Map<number, Entry>;
  /** All entries of the moments that two or more entries share. */
  sameMoment: Map<number, Entry[]>;
}

/**
 * Checks one moment reference (its moment's `code`, -1 when impossible, and
 * its item path as written) against the journal; a finding goes to `out`.
 */
export function checkReference(journal: MomentMaps, code: number, path: string, file: string, from: number, to: number, sameDay: (moment: Moment) => string, out: Diagnostic[]): 'dangling' | 'ambiguous' | 'resolved' {
  const target = code >= 0 ? journal.byMoment.get(code) : undefined;
  const targets = target && journal.sameMoment.size > 0 ? journal.sameMoment.get(code) : undefined;
  if (!target) {
    if (code < 0) return 'dangling';
    const moment = Moment.fromCode(code);
    out.push(diagnostic('ref-dangling', file, from, to, `no entry "${formatMoment(moment)}" in this journal (${sameDay(moment)}); an older file of the journal may hold it`));
    return 'dangling';
  }
  if (targets) {
    const where = targets.map((t) => `${t.file.path}:${t.line}`).join(', ');
    out.push(diagnostic('ref-ambiguous', file, from, to, `${targets.length} entries have the moment "${formatMoment(Moment.fromCode(code))}" (${where}); the reference cannot tell them apart`));
    return 'ambiguous';
  }
  if (path === '' || target.itemPaths?.includes(` ${path} `)) return 'resolved';
  const top = (target.itemPaths ?? '').trim().split(' ').filter((p) => p && !p.includes('.'));
  out.push(diagnostic('ref-item-missing', file, from, to, `entry "${formatMoment(Moment.fromCode(code))}" has no item ${path}; its items are ${top.join(', ') || 'none'}`));
  return 'resolved';
}

/** What a dangling reference's message says of its day: the entries it has, or none (the days are gathered once, when first asked). */
export function sameDayNote(journal: Pick<MomentMaps, 'byMoment'>): (moment: Moment) => string {
  let byDay: Map<string, string[]> | undefined;
  const notes = new Map<string, string>();
  return (moment) => {
    if (!byDay) {
      byDay = new Map();
      for (const first of journal.byMoment.values()) {
        const key = first.moment!.key;
        const times = byDay.get(key.slice(0, 10)) ?? [];
        times.push(key.slice(11));
        byDay.set(key.slice(0, 10), times);
      }
    }
    // One note per day, made once: a day of many entries and many references to it would sort its times once per reference.
    const day = moment.key.slice(0, 10);
    let note = notes.get(day);
    if (note === undefined) {
      const same = byDay.get(day);
      note = same ? `that day has ${same.sort().slice(0, 5).join(', ')}` : 'no entry on that day';
      notes.set(day, note);
    }
    return note;
  };
}

/** The entries that have a moment: none (a dangling reference), one, or several (an ambiguous one). */
export function entriesAt(journal: MomentLookup, moment: Moment): Entry[] {
  if (!moment.valid) return [];
  const first = journal.byMoment.get(moment.code);
  if (!first) return [];
  return journal.sameMoment.get(moment.code) ?? [first];
}

/** The finding for an entry whose moment is earlier than the entry before it. */
export function outOfOrder(entry: Entry, previous: Entry): Diagnostic {
  return diagnostic('entry-out-of-order', entry.file.path, entry.header.from, entry.header.to, `entry ${entry.moment!.key} comes after ${previous.moment!.key}; entries are expected in time order (kept where it is)`);
}

/** The finding for a second entry with the moment of an earlier one. */
export function duplicateMoment(entry: Entry, earlier: Entry): Diagnostic {
  return diagnostic('entry-duplicate-moment', entry.file.path, entry.header.from, entry.header.to, `another entry has the moment ${entry.moment!.key} (${earlier.file.path}:${earlier.line}); references to it are ambiguous`);
}

/** The finding for a file with no entry (none for a binary file, which has its own). */
export function emptyFile(file: JournalFile): Diagnostic | undefined {
  if (file.entries.length > 0 || file.diagnostics.some((d) => d.code === 'file-binary')) return undefined;
  return diagnostic('journal-empty', file.path, 0, 0, 'no entries: an entry starts with a header line like "10:25 2013-02-04" at the start of the file or after a blank line');
}

/** Reports the bytes of a file that are not UTF-8 (known once it is decoded); such a file is not written. */
export function reportInvalidBytes(file: JournalFile): void {
  const { doc } = file;
  if (!doc.bytes || doc.invalid.length === 0) return;
  file.writable = false;
  for (const bad of doc.invalid) {
    const shown = [...doc.bytes.subarray(bad.byte, bad.byte + Math.min(bad.length, 4))].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
    file.diagnostics.push(diagnostic('encoding-invalid', file.path, bad.offset, bad.offset + 1, `${bad.length} byte${bad.length > 1 ? 's' : ''} that are not UTF-8 (${shown}) at byte ${bad.byte}; daybook reads around them and keeps them byte for byte when it writes elsewhere in this file, but will not change the entry that holds them (save the file as UTF-8 to fix)`));
  }
}
