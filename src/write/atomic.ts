/**
 * Replacing a file's bytes atomically: the new bytes go to a temporary file
 * in the same directory, are flushed to disk, get the old file's mode and
 * owner, and are renamed over it; the directory is flushed too. A reader
 * (or a crash) sees the old file or the new one, never a torn one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RefusedWriteError } from '../errors.js';

const TEMP = /^\..+\.(\d+)\.[0-9a-f]+\.daybook-tmp$/;

/** Writes `bytes` to `file` (an existing regular file, symlinks followed) atomically. */
export function replaceFile(file: string, shown: string, bytes: Buffer): void {
  const target = fs.realpathSync(file);
  const dir = path.dirname(target);
  const stat = fs.statSync(target);
  let writable = (stat.mode & 0o222) !== 0;
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) throw new RefusedWriteError(`${shown}: not written: the file is read-only`, `the journal was not changed; make it writable (chmod u+w ${shown}) to let daybook write it`);
  removeStaleTemps(dir);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Math.floor(Math.random() * 0xffffffff).toString(16)}.daybook-tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', stat.mode & 0o7777);
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
    fs.fchmodSync(fd, stat.mode & 0o7777);
    try {
      fs.fchownSync(fd, stat.uid, stat.gid);
    } catch {
      // Not allowed to give the file to another owner: it stays ours, as any editor's save would.
    }
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw writeError(err, shown);
  }
  try {
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    // Some file systems cannot flush a directory; the rename is done either way.
  }
}

/** The user's message for a failed write: what happened, and that the journal is as it was. */
export function writeError(err: unknown, shown: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (err instanceof RefusedWriteError) return err;
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EFBIG: 'the file would be larger than this process may write (ulimit -f)',
    EDQUOT: 'the disk quota is used up',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
  };
  if (code && why[code]) return new RefusedWriteError(`${shown}: not written: ${why[code]}`, 'the journal was not changed; free space or fix the permissions, then run the command again');
  return err instanceof Error ? err : new Error(String(err));
}

/** Deletes temporary files left by daybook processes that were killed mid-write. */
function removeStaleTemps(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const m = TEMP.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') fs.rmSync(path.join(dir, name), { force: true });
    }
  }
}
