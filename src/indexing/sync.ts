/**
 * Keeping the index in step with the journal. Every command that uses the
 * index syncs first; when nothing changed that costs one `stat` a file.
 *
 * - A file whose size, mtime, ctime and inode are as indexed is fresh (an
 *   edit that keeps the size and sets the mtime back still moves the ctime).
 * - A file that only grew (its old bytes hash as before) is read from its
 *   last indexed entry on: that entry and the new ones are indexed.
 * - A file that changed elsewhere is cut into entries again; entries whose
 *   bytes are unchanged keep their rows (moved if they moved), the others
 *   are indexed anew, and the ones that are gone are taken out.
 * - A file no longer in the journal is taken out.
 *
 * The first indexing of a large journal makes the trigram lists in a worker
 * thread while the main thread reads the entries: two databases, two cores.
 */
import fs from 'node:fs';
import type { Worker as WorkerType } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { crypto, hashFileAsync, sha1 } from '../journal/hash.js';
import { readEntry } from '../model/entry.js';
import type { JournalFile } from '../model/types.js';
import { parseBytes } from '../syntax/bytes.js';
import type { Chunk, Document } from '../syntax/document.js';
import type { GramsJob, GramsWork } from './grams-worker.js';
import { MEMORY, removeDatabase, type Index } from './open.js';
import { entryRows } from './rows.js';
import { gramTables, lastListId, WORD_TABLES } from './lists.js';
import { IndexWriter } from './writer.js';
import type { WordShare } from './words.js';

/** A journal file to index: its absolute path and the path shown to the user. */
export interface IndexSource {
  path: string;
  shown: string;
}

/** What a sync did. */
export interface SyncReport {
  files: number;
  /** Files read again: new, grown, or changed. */
  read: number;
  /** Entries indexed (new or changed). */
  indexed: number;
  /** Entries taken out. */
  removed: number;
  /** True when the trigram lists were made by the worker thread (a first indexing). */
  parallel: boolean;
}

/** Called while indexing: bytes done of all bytes to read. */
export type Progress = (done: number, total: number) => void;

interface FileRow {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  ctime_ms: number;
  ino: number;
  sha1: string;
  writable: number;
}

interface EntryRow {
  id: number;
  byte_from: number;
  byte_to: number;
  line: number;
  sha1: string;
}

/** A file to read: what it is, what changed, and the part of it to read. */
interface Work {
  source: IndexSource;
  stat: fs.Stats;
  /** The bytes read: the whole file, or (an append) from `bytesFrom` on. */
  bytes: Buffer;
  bytesFrom: number;
  sha1: string;
  fileId: number;
  /** Where reading starts (an append starts at the last indexed entry). */
  start: number;
  /** 0-based line at `start`. */
  startLine: number;
  /** The file's entries already in the index and still valid, by sha1 (only for a changed file). */
  keep?: Map<string, EntryRow[]>;
  /** Entries of the file in the index that this work replaces. */
  replaced: number[];
  /** Unchanged entries that moved in the file: id, byte range, line. */
  moves: [number, number, number, number][];
  doc?: Document;
  chunks?: { chunk: Chunk; id: number; sha1: string; kept: boolean }[];
  writable: boolean;
}

/** How a sync may be helped. */
export interface SyncOptions {
  /** Below this many bytes, no worker thread (tests set it). */
  parallelBytes?: number;
  /** The share of the entries (by bytes, the last ones) whose word lists that worker writes (0.4 unless told; 0 for none). */
  workerWords?: number;
  /**
   * What the caller just read of a file (the web app's journal reads each
   * file before the index does): when it checked the file to be an append
   * of the bytes the index holds, the index reads only the new tail and
   * does not hash the whole file a second time.
   */
  known?: (path: string) => KnownRead | undefined;
}

/** A file as its reader saw it, and the state it grew from (sizes, SHA-1 in base64). */
export interface KnownRead {
  size: number;
  mtimeMs: number;
  ino: number;
  sha1: string;
  grewFrom?: { size: number; sha1: string };
}

/** Below this many bytes to read, a worker thread costs more than it saves. */
const PARALLEL_BYTES = 8 * 1024 * 1024;

/**
 * Brings the index up to date with the journal's files.
 *
 * ```ts
 * const index = openIndex(indexPath(paths, undefined, process.env, process.cwd()));
 * await syncIndex(index, [{ path: '/home/me/log/2013.txt', shown: 'log/2013.txt' }]);
 * ```
 */
export async function syncIndex(index: Index, sources: IndexSource[], progress?: Progress, options: SyncOptions = {}): Promise<SyncReport> {
  const db = index.db;
  const report: SyncReport = { files: sources.length, read: 0, indexed: 0, removed: 0, parallel: false };
  const files = new Map((db.prepare('SELECT id, path, size, mtime_ms, ctime_ms, ino, sha1, writable FROM main.file').all() as FileRow[]).map((f) => [f.path, f]));
  const wanted = new Set(sources.map((s) => s.path));
  const gone = [...files.values()].filter((f) => !wanted.has(f.path));
  const works: Work[] = [];
  let nextFileId = Math.max(0, ...[...files.values()].map((f) => f.id)) + 1;
  for (const source of sources) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(source.path);
    } catch (err) {
      throw new InputError(`${source.shown}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'expected a readable journal file');
    }
    const row = files.get(source.path);
    if (row && row.size === stat.size && row.mtime_ms === stat.mtimeMs && row.ctime_ms === stat.ctimeMs && row.ino === stat.ino) continue;
    const work = await planWork(db, source, stat, row, nextFileId, options.known?.(source.path), options.parallelBytes ?? PARALLEL_BYTES);
    if (work.fileId === nextFileId) nextFileId++;
    works.push(work);
  }
  const touched = works.filter((w) => w.sha1 === files.get(w.source.path)?.sha1 && w.start === 0 && !w.keep);
  if (works.length === 0 && gone.length === 0) return report;

  // Above every id the lists have held: an id taken out is never given again (the lists leave it out until they are merged).
  let nextId = Math.max((db.prepare('SELECT max(id) AS m FROM main.entry').get() as { m: number | null }).m ?? 0, lastListId(db, gramTables()), lastListId(db, WORD_TABLES)) + 1;
  const total = works.reduce((n, w) => n + w.bytesFrom + w.bytes.length - w.start, 0);
  const writer = new IndexWriter(db, total);
  const firstIndexing = (db.prepare('SELECT count(*) AS n FROM main.entry').get() as { n: number }).n === 0;
  const parallel = index.gramsPath !== MEMORY && firstIndexing && total >= (options.parallelBytes ?? PARALLEL_BYTES);
  report.parallel = parallel;

  // Cut each file into entries and give the new ones ids, so that the worker can start.
  for (const w of works) {
    if (touched.includes(w)) continue;
    const part = w.start === w.bytesFrom ? w.bytes : w.bytes.subarray(w.start - w.bytesFrom);
    const parsed = parseBytes(part);
    w.doc = parsed.binary ? undefined : parsed.doc;
    if (parsed.binary) w.writable = false;
    else if (w.start === 0) w.writable = true;
    w.chunks = [];
    for (const chunk of w.doc?.chunks ?? []) {
      if (chunk.preamble) continue;
      const hash = sha1(part.subarray(chunk.byteFrom, chunk.byteTo));
      const kept = w.keep?.get(hash)?.shift();
      w.chunks.push({ chunk, id: kept ? kept.id : nextId++, sha1: hash, kept: Boolean(kept) });
      if (kept) {
        const byteFrom = w.start + chunk.byteFrom!;
        if (kept.byte_from !== byteFrom || kept.line !== w.startLine + chunk.line) w.moves.push([kept.id, byteFrom, w.start + chunk.byteTo!, w.startLine + chunk.line]);
      }
    }
    if (w.keep) for (const rows of w.keep.values()) for (const r of rows) w.replaced.push(r.id);
  }

  let workerDone: Promise<void> | undefined;
  let workerBytes = 0;
  let mainBytes = 0;
  const shared = new Int32Array(new SharedArrayBuffer(4));
  const tell = () => progress?.(parallel ? Math.floor((mainBytes + Math.max(workerBytes, Atomics.load(shared, 0) * 1024)) / 2) : mainBytes, total);
  let share: WordShare | undefined;
  // The database of the worker's word lists, attached while this sync runs.
  let wordShare: string | undefined;
  if (parallel) {
    const jobs: GramsJob[] = works.filter((w) => w.chunks).map((w) => {
      const fresh = w.chunks!.filter((c) => !c.kept);
      const job: GramsJob = { path: w.source.path, ids: Int32Array.from(fresh, (c) => c.id), from: Float64Array.from(fresh, (c) => w.start + c.chunk.byteFrom!), to: Float64Array.from(fresh, (c) => w.start + c.chunk.byteTo!) };
      // The very bytes this thread cut into entries, when they are shared: not read again (nor changed since) there.
      if (w.bytesFrom === 0 && w.bytes.buffer instanceof SharedArrayBuffer) job.bytes = { buffer: w.bytes.buffer, offset: w.bytes.byteOffset, length: w.bytes.length };
      return job;
    });
    const work: GramsWork = { gramsPath: index.gramsPath, jobs, done: shared.buffer as SharedArrayBuffer, wordsFrom: wordsSplit(jobs, options.workerWords ?? WORKER_WORDS), wordsPath: `${index.gramsPath}-words` };
    writer.wordsBefore = work.wordsFrom ?? Infinity;
    // Attached now (an empty file), outside any transaction: the worker fills it, the main thread reads it when both are done.
    if (work.wordsFrom !== undefined) {
      removeDatabase(work.wordsPath!);
      db.prepare(`ATTACH DATABASE ? AS ${WORD_SHARE_SCHEMA}`).run(work.wordsPath);
      wordShare = work.wordsPath;
    }
    // Loaded here: a command whose index is ready does not pay for worker threads.
    const { Worker } = process.getBuiltinModule('node:worker_threads') as { Worker: typeof WorkerType };
    const worker = new Worker(new URL('./grams-worker.js', import.meta.url), { workerData: work });
    let failure = '';
    worker.on('message', (m: { bytes?: number; error?: string; words?: WordShare }) => {
      if (m.error) failure = m.error;
      if (m.words) share = m.words;
      if (m.bytes === undefined) return;
      workerBytes = m.bytes;
      tell();
    });
    workerDone = new Promise((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`indexing the full text failed (${failure || `worker exit code ${code}`})`))));
    });
    // Do not leave it unhandled while the main thread is busy; it is awaited below.
    workerDone.catch(() => undefined);
  }

  // A first indexing fills the tables without their secondary indexes and makes them after, each sorted once (less
  // time, and pages packed full rather than split as rows came).
  const indexes = firstIndexing ? (db.prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string; sql: string }[]) : [];
  const run = db.transaction(() => {
    for (const { name } of indexes) db.exec(`DROP INDEX main.${name}`);
    for (const f of gone) {
      const ids = db.prepare('SELECT id FROM main.entry WHERE file_id = ?').pluck().all(f.id) as number[];
      for (const id of ids) writer.remove(id);
      report.removed += ids.length;
      db.prepare('DELETE FROM main.file WHERE id = ?').run(f.id);
    }
    const upsert = db.prepare('INSERT INTO main.file (id, path, shown, size, mtime_ms, ctime_ms, ino, sha1, writable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET shown = excluded.shown, size = excluded.size, mtime_ms = excluded.mtime_ms, ctime_ms = excluded.ctime_ms, ino = excluded.ino, sha1 = excluded.sha1, writable = excluded.writable');
    for (const w of works) {
      const save = () => upsert.run(w.fileId, w.source.path, w.source.shown, w.stat.size, w.stat.mtimeMs, w.stat.ctimeMs, w.stat.ino, w.sha1, w.writable ? 1 : 0);
      save();
      if (!touched.includes(w)) {
        report.read++;
        for (const id of w.replaced) writer.remove(id);
        for (const [id, from, to, line] of w.moves) writer.moveTo(id, from, to, line);
        report.removed += w.replaced.length;
        // Not `mainBytes += indexEntries(...)`: that reads mainBytes before the call, and would drop what the call reported.
        const rest = indexEntries(w, writer, !parallel, (n) => {
          mainBytes += n;
          tell();
        });
        mainBytes += rest;
        report.indexed += w.chunks!.filter((c) => !c.kept).length;
        save();
      }
    }
    // In two threads the worker writes the trigram lists, and the grams database is its alone until it is done.
    writer.finish(!parallel);
    for (const { sql } of indexes) db.exec(sql);
  });
  // Both databases carry the same generation, set when the index is first
  // filled: a pair that does not match (one of them replaced or lost) is rebuilt.
  const stamp = (): void => {
    if (!firstIndexing) return;
    const generation = crypto().randomUUID();
    db.prepare("INSERT OR REPLACE INTO main.meta (key, value) VALUES ('generation', ?)").run(generation);
    db.prepare("INSERT OR REPLACE INTO grams.meta (key, value) VALUES ('generation', ?)").run(generation);
  };
  if (!parallel) {
    db.transaction(() => {
      run();
      stamp();
    })();
    tell();
    return report;
  }
  // A first indexing in two threads: both halves must land, or neither.
  db.exec('BEGIN');
  try {
    run();
    await workerDone;
    writer.joinWords(share, WORD_SHARE_SCHEMA);
    stamp();
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  } finally {
    if (wordShare) {
      db.exec(`DETACH DATABASE ${WORD_SHARE_SCHEMA}`);
      removeDatabase(wordShare);
    }
  }
  tell();
  return report;
}

/** The schema name of the worker's word lists while a first indexing attaches them. */
const WORD_SHARE_SCHEMA = 'worker_words';

/**
 * The share of a first indexing's word lists (by bytes, the last entries)
 * that the worker writes beside the trigram lists: the main thread reads
 * every entry (its rows, topics, references) and the word lists of the
 * rest. 0.4 was the quickest at 100 MB here (30% and 55% were slower).
 */
const WORKER_WORDS = 0.4;

/** The first id whose word lists the worker writes: where the last `share` of the jobs' bytes starts (never the first entry); undefined for none. */
function wordsSplit(jobs: GramsJob[], share: number): number | undefined {
  const total = jobs.reduce((n, job) => job.ids.reduce((m, _, i) => m + job.to[i]! - job.from[i]!, n), 0);
  if (share <= 0 || total === 0) return undefined;
  let done = 0;
  let first = true;
  for (const job of jobs) {
    for (let i = 0; i < job.ids.length; i++) {
      if (!first && done >= total * (1 - share)) return job.ids[i];
      first = false;
      done += job.to[i]! - job.from[i]!;
    }
  }
  return undefined;
}

/** Decides how much of a changed file to read again (reading it in blocks that let other work run between them). */
async function planWork(db: Index['db'], source: IndexSource, stat: fs.Stats, row: FileRow | undefined, newFileId: number, known: KnownRead | undefined, parallelBytes: number): Promise<Work> {
  // A file that grew may be an append: its last indexed entry is read again with what follows it.
  const last = row && stat.size > row.size ? (db.prepare('SELECT id, byte_from, byte_to, line, sha1 FROM main.entry WHERE file_id = ? ORDER BY byte_from DESC LIMIT 1').get(row.id) as EntryRow | undefined) : undefined;
  let read: { bytes: Buffer; bytesFrom: number; whole: string; prefix?: string | undefined; stat: fs.Stats };
  try {
    const grown = row && known?.grewFrom && known.grewFrom.size === row.size && known.grewFrom.sha1 === row.sha1 && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ino === stat.ino;
    // A file new to the index, large enough for a worker thread: its bytes are shared with it rather than read again there.
    read = (grown && readTail(source.path, last?.byte_from ?? row.size, known, row.sha1)) || (await hashFileAsync(source.path, row && stat.size > row.size ? row.size : undefined, last?.byte_from ?? 0, !row && stat.size >= parallelBytes));
  } catch (err) {
    throw new InputError(`${source.shown}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'expected a readable journal file');
  }
  const { whole, prefix } = read;
  // Only an append keeps just the tail in memory; anything else is read whole.
  const appended = row !== undefined && prefix === row.sha1 && whole !== row.sha1;
  const bytes = appended || read.bytesFrom === 0 ? read.bytes : fs.readFileSync(source.path).subarray(0, read.stat.size);
  const bytesFrom = appended ? read.bytesFrom : 0;
  stat = read.stat;
  const work: Work = { source, stat, bytes, bytesFrom, sha1: whole, fileId: row?.id ?? newFileId, start: 0, startLine: 0, replaced: [], moves: [], writable: row ? row.writable === 1 : true };
  if (!row) return work;
  if (whole === row.sha1) return work; // touched, not changed
  if (prefix === row.sha1) {
    if (last) {
      work.start = last.byte_from;
      work.startLine = last.line;
      work.replaced.push(last.id);
    } else work.keep = new Map();
    return work;
  }
  const keep = new Map<string, EntryRow[]>();
  for (const e of db.prepare('SELECT id, byte_from, byte_to, line, sha1 FROM main.entry WHERE file_id = ?').all(row.id) as EntryRow[]) {
    const list = keep.get(e.sha1);
    if (list) list.push(e);
    else keep.set(e.sha1, [e]);
  }
  work.keep = keep;
  return work;
}

/**
 * The tail of a file its reader has just checked to be an append (its
 * hashes known), read from `from`; undefined when the file is no longer
 * what the reader saw.
 */
function readTail(file: string, from: number, known: KnownRead, prefix: string): { bytes: Buffer; bytesFrom: number; whole: string; prefix: string; stat: fs.Stats } | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (stat.size !== known.size || stat.mtimeMs !== known.mtimeMs || stat.ino !== known.ino) return undefined;
    const bytes = Buffer.allocUnsafe(stat.size - from);
    let at = 0;
    while (at < bytes.length) {
      const n = fs.readSync(fd, bytes, at, bytes.length - at, from + at);
      if (n === 0) return undefined;
      at += n;
    }
    return { bytes, bytesFrom: from, whole: known.sha1, prefix, stat };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads and indexes the new entries of one file; returns the bytes not yet reported. */
function indexEntries(w: Work, writer: IndexWriter, withGrams: boolean, report: (bytes: number) => void): number {
  if (!w.doc) return 0;
  const file: JournalFile = { path: w.source.shown, doc: w.doc, entries: [], writable: true, diagnostics: [] };
  const ctx = { file, diagnostics: [] };
  const byChunk = new Map(w.chunks!.map((c) => [c.chunk, c]));
  let pending = 0;
  w.doc.forEachChunk((chunk, text) => {
    const c = byChunk.get(chunk);
    if (!c || c.kept) return;
    const detail = readEntry(ctx, chunk, text);
    ctx.diagnostics.length = 0;
    const place = { id: c.id, fileId: w.fileId, byteFrom: w.start + chunk.byteFrom!, byteTo: w.start + chunk.byteTo!, line: w.startLine + chunk.line, sha1: c.sha1 };
    writer.add(place, entryRows(detail, text), text, withGrams);
    pending += chunk.byteTo! - chunk.byteFrom!;
    if (pending > 1 << 22) {
      report(pending);
      pending = 0;
    }
  });
  if (w.doc.invalid.length > 0) w.writable = false;
  return pending;
}
