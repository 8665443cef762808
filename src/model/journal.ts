/**
 * The journal: every entry of every file, references resolved across all of
 * them, threads collected, findings gathered.
 */
import type { Document } from '../syntax/parse.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { readEntry } from './entry.js';
import { resolveReferences } from './references.js';
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
  /** Entries by normalised moment (`2013-02-16 11:07`); two or more means ambiguous. */
  byMoment: Map<string, Entry[]>;
  threads: Map<string, Thread>;
  /** Findings that concern several entries (references, order, threads). */
  diagnostics: Diagnostic[];
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
  for (const source of sources) {
    const file: JournalFile = { path: source.path, doc: source.doc, entries: [], writable: source.writable ?? true, diagnostics: [...(source.diagnostics ?? [])] };
    const ctx = { file, diagnostics: file.diagnostics };
    for (const chunk of source.doc.chunks) {
      if (chunk.preamble) continue;
      const entry = readEntry(ctx, chunk, entries.length);
      file.entries.push(entry);
      entries.push(entry);
    }
    if (file.entries.length === 0 && !file.diagnostics.some((d) => d.code === 'file-binary')) {
      file.diagnostics.push(diagnostic('journal-empty', file.path, 0, 0, 'no entries: an entry starts with a header line like "10:25 2013-02-04" at the start of the file or after a blank line'));
    }
    checkOrder(file);
    files.push(file);
  }
  const byMoment = new Map<string, Entry[]>();
  for (const entry of entries) {
    if (!entry.moment) continue;
    const same = byMoment.get(entry.moment.key);
    if (same) {
      const first = same[0]!;
      diagnostics.push(diagnostic('entry-duplicate-moment', entry.file.path, entry.header.from, entry.header.to, `another entry has the moment ${entry.moment.key} (${first.file.path}:${first.file.doc.position(first.from).line + 1}); references to it are ambiguous`));
      same.push(entry);
    } else {
      byMoment.set(entry.moment.key, [entry]);
    }
  }
  resolveReferences(entries, byMoment, diagnostics);
  const threads = collectThreads(entries, diagnostics);
  return { files, entries, byMoment, threads, diagnostics };
}

/** Every finding of the journal: the files' and the journal's, in file and offset order. */
export function allDiagnostics(journal: Journal): Diagnostic[] {
  const order = new Map(journal.files.map((f, i) => [f.path, i]));
  const all = [...journal.files.flatMap((f) => f.diagnostics), ...journal.diagnostics];
  return all.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.from - b.from || a.to - b.to);
}

function checkOrder(file: JournalFile): void {
  let previous: Entry | undefined;
  for (const entry of file.entries) {
    if (!entry.moment?.valid) continue;
    if (previous && entry.moment.key < previous.moment!.key) {
      file.diagnostics.push(diagnostic('entry-out-of-order', file.path, entry.header.from, entry.header.to, `entry ${entry.moment.key} comes after ${previous.moment!.key}; entries are expected in time order (kept where it is)`));
    }
    previous = entry;
  }
}
