/**
 * Holding a journal file while daybook reads and writes it, so that no other
 * program sees or writes half of daybook's work, nor daybook half of theirs.
 *
 * On Linux daybook takes a write lease on the file (`native/lease.c`): the
 * lease is granted only while no other process has the file open (so a save
 * in progress is waited for), and while daybook holds it another program's
 * open of the file waits (so an editor's save cannot begin in the middle of
 * daybook's read-check-write). Where leases cannot be had (the native part
 * not built, another owner's file, a file system without leases),
 * `waitUntilQuiet` stands in: it waits for a quiet file, and the caller looks
 * again right before it writes.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RefusedWriteError } from '../errors.js';
import { sleep, waitUntilQuiet, WAIT_FOR_WRITERS_MS, writersOf } from './writers.js';

type SetLease = (fd: number, kind: 'write' | 'none') => number;

let setLease: SetLease | null | undefined;

/** The native lease call, or null where it is not built or `DAYBOOK_NO_LEASE` is set. */
function leases(): SetLease | null {
  if (process.env.DAYBOOK_NO_LEASE) return null;
  if (setLease !== undefined) return setLease;
  setLease = null;
  if (process.platform !== 'linux') return setLease;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  try {
    setLease = (createRequire(import.meta.url)(path.join(root, 'build', 'Release', 'lease.node')) as { setLease: SetLease }).setLease;
  } catch {
    setLease = null;
  }
  return setLease;
}

/** A file held against other programs, open on `fd`; `leased` says whether by a lease or by looking. */
export interface Hold {
  fd: number;
  leased: boolean;
  /** Gives up the lease and closes the file. */
  release(): void;
}

const EAGAIN = 11;

/** How long daybook waits for a lease before it settles for looking at who writes the file. */
const LEASE_WAIT_MS = 1500;

/**
 * Opens the file with `open` and holds it: waits while another program has
 * it open, up to `timeoutMs`, then refuses. While waiting, the file is closed
 * between tries, so that two daybook processes waiting for the same file do
 * not keep each other from it.
 */
export function holdFile(open: () => number, file: string, shown: string, timeoutMs = WAIT_FOR_WRITERS_MS): Hold {
  const lease = leases();
  const start = Date.now();
  for (let attempt = 0; lease; attempt++) {
    const fd = open();
    const err = lease(fd, 'write');
    if (err === 0) return { fd, leased: true, release: () => (lease(fd, 'none'), fs.closeSync(fd)) };
    if (err !== EAGAIN) {
      // No leases here (another owner's file, a file system without them): look instead.
      return lookInstead(fd, file, shown, timeoutMs);
    }
    // A program that keeps the file open only to read it (tail -f, less) would keep the lease away for good: after a while, look instead.
    if (Date.now() - start > LEASE_WAIT_MS && writersOf(fs.fstatSync(fd), path.basename(file)).length === 0) {
      return lookInstead(fd, file, shown, timeoutMs);
    }
    fs.closeSync(fd);
    if (Date.now() - start > timeoutMs) {
      throw new RefusedWriteError(`${shown}: not written: another program has had it open for ${Math.round(timeoutMs / 1000)} s`, 'the journal was not changed; let that program finish its save (or close the file in it), then run the command again');
    }
    sleep(Math.min(20, 1 + attempt) * (0.5 + Math.random()));
  }
  return lookInstead(open(), file, shown, timeoutMs);
}

/** Holds the file open on `fd` without a lease: once no other program is writing it. */
function lookInstead(fd: number, file: string, shown: string, timeoutMs: number): Hold {
  try {
    waitUntilQuiet(fd, file, shown, timeoutMs);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  return { fd, leased: false, release: () => fs.closeSync(fd) };
}

/** True when this process can take leases (for the tests and the README's claims). */
export function leasesAvailable(): boolean {
  const lease = leases();
  if (!lease) return false;
  const probe = fs.openSync(fileURLToPath(import.meta.url), 'r');
  try {
    const err = lease(probe, 'write');
    if (err === 0) lease(probe, 'none');
    return err === 0 || err === EAGAIN;
  } finally {
    fs.closeSync(probe);
  }
}
