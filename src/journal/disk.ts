/**
 * A journal kept in step with its files on disk, for the programs that stay
 * up (the web app, the language server): a file that grew is read from its
 * old end, a file that changed otherwise is compared with what the model
 * holds and only the entries whose text changed are read again. Reading
 * never writes.
 */
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { Journal } from '../model/journal.js';
import { readSourceFile } from './read.js';

/** What was seen of a file when it was last read. */
export interface Seen {
  size: number;
  mtimeMs: number;
  ino: number;
  /** Its last bytes (up to `TAIL`): a file that grew must still end with them where it ended. */
  tail: Buffer;
}

const TAIL = 4096;

/** How a file was read again. */
export type Reread = 'same' | 'appended' | 'changed' | 'whole' | 'gone';

/**
 * Reads a file of the journal again if it changed since `seen` (its path
 * is the journal's name of it; `real` the path to read). Returns what it
 * did and what it saw.
 */
export function rereadFile(journal: Journal, name: string, real: string, seen: Seen | undefined): { how: Reread; seen?: Seen } {
  let st: fs.Stats;
  try {
    st = fs.statSync(real);
  } catch {
    if (journal.file(name)) journal.remove(name);
    return { how: 'gone' };
  }
  if (seen && journal.file(name) && st.size === seen.size && st.mtimeMs === seen.mtimeMs && st.ino === seen.ino) return { how: 'same', seen };
  const file = journal.file(name);
  if (seen && file && file.writable && st.ino === seen.ino && st.size > seen.size) {
    const grown = readFrom(real, Math.max(0, seen.size - seen.tail.length), st.size);
    const old = grown?.subarray(0, seen.tail.length);
    const added = grown?.subarray(seen.tail.length);
    if (grown && old!.equals(seen.tail) && isUtf8(added!) && added!.indexOf(0) === -1 && isUtf8(old!.subarray(Math.max(0, old!.length - 4)))) {
      const doc = file.doc;
      if (journal.edit(name, doc.length, doc.length, added!.toString('utf8'))) return { how: 'appended', seen: seenOf(st, grown) };
    }
  }
  const bytes = readFrom(real, 0, Number.MAX_SAFE_INTEGER);
  if (!bytes) {
    if (journal.file(name)) journal.remove(name);
    return { how: 'gone' };
  }
  if (file && file.writable && isUtf8(bytes) && bytes.subarray(0, 8192).indexOf(0) === -1 && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    if (journal.update(name, bytes.toString('utf8'))) return { how: 'changed', seen: seenOf(st, bytes) };
  }
  try {
    journal.set(readSourceFile(real, name));
  } catch {
    if (journal.file(name)) journal.remove(name);
    return { how: 'gone' };
  }
  return { how: 'whole', seen: seenOf(st, bytes) };
}

function seenOf(st: fs.Stats, bytes: Buffer): Seen {
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, tail: Buffer.from(bytes.subarray(Math.max(0, bytes.length - TAIL))) };
}

/** The bytes of a file from `from` to `to` (or its end), or undefined when it cannot be read. */
function readFrom(file: string, from: number, to: number): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const end = Math.min(to, size);
    const out = Buffer.allocUnsafe(Math.max(0, end - from));
    let got = 0;
    while (got < out.length) {
      const n = fs.readSync(fd, out, got, out.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return out.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

/** A journal whose files are read again as they change. */
export class DiskJournal {
  readonly journal: Journal;
  private readonly seen = new Map<string, Seen>();

  constructor(
    /** Each file: the path to read, and the name the journal gives it. */
    private readonly files: { path: string; name: string }[],
    options: { whole?: boolean } = {},
  ) {
    this.journal = new Journal([], options);
    this.refresh();
  }

  /** Reads again the files that changed; what was done to each that changed. */
  refresh(): Map<string, Reread> {
    const done = new Map<string, Reread>();
    for (const f of this.files) {
      const r = rereadFile(this.journal, f.name, f.path, this.seen.get(f.name));
      if (r.seen) this.seen.set(f.name, r.seen);
      else this.seen.delete(f.name);
      if (r.how !== 'same') done.set(f.name, r.how);
    }
    return done;
  }
}
