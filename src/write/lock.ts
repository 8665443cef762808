/**
 * A lock per journal file, so that daybook processes writing the same file
 * take turns. The lock is named after the real file (symlinks followed), so
 * writers through a symlink and through the real path take turns too. It is
 * a file beside the journal file, made by a hard link (which fails when it
 * exists), holding the writer's process id; a lock whose process is gone (a
 * writer killed mid-write) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RefusedWriteError } from '../errors.js';
import { writeError } from './refusals.js';
import { sleep } from './writers.js';

/** The lock file of a journal file (its real path): `.NAME.daybook-lock` in the same directory. */
export function lockPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.daybook-lock`);
}

/** True while a process runs (or belongs to another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of `file` (its real path, as `realFile` gives it), waiting up to `timeoutMs` for another writer;
 * returns the function that releases it.
 */
export function acquireLock(file: string, shown: string, timeoutMs = 30_000): () => void {
  const lock = lockPath(file);
  const deadline = Date.now() + timeoutMs;
  // The lock appears with the process id already in it: written to a file of
  // our own first, then linked to the lock's name (which fails if it exists).
  const mine = `${lock}.${process.pid}`;
  removeLeftovers(lock);
  try {
    fs.writeFileSync(mine, `${process.pid}\n`);
  } catch (err) {
    fs.rmSync(mine, { force: true });
    throw lockError(err, shown, lock);
  }
  try {
    return take(lock, mine, shown, deadline, timeoutMs);
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

function take(lock: string, mine: string, shown: string, deadline: number, timeoutMs: number): () => void {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.linkSync(mine, lock);
      return () => fs.rmSync(lock, { force: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw lockError(err, shown, lock);
    }
    let holder = NaN;
    try {
      holder = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
    } catch {
      continue; // released meanwhile
    }
    // A lock whose process is gone is stale (so is one without a process id, which no daybook writes).
    if (!(Number.isInteger(holder) && holder > 0) || !alive(holder)) {
      removeStale(lock, holder);
      continue;
    }
    if (Date.now() > deadline) throw new RefusedWriteError(`${shown}: another daybook (process ${Number.isNaN(holder) ? '?' : holder}) has been writing it for ${Math.round(timeoutMs / 1000)} s`, `try again; if no daybook is running, delete ${lock}. The journal was not changed`);
    sleep(Math.min(50, 2 + attempt * 2) * (0.5 + Math.random()));
  }
}

/** Removes a lock whose holder `holder` is gone, by renaming it first: of several processes that found it stale, one wins. */
function removeStale(lock: string, holder: number): void {
  const claim = `${lock}.${process.pid}.stale`;
  try {
    fs.renameSync(lock, claim);
    // Another process may have taken over and locked meanwhile: if what we moved is a live lock, put it back.
    const moved = Number.parseInt(fs.readFileSync(claim, 'utf8'), 10);
    if (Number.isInteger(moved) && moved > 0 && moved !== holder && alive(moved)) {
      try {
        fs.linkSync(claim, lock);
      } catch {
        // a newer lock is there already
      }
    }
    fs.rmSync(claim, { force: true });
  } catch {
    // another process took it over first
  }
}

/**
 * Removes what a killed daybook writer left of the lock of `file` (its real
 * path): the lock, when its process is gone, and the files of writers killed
 * while taking it. Reading commands call it, so that a kill leaves nothing
 * behind after the next command; errors (a read-only directory) are ignored.
 */
export function clearStaleLock(file: string): void {
  const lock = lockPath(file);
  try {
    removeLeftovers(lock);
    const holder = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
    if (!(Number.isInteger(holder) && holder > 0) || !alive(holder)) removeStale(lock, holder);
  } catch {
    // no lock, or a directory we may not change
  }
}

/** Deletes what writers killed while taking the lock left behind: `LOCK.PID` and `LOCK.PID.stale` files of processes that are gone. */
function removeLeftovers(lock: string): void {
  const dir = path.dirname(lock);
  const prefix = `${path.basename(lock)}.`;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** Why the lock could not be made: a full disk in the user's words, else the directory. */
function lockError(err: unknown, shown: string, lock: string): Error {
  const known = writeError(err, shown);
  if (known instanceof RefusedWriteError) return known;
  return new RefusedWriteError(`${shown}: cannot take the write lock ${lock} (${(err as NodeJS.ErrnoException).code})`, 'expected a directory daybook may create files in; the journal was not changed');
}
