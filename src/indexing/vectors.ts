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
 *
 * Split in cells once large (an inverted file, see `../meaning/cells.ts`):
 * below `CELLS.from` chunks a search compares the query with every vector
 * (all in cell 0); from there the vectors are split by a k-means of a sample
 * of them into about √(8 × chunks) cells (`vectors.centroid`), each vector
 * kept in the partition of its nearest centroid (vec0's partition key), and
 * a search compares the query with the vectors of the `PROBED` cells nearest
 * it (vec0's chunks hold 128 vectors, not 1,024, so that a small cell does
 * not take the room of a large one). A vector stored later goes to its
 * nearest cell; when the chunks have grown `CELLS.regrow` times since, the
 * cells are made again from a new sample and every vector moved, so that
 * cells stay small as the journal grows.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { grouped, isUnit, nearestCell, nearestCells, trainCells, type Cells } from '../meaning/cells.js';
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

/** The layout of the vectors database: made again when it changes. */
const LAYOUT = 'cells-1';

/** When the vectors are split in cells: from `from` chunks, and made again each time the chunks have grown `regrow` times. */
export interface CellPolicy {
  from: number;
  regrow: number;
}
export const CELLS: CellPolicy = { from: 20_000, regrow: 8 };
/** How many cells a search looks in. */
const PROBED = 32;
/** Vectors a cell is trained on, at most; and in all. */
const SAMPLE_PER_CELL = 24;
const SAMPLE_MAX = 50_000;

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
  if (meta.get('model') === key && meta.get('dims') === String(dims) && meta.get('layout') === LAYOUT) return;
  db.transaction(() => {
    db.exec('DROP TABLE IF EXISTS vectors.vec; DROP TABLE IF EXISTS vectors.chunk; DROP TABLE IF EXISTS vectors.embedded; DROP TABLE IF EXISTS vectors.centroid;');
    db.exec('DELETE FROM vectors.meta');
    db.exec('CREATE TABLE vectors.embedded (entry_id INTEGER PRIMARY KEY, sha1 TEXT NOT NULL)');
    db.exec(`CREATE VIRTUAL TABLE vectors.vec USING vec0(cell integer partition key, embedding float[${dims}] distance_metric=cosine, chunk_size=128)`);
    // vec0 (0.1.9) finds a partition's chunks by a scan of its chunks table; an index of ours on that table finds them at once.
    // Only a speed-up: a sqlite-vec whose tables are laid out otherwise goes without it.
    try {
      db.exec('CREATE INDEX vectors.vec_chunks_cell ON vec_chunks(partition00)');
    } catch {
      // Searched without it.
    }
    db.exec('CREATE TABLE vectors.chunk (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, entry_sha1 TEXT NOT NULL, path TEXT NOT NULL)');
    db.exec('CREATE INDEX vectors.chunk_entry ON chunk(entry_id)');
    db.exec('CREATE TABLE vectors.centroid (cell INTEGER PRIMARY KEY, vector BLOB NOT NULL)');
    db.prepare('INSERT INTO vectors.meta (key, value) VALUES (?, ?), (?, ?), (?, ?)').run('model', key, 'dims', String(dims), 'layout', LAYOUT);
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

const blob = (v: Float32Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
/** A vector as SQLite gives it, copied (a blob's bytes need not be aligned for a Float32Array). */
const vector = (b: Buffer): Float32Array => new Float32Array(new Uint8Array(b).buffer);

/** A value of the vectors database's meta table. */
const metaValue = (db: Database.Database, key: string): string | undefined => db.prepare('SELECT value FROM vectors.meta WHERE key = ?').pluck().get(key) as string | undefined;

/** The cells of the vectors, as last made (cached by the stamp they were made with), or undefined while there are none. */
const cellCache = new WeakMap<Database.Database, { stamp: string; cells: Cells }>();
export function currentCells(db: Database.Database): Cells | undefined {
  const stamp = metaValue(db, 'cells');
  if (stamp === undefined) return undefined;
  const cached = cellCache.get(db);
  if (cached?.stamp === stamp) return cached.cells;
  const rows = db.prepare('SELECT vector FROM vectors.centroid ORDER BY cell').pluck().all() as Buffer[];
  const dims = Number(metaValue(db, 'dims'));
  const centroids = new Float32Array(rows.length * dims);
  rows.forEach((r, i) => centroids.set(vector(r), i * dims));
  const cells = { dims, count: rows.length, centroids };
  cellCache.set(db, { stamp, cells });
  return cells;
}

/**
 * Splits the vectors in cells, or makes the cells again, when the policy says
 * so (see the module's comment): a sample spread evenly over the chunks,
 * k-means over it, then every vector moved to the partition of its nearest
 * cell, in one transaction. Returns whether it did.
 */
export function tendCells(db: Database.Database, policy: CellPolicy = CELLS): boolean {
  const count = vectorCount(db);
  const trained = Number(metaValue(db, 'trained') ?? 0);
  if (trained === 0 ? count < policy.from : count < trained * policy.regrow) return false;
  const dims = Number(metaValue(db, 'dims'));
  const ids = db.prepare('SELECT id FROM vectors.chunk ORDER BY id').pluck().all() as number[];
  const wanted = Math.min(4096, Math.max(16, Math.round(Math.sqrt(count * policy.regrow))));
  const read = db.prepare('SELECT embedding FROM vectors.vec WHERE rowid = ?').pluck();
  const sampled = Math.min(ids.length, wanted * SAMPLE_PER_CELL, SAMPLE_MAX);
  const sample: Float32Array[] = [];
  for (let i = 0; i < sampled; i++) sample.push(vector(read.get(BigInt(ids[Math.floor((i * ids.length) / sampled)]!)) as Buffer));
  const cells = trainCells(sample, wanted, dims);
  const del = db.prepare('DELETE FROM vectors.vec WHERE rowid = ?');
  const add = db.prepare('INSERT INTO vectors.vec (rowid, cell, embedding) VALUES (?, ?, ?)');
  const addCentroid = db.prepare('INSERT INTO vectors.centroid (cell, vector) VALUES (?, ?)');
  db.transaction(() => {
    db.exec('DELETE FROM vectors.centroid');
    for (let c = 0; c < cells.count; c++) addCentroid.run(c + 1, blob(cells.centroids.subarray(c * dims, (c + 1) * dims)));
    // Every vector, those another process stored during the k-means too.
    for (const id of db.prepare('SELECT id FROM vectors.chunk ORDER BY id').pluck().all() as number[]) {
      const rowid = BigInt(id);
      const v = read.get(rowid) as Buffer;
      del.run(rowid);
      add.run(rowid, BigInt(nearestCell(cells, vector(v)) + 1), v);
    }
    db.prepare("INSERT OR REPLACE INTO vectors.meta (key, value) VALUES ('trained', ?), ('cells', ?)").run(String(count), crypto.randomUUID());
  })();
  return true;
}

/**
 * Stores an entry's chunk vectors (unless the entry changed meanwhile: its
 * hash is checked), each in the partition of its nearest cell; a chunk
 * whose vector is not of length 1 (zeros) is left out.
 */
export function storeVectors(db: Database.Database, entries: { id: number; sha1: string; chunks: { path: string; vector: Float32Array }[] }[]): void {
  const current = db.prepare('SELECT sha1 FROM main.entry WHERE id = ?').pluck();
  const stored = entries.reduce((n, e) => n + e.chunks.length, 0);
  let cells = currentCells(db);
  // Grouping the centroids costs about what comparing 4√count vectors with every centroid does.
  if (cells && stored > 4 * Math.sqrt(cells.count)) cells = grouped(cells);
  const addChunk = db.prepare('INSERT INTO vectors.chunk (entry_id, entry_sha1, path) VALUES (?, ?, ?)');
  const addVec = db.prepare('INSERT INTO vectors.vec (rowid, cell, embedding) VALUES (?, ?, ?)');
  const addEntry = db.prepare('INSERT OR REPLACE INTO vectors.embedded (entry_id, sha1) VALUES (?, ?)');
  db.transaction(() => {
    for (const e of entries) {
      if (current.get(e.id) !== e.sha1) continue;
      addEntry.run(e.id, e.sha1);
      // A chunk the model has no vector for (zeros: no token it knows) is near nothing, not near everything.
      for (const c of e.chunks.filter((c) => isUnit(c.vector))) {
        const id = addChunk.run(e.id, e.sha1, c.path).lastInsertRowid;
        addVec.run(BigInt(id), BigInt(cells ? nearestCell(cells, c.vector) + 1 : 0), blob(c.vector));
      }
    }
  })();
}

/**
 * The `k` chunks nearest a vector, nearest first: among the vectors of the
 * `PROBED` cells nearest it once there are cells (and of cell 0, which holds
 * none then), among all before; `everywhere` compares with every vector.
 */
export function nearestChunks(db: Database.Database, query: Float32Array, k: number, everywhere = false): NearChunk[] {
  const cells = everywhere ? undefined : currentCells(db);
  const probed = cells ? JSON.stringify([0, ...nearestCells(cells, query, PROBED).map((c) => c + 1)]) : undefined;
  const rows = db
    .prepare(
      `WITH near AS MATERIALIZED (SELECT rowid, distance FROM vectors.vec WHERE embedding MATCH ? AND k = ?${probed ? ' AND cell IN (SELECT value FROM json_each(?))' : ''}),
       v AS MATERIALIZED (SELECT rowid, distance FROM near ORDER BY distance, rowid LIMIT ?)
       SELECT c.entry_id, c.path, v.distance, e.line, fl.shown FROM v JOIN vectors.chunk c ON c.id = v.rowid JOIN main.entry e ON e.id = c.entry_id JOIN main.file fl ON fl.id = e.file_id ORDER BY v.distance, v.rowid`,
    )
    .all(...[blob(query), k, ...(probed ? [probed] : []), k]) as { entry_id: number; path: string; distance: number; line: number; shown: string }[];
  return rows.map((r) => ({ entryId: r.entry_id, file: r.shown, line: r.line + 1, path: r.path, similarity: 1 - r.distance }));
}

/** How many chunks have vectors. */
export function vectorCount(db: Database.Database): number {
  return db.prepare('SELECT count(*) FROM vectors.chunk').pluck().get() as number;
}
