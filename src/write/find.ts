/**
 * Finding an entry again in a file about to be written: by its moment (and
 * which of the entries with that moment), read from the file as it is now.
 */
import { readEntry } from '../model/entry.js';
import type { EntryDetail, JournalFile } from '../model/types.js';
import type { Chunk } from '../syntax/document.js';
import type { FileState } from './edit.js';

/** An entry of a file being written, with what it holds. */
export interface FoundEntry {
  chunk: Chunk;
  detail: EntryDetail;
  text: string;
}

/** Every entry of the file, read in full. */
export function readEntries(state: FileState): FoundEntry[] {
  const file: JournalFile = { path: state.shown, doc: state.doc, entries: [], writable: true, diagnostics: [] };
  const ctx = { file, diagnostics: [] };
  const out: FoundEntry[] = [];
  state.doc.forEachChunk((chunk, text) => {
    if (chunk.preamble) return;
    out.push({ chunk, detail: readEntry(ctx, chunk, out.length, text), text });
  });
  return out;
}

/** The entries of the file with a moment (by `Moment.code`), in file order. */
export function entriesWithMoment(state: FileState, code: number): FoundEntry[] {
  return readEntries(state).filter((e) => e.detail.entry.moment?.code === code);
}
