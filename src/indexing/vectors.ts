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
 * under the same rowid, compared by cosine distance; `embedded` says which
 * entries (id and hash) have theirs.
 *
 * Kept in step cheaply: the index gives a new or changed entry an id above
 * every id it held when its sync began, so what is new since the vectors'
 * last sync is the range above the largest id then (kept in `meta`), and
 * nothing was taken out when the number of entries grew by exactly that
 * range. Only then is the rest trusted, after checking the hashes of the top
 * 64 ids (a sync that took out the newest entries may give their ids again);
 * otherwise every entry's id and hash are compared.
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
    db.exec('DROP TABLE IF EXISTS vectors.vec; DROP TABLE IF EXISTS vectors.chunk; DROP TABLE IF EXISTS vectors.embedded;');
    db.exec("DELETE FROM vectors.meta WHERE key IN ('max_id', 'count')");
    db.exec('CREATE TABLE vectors.embedded (entry_id INTEGER PRIMARY KEY, sha1 TEXT NOT NULL)');
    db.exec(`CREATE VIRTUAL TABLE vectors.vec USING vec0(embedding float[${dims}] distance_metric=cosine)`);
    db.exec('CREATE TABLE vectors.chunk (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, entry_sha1 TEXT NOT NULL, path TEXT NOT NULL)');
    db.exec('CREATE INDEX vectors.chunk_entry ON chunk(entry_id)');
    db.prepare('INSERT OR REPLACE INTO vectors.meta (key, value) VALUES (?, ?), (?, ?)').run('model', key, 'dims', String(dims));
  })();
}

const REUSED = 64;

/** The entries whose vectors are to be made (new or changed, in id order), and how to mark the vectors in step once they are stored. */
export interface VectorPlan {
  todo: EntryToEmbed[];
  /** Records that every entry now has its vectors (call after storing them all). */
  done(): void;
}

/** Takes out the vectors of entries gone or changed, and says which entries need vectors (see the module's comment). */
export function planVectors(db: Database.Database): VectorPlan {
  const now = db.prepare('SELECT coalesce(max(id), 0) AS max, count(*) AS n FROM main.entry').get() as { max: number; n: number };
  const meta = new Map((db.prepare("SELECT key, value FROM vectors.meta WHERE key IN ('max_id', 'count')").all() as { key: string; value: string }[]).map((r) => [r.key, Number(r.value)]));
  const since = meta.get('max_id');
  const count = meta.get('count');
  const columns = 'e.id, e.sha1, fl.path, e.byte_from, e.byte_to, fl.size, fl.mtime_ms, fl.ctime_ms, fl.ino';
  type Row = { id: number; sha1: string; path: string; byte_from: number; byte_to: number; size: number; mtime_ms: number; ctime_ms: number; ino: number };
  let rows: Row[] | undefined;
  if (since !== undefined && count !== undefined) {
    const newer = db.prepare(`SELECT ${columns} FROM main.entry e JOIN main.file fl ON fl.id = e.file_id WHERE e.id > ? ORDER BY e.id`).all(since) as Row[];
    const reused = db.prepare('SELECT count(*) FROM vectors.embedded v LEFT JOIN main.entry e ON e.id = v.entry_id WHERE v.entry_id > ? AND (e.id IS NULL OR e.sha1 <> v.sha1)').pluck().get(since - REUSED) as number;
    if (now.n === count + newer.length && reused === 0) rows = newer;
  }
  if (rows === undefined) {
    db.transaction(() => {
      const gone = db.prepare('SELECT v.entry_id FROM vectors.embedded v LEFT JOIN main.entry e ON e.id = v.entry_id WHERE e.id IS NULL OR e.sha1 <> v.sha1').pluck().all() as number[];
      const chunks = db.prepare('SELECT id FROM vectors.chunk WHERE entry_id = ?').pluck();
      const delVec = db.prepare('DELETE FROM vectors.vec WHERE rowid = ?');
      const delChunks = db.prepare('DELETE FROM vectors.chunk WHERE entry_id = ?');
      const delEntry = db.prepare('DELETE FROM vectors.embedded WHERE entry_id = ?');
      for (const id of gone) {
        for (const c of chunks.all(id) as number[]) delVec.run(BigInt(c));
        delChunks.run(id);
        delEntry.run(id);
      }
    })();
    rows = db.prepare(`SELECT ${columns} FROM main.entry e JOIN main.file fl ON fl.id = e.file_id WHERE NOT EXISTS (SELECT 1 FROM vectors.embedded v WHERE v.entry_id = e.id) ORDER BY e.id`).all() as Row[];
  }
  const todo = rows.map((r) => ({ id: r.id, sha1: r.sha1, path: r.path, byteFrom: r.byte_from, byteTo: r.byte_to, file: { size: r.size, mtimeMs: r.mtime_ms, ctimeMs: r.ctime_ms, ino: r.ino } }));
  return {
    todo,
    done: () => {
      const missing = db.prepare('SELECT count(*) FROM main.entry e WHERE e.id > ? AND NOT EXISTS (SELECT 1 FROM vectors.embedded v WHERE v.entry_id = e.id)').pluck().get(todo.length ? todo[0]!.id - 1 : now.max) as number;
      // An entry whose text could not be read (its file changed meanwhile) has none yet: the next plan compares every entry.
      if (missing > 0) db.exec("DELETE FROM vectors.meta WHERE key IN ('max_id', 'count')");
      else db.prepare("INSERT OR REPLACE INTO vectors.meta (key, value) VALUES ('max_id', ?), ('count', ?)").run(String(now.max), String(now.n));
    },
  };
}

/** Stores an entry's chunk vectors (unless the entry changed meanwhile: its hash is checked). */
export function storeVectors(db: Database.Database, entries: { id: number; sha1: string; chunks: { path: string; vector: Float32Array }[] }[]): void {
  const current = db.prepare('SELECT sha1 FROM main.entry WHERE id = ?').pluck();
  const addChunk = db.prepare('INSERT INTO vectors.chunk (entry_id, entry_sha1, path) VALUES (?, ?, ?)');
  const addVec = db.prepare('INSERT INTO vectors.vec (rowid, embedding) VALUES (?, ?)');
  const addEntry = db.prepare('INSERT OR REPLACE INTO vectors.embedded (entry_id, sha1) VALUES (?, ?)');
  db.transaction(() => {
    for (const e of entries) {
      if (current.get(e.id) !== e.sha1) continue;
      addEntry.run(e.id, e.sha1);
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
