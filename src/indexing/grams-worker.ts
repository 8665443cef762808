/**
 * The worker thread of a first indexing: writes the trigram lists from the
 * journal files while the main thread reads the entries, each into its own
 * database file; and the word lists of the last entries (from `wordsFrom`),
 * which the main thread takes into its database when both are done (the
 * word lists took the main thread about half of its time, the trigram lists
 * in WebAssembly leave the worker room).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { addSegment, gramTables, partsTable, writeParts } from './lists.js';
import { GramBuilder } from './grams.js';
import { WORD_SHARE, WordBuilder, writeLengths, type WordShare } from './words.js';

/** One file's entries for the worker: ids and byte ranges. */
export interface GramsJob {
  path: string;
  /** The file's bytes as the main thread read them, when it read them into shared memory (else the worker reads the file). */
  bytes?: { buffer: SharedArrayBuffer; offset: number; length: number };
  ids: Int32Array;
  from: Float64Array;
  to: Float64Array;
}

/** What the worker is given. */
export interface GramsWork {
  gramsPath: string;
  jobs: GramsJob[];
  /** KiB done so far, `Int32Array` over it, element 0: read by the main thread while it is busy with its own half (a message would wait for it to be idle). */
  done?: SharedArrayBuffer;
  /** The worker also writes the word lists of the entries from this id on, when given, into the database at `wordsPath` (tables `WORD_SHARE`, words.ts). */
  wordsFrom?: number;
  wordsPath?: string;
}

/**
 * Writes the trigram lists of the jobs' entries into the grams database at
 * `gramsPath` (one segment), and the word lists of those from `wordsFrom`;
 * reports bytes done. Returns what it wrote of the word lists.
 */
export function fillGrams(work: GramsWork, progress: (bytes: number) => void): WordShare | undefined {
  const db = new Database(work.gramsPath);
  let wdb: Database.Database | undefined;
  try {
    db.pragma('synchronous = OFF');
    // The entries of every job, in id order (the main thread gave them ids in this order).
    const files = work.jobs.map((job) => (job.bytes ? Buffer.from(job.bytes.buffer, job.bytes.offset, job.bytes.length) : fs.readFileSync(job.path)));
    const places: [file: number, at: number][] = [];
    work.jobs.forEach((job, f) => job.ids.forEach((_, i) => places.push([f, i])));
    const ids = Int32Array.from(places, ([f, i]) => work.jobs[f]!.ids[i]!);
    const total = work.jobs.reduce((n, job) => job.ids.reduce((m, _, i) => m + job.to[i]! - job.from[i]!, n), 0);
    let read = 0;
    let reported = 0;
    // The word lists of the entries from `wordsFrom`, from their texts as the builder reads them, into a database of
    // their own (in the grams database, the pages they took would stay there, free, once the main thread has them).
    const words = work.wordsFrom !== undefined && work.wordsPath !== undefined ? new WordBuilder(undefined, total / 2) : undefined;
    let nextWords = words ? ids.findIndex((id) => id >= work.wordsFrom!) : ids.length;
    if (nextWords === -1) nextWords = ids.length;
    if (words) {
      wdb = new Database(work.wordsPath!);
      wdb.pragma('journal_mode = OFF');
      wdb.pragma('synchronous = OFF');
      for (const sql of [`DROP TABLE IF EXISTS ${WORD_SHARE.lists}`, `DROP TABLE IF EXISTS ${WORD_SHARE.lengths}`, `CREATE TABLE ${WORD_SHARE.lists} (key TEXT NOT NULL, first INTEGER NOT NULL, list BLOB NOT NULL)`, `CREATE TABLE ${WORD_SHARE.lengths} (first INTEGER PRIMARY KEY, lengths BLOB NOT NULL)`]) wdb.exec(sql);
      wdb.exec('BEGIN');
    }
    let share: WordShare | undefined;
    db.transaction(() => {
      if (ids.length === 0) return;
      const builder = new GramBuilder(ids, (k) => {
        const [f, i] = places[k]!;
        const job = work.jobs[f]!;
        read += job.to[i]! - job.from[i]!;
        // Reading the texts counts as the first half of the work, writing the lists as the second.
        if (read - reported > 1 << 23) progress(Math.floor((reported = read) / 2));
        const text = files[f]!.toString('utf8', job.from[i], job.to[i]);
        if (words && k === nextWords) {
          words.add(ids[k]!, text);
          nextWords++;
          if (words.full) writeParts(wdb!, WORD_SHARE.lists, words.take());
        }
        return text;
      }, total / 2);
      const table = partsTable(db, gramTables('main'));
      addSegment(db, gramTables('main'), { first: ids[0]!, last: ids[ids.length - 1]!, entries: ids.length });
      writeParts(db, table, counted(builder.lists(), builder.trigrams, (done) => progress(Math.floor(total / 2 + (total / 2) * done))));
      if (words && words.lengths.length > 0) {
        writeParts(wdb!, WORD_SHARE.lists, words.take());
        writeLengths(wdb!, words.lengths, WORD_SHARE.lengths);
        share = { first: words.lengths[0]![0], last: words.lengths[words.lengths.length - 1]![0], entries: words.lengths.length, words: words.totalWords };
      }
    })();
    wdb?.exec('COMMIT');
    progress(total);
    return share;
  } finally {
    db.close();
    wdb?.close();
  }
}

/** The lists, telling `progress` the share of them given out (every 65,536th). */
function* counted<T>(lists: Iterable<T>, count: number, progress: (done: number) => void): Generator<T> {
  let n = 0;
  for (const list of lists) {
    yield list;
    if (++n % 65536 === 0) progress(n / count);
  }
}

if (parentPort && workerData) {
  const port = parentPort;
  const work = workerData as GramsWork;
  const done = work.done ? new Int32Array(work.done) : undefined;
  try {
    const words = fillGrams(work, (bytes) => {
      if (done) Atomics.store(done, 0, Math.floor(bytes / 1024));
      port.postMessage({ bytes });
    });
    port.postMessage({ words });
  } catch (err) {
    // An SqliteError does not cross threads whole: send its message.
    port.postMessage({ error: `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}` });
    process.exitCode = 1;
  }
}
