/**
 * Opening the index: where it lives, and what to do with a file there that
 * is not a daybook index of this version. The index is a cache, so such a
 * file is never an error: it is moved aside (kept, in case it was something
 * the user wanted) and a new index is built, with a message.
 */
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { sha1OfText } from '../journal/hash.js';
import { clearLists, gramTables, WORD_TABLES } from './lists.js';
import { APPLICATION_ID, createGrams, migrateMain, SCHEMA_VERSION } from './schema.js';

/**
 * The native part of better-sqlite3, named by its place in the package. The
 * command line's bundle (scripts/bundle.mjs) holds the package's JavaScript,
 * compiled with the rest (12 ms sooner than its dozen files loaded one by
 * one), and the package's own lookup would search beside the bundle.
 * Undefined when it is not where a build puts it: the package looks itself.
 * The native module is loaded when the first database is opened.
 */
let addon: string | null | undefined;
function nativeBinding(): string | undefined {
  if (addon === undefined) {
    try {
      const file = path.join(path.dirname(createRequire(import.meta.url).resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
      addon = fs.existsSync(file) ? file : null;
    } catch {
      addon = null;
    }
  }
  return addon ?? undefined;
}

/** A connection to an SQLite file (or `:memory:`). */
function connect(file: string): Database.Database {
  const binding = nativeBinding();
  return new Database(file, binding === undefined ? {} : { nativeBinding: binding });
}

/** An open index: the main database, with the grams database attached as `grams`. */
export interface Index {
  db: Database.Database;
  path: string;
  gramsPath: string;
  /** What opening it did that the user should hear of (a file moved aside, a rebuild). */
  notices: string[];
}

/**
 * Where the index of a journal lives: `--index PATH`, else `DAYBOOK_INDEX`,
 * else a file named after the journal's paths in the user's cache directory
 * (`$XDG_CACHE_HOME/daybook`, else `~/.cache/daybook`).
 */
export function indexPath(journalPaths: string[], flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const chosen = flag ?? env.DAYBOOK_INDEX;
  if (chosen !== undefined) {
    if (chosen.trim() === '') throw new InputError(`${flag !== undefined ? '--index' : 'DAYBOOK_INDEX'} is empty`, 'expected the path of the index file, e.g. --index ~/.cache/daybook/work.sqlite');
    return path.resolve(cwd, chosen.startsWith('~/') ? path.join(env.HOME ?? os.homedir(), chosen.slice(2)) : chosen);
  }
  const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME ?? os.homedir(), '.cache');
  const key = sha1OfText([...journalPaths].sort().join('\n')).slice(0, 12);
  const name = path.basename(journalPaths[0] ?? 'journal').replace(/[^\w.-]+/g, '_');
  return path.join(cache, 'daybook', `${name}-${key}.sqlite`);
}

/** Why a file at the index path is not an index we can use; undefined when it is one (or empty). */
function unusable(db: Database.Database): string | undefined {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    const app = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
    if (app === 0 && version === 0 && tables === 0) return undefined;
    if (app !== APPLICATION_ID) return 'it is an SQLite database of another program';
    if (version > SCHEMA_VERSION) return `it was made by a newer daybook (index version ${version}, this one reads ${SCHEMA_VERSION})`;
    return undefined;
  } catch (err) {
    return `it is not a database that can be read (${(err as Error).message})`;
  }
}

/** The code of the error thrown for an index path that names a device, a socket or a pipe. */
const NOT_A_FILE = 'DAYBOOK_NOT_A_FILE';

/** True when `file` is a regular file (or absent): only such a file is ever moved aside or deleted, never a device or a directory. */
function ordinary(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return true;
  }
}

/** Moves a file (and SQLite's files beside it) out of the way, keeping it as `FILE.bad`. */
function moveAside(file: string): string {
  const aside = `${file}.bad`;
  if (!ordinary(file)) throw Object.assign(new Error(`${file} is not a regular file`), { code: NOT_A_FILE });
  fs.rmSync(aside, { force: true });
  fs.renameSync(file, aside);
  for (const suffix of ['-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  return aside;
}

/**
 * A cheap look at the file's header: a file shorter than the size its header
 * gives has lost pages (cut short by a full disk or a bad copy). Damage
 * elsewhere shows when a page is read; the command then rebuilds the index.
 */
function truncated(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const header = Buffer.alloc(100);
    if (fs.readSync(fd, header, 0, 100, 0) < 100 || header.toString('latin1', 0, 15) !== 'SQLite format 3') return undefined;
    const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
    const pages = header.readUInt32BE(28);
    const size = fs.fstatSync(fd).size;
    return pages * pageSize > size ? `it is damaged: cut short at ${size} bytes of ${pages * pageSize}` : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function openDatabase(file: string, what: string, notices: string[]): Database.Database {
  if (!ordinary(file)) throw Object.assign(new Error(`${file} is not a regular file`), { code: fs.statSync(file).isDirectory() ? 'EISDIR' : NOT_A_FILE });
  let db = connect(file);
  const why = truncated(file) ?? unusable(db);
  if (why === undefined) return db;
  db.close();
  const aside = moveAside(file);
  notices.push(`the ${what} file ${file} is not a daybook index: ${why}; moved it to ${aside} and built a new index`);
  db = connect(file);
  return db;
}

/**
 * Opens (or creates) the index at `file`; its grams database is `FILE-grams`.
 * A damaged, foreign or newer file is moved aside and replaced by an empty
 * index, which the next sync fills.
 */
export function openIndex(file: string, options: { rebuild?: boolean } = {}): Index {
  if (file === MEMORY) return openMemoryIndex();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const notices: string[] = [];
  if (options.rebuild) removeIndex(file);
  const gramsPath = `${file}-grams`;
  const db = openDatabase(file, 'index', notices);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = NORMAL');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version < SCHEMA_VERSION) migrateMain(db, version);
  let grams = openDatabase(gramsPath, 'index', notices);
  const has = (table: string) => (grams.prepare('SELECT count(*) AS n FROM sqlite_master WHERE name = ?').get(table) as { n: number }).n > 0;
  if (has('grams') || (has('gram') && !has('gram_tail'))) {
    // Made by a version before 4 (an FTS5 trigram table), or before the lists had a tail: made anew, so that its pages are not kept as free space.
    grams.close();
    removeDatabase(gramsPath);
    grams = openDatabase(gramsPath, 'index', notices);
  }
  if (!has('gram')) createGrams(grams);
  const generation = (db: Database.Database) => (db.prepare("SELECT value FROM meta WHERE key = 'generation'").get() as { value: string } | undefined)?.value;
  const same = generation(db) !== undefined && generation(db) === generation(grams);
  grams.close();
  db.prepare('ATTACH DATABASE ? AS grams').run(gramsPath);
  if (!same) clearIndex(db);
  return { db, path: file, gramsPath, notices };
}

/** The path that names an index kept in memory (both databases), for when no file can be written. */
export const MEMORY = ':memory:';

function openMemoryIndex(): Index {
  const db = connect(MEMORY);
  migrateMain(db, 0);
  db.prepare('ATTACH DATABASE ? AS grams').run(MEMORY);
  createGrams(db, 'grams');
  return { db, path: MEMORY, gramsPath: MEMORY, notices: [] };
}

/** Deletes the files of an index (it is a cache: the next sync builds it again). */
export function removeIndex(file: string): void {
  if (file === MEMORY) return;
  for (const f of [file, `${file}-grams`, `${file}-grams-words`, `${file}-vectors`]) removeDatabase(f);
}

/** Deletes a database file and the files SQLite keeps beside it. */
export function removeDatabase(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/** Moves a damaged index aside (kept as `FILE.bad`) and deletes the rest of it. */
export function discardIndex(file: string): string {
  if (!ordinary(file)) return file;
  const aside = fs.existsSync(file) ? moveAside(file) : `${file}.bad`;
  removeIndex(file);
  return aside;
}

/** Empties both databases (their tables stay): the next sync indexes every file again. */
export function clearIndex(db: Database.Database): void {
  db.transaction(() => {
    for (const t of ['topic', 'topic_name', 'reference', 'todo', 'mail', 'gtd_day', 'entry', 'file', 'word_length']) db.exec(`DELETE FROM main.${t}`);
    clearLists(db, WORD_TABLES);
    clearLists(db, gramTables());
    db.exec("DELETE FROM main.meta WHERE key = 'generation'");
    db.exec("DELETE FROM grams.meta WHERE key = 'generation'");
  })();
}

/** Closes an index. */
export function closeIndex(index: Index): void {
  if (index.db.open) index.db.close();
}

/** What an index holds: its files, entries, the journal's bytes, and its own size on disk. */
export function indexSize(index: Index): { files: number; entries: number; journalBytes: number; indexBytes: number } {
  const count = (sql: string) => (index.db.prepare(sql).get() as { n: number }).n;
  return {
    files: count('SELECT count(*) AS n FROM main.file'),
    entries: count('SELECT count(*) AS n FROM main.entry'),
    journalBytes: count('SELECT coalesce(sum(size), 0) AS n FROM main.file'),
    indexBytes: index.path === MEMORY ? 0 : [index.path, index.gramsPath].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0),
  };
}

/** The codes of a file system (or SQLite) that will not let the index be made or written there. */
const UNWRITABLE: Record<string, string> = {
  [NOT_A_FILE]: 'it is not a regular file (a device, a pipe or a socket)',
  ENOTDIR: 'a part of its path is a file, not a directory',
  EEXIST: 'a part of its path is a file, not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file may grow no larger (a file size limit)',
  SQLITE_FULL: 'the disk is full',
  SQLITE_READONLY: 'it cannot be written (read-only)',
  SQLITE_CANTOPEN: 'it cannot be opened',
  SQLITE_PERM: 'permission denied',
  SQLITE_IOERR: 'writing it failed',
};

/**
 * Why the index at `file` cannot be used there (a directory, a path under a
 * file, no permission, a read-only or full disk), as words for the user; or
 * undefined when `err` is not such a failure.
 */
export function unwritableIndex(err: unknown, file: string): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  const known = Object.keys(UNWRITABLE).find((k) => code === k || (k.startsWith('SQLITE_') && code.startsWith(`${k}_`)));
  if (known === undefined) return undefined;
  try {
    if (fs.statSync(file).isDirectory()) return 'it is a directory';
  } catch {
    // Absent, or under a file: the code says which.
  }
  return known === NOT_A_FILE ? UNWRITABLE[known]! : `${UNWRITABLE[known]} (${code})`;
}

/** SQLite's codes for a file that is not (or no longer) a sound database. */
const BROKEN = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB']);

/** True for an error that says the index file is damaged. */
export function isBrokenIndex(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return typeof code === 'string' && BROKEN.has(code);
}

/** What was done with an index that could not be used, for the command to tell. */
export type IndexMove =
  /** Damaged: moved `aside` (or deleted, when `aside` is `file`), to be built again. */
  | { kind: 'rebuilt'; file: string; aside: string; why: string }
  /** Not usable where it was (`why`): the index goes to `to`, a temporary file or `MEMORY`; `first` when `from` was the place asked for. */
  | { kind: 'moved'; from: string; to: string; why: string; first: boolean };

/**
 * Where an index is kept, and where it goes when it cannot be used there:
 * the index is a cache, so no state of it stops a command or the web app.
 * A damaged index is moved aside and built again, once; one that cannot be
 * made or written where it is asked for (a directory, a path under a file,
 * no permission, a read-only or full disk) moves to a temporary directory,
 * and from there into memory.
 *
 * ```ts
 * const place = new IndexPlace(file);
 * try { ... openIndex(place.file) ... catch (err) { const move = place.recover(err); if (!move) throw err; } } finally { place.dispose(); }
 * ```
 */
export class IndexPlace {
  file: string;
  private temp: string | undefined;
  private rebuilt = false;

  constructor(readonly wanted: string) {
    this.file = wanted;
  }

  /** After an error: the index moved where it can be used, and what was done; undefined when the error is not the index's (the caller throws it). */
  recover(err: unknown): IndexMove | undefined {
    if (isBrokenIndex(err) && !this.rebuilt && this.file !== MEMORY) {
      this.rebuilt = true;
      return { kind: 'rebuilt', file: this.file, aside: discardIndex(this.file), why: (err as Error).message };
    }
    const why = this.file === MEMORY ? undefined : unwritableIndex(err, this.file);
    if (why === undefined) return undefined;
    if (this.temp === undefined) {
      try {
        this.temp = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-index-'));
      } catch {
        this.temp = '';
      }
    }
    const from = this.file;
    if (from !== this.wanted) removeIndex(from);
    this.file = this.temp !== '' && !from.startsWith(this.temp) ? path.join(this.temp, 'index.sqlite') : MEMORY;
    return { kind: 'moved', from, to: this.file, why, first: from === this.wanted };
  }

  /** Removes the temporary directory, if one was made. */
  dispose(): void {
    if (this.temp) fs.rmSync(this.temp, { recursive: true, force: true });
  }
}
