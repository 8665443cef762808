/**
 * Finding an entry again in a file about to be written: by its moment (and
 * which of the entries with that moment), read from the file as it is now.
 */
import { readEntry } from '../model/entry.js';
import type { EntryDetail, JournalFile } from '../model/types.js';
import type { Chunk } from '../syntax/document.js';
import { byteAt, type FileState, type Patch } from './edit.js';

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
    out.push({ chunk, detail: readEntry(ctx, chunk, text), text });
  });
  return out;
}

/** The entries of the file with a moment (by `Moment.code`), in file order. */
export function entriesWithMoment(state: FileState, code: number): FoundEntry[] {
  return readEntries(state).filter((e) => e.detail.entry.moment?.code === code);
}

/** The end (file offset, in characters) of the last non-blank line of a span of the entry's text. */
export function endOfContent(e: FoundEntry, from: number, to: number): number {
  const local = e.text.slice(from - e.chunk.base, to - e.chunk.base);
  return from + local.replace(/\s+$/u, '').length;
}

/** A patch inserting whole lines after the line that ends at `contentEnd` (a file offset in characters). */
export function insertLinesAfter(state: FileState, e: FoundEntry, contentEnd: number, lines: string[]): Patch {
  const local = contentEnd - e.chunk.base;
  const rest = e.text.slice(local);
  const eolHere = /^(\r\n|\r|\n)/.exec(rest);
  const at = byteAt(state, e.chunk, contentEnd + (eolHere ? eolHere[0].length : 0));
  const text = lines.join(state.eol) + state.eol;
  return { from: at, to: at, text: eolHere ? text : state.eol + text.slice(0, -state.eol.length) };
}
