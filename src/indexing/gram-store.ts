/**
 * The trigram lists in the grams database (see grams.ts for what they are):
 * writing a sync's segment, taking entries out, merging segments, and the
 * entries that hold every trigram of a query. `schema` names the database:
 * `grams` when attached to the main one, `main` in the worker of a first
 * indexing.
 */
import type Database from 'better-sqlite3';
import { bitCount, decodeIds, decodeInto, encodeParts, listLength, type GramBuilder } from './grams.js';

/** The tables of the grams database. */
export const GRAMS_TABLES = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE gram_segment (seg INTEGER PRIMARY KEY, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL, entries INTEGER NOT NULL);
CREATE TABLE gram (key INTEGER NOT NULL, first INTEGER NOT NULL, list BLOB NOT NULL, PRIMARY KEY (key, first)) WITHOUT ROWID;
CREATE TABLE gram_dead (id INTEGER PRIMARY KEY);
`;

/** More small segments than this are merged into one. */
const SMALL_SEGMENTS = 8;

/** Everything is merged into one segment when the small ones, or the entries taken out, reach this share of the entries. */
const MERGE_ALL = 1 / 8;

interface Segment {
  seg: number;
  first_id: number;
  last_id: number;
  entries: number;
}

/** The highest entry id the lists have ever held (0 for none): new entries get ids above it. */
export function lastGramId(db: Database.Database, schema = 'grams'): number {
  return (db.prepare(`SELECT max(last_id) AS m FROM ${schema}.gram_segment`).get() as { m: number | null }).m ?? 0;
}

/** Writes the lists of a builder as a new segment (its entries' ids above every earlier one). */
export function writeSegment(db: Database.Database, builder: GramBuilder, first: number, last: number, schema = 'grams'): void {
  if (builder.entries === 0) return;
  if (first <= lastGramId(db, schema)) throw new Error(`grams: a segment from id ${first} would overlap the lists (last id ${lastGramId(db, schema)})`);
  const seg = ((db.prepare(`SELECT max(seg) AS m FROM ${schema}.gram_segment`).get() as { m: number | null }).m ?? 0) + 1;
  db.prepare(`INSERT INTO ${schema}.gram_segment (seg, first_id, last_id, entries) VALUES (?, ?, ?, ?)`).run(seg, first, last, builder.entries);
  const insert = db.prepare(`INSERT INTO ${schema}.gram (key, first, list) VALUES (?, ?, ?)`);
  for (const [key, parts] of builder.lists()) for (const [first, list] of parts) insert.run(key, first, list);
}

/** Takes entries out: their ids are left out of every answer until the lists are merged. */
export function removeGrams(db: Database.Database, ids: Iterable<number>, schema = 'grams'): void {
  const insert = db.prepare(`INSERT OR IGNORE INTO ${schema}.gram_dead (id) VALUES (?)`);
  for (const id of ids) insert.run(id);
}

/** Empties the lists. */
export function clearGrams(db: Database.Database, schema = 'grams'): void {
  for (const t of ['gram', 'gram_segment', 'gram_dead']) db.exec(`DELETE FROM ${schema}.${t}`);
}

/**
 * Merges segments when there are many small ones (into one), or when the
 * small ones or the entries taken out have grown (everything into one,
 * without the entries taken out). Returns what it merged.
 */
export function tendGrams(db: Database.Database, schema = 'grams'): 'none' | 'small' | 'all' {
  const segments = db.prepare(`SELECT seg, first_id, last_id, entries FROM ${schema}.gram_segment ORDER BY seg`).all() as Segment[];
  if (segments.length < 2) return 'none';
  const dead = (db.prepare(`SELECT count(*) AS n FROM ${schema}.gram_dead`).get() as { n: number }).n;
  const total = segments.reduce((n, s) => n + s.entries, 0);
  const small = segments.slice(1);
  const smallEntries = small.reduce((n, s) => n + s.entries, 0);
  if (smallEntries >= total * MERGE_ALL || dead >= total * MERGE_ALL) {
    mergeSegments(db, segments, true, schema);
    return 'all';
  }
  if (small.length > SMALL_SEGMENTS) {
    mergeSegments(db, small, false, schema);
    return 'small';
  }
  return 'none';
}

/** Merges consecutive segments into the first of them; `dropDead` also leaves out (and forgets) the entries taken out. */
function mergeSegments(db: Database.Database, segments: Segment[], dropDead: boolean, schema: string): void {
  const from = segments[0]!;
  const to = segments[segments.length - 1]!;
  const dead = dropDead ? new Set(db.prepare(`SELECT id FROM ${schema}.gram_dead`).pluck().all() as number[]) : new Set<number>();
  // A part lies in the segment its first id lies in.
  const merged: [number, [number, Uint8Array][]][] = [];
  let key = -1;
  let parts: Int32Array[] = [];
  const flush = (): void => {
    if (key < 0) return;
    let ids = parts.length === 1 ? parts[0]! : concat(parts);
    if (dead.size > 0) ids = ids.filter((id) => !dead.has(id));
    if (ids.length > 0) merged.push([key, encodeParts(ids)]);
  };
  for (const [k, list] of db.prepare(`SELECT key, list FROM ${schema}.gram WHERE first BETWEEN ? AND ? ORDER BY key, first`).raw().iterate(from.first_id, to.last_id) as IterableIterator<[number, Uint8Array]>) {
    if (k !== key) {
      flush();
      key = k;
      parts = [];
    }
    parts.push(decodeIds(list));
  }
  flush();
  db.prepare(`DELETE FROM ${schema}.gram WHERE first BETWEEN ? AND ?`).run(from.first_id, to.last_id);
  const insert = db.prepare(`INSERT INTO ${schema}.gram (key, first, list) VALUES (?, ?, ?)`);
  for (const [k, ps] of merged) for (const [first, list] of ps) insert.run(k, first, list);
  const entries = segments.reduce((n, s) => n + s.entries, 0) - (dropDead ? dead.size : 0);
  db.prepare(`DELETE FROM ${schema}.gram_segment WHERE seg BETWEEN ? AND ?`).run(from.seg, to.seg);
  db.prepare(`INSERT INTO ${schema}.gram_segment (seg, first_id, last_id, entries) VALUES (?, ?, ?, ?)`).run(from.seg, from.first_id, to.last_id, Math.max(0, entries));
  if (dropDead) db.exec(`DELETE FROM ${schema}.gram_dead`);
}

function concat(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A list this many times longer than the entries left is not read: it would cost more than checking the few it would leave out. */
const NOT_WORTH = 16;

/**
 * The entries holding every trigram of `keys`, as a bitmap over entry ids
 * (bit `id` of the 32-bit words), entries taken out left out. The lists are
 * read shortest first; once the entries left are few, a list many times
 * longer is not read (the caller checks every entry in the text anyway), so
 * the answer may hold entries that lack such a common trigram.
 */
export function gramEntries(db: Database.Database, keys: number[], schema = 'grams', notWorth = NOT_WORTH): Uint32Array {
  const bits = new Uint32Array((lastGramId(db, schema) >>> 5) + 1);
  const read = db.prepare(`SELECT list FROM ${schema}.gram WHERE key = ? ORDER BY first`).pluck();
  const lists = keys.map((key) => {
    const parts = read.all(key) as Uint8Array[];
    return { parts, length: parts.reduce((n, part) => n + listLength(part), 0) };
  });
  if (lists.some((l) => l.length === 0)) return bits;
  lists.sort((a, b) => a.length - b.length);
  const one = new Uint32Array(bits.length);
  let left = Infinity;
  for (const [i, list] of lists.entries()) {
    if (list.length > left * notWorth) break;
    const target = i === 0 ? bits : one.fill(0);
    for (const part of list.parts) decodeInto(part, target);
    if (i > 0) for (let w = 0; w < bits.length; w++) bits[w]! &= one[w]!;
    left = bitCount(bits);
  }
  for (const id of db.prepare(`SELECT id FROM ${schema}.gram_dead`).pluck().iterate() as IterableIterator<number>) {
    if (id >>> 5 < bits.length) bits[id >>> 5]! &= ~(1 << (id & 31));
  }
  return bits;
}
