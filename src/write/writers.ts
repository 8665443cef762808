/**
 * Other programs writing a file right now. An editor that saves in place
 * (truncate, then write) holds the file open for writing while it saves; on
 * Linux `/proc/PID/fd` and `/proc/PID/fdinfo` show who does, the way `fuser`
 * finds them. daybook reads a file, and commits a change to it, only when no
 * other process holds it open for writing, so it never reads a half-saved
 * file nor writes into the middle of someone else's save.
 *
 * Where `/proc` says nothing (another system, or processes of other users),
 * the file's size and modification time, looked at twice a moment apart,
 * stand in: a file that changed or shrank between the two looks is waited for.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RefusedWriteError } from '../errors.js';

/** The identity of a file's bytes on disk: its device and inode. */
export interface FileId {
  dev: number;
  ino: number;
}

const sleepBuffer = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this process for `ms` milliseconds (daybook's writers are synchronous). */
export function sleep(ms: number): void {
  Atomics.wait(sleepBuffer, 0, 0, ms);
}

/** The access mode bits of open(2) flags, and the two that write. */
const O_ACCMODE = 0o3;

/**
 * The process ids, other than ours, that hold the file `id` open for writing.
 * `name` is the file's base name: only descriptors whose link names it (or a
 * deleted file) are looked at closely, which keeps the scan to a few
 * milliseconds on a busy machine.
 */
export function writersOf(id: FileId, name: string): number[] {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  const me = String(process.pid);
  for (const pid of pids) {
    if (pid === me || pid.charCodeAt(0) > 57 || pid.charCodeAt(0) < 48) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      if (holdsForWriting(pid, fd, id, name)) {
        found.push(Number(pid));
        break;
      }
    }
  }
  return found;
}

function holdsForWriting(pid: string, fd: string, id: FileId, name: string): boolean {
  let target: string;
  try {
    target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
  } catch {
    return false;
  }
  if (target.charCodeAt(0) !== 47 || !target.includes(name)) return false;
  try {
    const st = fs.statSync(`/proc/${pid}/fd/${fd}`);
    if (st.ino !== id.ino || st.dev !== id.dev) return false;
    const info = fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'latin1');
    const flags = /^flags:\s*([0-7]+)/m.exec(info);
    return flags !== null && (Number.parseInt(flags[1]!, 8) & O_ACCMODE) !== 0;
  } catch {
    return false;
  }
}

/** How long daybook waits for another program to finish writing a file before it gives up. */
export const WAIT_FOR_WRITERS_MS = 30_000;

/**
 * Waits until no other process holds the file open for writing and its size
 * and modification time stay put across the look at `/proc` (so a save by a
 * program that `/proc` cannot show is not read half-way either). Refuses
 * after `timeoutMs`.
 */
export function waitUntilQuiet(fd: number, file: string, shown: string, timeoutMs = WAIT_FOR_WRITERS_MS): void {
  const start = Date.now();
  const name = path.basename(file);
  for (;;) {
    const before = fs.fstatSync(fd);
    const writers = writersOf(before, name);
    const after = fs.fstatSync(fd);
    if (writers.length === 0 && after.size === before.size && after.mtimeMs === before.mtimeMs) return;
    if (Date.now() - start > timeoutMs) {
      const who = writers.length ? `another program (process ${writers.join(', ')}) has been writing it` : 'it kept changing';
      throw new RefusedWriteError(`${shown}: not written: ${who} for ${Math.round(timeoutMs / 1000)} s`, 'the journal was not changed; let the program that writes it finish its save (or close it), then run the command again');
    }
    if (writers.length > 0) sleep(5);
  }
}

/**
 * Every byte of a file that no other program is writing, read through `fd`
 * (from its start, whatever the descriptor's position), and the file's state
 * then: read again when the file changed while it was read.
 */
export function readQuiet(fd: number, file: string, shown: string): { bytes: Buffer; stat: fs.Stats } {
  const same = (a: fs.Stats, b: fs.Stats) => a.size === b.size && a.mtimeMs === b.mtimeMs;
  for (;;) {
    waitUntilQuiet(fd, file, shown);
    const before = fs.fstatSync(fd);
    const bytes = readAll(fd);
    const stat = fs.fstatSync(fd);
    // A save that began before the read and is still under way shows in /proc after it.
    if (!same(before, stat) || bytes.length !== stat.size || writersOf(stat, path.basename(file)).length > 0) continue;
    if (same(stat, fs.fstatSync(fd))) return { bytes, stat };
  }
}

/** Every byte of an open file, read from its start (whatever the descriptor's position). */
export function readAll(fd: number): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  let size = fs.fstatSync(fd).size + 1;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.max(size - at, 65_536));
    const n = fs.readSync(fd, buf, 0, buf.length, at);
    if (n === 0) break;
    parts.push(buf.subarray(0, n));
    at += n;
    size = Math.max(size, at + 1);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
