/**
 * The journal: every entry of every file, references resolved across all of
 * them, threads collected, findings gathered, and the counts of what it holds.
 *
 * Each entry's detail (outline, references, TODOs, mails, GTD day) is read
 * once here to check and count it, then let go; `readDetail` reads it again
 * when a command needs it.
 */
import type { Document } from '../syntax/parse.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { EntryChecker } from './entry.js';
import { formatMoment, Moment } from './moment.js';
import { resolveItemReference } from './references.js';
import { emptyStats, type Stats } from './stats.js';
import { collectThreads, type Thread } from './threads.js';
import type { Entry, JournalFile, MomentReference } from './types.js';

/** A parsed file handed to the model: its path, document, and what reading it found. */
export interface SourceFile {
  path: string;
  doc: Document;
  /** False when the bytes were not all UTF-8. */
  writable?: boolean;
  /** Findings of the reader (encoding). */
  diagnostics?: Diagnostic[];
}

/** A whole journal: one file or many. */
export interface Journal {
  files: JournalFile[];
  /** All entries, file by file, in file order. */
  entries: Entry[];
  /** The first entry of each real moment, by moment code (`Moment.code`). Use `entriesAt`, which knows of duplicates. */
  byMoment: Map<number, Entry>;
  /** All entries of the moments that two or more entries share (an ambiguous reference). */
  sameMoment: Map<number, Entry[]>;
  threads: Map<string, Thread>;
  /** Findings that concern several entries (references, order, threads). */
  diagnostics: Diagnostic[];
  /** What the journal holds, counted while it was read. */
  stats: Stats;
}

/**
 * The moment references waiting for every entry to be known, kept as columns
 * of plain values (a journal of 100 MB has hundreds of thousands of them).
 */
class PendingReferences {
  readonly entry: Entry[] = [];
  readonly from: number[] = [];
  readonly to: number[] = [];
  /** The moment's code, or -1 for an impossible moment. */
  readonly code: number[] = [];
  /** The item path as written (`2.1`), or '' when there is none. */
  readonly path: string[] = [];

  add(entry: Entry, ref: MomentReference): void {
    this.entry.push(entry);
    this.from.push(ref.from);
    this.to.push(ref.to);
    this.code.push(ref.moment.valid ? ref.moment.code : -1);
    this.path.push(ref.path.length > 0 ? ref.path.join('.') : '');
  }
}

/**
 * Builds the journal model from parsed files.
 *
 * ```ts
 * const journal = buildJournal([{ path: 'a.txt', doc: parse(text) }]);
 * journal.entries.length;
 * ```
 */
export function buildJournal(sources: SourceFile[]): Journal {
  const files: JournalFile[] = [];
  const entries: Entry[] = [];
  const diagnostics: Diagnostic[] = [];
  const byMoment = new Map<number, Entry>();
  const sameMoment = new Map<number, Entry[]>();
  const stats = emptyStats();
  const pending = new PendingReferences();
  for (const source of sources) {
    const file: JournalFile = { path: source.path, doc: source.doc, entries: [], writable: source.writable ?? true, diagnostics: [...(source.diagnostics ?? [])] };
    const checker = new EntryChecker({ file, diagnostics: file.diagnostics });
    let previous: Entry | undefined;
    source.doc.forEachChunk((chunk, text) => {
      if (chunk.preamble) return;
      const detail = checker.check(chunk, entries.length, text);
      const entry = detail.entry;
      file.entries.push(entry);
      entries.push(entry);
      if (entry.moment?.valid) {
        if (previous && entry.moment.code < previous.moment!.code) {
          file.diagnostics.push(diagnostic('entry-out-of-order', file.path, entry.header.from, entry.header.to, `entry ${entry.moment.key} comes after ${previous.moment!.key}; entries are expected in time order (kept where it is)`));
        }
        previous = entry;
      }
      if (entry.moment?.valid) {
        const first = byMoment.get(entry.moment.code);
        if (first) {
          diagnostics.push(diagnostic('entry-duplicate-moment', file.path, entry.header.from, entry.header.to, `another entry has the moment ${entry.moment.key} (${first.file.path}:${first.file.doc.position(first.from).line + 1}); references to it are ambiguous`));
          const same = sameMoment.get(entry.moment.code);
          if (same) same.push(entry);
          else sameMoment.set(entry.moment.code, [first, entry]);
        } else {
          byMoment.set(entry.moment.code, entry);
        }
      }
      if (entry.isGtd) stats.gtdDays++;
      if (entry.untitled) stats.untitled++;
      for (const t of detail.todos) stats.todos[t.state]++;
      stats.mails += detail.mails.length;
      stats.stamps.revision += detail.revisions.length;
      stats.stamps.item += detail.stamps.length;
      for (const ref of detail.references) {
        if (ref.kind === 'item') {
          stats.itemReferences.total++;
          resolveItemReference(ref, detail);
          if (ref.targetItem) stats.itemReferences.resolved++;
          else file.diagnostics.push(diagnostic('ref-item-missing', file.path, ref.from, ref.to, `"${ref.number})" names no item ${ref.number}) near it in this entry; expected a sibling item written "${ref.number}), ..."`));
        } else {
          pending.add(entry, ref);
        }
      }
    });
    reportInvalidBytes(file);
    if (file.entries.length === 0 && !file.diagnostics.some((d) => d.code === 'file-binary')) {
      file.diagnostics.push(diagnostic('journal-empty', file.path, 0, 0, 'no entries: an entry starts with a header line like "10:25 2013-02-04" at the start of the file or after a blank line'));
    }
    files.push(file);
  }
  stats.files = files.length;
  stats.entries = entries.length;
  let first: Moment | undefined;
  let last: Moment | undefined;
  for (const e of entries) {
    if (!e.moment) continue;
    if (!first || e.moment.code < first.code) first = e.moment;
    if (!last || e.moment.code > last.code) last = e.moment;
  }
  if (first) stats.first = first.key;
  if (last) stats.last = last.key;
  stats.stamps.total = stats.stamps.revision + stats.stamps.item;
  checkReferences(pending, { byMoment, sameMoment }, diagnostics, stats);
  const threads = collectThreads(entries, diagnostics);
  for (const t of threads.values()) {
    if (t.parts.length > 0) stats.threads.total++;
    if (t.parts.length + (t.opener ? 1 : 0) > 1) stats.threads.multiPart++;
  }
  return { files, entries, byMoment, sameMoment, threads, diagnostics, stats };
}

/**
 * Resolves the moment references of the whole journal, counts them and
 * reports dangling, ambiguous and missing-item ones (item paths are checked
 * against the paths each entry kept, without reading it again).
 */
function checkReferences(pending: PendingReferences, journal: Pick<Journal, 'byMoment' | 'sameMoment'>, out: Diagnostic[], stats: Stats): void {
  let byDay: Map<string, string[]> | undefined;
  const sameDay = (moment: Moment): string => {
    if (!byDay) {
      byDay = new Map();
      for (const first of journal.byMoment.values()) {
        const key = first.moment!.key;
        const times = byDay.get(key.slice(0, 10)) ?? [];
        times.push(key.slice(11));
        byDay.set(key.slice(0, 10), times);
      }
    }
    const same = byDay.get(moment.key.slice(0, 10));
    return same ? `that day has ${same.slice(0, 5).join(', ')}` : 'no entry on that day';
  };
  const n = pending.entry.length;
  stats.references.total += n;
  for (let i = 0; i < n; i++) {
    const code = pending.code[i]!;
    const path = pending.path[i]!;
    if (path !== '') stats.references.withItemPath++;
    const target = code >= 0 ? journal.byMoment.get(code) : undefined;
    const targets = target && journal.sameMoment.size > 0 ? journal.sameMoment.get(code) : undefined;
    if (target && !targets) {
      stats.references.resolved++;
      if (path !== '' && !target.itemPaths?.includes(` ${path} `)) {
        const top = (target.itemPaths ?? '').trim().split(' ').filter((p) => p && !p.includes('.'));
        out.push(diagnostic('ref-item-missing', pending.entry[i]!.file.path, pending.from[i]!, pending.to[i]!, `entry "${formatMoment(Moment.fromCode(code))}" has no item ${path}; its items are ${top.join(', ') || 'none'}`));
      }
      continue;
    }
    const file = pending.entry[i]!.file.path;
    if (!target) {
      stats.references.dangling++;
      if (code >= 0) {
        const moment = Moment.fromCode(code);
        out.push(diagnostic('ref-dangling', file, pending.from[i]!, pending.to[i]!, `no entry "${formatMoment(moment)}" in this journal (${sameDay(moment)}); an older file of the journal may hold it`));
      }
    } else {
      stats.references.ambiguous++;
      const where = targets!.map((t) => `${t.file.path}:${t.file.doc.position(t.from).line + 1}`).join(', ');
      out.push(diagnostic('ref-ambiguous', file, pending.from[i]!, pending.to[i]!, `${targets!.length} entries have the moment "${formatMoment(Moment.fromCode(code))}" (${where}); the reference cannot tell them apart`));
    }
  }
}

/** The entries that have a moment: none (a dangling reference), one, or several (an ambiguous one). */
export function entriesAt(journal: Pick<Journal, 'byMoment' | 'sameMoment'>, moment: Moment): Entry[] {
  if (!moment.valid) return [];
  const first = journal.byMoment.get(moment.code);
  if (!first) return [];
  return journal.sameMoment.get(moment.code) ?? [first];
}

/** Reports the bytes of a file that are not UTF-8 (known once it is decoded); such a file is not written. */
function reportInvalidBytes(file: JournalFile): void {
  const { doc } = file;
  if (!doc.bytes || doc.invalid.length === 0) return;
  file.writable = false;
  for (const bad of doc.invalid) {
    const shown = [...doc.bytes.subarray(bad.byte, bad.byte + Math.min(bad.length, 4))].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
    file.diagnostics.push(diagnostic('encoding-invalid', file.path, bad.offset, bad.offset + 1, `${bad.length} byte${bad.length > 1 ? 's' : ''} that are not UTF-8 (${shown}) at byte ${bad.byte}; daybook reads around them but will not write this file (save it as UTF-8 to fix)`));
  }
}

/** Every finding of the journal: the files' and the journal's, in file and offset order. */
export function allDiagnostics(journal: Journal): Diagnostic[] {
  const order = new Map(journal.files.map((f, i) => [f.path, i]));
  const all = [...journal.files.flatMap((f) => f.diagnostics), ...journal.diagnostics];
  return all.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.from - b.from || a.to - b.to);
}
