/**
 * The checks around a write: the file daybook is about to write is still the
 * one it read, and after the write, what daybook wrote is in the journal.
 */
import fs from 'node:fs';
import { RefusedWriteError } from '../errors.js';
import type { Patch } from './edit.js';
import { holdFile } from './hold.js';
import { readAll, readQuiet } from './writers.js';

/** The real path of a journal file (symlinks followed): what daybook locks, reads and writes. */
export function realFile(file: string, shown: string): string {
  try {
    return fs.realpathSync(file);
  } catch (err) {
    throw new RefusedWriteError(`${shown}: cannot read it to write it (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'expected an existing, readable journal file; nothing was changed');
  }
}

const isEol = (b: number | undefined) => b === 10 || b === 13;

/** The start of the line that holds byte `at`. */
function lineStart(bytes: Buffer, at: number): number {
  let i = at;
  while (i > 0 && !isEol(bytes[i - 1])) i--;
  return i;
}

/** The end (before its line ending) of the line that holds byte `at`. */
function lineEnd(bytes: Buffer, at: number): number {
  let i = at;
  while (i < bytes.length && !isEol(bytes[i])) i++;
  return i;
}

/** True while `file` names the file `stat` was taken of (an editor that saves by rename puts another there). */
export function sameFileAt(file: string, stat: fs.Stats): boolean {
  try {
    const atPath = fs.statSync(file);
    return atPath.ino === stat.ino && atPath.dev === stat.dev;
  } catch {
    return false;
  }
}

/**
 * A check, asked right before daybook writes without a lease, that the file
 * is still the one it read through `fd`: the same file at the path, the same
 * size and modification time (an editor's save in place changes both when it
 * opens the file), and the same bytes.
 */
export function unchangedSince(fd: number, file: string, stat: fs.Stats, bytes: Buffer): () => boolean {
  return () => {
    const now = fs.fstatSync(fd);
    return now.size === stat.size && now.mtimeMs === stat.mtimeMs && sameFileAt(file, stat) && readAll(fd).equals(bytes);
  };
}

/**
 * What shows that a write is in the file: for each patch, the whole lines of
 * the new file that hold its text (without the line endings at its edges).
 * Lines only of line endings show nothing and are left out.
 */
export function witnessesOf(patches: Patch[], next: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let shift = 0;
  for (const p of [...patches].sort((a, b) => a.from - b.from)) {
    const length = Buffer.byteLength(p.text);
    let from = p.from + shift;
    let to = from + length;
    shift += length - (p.to - p.from);
    while (from < to && isEol(next[from])) from++;
    while (to > from && isEol(next[to - 1])) to--;
    const witness = next.subarray(lineStart(next, from), lineEnd(next, to));
    if (witness.length > 0) out.push(witness);
  }
  return out;
}

/** How many times `needle` stands in `haystack` as whole lines. */
function count(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) {
    const end = i + needle.length;
    if ((i === 0 || isEol(haystack[i - 1])) && (end === haystack.length || isEol(haystack[end]))) n++;
  }
  return n;
}

/**
 * True when the journal holds what daybook wrote: each witness at least as
 * often as in the file daybook wrote (`next`). Read once no other program is
 * writing the file.
 */
export function written(file: string, shown: string, next: Buffer, witnesses: Buffer[]): boolean {
  const hold = holdFile(() => fs.openSync(file, 'r+'), file, shown);
  let now: Buffer;
  try {
    now = hold.leased ? readAll(hold.fd) : readQuiet(hold.fd, file, shown).bytes;
  } finally {
    hold.release();
  }
  if (now.equals(next)) return true;
  return witnesses.every((w) => count(now, w) >= count(next, w));
}
