/**
 * Reading one entry: the entry points. The reading itself is `EntryReader`
 * (`reader.ts`), a sink of the scanner.
 */
import type { Chunk } from '../syntax/document.js';
import { scanEntry, scanTitle } from '../syntax/scan.js';
import { feedTitle, TitleReader } from './title.js';
import type { Diagnostic } from './diagnostic.js';
import { EntryReader } from './reader.js';
import { Entry, type EntryDetail, type JournalFile, type Topic } from './types.js';

/** What reading an entry needs: the file, and where findings go. */
export interface EntryContext {
  file: JournalFile;
  diagnostics: Diagnostic[];
}

/**
 * Reads the entry of a chunk, and all it holds. Never throws: what does not
 * fit the format is kept as text and reported.
 */
export function readEntry(ctx: EntryContext, chunk: Chunk, text = ctx.file.doc.chunkText(chunk)): EntryDetail {
  const reader = new EntryReader();
  reader.begin(ctx, chunk, text, new Entry(ctx.file, chunk), true);
  scanEntry(text, chunk.from, chunk.to, chunk.base, false, reader, ctx.file.doc.noCR);
  return reader.finish();
}

/**
 * Reads an entry for the journal's own pass: the same findings and counts as
 * `readEntry`, without the texts that only a reader of the entry needs (item
 * and TODO texts, topics, task texts).
 */
export function checkEntry(ctx: EntryContext, chunk: Chunk, text = ctx.file.doc.chunkText(chunk)): EntryDetail {
  return new EntryChecker(ctx).check(chunk, text);
}

/**
 * Checks the entries of one file one after another with a single reader, for
 * the journal's pass over a large file: each detail it returns is reused by
 * the next call, so read it before checking the next entry.
 */
export class EntryChecker {
  private readonly reader = new EntryReader();
  /** Where the head's findings go: nowhere (the check of the whole entry reports them). */
  private readonly unheard: EntryContext;

  constructor(private readonly ctx: EntryContext) {
    this.unheard = { file: ctx.file, diagnostics: [] };
  }

  /**
   * Reads the entry of a chunk (or reads again an entry read by `head`, which
   * keeps its object); the detail is valid until the next call.
   */
  check(chunk: Chunk, text: string, entry = new Entry(this.ctx.file, chunk)): EntryDetail {
    this.reader.begin(this.ctx, chunk, text, entry, false);
    scanEntry(text, chunk.from, chunk.to, chunk.base, false, this.reader, this.ctx.file.doc.noCR);
    return this.reader.finish();
  }

  /**
   * Reads only the head of the entry of a chunk (header, revision stamps,
   * title line): its moment, title, thread and whether it is a GTD day. What
   * the journal model needs of every entry; findings wait for `check`.
   */
  head(chunk: Chunk, text: string): Entry {
    const entry = new Entry(this.ctx.file, chunk);
    this.reader.begin(this.unheard, chunk, text, entry, false);
    // The text may hold only the head (`Document.forEachHead`).
    scanEntry(text, chunk.from, Math.min(chunk.to, text.length), chunk.base, false, this.reader, this.ctx.file.doc.noCR, true);
    this.reader.finish();
    this.unheard.diagnostics.length = 0;
    return entry;
  }
}

/**
 * Reads again what an entry holds: its outline, references, TODOs, mails and
 * GTD day. Each call reads the text anew; keep the result while you need it.
 *
 * ```ts
 * const { items, todos } = readDetail(journal.entries[0]);
 * ```
 */
export function readDetail(entry: Entry): EntryDetail {
  const text = entry.file.doc.chunkText(entry.chunk);
  const reader = new EntryReader();
  reader.begin({ file: entry.file, diagnostics: [] }, entry.chunk, text, entry, true);
  scanEntry(text, entry.chunk.from, entry.chunk.to, entry.chunk.base, false, reader, entry.file.doc.noCR);
  return reader.finish();
}

/**
 * Reads the topics and `;` qualifiers of an entry's title line alone (the
 * line is scanned as the entry's reader scans it, nothing else): what the
 * topic tree and the people need of each entry.
 */
export function readEntryTitle(entry: Entry): { topics: Topic[]; qualifiers: Topic[] } {
  if (entry.titleFrom < 0) return { topics: [], qualifiers: [] };
  const at = entry.titleFrom;
  const line = entry.file.doc.headText(entry.chunk).slice(at - entry.chunk.base, entry.titleTo - entry.chunk.base);
  const reader = new TitleReader(true);
  scanTitle(line, 0, line.length, at, { token: (kind, from, to) => feedTitle(reader, kind, line.slice(from - at, to - at), { from, to }) });
  return { topics: reader.topics, qualifiers: reader.qualifiers };
}

/**
 * The characters of an entry's title that a listing repeats on each of its
 * rows (a TODO, a backlink), at most: a title may be 300 KB, and a row per
 * marker would repeat it thousands of times.
 */
export const MAX_SHOWN_TITLE = 200;

/** An entry's title as a row shows it: cut to `MAX_SHOWN_TITLE` characters, with an ellipsis. */
export function shownTitle(entry: Entry): string | undefined {
  const title = entry.title?.text;
  return title !== undefined && title.length > MAX_SHOWN_TITLE ? `${title.slice(0, MAX_SHOWN_TITLE - 1)}…` : title;
}
