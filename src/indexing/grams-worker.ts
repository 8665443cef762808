/**
 * The worker thread of a first indexing: fills the trigram table (the larger
 * half of the work) from the journal files while the main thread reads the
 * entries, each into its own database file.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

/** One file's entries for the worker: ids and byte ranges. */
export interface GramsJob {
  path: string;
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
}

/** Fills the grams table of the database at `gramsPath` with the entries of the jobs; reports bytes done. */
export function fillGrams(work: GramsWork, progress: (bytes: number) => void): void {
  const db = new Database(work.gramsPath);
  try {
    db.pragma('synchronous = OFF');
    // A large in-memory buffer before each flush: fewer segments to merge.
    db.exec(`INSERT INTO grams(grams, rank) VALUES ('hashsize', ${64 * 1024 * 1024})`);
    const insert = db.prepare('INSERT INTO grams (rowid, text) VALUES (?, ?)');
    db.transaction(() => {
      let done = 0;
      let reported = 0;
      for (const job of work.jobs) {
        const bytes = fs.readFileSync(job.path);
        for (let i = 0; i < job.ids.length; i++) {
          insert.run(job.ids[i], bytes.toString('utf8', job.from[i], job.to[i]));
          done += job.to[i]! - job.from[i]!;
          if (done - reported > 1 << 22) progress((reported = done));
        }
      }
      progress(done);
    })();
  } finally {
    db.close();
  }
}

if (parentPort && workerData) {
  const port = parentPort;
  const work = workerData as GramsWork;
  const done = work.done ? new Int32Array(work.done) : undefined;
  try {
    fillGrams(work, (bytes) => {
      if (done) Atomics.store(done, 0, Math.floor(bytes / 1024));
      port.postMessage({ bytes });
    });
  } catch (err) {
    // An SqliteError does not cross threads whole: send its message.
    port.postMessage({ error: `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}` });
    process.exitCode = 1;
  }
}
