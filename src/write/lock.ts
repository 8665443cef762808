/**
 * A lock per journal file, so that daybook processes writing the same file
 * take turns. The lock is a file beside the journal file, created with
 * O_EXCL, holding the writer's process id; a lock whose process is gone (a
 * writer killed mid-write) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RefusedWriteError } from '../errors.js';

/** The lock file of a journal file: `.NAME.daybook-lock` in the same directory. */
export function lockPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.daybook-lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Takes the lock of `file`, waiting up to `timeoutMs` for another writer;
 * returns the function that releases it.
 */
export function acquireLock(file: string, shown: string, timeoutMs = 10_000): () => void {
  const lock = lockPath(file);
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(lock, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return () => fs.rmSync(lock, { force: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new RefusedWriteError(`${shown}: cannot take the write lock ${lock} (${code})`, 'expected a directory daybook may create files in; the journal was not changed');
    }
    let holder = NaN;
    try {
      holder = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
    } catch {
      continue; // released meanwhile
    }
    // A lock with no process id yet is being written; one whose process is gone is stale.
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
      // Take it over by renaming: of several processes that found it stale, one wins.
      const claim = `${lock}.${process.pid}`;
      try {
        fs.renameSync(lock, claim);
        fs.rmSync(claim, { force: true });
      } catch {
        // another process took it over first
      }
      continue;
    }
    if (Date.now() > deadline) throw new RefusedWriteError(`${shown}: another daybook (process ${Number.isNaN(holder) ? '?' : holder}) has been writing it for ${Math.round(timeoutMs / 1000)} s`, `try again; if no daybook is running, delete ${lock}. The journal was not changed`);
    sleep(Math.min(50, 2 + attempt * 2) * (0.5 + Math.random()));
  }
}
