/**
 * Why a write is refused, in the user's words: a read-only journal, a full
 * disk, a file size limit. The journal is as it was in each case.
 */
import fs from 'node:fs';
import { RefusedWriteError } from '../errors.js';

/** Refuses a file the user cannot write (a read-only journal is the user's choice, even for root). */
export function assertCanWrite(file: string, shown: string, stat: fs.Stats): void {
  let writable = (stat.mode & 0o222) !== 0;
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) throw readOnly(shown);
}

/** The refusal for a read-only journal file. */
export function readOnly(shown: string): RefusedWriteError {
  return new RefusedWriteError(`${shown}: not written: the file is read-only`, `the journal was not changed; make it writable (chmod u+w ${shown}) to let daybook write it`);
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
