/**
 * The stored lists (see grams.ts for their format): the trigram lists in the
 * grams database, and the word lists (with counts) in the main one. Writing a
 * sync's segment, taking entries out, merging segments, and the entries that
 * hold every key of a query.
 *
 * A segment is what one sync added; its entries' ids are above every id of
 * an earlier segment, so a key's parts in order of their first ids are its
 * ids in order. An entry taken out is kept in the dead table, and left out
 * of every answer, until everything is merged (its id is never given again).
 */
import type Database from 'better-sqlite3';
import { Batch } from './batch.js';
import { decodeCounted, encodeParts, idsInAll, listLength } from './rice.js';

/**
 * The tables of one kind of list, by their qualified names: the first
 * segment's parts in `lists`, the later (small) segments' in `tail`, so that
 * merging the small ones reads a small table.
 */
export interface ListTables {
  lists: string;
  tail: string;
  segments: string;
  dead: string;
  /** Whether each id carries a count (the word lists). */
  counted: boolean;
}

/** The trigram lists, in the grams database (`grams` when attached to the main one, `main` in the worker of a first indexing). */
export const gramTables = (schema = 'grams'): ListTables => ({ lists: `${schema}.gram`, tail: `${schema}.gram_tail`, segments: `${schema}.gram_segment`, dead: `${schema}.gram_dead`, counted: false });

/** The word lists, in the main database. */
export const WORD_TABLES: ListTables = { lists: 'main.word', tail: 'main.word_tail', segments: 'main.word_segment', dead: 'main.word_dead', counted: true };

/** The tables of the grams database. */
export const GRAMS_TABLES = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE gram_segment (seg INTEGER PRIMARY KEY, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL, entries INTEGER NOT NULL, words INTEGER NOT NULL DEFAULT 0);
CREATE TABLE gram (key INTEGER NOT NULL, first INTEGER NOT NULL, list BLOB NOT NULL, PRIMARY KEY (key, first)) WITHOUT ROWID;
CREATE TABLE gram_tail (key INTEGER NOT NULL, first INTEGER NOT NULL, list BLOB NOT NULL, PRIMARY KEY (key, first)) WITHOUT ROWID;
CREATE TABLE gram_dead (id INTEGER PRIMARY KEY);
`;

/** The word tables of the main database. */
export const WORD_TABLES_SQL = `
CREATE TABLE word_segment (seg INTEGER PRIMARY KEY, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL, entries INTEGER NOT NULL, words INTEGER NOT NULL DEFAULT 0);
CREATE TABLE word (key TEXT NOT NULL, first INTEGER NOT NULL, list BLOB NOT NULL, PRIMARY KEY (key, first)) WITHOUT ROWID;
CREATE TABLE word_tail (key TEXT NOT NULL, first INTEGER NOT NULL, list BLOB NOT NULL, PRIMARY KEY (key, first)) WITHOUT ROWID;
CREATE TABLE word_dead (id INTEGER PRIMARY KEY);
CREATE TABLE word_length (first INTEGER PRIMARY KEY, lengths BLOB NOT NULL);
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
  words: number;
}

/** A key's list in parts, each named by its first id. */
export type Parts = [first: number, list: Uint8Array][];

/** The highest entry id the lists have ever held (0 for none): new entries get ids above it. */
export function lastListId(db: Database.Database, t: ListTables): number {
  return (db.prepare(`SELECT max(last_id) AS m FROM ${t.segments}`).get() as { m: number | null }).m ?? 0;
}

/** What a segment holds: its ids, its entries, and (word lists) their words in all. */
export interface SegmentInfo {
  first: number;
  last: number;
  entries: number;
  words?: number;
}

/** Records a segment (its entries' ids above every earlier one); its lists are written with `writeParts`, before or after. */
export function addSegment(db: Database.Database, t: ListTables, info: SegmentInfo): void {
  const earlier = (db.prepare(`SELECT max(last_id) AS m FROM ${t.segments}`).get() as { m: number | null }).m ?? 0;
  if (info.first <= earlier) throw new Error(`lists: a segment from id ${info.first} would overlap the lists (last id ${earlier})`);
  const seg = ((db.prepare(`SELECT max(seg) AS m FROM ${t.segments}`).get() as { m: number | null }).m ?? 0) + 1;
  db.prepare(`INSERT INTO ${t.segments} (seg, first_id, last_id, entries, words) VALUES (?, ?, ?, ?, ?)`).run(seg, info.first, info.last, info.entries, info.words ?? 0);
}

/**
 * Makes the last segment take in entries after it (ids above its own, their
 * parts already written where its parts are): the word lists the worker of
 * a first indexing wrote for the last entries join the main thread's.
 */
export function extendLastSegment(db: Database.Database, t: ListTables, more: { last: number; entries: number; words: number }): void {
  const changed = db.prepare(`UPDATE ${t.segments} SET last_id = ?, entries = entries + ?, words = words + ? WHERE seg = (SELECT max(seg) FROM ${t.segments}) AND last_id < ?`).run(more.last, more.entries, more.words, more.last).changes;
  if (changed !== 1) throw new Error('lists: no segment below the entries to join');
}

/** Where the parts of the next segment go: the first segment's into `lists`, a later one's into `tail`. */
export function partsTable(db: Database.Database, t: ListTables): string {
  return lastListId(db, t) === 0 ? t.lists : t.tail;
}

/** Writes lists (each key's parts) into `table` (see `partsTable`). */
export function writeParts(db: Database.Database, table: string, lists: Iterable<[key: number | string, parts: Parts]>): void {
  const insert = new Batch(db, `INSERT INTO ${table} (key, first, list)`, 3);
  for (const [key, parts] of lists) for (const [first, list] of parts) insert.add(key, first, list);
  insert.flush();
}

/** Takes entries out: their ids are left out of every answer until the lists are merged. */
export function removeFromLists(db: Database.Database, t: ListTables, ids: Iterable<number>): void {
  const insert = prepared(db, `INSERT OR IGNORE INTO ${t.dead} (id) VALUES (?)`);
  for (const id of ids) insert.run(id);
}

/** Empties the lists. */
export function clearLists(db: Database.Database, t: ListTables): void {
  for (const table of [t.lists, t.tail, t.segments, t.dead]) db.exec(`DELETE FROM ${table}`);
}

/** How many entries the lists hold (taken out ones not counted), and their words in all (word lists). */
export function listStats(db: Database.Database, t: ListTables): { entries: number; words: number } {
  const s = db.prepare(`SELECT coalesce(sum(entries), 0) AS entries, coalesce(sum(words), 0) AS words FROM ${t.segments}`).get() as { entries: number; words: number };
  const dead = (db.prepare(`SELECT count(*) AS n FROM ${t.dead}`).get() as { n: number }).n;
  return { entries: Math.max(0, s.entries - dead), words: s.words };
}

/**
 * Merges segments when there are many small ones (into one), or when the
 * small ones or the entries taken out have grown (everything into one,
 * without the entries taken out). Returns what it merged.
 */
export function tendLists(db: Database.Database, t: ListTables): 'none' | 'small' | 'all' {
  const segments = db.prepare(`SELECT seg, first_id, last_id, entries, words FROM ${t.segments} ORDER BY seg`).all() as Segment[];
  if (segments.length < 2) return 'none';
  const dead = (db.prepare(`SELECT count(*) AS n FROM ${t.dead}`).get() as { n: number }).n;
  const total = segments.reduce((n, s) => n + s.entries, 0);
  const small = segments.slice(1);
  const smallEntries = small.reduce((n, s) => n + s.entries, 0);
  if (smallEntries >= total * MERGE_ALL || dead >= total * MERGE_ALL) {
    mergeSegments(db, t, segments, true);
    return 'all';
  }
  if (small.length > SMALL_SEGMENTS) {
    mergeSegments(db, t, small, false);
    return 'small';
  }
  return 'none';
}

/**
 * Merges consecutive segments into the first of them: the small ones (in
 * `tail`) into one there, or (`dropDead`) every one into `lists`, leaving
 * out and forgetting the entries taken out.
 */
function mergeSegments(db: Database.Database, t: ListTables, segments: Segment[], dropDead: boolean): void {
  const from = segments[0]!;
  const to = segments[segments.length - 1]!;
  const dead = dropDead ? new Set(db.prepare(`SELECT id FROM ${t.dead}`).pluck().all() as number[]) : new Set<number>();
  // (The words of the entries taken out stay in the segment's count of words: the mean length BM25 uses drifts a little with many edits.)
  const merged: [number | string, Parts][] = [];
  let key: number | string | undefined;
  let parts: { ids: Int32Array; counts: Int32Array }[] = [];
  const flush = (): void => {
    if (key === undefined) return;
    let ids = concat(parts.map((p) => p.ids));
    let counts = concat(parts.map((p) => p.counts));
    if (dead.size > 0) {
      const keep = ids.map((id) => (dead.has(id) ? 0 : 1));
      ids = ids.filter((_, i) => keep[i] === 1);
      counts = counts.filter((_, i) => keep[i] === 1);
    }
    if (ids.length > 0) merged.push([key, encodeParts(ids, t.counted ? counts : undefined)]);
  };
  const source = dropDead ? `SELECT key, first, list FROM ${t.lists} UNION ALL SELECT key, first, list FROM ${t.tail}` : `SELECT key, first, list FROM ${t.tail}`;
  for (const [k, , list] of db.prepare(`${source} ORDER BY key, first`).raw().iterate() as IterableIterator<[number | string, number, Uint8Array]>) {
    if (k !== key) {
      flush();
      key = k;
      parts = [];
    }
    parts.push(decodeCounted(list));
  }
  flush();
  db.exec(`DELETE FROM ${t.tail}`);
  if (dropDead) db.exec(`DELETE FROM ${t.lists}`);
  const insert = db.prepare(`INSERT INTO ${dropDead ? t.lists : t.tail} (key, first, list) VALUES (?, ?, ?)`);
  for (const [k, ps] of merged) for (const [first, list] of ps) insert.run(k, first, list);
  const entries = segments.reduce((n, s) => n + s.entries, 0) - (dropDead ? dead.size : 0);
  const words = segments.reduce((n, s) => n + s.words, 0);
  db.prepare(`DELETE FROM ${t.segments} WHERE seg BETWEEN ? AND ?`).run(from.seg, to.seg);
  db.prepare(`INSERT INTO ${t.segments} (seg, first_id, last_id, entries, words) VALUES (?, ?, ?, ?, ?)`).run(from.seg, from.first_id, to.last_id, Math.max(0, entries), words);
  if (dropDead) db.exec(`DELETE FROM ${t.dead}`);
}

function concat(parts: Int32Array[]): Int32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Statements made once a connection (a search reads the parts of many keys). */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(db: Database.Database, sql: string): Database.Statement {
  let mine = statements.get(db);
  if (!mine) statements.set(db, (mine = new Map()));
  let statement = mine.get(sql);
  if (!statement) mine.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** The parts of a key's list with their first ids, in order. */
export function readPartsInOrder(db: Database.Database, t: ListTables, key: number | string): [first: number, list: Uint8Array][] {
  return prepared(db, `SELECT first, list FROM ${t.lists} WHERE key = @key UNION ALL SELECT first, list FROM ${t.tail} WHERE key = @key ORDER BY first`).raw().all({ key }) as [number, Uint8Array][];
}

/** The keys that start with `prefix` (word lists: the words a `word*` term stands for). */
export function keysStarting(db: Database.Database, t: ListTables, prefix: string): string[] {
  return db.prepare(`SELECT key FROM ${t.lists} WHERE key >= @from AND key < @to UNION SELECT key FROM ${t.tail} WHERE key >= @from AND key < @to`).pluck().all({ from: prefix, to: `${prefix}\u{10ffff}` }) as string[];
}

/** Clears the bits of the entries taken out. */
function dropDead(db: Database.Database, t: ListTables, bits: Uint32Array): void {
  for (const id of db.prepare(`SELECT id FROM ${t.dead}`).pluck().iterate() as IterableIterator<number>) {
    if (id >>> 5 < bits.length) bits[id >>> 5]! &= ~(1 << (id & 31));
  }
}

/** A list this many times longer than the entries left is not read: it would cost more than checking the few it would leave out. */
const NOT_WORTH = 256;

/**
 * The entries holding every key of `keys` (each key: one list, or the union
 * of several, such as the words a prefix stands for), as a bitmap over
 * entry ids, entries taken out left out. The lists are read shortest first;
 * once the entries left are few, a list many times longer is not read (the
 * caller checks every entry in the text anyway), so the answer may hold
 * entries that lack such a common key.
 */
export function listEntries(db: Database.Database, t: ListTables, keys: (number | string | (number | string)[])[], notWorth = NOT_WORTH): Uint32Array {
  const words = (lastListId(db, t) >>> 5) + 1;
  const lists = keys.map((key) => {
    const parts = (Array.isArray(key) ? key : [key]).flatMap((k) => readPartsInOrder(db, t, k).map(([, list]) => list));
    return { parts, length: parts.reduce((n, part) => n + listLength(part), 0) };
  });
  if (lists.some((l) => l.length === 0)) return new Uint32Array(words);
  lists.sort((a, b) => a.length - b.length);
  const bits = idsInAll(
    lists.map((l) => l.parts),
    words,
    (i, left) => lists[i]!.length <= left * notWorth,
  );
  dropDead(db, t, bits);
  return bits;
}
