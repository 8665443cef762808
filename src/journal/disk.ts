/**
 * A journal kept in step with its files on disk, for the programs that stay
 * up (the web app, the language server): a file that grew is read from its
 * old end, a file that changed otherwise is compared with what the model
 * holds and only the entries whose text changed are read again. Reading
 * never writes.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { finish, finishAsync, hashSteps, sha1, type HashedFile, type Steps } from './hash.js';
import { Journal, type SourceFile } from '../model/journal.js';
import { sourceOfBytes } from './read.js';

/** What was seen of a file when it was last read. */
export interface Seen {
  size: number;
  mtimeMs: number;
  ino: number;
  /** SHA-1 of its bytes as read: a file that grew must still begin with them to be an append. */
  sha1: string;
  /** When it was last read as an append: the size and SHA-1 its first bytes were checked to still have. */
  grewFrom?: { size: number; sha1: string };
}

/** True when a file's stat is what was seen when it was read (its size, time and inode): it is taken as unchanged. */
function statAsSeen(st: fs.Stats, seen: Seen): boolean {
  return st.size === seen.size && st.mtimeMs === seen.mtimeMs && st.ino === seen.ino;
}

/** True when a file read as `seen` is still as it was then, by its stat (false when it is gone or cannot be read). */
export function stillAsSeen(file: string, seen: Seen): boolean {
  try {
    return statAsSeen(fs.statSync(file), seen);
  } catch {
    return false;
  }
}

/** How a file was read again. */
export type Reread = 'same' | 'appended' | 'changed' | 'whole' | 'gone';

/**
 * Reads a file of the journal again if it changed since `seen` (its path
 * is the journal's name of it; `real` the path to read). A file that grew
 * and still begins with the bytes it had is read from its old end; one that
 * changed otherwise is compared with the model's text, and only the entries
 * whose text changed are read again. Returns what it did and what it saw.
 */
export function rereadFile(journal: Journal, name: string, real: string, seen: Seen | undefined): { how: Reread; seen?: Seen } {
  return finish(rereadSteps(journal, name, real, seen));
}

/** `rereadFile` in steps (a block of the file, the cutting into entries, their heads a slice at a time): the model is changed only in the last one, so it is whole at every pause. */
export function* rereadSteps(journal: Journal, name: string, real: string, seen: Seen | undefined): Steps<{ how: Reread; seen?: Seen }> {
  let st: fs.Stats;
  try {
    st = fs.statSync(real);
  } catch {
    return gone(journal, name);
  }
  const file = journal.file(name);
  if (!file) {
    // Not in the journal: read whole.
    const r = yield* readSourceSteps(name, real);
    if (!r.source) return gone(journal, name);
    yield* journal.setSteps(r.source);
    return { how: 'whole', seen: r.seen };
  }
  if (seen && statAsSeen(st, seen)) return { how: 'same', seen };
  let read: HashedFile;
  try {
    read = yield* hashSteps(real, seen && st.size > seen.size ? seen.size : undefined, seen?.size ?? 0);
  } catch {
    return gone(journal, name);
  }
  const now: Seen = { size: read.stat.size, mtimeMs: read.stat.mtimeMs, ino: read.stat.ino, sha1: read.whole };
  if (seen && read.prefix === seen.sha1 && read.bytesFrom === seen.size) now.grewFrom = { size: seen.size, sha1: seen.sha1 };
  if (seen && file.writable && read.prefix === seen.sha1 && read.bytesFrom === seen.size) {
    const added = read.bytes;
    const doc = file.doc;
    if (isUtf8(added) && added.indexOf(0) === -1 && journal.edit(name, doc.length, doc.length, added.toString('utf8'))) return { how: 'appended', seen: now };
  }
  const bytes = read.bytesFrom === 0 ? read.bytes : readAll(real);
  if (!bytes) return gone(journal, name);
  // The bytes hashed as they were read are these, when read whole (200 ms a 100 MB file saved).
  const digest = read.bytesFrom === 0 ? read.whole : sha1(bytes);
  if (file.writable && isUtf8(bytes) && bytes.subarray(0, 8192).indexOf(0) === -1 && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    if (journal.update(name, bytes.toString('utf8'))) return { how: 'changed', seen: { size: now.size, mtimeMs: now.mtimeMs, ino: now.ino, sha1: digest } };
  }
  const source = sourceOfBytes(bytes, real, name);
  yield;
  yield* journal.setSteps(source);
  return { how: 'whole', seen: { size: now.size, mtimeMs: now.mtimeMs, ino: now.ino, sha1: digest } };
}

/**
 * Reads a file whole, in steps (a block of it a step, then its cutting
 * into entries): the source to give `Journal.setSteps`, and what was seen
 * of the file; neither when it cannot be read.
 */
export function* readSourceSteps(name: string, real: string): Steps<{ source?: SourceFile; seen?: Seen }> {
  let read: HashedFile;
  try {
    read = yield* hashSteps(real, undefined, 0);
  } catch {
    return {};
  }
  const source = sourceOfBytes(read.bytes, real, name);
  yield;
  return { source, seen: { size: read.stat.size, mtimeMs: read.stat.mtimeMs, ino: read.stat.ino, sha1: read.whole } };
}

function gone(journal: Journal, name: string): { how: Reread } {
  if (journal.file(name)) journal.remove(name);
  return { how: 'gone' };
}

/** The bytes of a file, or undefined when it cannot be read. */
function readAll(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A journal whose files are read again as they change. */
export class DiskJournal {
  readonly journal: Journal;
  private readonly seen = new Map<string, Seen>();

  constructor(
    /** Each file: the path to read, and the name the journal gives it. */
    private files: { path: string; name: string }[],
    options: { whole?: boolean } = {},
  ) {
    this.journal = new Journal([], options);
    this.refresh();
  }

  /**
   * Makes these the journal's files (a new month's file in its directory,
   * one deleted); `refresh` reads the new ones and takes out the others.
   * False, and nothing done, when they are the files it has.
   */
  setFiles(files: { path: string; name: string }[]): boolean {
    if (files.length === this.files.length && files.every((f, i) => f.path === this.files[i]!.path && f.name === this.files[i]!.name)) return false;
    const keep = new Set(files.map((f) => f.name));
    for (const f of this.files) {
      if (keep.has(f.name)) continue;
      if (this.journal.file(f.name)) this.journal.remove(f.name);
      this.seen.delete(f.name);
    }
    this.files = files;
    return true;
  }

  /**
   * Lists the files again with `list` (the journal's directories, as the
   * shells list them) and makes them the journal's (`setFiles`); true when
   * they changed. A list that fails (the directory gone or empty for now)
   * keeps the files it has.
   */
  relist(list: () => { path: string; shown: string }[]): boolean {
    let files: { path: string; shown: string }[];
    try {
      files = list();
    } catch {
      return false;
    }
    return this.setFiles(files.map((f) => ({ path: f.path, name: f.shown })));
  }

  /** The files as the index takes them: the path to read, and the name shown. */
  get sources(): { path: string; shown: string }[] {
    return this.files.map((f) => ({ path: f.path, shown: f.name }));
  }

  /** What was seen of a file (by its name) when it was last read. */
  seenOf(name: string): Seen | undefined {
    return this.seen.get(name);
  }

  /** What was seen of a file (by its path) when it was last read: what an index sync may trust without hashing it again. */
  seenAt(path: string): Seen | undefined {
    const f = this.files.find((x) => x.path === path);
    return f && this.seen.get(f.name);
  }

  /** The journal's files. */
  get names(): string[] {
    return this.files.map((f) => f.name);
  }

  /** Reads again the files that changed; what was done to each that changed. */
  refresh(): Map<string, Reread> {
    return finish(this.refreshSteps());
  }

  /** `refresh`, letting other work run while a large file is read and hashed. */
  refreshAsync(): Promise<Map<string, Reread>> {
    return finishAsync(this.refreshSteps());
  }

  private *refreshSteps(): Steps<Map<string, Reread>> {
    const done = new Map<string, Reread>();
    for (const f of this.files) {
      const r = yield* rereadSteps(this.journal, f.name, f.path, this.seen.get(f.name));
      if (r.seen) this.seen.set(f.name, r.seen);
      else this.seen.delete(f.name);
      if (r.how !== 'same') done.set(f.name, r.how);
    }
    return done;
  }
}
