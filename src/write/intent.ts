/**
 * What a writer is about to do, written into an intent file beside the journal
 * (`.NAME.daybook-intent`) before it does it and removed once it is done.
 * Only the holder of the file's lock writes it, so an intent file found by the
 * next holder of the lock is a killed writer's, and that daybook leaves the
 * file as it was or as it was meant to be, never in between: a write cut short
 * (a write call stops between pages when its process is killed) is undone.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One stretch written in place: from byte `at`, the bytes `old` became `now` (base64). */
export interface InPlaceWrite {
  at: number;
  old: string;
  now: string;
}

/** A write in progress on the file with inode `ino`, `size` bytes long before it. */
export interface Intent {
  kind: 'in-place';
  ino: number;
  size: number;
  writes: InPlaceWrite[];
}

/** The intent file of a journal file (its real path). */
export function intentPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.daybook-intent`);
}

/** Records an intent before the write it describes; `durable` flushes it to disk first (it holds bytes the write overwrites). */
export function recordIntent(file: string, intent: Intent, durable: boolean): void {
  const fd = fs.openSync(intentPath(file), 'w');
  try {
    fs.writeSync(fd, JSON.stringify(intent));
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Removes the intent once its write is done. */
export function clearIntent(file: string): void {
  fs.rmSync(intentPath(file), { force: true });
}

/** The intent a killed writer left, or undefined. */
function readIntent(file: string): Intent | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(intentPath(file), 'utf8')) as Intent;
    return v && v.kind === 'in-place' && Array.isArray(v.writes) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Called by the holder of the lock of `file` (its real path, open on `fd`):
 * undoes what a killed writer left half-written and removes its intent file.
 * Returns what to tell the user, if anything.
 */
export function recoverLeftWrite(file: string, fd: number): string | undefined {
  const intent = readIntent(file);
  if (!intent) {
    clearIntent(file);
    return undefined;
  }
  let undone = 0;
  if (fs.fstatSync(fd).ino === intent.ino) {
    // Later stretches first: undoing one puts back the file as it was after the ones before.
    for (const w of [...intent.writes].reverse()) if (undoTorn(fd, w, intent.size)) undone++;
  }
  clearIntent(file);
  return undone ? `${path.basename(file)}: a daybook stopped half-way through a write; the file is back as it was before it` : undefined;
}

/**
 * Puts back the old bytes of a stretch that holds the first part of the new
 * bytes and the rest of the old ones (a write cut short), and cuts off what
 * the write added past them. A stretch written whole, or never begun, or
 * saved over since by another program, is left as it is. True when it undid.
 */
function undoTorn(fd: number, w: InPlaceWrite, oldSize: number): boolean {
  const old = Buffer.from(w.old, 'base64');
  const now = Buffer.from(w.now, 'base64');
  const size = fs.fstatSync(fd).size;
  const here = Buffer.alloc(Math.max(0, Math.min(size - w.at, Math.max(old.length, now.length))));
  fs.readSync(fd, here, 0, here.length, w.at);
  let k = 0;
  while (k < here.length && k < now.length && here[k] === now[k]) k++;
  if (k === now.length && (here.length === now.length || old.length === now.length)) return false; // written whole
  if (here.equals(old)) return false; // never begun
  // Cut short after k bytes: the rest must be the old bytes from there on (nothing, past their end).
  if (!here.subarray(k).equals(old.subarray(Math.min(k, old.length)))) return false;
  fs.writeSync(fd, old, 0, old.length, w.at);
  if (fs.fstatSync(fd).size > oldSize) fs.ftruncateSync(fd, oldSize);
  return true;
}
