/**
 * The journal: every entry of every file, found by moment, threads
 * collected; and, once asked for, its findings and the counts of what it
 * holds.
 *
 * The model reads each entry's head (header, stamps, title): what names it,
 * orders it and places it in its thread. What an entry holds (outline,
 * references, TODOs, mails, GTD day) is read from its text when a command
 * needs it (`readDetail`); the findings and counts of `check` and `stats`
 * come from the check pass, which reads every entry whole once
 * (`buildJournal(sources, { check: true })`, or on first use of
 * `diagnostics` or `stats`).
 */
import type { Document } from '../syntax/document.js';
import { addCounts, checkFile, emptyCounts, type FileCheck } from './check-file.js';
import { EntryChecker } from './entry.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { formatMoment, Moment } from './moment.js';
import type { PendingReferences } from './pending.js';
import { emptyStats, type Stats } from './stats.js';
import { collectThreads, type Thread } from './threads.js';
import type { Entry, JournalFile } from './types.js';

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
  /** Findings that concern several entries (references, order, threads); the first use runs the check pass. */
  readonly diagnostics: Diagnostic[];
  /** What the journal holds, counted; the first use runs the check pass. */
  readonly stats: Stats;
}

/**
 * Builds the journal model from parsed files. With `check`, every entry is
 * read whole at once (for `check` and `stats`, which need the findings and
 * counts); otherwise only its head, and the check pass waits until it is
 * needed.
 *
 * ```ts
 * const journal = buildJournal([{ path: 'a.txt', doc: parse(text) }]);
 * journal.entries.length;
 * ```
 */
export function buildJournal(sources: SourceFile[], options: { check?: boolean } = {}): Journal {
  const files: JournalFile[] = [];
  const checks: FileCheck[] = [];
  let count = 0;
  for (const source of sources) {
    const file = openFile(source);
    if (options.check) checks.push(checkFile(file, count));
    else {
      const checker = new EntryChecker({ file, diagnostics: file.diagnostics });
      file.doc.forEachChunk((chunk, text) => {
        if (!chunk.preamble) file.entries.push(checker.head(chunk, count + file.entries.length, text));
      });
    }
    finishFile(file);
    files.push(file);
    count += file.entries.length;
  }
  const journal = new JournalModel(files);
  if (options.check) journal.takeChecks(checks);
  return journal;
}

/** The journal model; its findings and counts come from the check pass, run once when first needed. */
class JournalModel implements Journal {
  readonly entries: Entry[] = [];
  readonly byMoment = new Map<number, Entry>();
  readonly sameMoment = new Map<number, Entry[]>();
  readonly threads: Map<string, Thread>;
  /** Findings of the model itself: duplicate moments, thread gaps. */
  private readonly found: Diagnostic[] = [];
  private checked?: { diagnostics: Diagnostic[]; stats: Stats };

  constructor(readonly files: JournalFile[]) {
    const { entries, byMoment, sameMoment } = this;
    for (const file of files) {
      let previous: Entry | undefined;
      for (const entry of file.entries) {
        entries.push(entry);
        const moment = entry.moment;
        if (!moment?.valid) continue;
        if (previous && moment.code < previous.moment!.code) file.diagnostics.push(outOfOrder(entry, previous));
        previous = entry;
        const earlier = byMoment.get(moment.code);
        if (!earlier) {
          byMoment.set(moment.code, entry);
          continue;
        }
        this.found.push(duplicateMoment(entry, earlier));
        const same = sameMoment.get(moment.code);
        if (same) same.push(entry);
        else sameMoment.set(moment.code, [earlier, entry]);
      }
    }
    this.threads = collectThreads(entries, this.found);
  }

  get diagnostics(): Diagnostic[] {
    return this.check().diagnostics;
  }

  get stats(): Stats {
    return this.check().stats;
  }

  /** The check pass: every entry read whole (findings to its file), then the references of the whole journal. */
  private check(): { diagnostics: Diagnostic[]; stats: Stats } {
    if (!this.checked) {
      let count = 0;
      const checks = this.files.map((file) => {
        const check = checkFile(file, count, true);
        count += file.entries.length;
        return check;
      });
      this.takeChecks(checks);
    }
    return this.checked!;
  }

  /** Takes the results of the check pass over every file, in file order. */
  takeChecks(checks: FileCheck[]): void {
    const diagnostics = [...this.found];
    const stats = emptyStats();
    const counts = emptyCounts();
    for (const c of checks) addCounts(counts, c.counts);
    let first: Moment | undefined;
    let last: Moment | undefined;
    for (const e of this.entries) {
      const m = e.moment;
      if (!m?.valid) continue;
      if (!first || m.code < first.code) first = m;
      if (!last || m.code > last.code) last = m;
    }
    stats.files = this.files.length;
    stats.entries = this.entries.length;
    if (first) stats.first = first.key;
    if (last) stats.last = last.key;
    stats.gtdDays = counts.gtdDays;
    stats.untitled = counts.untitled;
    stats.todos = { open: counts.todosOpen, done: counts.todosDone };
    stats.mails = counts.mails;
    stats.stamps = { total: counts.revisions + counts.itemStamps, revision: counts.revisions, item: counts.itemStamps };
    stats.itemReferences = { total: counts.itemReferences, resolved: counts.itemReferencesResolved };
    checkReferences(checks.map((c) => c.pending), this, diagnostics, stats);
    for (const t of this.threads.values()) {
      if (t.parts.length > 0) stats.threads.total++;
      if (t.parts.length + (t.opener ? 1 : 0) > 1) stats.threads.multiPart++;
    }
    this.checked = { diagnostics, stats };
  }
}

/** The model's record of a parsed file, before its entries are read. */
export function openFile(source: SourceFile): JournalFile {
  return { path: source.path, doc: source.doc, entries: [], writable: source.writable ?? true, diagnostics: [...(source.diagnostics ?? [])] };
}

/** Findings about a whole file once all its entries are read: bytes that are not UTF-8, no entry at all. */
export function finishFile(file: JournalFile): void {
  reportInvalidBytes(file);
  const empty = emptyFile(file);
  if (empty) file.diagnostics.push(empty);
}

/**
 * Resolves the moment references of the whole journal, counts them and
 * reports dangling, ambiguous and missing-item ones (item paths are checked
 * against the paths each entry kept, without reading it again).
 */
function checkReferences(lists: PendingReferences[], journal: Pick<Journal, 'byMoment' | 'sameMoment'>, out: Diagnostic[], stats: Stats): void {
  const sameDay = sameDayNote(journal);
  for (const pending of lists) {
    stats.references.total += pending.entry.length;
    for (let i = 0; i < pending.entry.length; i++) {
      const path = pending.path[i]!;
      if (path !== '') stats.references.withItemPath++;
      const status = checkReference(journal, pending.code[i]!, path, pending.entry[i]!.file.path, pending.from[i]!, pending.to[i]!, sameDay, out);
      stats.references[status]++;
    }
  }
}

/**
 * Checks one moment reference (its moment's `code`, -1 when impossible, and
 * its item path as written) against the journal; a finding goes to `out`.
 */
export function checkReference(journal: Pick<Journal, 'byMoment' | 'sameMoment'>, code: number, path: string, file: string, from: number, to: number, sameDay: (moment: Moment) => string, out: Diagnostic[]): 'dangling' | 'ambiguous' | 'resolved' {
  const target = code >= 0 ? journal.byMoment.get(code) : undefined;
  const targets = target && journal.sameMoment.size > 0 ? journal.sameMoment.get(code) : undefined;
  if (!target) {
    if (code < 0) return 'dangling';
    const moment = Moment.fromCode(code);
    out.push(diagnostic('ref-dangling', file, from, to, `no entry "${formatMoment(moment)}" in this journal (${sameDay(moment)}); an older file of the journal may hold it`));
    return 'dangling';
  }
  if (targets) {
    const where = targets.map((t) => `${t.file.path}:${t.file.doc.position(t.from).line + 1}`).join(', ');
    out.push(diagnostic('ref-ambiguous', file, from, to, `${targets.length} entries have the moment "${formatMoment(Moment.fromCode(code))}" (${where}); the reference cannot tell them apart`));
    return 'ambiguous';
  }
  if (path === '' || target.itemPaths?.includes(` ${path} `)) return 'resolved';
  const top = (target.itemPaths ?? '').trim().split(' ').filter((p) => p && !p.includes('.'));
  out.push(diagnostic('ref-item-missing', file, from, to, `entry "${formatMoment(Moment.fromCode(code))}" has no item ${path}; its items are ${top.join(', ') || 'none'}`));
  return 'resolved';
}

/** What a dangling reference's message says of its day: the entries it has, or none (the days are gathered once, when first asked). */
export function sameDayNote(journal: Pick<Journal, 'byMoment'>): (moment: Moment) => string {
  let byDay: Map<string, string[]> | undefined;
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
    const same = byDay.get(moment.key.slice(0, 10));
    return same ? `that day has ${[...same].sort().slice(0, 5).join(', ')}` : 'no entry on that day';
  };
}

/** The finding for an entry whose moment is earlier than the entry before it. */
export function outOfOrder(entry: Entry, previous: Entry): Diagnostic {
  return diagnostic('entry-out-of-order', entry.file.path, entry.header.from, entry.header.to, `entry ${entry.moment!.key} comes after ${previous.moment!.key}; entries are expected in time order (kept where it is)`);
}

/** The finding for a second entry with the moment of an earlier one. */
export function duplicateMoment(entry: Entry, earlier: Entry): Diagnostic {
  return diagnostic('entry-duplicate-moment', entry.file.path, entry.header.from, entry.header.to, `another entry has the moment ${entry.moment!.key} (${earlier.file.path}:${earlier.file.doc.position(earlier.from).line + 1}); references to it are ambiguous`);
}

/** The finding for a file with no entry (none for a binary file, which has its own). */
export function emptyFile(file: JournalFile): Diagnostic | undefined {
  if (file.entries.length > 0 || file.diagnostics.some((d) => d.code === 'file-binary')) return undefined;
  return diagnostic('journal-empty', file.path, 0, 0, 'no entries: an entry starts with a header line like "10:25 2013-02-04" at the start of the file or after a blank line');
}

/** The entries that have a moment: none (a dangling reference), one, or several (an ambiguous one). */
export function entriesAt(journal: Pick<Journal, 'byMoment' | 'sameMoment'>, moment: Moment): Entry[] {
  if (!moment.valid) return [];
  const first = journal.byMoment.get(moment.code);
  if (!first) return [];
  return journal.sameMoment.get(moment.code) ?? [first];
}

/** Reports the bytes of a file that are not UTF-8 (known once it is decoded); such a file is not written. */
export function reportInvalidBytes(file: JournalFile): void {
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
  // The journal's findings first: asking for them runs the check pass, which adds each file's.
  const own = journal.diagnostics;
  const all = [...journal.files.flatMap((f) => f.diagnostics), ...own];
  return all.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.from - b.from || a.to - b.to);
}
