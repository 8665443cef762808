/**
 * `daybook resolve COPY`: a conflict copy merged back into its journal file
 * (two-way: entries only in the copy are added, the same moment with other
 * text gets conflict markers around the lines that differ), written like
 * every daybook write (`editFile`: locked, in place, read back), then the
 * copy moved aside as a hidden file beside it.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { InputError, RefusedWriteError } from '../errors.js';
import { originalOf } from '../journal/copies.js';
import { editFile, type Patch } from '../write/edit.js';
import { mergeTwoWay, type MergeResult } from './merge.js';

/** What a resolve did. */
export interface Resolved {
  original: string;
  result: MergeResult;
  /** Where the copy was moved. */
  movedTo: string;
  notes: string[];
}

/** Merges the copy at `copy` back into its file; `shown` makes paths readable. */
export function resolveCopy(copy: string, shown: (f: string) => string): Resolved {
  const original = originalOf(copy);
  if (!original) throw new InputError(`${shown(copy)}: not the name of a conflict copy`, 'expected a name like "2025-09.sync-conflict-20251001-101010-ABCDEFG.txt" (Syncthing) or "2025-09 (conflicted copy 2025-10-01).txt" (Dropbox)');
  let copyBytes: Buffer;
  try {
    copyBytes = fs.readFileSync(copy);
  } catch (err) {
    throw new InputError(`${shown(copy)}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'expected an existing conflict copy');
  }
  if (!fs.existsSync(original)) throw new InputError(`${shown(copy)}: its file ${shown(original)} is not there`, `nothing to merge into: rename the copy to ${path.basename(original)} if it is the journal file`);
  if (!isUtf8(copyBytes)) throw new RefusedWriteError(`${shown(copy)}: not merged: it holds bytes that are not UTF-8`, 'open it in an editor and save it as UTF-8; nothing was changed');
  let result: MergeResult | undefined;
  const edit = editFile(original, shown(original), (state) => {
    result = mergeTwoWay(state.bytes, copyBytes);
    if (!isUtf8(result.bytes)) throw new RefusedWriteError(`${state.shown}: not written: it holds bytes that are not UTF-8, which a merge could not keep exactly`, `run "daybook check ${state.shown}" to see where; nothing was changed`);
    const patch = difference(state.bytes, result.bytes);
    return patch ? [patch] : [];
  });
  const movedTo = asideName(copy);
  fs.renameSync(copy, movedTo);
  return { original, result: result!, movedTo, notes: edit.notes };
}

/** The one patch that turns `a` into `b`: the bytes between their common start and end (on character boundaries). */
function difference(a: Buffer, b: Buffer): Patch | undefined {
  if (a.equals(b)) return undefined;
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a[start] === b[start]) start++;
  while (start > 0 && (b[start]! & 0xc0) === 0x80) start--;
  let end = 0;
  while (end < max - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  while (end > 0 && (b[b.length - end]! & 0xc0) === 0x80) end--;
  return { from: start, to: a.length - end, text: b.subarray(start, b.length - end).toString('utf8') };
}

/** A hidden name beside the copy, not yet taken: `.NAME.resolved`, `.NAME.resolved-2`, ... */
function asideName(copy: string): string {
  const base = path.join(path.dirname(copy), `.${path.basename(copy)}.resolved`);
  let name = base;
  for (let n = 2; fs.existsSync(name); n++) name = `${base}-${n}`;
  return name;
}
