/**
 * The one way daybook writes a journal file. Every command that writes
 * (new, gtd, todo done, clip) hands `editFile` a plan: a function from the
 * file as it is now to the patches it wants. What holds, whatever an editor
 * does to the same file meanwhile: nothing the user or their editor wrote is
 * lost, and daybook never says it wrote what is not in the file.
 *
 * 1. The lock of the real file (symlinks followed) is taken, so daybook
 *    processes take turns; what a writer killed mid-write left is finished
 *    first (`recoverLeftWrite`).
 * 2. The file is waited for while another program holds it open for writing
 *    (an editor half-way through its save), then read and parsed through one
 *    descriptor, and the plan gives its patches as byte ranges and the text
 *    to put there (bytes that are not UTF-8 elsewhere are kept exactly; a
 *    patch inside an entry that holds such bytes is refused).
 * 3. An append, or patches that keep the length, are written into the file
 *    itself (`writeInPlace`); any other change replaces it by a rename, the
 *    old file kept reachable (`replaceFile`). Right before either, the file is
 *    looked at again: when another program changed it, the plan runs again
 *    on the new text (a few times, then daybook refuses).
 * 4. After a moment, the file is read back: the old file of a rename must be
 *    as daybook read it (an editor that saved into it gets its save put
 *    back), and the lines daybook wrote must be in the journal. When an
 *    editor saved over them, the plan runs again on the editor's text, and
 *    the result says so.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { RefusedWriteError } from '../errors.js';
import { parseBytes } from '../syntax/bytes.js';
import { conflictLines } from '../syntax/conflict.js';
import type { Chunk, Document } from '../syntax/document.js';
import { holdFile } from './hold.js';
import { writeInPlace } from './inplace.js';
import { recoverLeftWrite } from './intent.js';
import { acquireLock } from './lock.js';
import { realFile, sameFileAt, unchangedSince, witnessesOf, written } from './readback.js';
import { assertCanWrite, readOnly, writeError } from './refusals.js';
import { readAll, readQuiet, sleep } from './writers.js';

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
  /** Times the plan ran again because the file changed underneath before daybook wrote. */
  retries: number;
  /** Times daybook wrote again because another program saved over what it wrote. */
  redone: number;
  /** What the user should be told besides the write itself (a write done again, a leftover kept). */
  notes: string[];
}

/** How long a plan runs again on a file that keeps changing underneath before daybook gives up, in milliseconds. */
const RETRY_MS = 10_000;

/** How many times daybook writes again after another program saved over its write. */
const REDO = 5;

/**
 * How long after a write daybook reads the file back, in milliseconds: an
 * editor that read the file just before daybook wrote and saves just after
 * has saved by then.
 */
export const SETTLE_MS = 40;

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

/** Parses a file's bytes for a plan (the language server gives a plan the editor's text this way). */
export function stateOf(path: string, shown: string, bytes: Buffer): FileState {
  const parsed = parseBytes(bytes);
  if (parsed.binary) throw new RefusedWriteError(`${shown}: not written: it is a binary file (a NUL byte at byte ${bytes.indexOf(0)}), not a journal`, 'expected a UTF-8 text journal; nothing was changed');
  parsed.doc.forEachChunk();
  return { path, shown, bytes, doc: parsed.doc, eol: lineEnding(bytes) };
}

/**
 * The byte offset of a character offset inside a chunk (offsets in the file's
 * text, as the model gives them). Refuses when the chunk holds bytes that are
 * not UTF-8 (its characters do not map back to bytes one to one), or the
 * conflict markers of a merge not finished.
 */
export function byteAt(state: FileState, chunk: Chunk, offset: number): number {
  const from = chunk.byteFrom!;
  const to = chunk.byteTo!;
  if (!isUtf8(state.bytes.subarray(from, to))) {
    throw new RefusedWriteError(`${state.shown}: not written: the entry at line ${chunk.line + 1} holds bytes that are not UTF-8, and a change inside it could not keep them exactly`, `run "daybook check ${state.shown}" to see where, and fix them in an editor; nothing was changed`);
  }
  const text = state.doc.chunkText(chunk);
  const conflict = conflictLines(text, chunk.from, chunk.to)[0];
  if (conflict !== undefined) {
    throw new RefusedWriteError(`${state.shown}: not written: the entry at line ${chunk.line + 1} holds a conflict a merge left (line ${chunk.line + conflict + 1}: "<<<<<<<")`, `finish the merge first: keep the lines you want and delete the marker lines ("daybook check ${state.shown}" lists them); nothing was changed`);
  }
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

/** Options of `editFile`, for tests and benchmarks. */
export interface EditOptions {
  /** How long after a write the file is read back (`SETTLE_MS`). */
  settleMs?: number;
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
export function editFile(path: string, shown: string, plan: (state: FileState) => Patch[], options: EditOptions = {}): EditResult {
  const real = realFile(path, shown);
  const notes: string[] = [];
  let retries = 0;
  let redone = 0;
  const start = Date.now();
  for (;;) {
    // The lock is held to read, plan and write; the read back waits for others' saves without it.
    const release = acquireLock(real, shown);
    let out: ReturnType<typeof attempt>;
    try {
      out = attempt(real, shown, plan, notes);
    } finally {
      release();
    }
    if (out === 'changed') {
      retries++;
      if (Date.now() - start > RETRY_MS) throw new RefusedWriteError(`${shown}: not written: another program kept changing it for ${RETRY_MS / 1000} s`, 'the journal was not changed; close the other program (or save in it), then run the command again');
      sleep(Math.random() * 3);
      continue;
    }
    if (!out.next) return { patches: out.patches, retries, redone, notes };
    sleep(options.settleMs ?? SETTLE_MS);
    if (written(real, shown, out.next, out.witnesses)) return { patches: out.patches, retries, redone, notes };
    if (++redone > REDO) throw new RefusedWriteError(`${shown}: not written: another program saved over daybook's change ${REDO} times`, 'the journal holds that program\'s text; close it (or let it reload the file), then run the command again');
    notes.push(`${shown}: written again: another program (an editor?) saved the file just as daybook wrote, and its save did not hold daybook's change`);
  }
}

/**
 * One read, plan and write: 'changed' when the file changed before daybook
 * could write; else the patches, and when there were any, the file as
 * written and what shows the write in it.
 */
function attempt(real: string, shown: string, plan: (state: FileState) => Patch[], notes: string[]): 'changed' | { patches: Patch[]; next?: Buffer; witnesses: Buffer[] } {
  const hold = holdFile(() => openJournal(real, shown), real, shown);
  const { fd } = hold;
  try {
    const left = recoverLeftWrite(real, fd);
    if (left) notes.push(left);
    const { bytes, stat } = hold.leased ? { bytes: readAll(fd), stat: fs.fstatSync(fd) } : readQuiet(fd, real, shown);
    // Under a lease only a rename can change the file; without one, anything can.
    const unchanged = hold.leased ? () => sameFileAt(real, stat) : unchangedSince(fd, real, stat, bytes);
    if (!unchanged()) return 'changed';
    let patches: Patch[];
    try {
      patches = plan(stateOf(real, shown, bytes));
    } catch (err) {
      // A plan that found the file not as it wanted may have read a save half-way: look again.
      if (!hold.leased && !unchanged()) return 'changed';
      throw err;
    }
    if (patches.length === 0) return { patches, witnesses: [] };
    const next = applyPatches(bytes, patches);
    assertCanWrite(real, shown, stat);
    if (!writeInPlace(fd, real, stat, bytes, next, patches, unchanged)) return 'changed';
    return { patches, next, witnesses: witnessesOf(patches, next) };
  } catch (err) {
    throw writeError(err, shown);
  } finally {
    hold.release();
  }
}

/** Opens a journal file to read and write it, with the user's message when it cannot be. */
function openJournal(real: string, shown: string): number {
  try {
    return fs.openSync(real, 'r+');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw readOnly(shown);
    if (code === 'EROFS') throw writeError(err, shown);
    throw new RefusedWriteError(`${shown}: cannot read it to write it (${code ?? String(err)})`, 'expected an existing, readable journal file; nothing was changed');
  }
}
