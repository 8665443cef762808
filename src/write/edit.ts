/**
 * The one way daybook writes a journal file. Every command that writes
 * (new, gtd, todo done, clip) hands `editFile` a plan: a function from the
 * file as it is now to the patches it wants. Then:
 *
 * 1. the file's lock is taken, so daybook processes take turns;
 * 2. the file is read and parsed, and the plan gives its patches, as byte
 *    ranges and the text to put there (so bytes that are not UTF-8 elsewhere
 *    in the file are kept exactly; a patch inside an entry that holds such
 *    bytes is refused);
 * 3. just before the new bytes replace the file, the file is read again: if
 *    another program changed it meanwhile, the plan runs again on the new
 *    text (a few times, then daybook refuses);
 * 4. the new bytes replace the file atomically (`replaceFile`).
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { RefusedWriteError } from '../errors.js';
import { parseBytes } from '../syntax/bytes.js';
import type { Chunk, Document } from '../syntax/document.js';
import { replaceFile, writeError } from './atomic.js';
import { acquireLock } from './lock.js';

/** A change to a file: bytes [from, to) become `text` (UTF-8). */
export interface Patch {
  from: number;
  to: number;
  text: string;
}

/** What a plan sees: the file's bytes, parsed, and the line ending new text should use. */
export interface FileState {
  path: string;
  shown: string;
  bytes: Buffer;
  doc: Document;
  /** `\n` or `\r\n`: what most of the file's lines end with (`\n` for an empty file). */
  eol: string;
}

/** What a write did. */
export interface EditResult {
  patches: Patch[];
  /** Times the plan ran again because the file changed underneath. */
  retries: number;
}

/** How many times a plan runs again on a file that keeps changing underneath. */
const RETRIES = 5;

/** The line ending most of a file's lines use. */
export function lineEnding(bytes: Buffer): string {
  let lf = 0;
  let crlf = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) {
    if (i > 0 && bytes[i - 1] === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Reads and parses a file for a plan. */
export function readState(path: string, shown: string): FileState {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (err) {
    throw new RefusedWriteError(`${shown}: cannot read it to write it (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'expected an existing, readable journal file; nothing was changed');
  }
  const parsed = parseBytes(bytes);
  if (parsed.binary) throw new RefusedWriteError(`${shown}: not written: it is a binary file (a NUL byte at byte ${bytes.indexOf(0)}), not a journal`, 'expected a UTF-8 text journal; nothing was changed');
  parsed.doc.forEachChunk();
  return { path, shown, bytes, doc: parsed.doc, eol: lineEnding(bytes) };
}

/**
 * The byte offset of a character offset inside a chunk (offsets in the file's
 * text, as the model gives them). Refuses when the chunk holds bytes that are
 * not UTF-8: its characters do not map back to bytes one to one.
 */
export function byteAt(state: FileState, chunk: Chunk, offset: number): number {
  const from = chunk.byteFrom!;
  const to = chunk.byteTo!;
  if (!isUtf8(state.bytes.subarray(from, to))) {
    throw new RefusedWriteError(`${state.shown}: not written: the entry at line ${chunk.line + 1} holds bytes that are not UTF-8, and a change inside it could not keep them exactly`, `run "daybook check ${state.shown}" to see where, and fix them in an editor; nothing was changed`);
  }
  const text = state.doc.chunkText(chunk);
  return from + Buffer.byteLength(text.slice(chunk.from, offset - chunk.base));
}

/** Applies patches (sorted by position, not overlapping) to bytes. */
export function applyPatches(bytes: Buffer, patches: Patch[]): Buffer {
  const sorted = [...patches].sort((a, b) => a.from - b.from);
  const parts: Buffer[] = [];
  let at = 0;
  for (const p of sorted) {
    if (p.from < at || p.to < p.from || p.to > bytes.length) throw new Error(`bad patch ${p.from}-${p.to}`);
    parts.push(bytes.subarray(at, p.from), Buffer.from(p.text, 'utf8'));
    at = p.to;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

/**
 * Edits a journal file with a plan, safely (see above). A plan that returns
 * no patches leaves the file alone. Throws a `RefusedWriteError` (exit code
 * 3) when the write cannot be made safely; the file is then unchanged.
 *
 * ```ts
 * editFile('log.txt', 'log.txt', (s) => [{ from: s.bytes.length, to: s.bytes.length, text: `${s.eol}9:00 2013-02-16${s.eol}...` }]);
 * ```
 */
export function editFile(path: string, shown: string, plan: (state: FileState) => Patch[]): EditResult {
  const release = acquireLock(path, shown);
  try {
    for (let retries = 0; ; retries++) {
      const state = readState(path, shown);
      const patches = plan(state);
      if (patches.length === 0) return { patches, retries };
      const next = applyPatches(state.bytes, patches);
      let now: Buffer;
      try {
        now = fs.readFileSync(path);
      } catch (err) {
        throw writeError(err, shown);
      }
      if (now.equals(state.bytes)) {
        replaceFile(path, shown, next);
        return { patches, retries };
      }
      if (retries >= RETRIES) throw new RefusedWriteError(`${shown}: not written: another program keeps changing it`, 'the journal was not changed; close the other program (or save in it), then run the command again');
    }
  } finally {
    release();
  }
}
