/**
 * Writing a change into the file itself, never by a rename: an editor that
 * saves in place then always writes the same file as daybook (a rename would
 * send the rest of a save that began before it to a file nobody can reach),
 * and an editor that saves by rename replaces daybook's file whole, which
 * daybook notices when it reads back and writes again.
 *
 * An append is one write at the end; patches that keep the length are one
 * write each; any other change rewrites the file from its first patch on,
 * in one write, and cuts the file to its new length. What is about to be
 * written, and the bytes it replaces, go first into an intent file, so that
 * a write cut short (a kill, a full disk) is undone by the next daybook.
 */
import fs from 'node:fs';
import type { Patch } from './edit.js';
import { clearIntent, type InPlaceWrite, recordIntent, recoverLeftWrite } from './intent.js';

/** The writes that turn `bytes` into `next`: at most one a patch, each as few bytes as it can be. */
function writesFor(bytes: Buffer, next: Buffer, patches: Patch[]): { at: number; old: Buffer; now: Buffer }[] {
  if (patches.every((p) => p.to - p.from === Buffer.byteLength(p.text))) {
    return patches.map((p) => ({ at: p.from, old: bytes.subarray(p.from, p.to), now: Buffer.from(p.text, 'utf8') }));
  }
  const first = Math.min(...patches.map((p) => p.from));
  return [{ at: first, old: bytes.subarray(first), now: next.subarray(first) }];
}

/**
 * Writes `next` (the file's `bytes` with `patches` applied) into the file
 * open on `fd` (real path `file`), in place. `unchanged` is asked last: when
 * it says the file changed since it was read, nothing is written and the
 * result is false.
 */
export function writeInPlace(fd: number, file: string, stat: fs.Stats, bytes: Buffer, next: Buffer, patches: Patch[], unchanged: () => boolean): boolean {
  const writes = writesFor(bytes, next, patches);
  const intent: InPlaceWrite[] = writes.map((w) => ({ at: w.at, old: w.old.toString('base64'), now: w.now.toString('base64') }));
  recordIntent(file, { kind: 'in-place', ino: stat.ino, size: stat.size, writes: intent }, writes.some((w) => w.old.length > 0));
  try {
    if (!unchanged()) {
      clearIntent(file);
      return false;
    }
    for (const w of writes) {
      let done = 0;
      while (done < w.now.length) done += fs.writeSync(fd, w.now, done, w.now.length - done, w.at + done);
    }
    if (next.length < bytes.length) fs.ftruncateSync(fd, next.length);
    fs.fsyncSync(fd);
  } catch (err) {
    // A write that failed part-way (a full disk) is undone as a killed one would be.
    recoverLeftWrite(file, fd);
    throw err;
  }
  clearIntent(file);
  return true;
}
