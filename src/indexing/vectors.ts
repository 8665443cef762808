/**
 * The vectors of an embedding model, in SQLite with sqlite-vec: a database of
 * its own beside the index (`NAME.sqlite-vectors`, attached as `vectors`),
 * so that an index without a model never loads the extension. Like the index
 * it is a cache: made again when the model changes (its key), kept in step
 * with the entries by their id and hash (an entry appended or changed gets
 * its vectors at the next search by meaning; one gone loses them).
 *
 * One row a chunk (the title, each outline item; see `entryChunks`):
 * `chunk` says whose (entry id and hash, item path), `vec` holds the vector
 * under the same rowid, compared by cosine distance.
 */
import type Database from 'better-sqlite3';
import { requireOptional } from '../meaning/packages.js';
import { MEMORY, type Index } from './open.js';

/** An entry whose vectors are missing or stale, with where its text is. */
export interface EntryToEmbed {
  id: number;
  sha1: string;
  path: string;
  byteFrom: number;
  byteTo: number;
  file: { size: number; mtimeMs: number; ctimeMs: number; ino: number };
}

/** A chunk near the query. */
export interface NearChunk {
  entryId: number;
  /** The entry's file as shown, and its header's 1-based line: the place a search hit names. */
  file: string;
  line: number;
  path: string;
  /** Cosine similarity, 1 for the same direction. */
  similarity: number;
}

const loaded = new WeakSet<Database.Database>();

/**
 * Attaches the vectors database of a model to the index (made, or made
 * again when `key` or `dims` changed). Loads sqlite-vec into the connection.
 */
export function attachVectors(index: Index, key: string, dims: number): void {
  const db = index.db;
  if (!loaded.has(db)) {
    requireOptional<{ load(db: Database.Database): void }>('sqlite-vec').load(db);
    loaded.add(db);
  }
  const attached = (db.prepare("SELECT 1 FROM pragma_database_list WHERE name = 'vectors'").get() as unknown) !== undefined;
  if (!attached) db.prepare('ATTACH DATABASE ? AS vectors').run(index.path === MEMORY ? MEMORY : `${index.path}-vectors`);
  db.exec('CREATE TABLE IF NOT EXISTS vectors.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
  const meta = new Map((db.prepare('SELECT key, value FROM vectors.meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  if (meta.get('model') === key && meta.get('dims') === String(dims)) return;
  db.transaction(() => {
    db.exec('DROP TABLE IF EXISTS vectors.vec; DROP TABLE IF EXISTS vectors.chunk;');
    db.exec(`CREATE VIRTUAL TABLE vectors.vec USING vec0(embedding float[${dims}] distance_metric=cosine)`);
    db.exec('CREATE TABLE vectors.chunk (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, entry_sha1 TEXT NOT NULL, path TEXT NOT NULL)');
    db.exec('CREATE INDEX vectors.chunk_entry ON chunk(entry_id)');
    db.prepare('INSERT OR REPLACE INTO vectors.meta (key, value) VALUES (?, ?), (?, ?)').run('model', key, 'dims', String(dims));
  })();
}

/** Takes out the vectors of entries gone or changed; returns the entries that have none (new or changed), in id order. */
export function staleVectors(db: Database.Database): EntryToEmbed[] {
  db.transaction(() => {
    const gone = db.prepare('SELECT c.id FROM vectors.chunk c LEFT JOIN main.entry e ON e.id = c.entry_id WHERE e.id IS NULL OR e.sha1 <> c.entry_sha1').pluck().all() as number[];
    const delVec = db.prepare('DELETE FROM vectors.vec WHERE rowid = ?');
    const delChunk = db.prepare('DELETE FROM vectors.chunk WHERE id = ?');
    for (const id of gone) {
      delVec.run(BigInt(id));
      delChunk.run(id);
    }
  })();
  const rows = db
    .prepare(
      `SELECT e.id, e.sha1, fl.path, e.byte_from, e.byte_to, fl.size, fl.mtime_ms, fl.ctime_ms, fl.ino FROM main.entry e JOIN main.file fl ON fl.id = e.file_id
       WHERE NOT EXISTS (SELECT 1 FROM vectors.chunk c WHERE c.entry_id = e.id) ORDER BY e.id`,
    )
    .all() as { id: number; sha1: string; path: string; byte_from: number; byte_to: number; size: number; mtime_ms: number; ctime_ms: number; ino: number }[];
  return rows.map((r) => ({ id: r.id, sha1: r.sha1, path: r.path, byteFrom: r.byte_from, byteTo: r.byte_to, file: { size: r.size, mtimeMs: r.mtime_ms, ctimeMs: r.ctime_ms, ino: r.ino } }));
}

/** Stores an entry's chunk vectors (unless the entry changed meanwhile: its hash is checked). */
export function storeVectors(db: Database.Database, entries: { id: number; sha1: string; chunks: { path: string; vector: Float32Array }[] }[]): void {
  const current = db.prepare('SELECT sha1 FROM main.entry WHERE id = ?').pluck();
  const addChunk = db.prepare('INSERT INTO vectors.chunk (entry_id, entry_sha1, path) VALUES (?, ?, ?)');
  const addVec = db.prepare('INSERT INTO vectors.vec (rowid, embedding) VALUES (?, ?)');
  db.transaction(() => {
    for (const e of entries) {
      if (current.get(e.id) !== e.sha1) continue;
      for (const c of e.chunks) {
        const id = addChunk.run(e.id, e.sha1, c.path).lastInsertRowid;
        addVec.run(BigInt(id), Buffer.from(c.vector.buffer, c.vector.byteOffset, c.vector.byteLength));
      }
    }
  })();
}

/** The `k` chunks nearest a vector, nearest first. */
export function nearestChunks(db: Database.Database, vector: Float32Array, k: number): NearChunk[] {
  const rows = db
    .prepare(
      `SELECT c.entry_id, c.path, v.distance, e.line, fl.shown FROM (SELECT rowid, distance FROM vectors.vec WHERE embedding MATCH ? AND k = ?) v
       JOIN vectors.chunk c ON c.id = v.rowid JOIN main.entry e ON e.id = c.entry_id JOIN main.file fl ON fl.id = e.file_id ORDER BY v.distance`,
    )
    .all(Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength), k) as { entry_id: number; path: string; distance: number; line: number; shown: string }[];
  return rows.map((r) => ({ entryId: r.entry_id, file: r.shown, line: r.line + 1, path: r.path, similarity: 1 - r.distance }));
}

/** How many chunks have vectors. */
export function vectorCount(db: Database.Database): number {
  return db.prepare('SELECT count(*) FROM vectors.chunk').pluck().get() as number;
}
