/**
 * The index's tables. The index is a cache: everything in it is read again
 * from the journal's text when it is missing, stale, broken or of another
 * version, so a schema change is a migration when one is cheap and a rebuild
 * otherwise.
 *
 * Two databases make one index: the main one (entries and what they hold, and
 * the word lists, for ranking: see words.ts) and `grams` (the trigram lists
 * of their whole text, which find every entry holding a substring: see
 * grams.ts), kept in a file of its own so that the first indexing of a large
 * journal fills both at once, on two cores. An entry's id is its id in both
 * kinds of list.
 */
import type Database from 'better-sqlite3';
import { GRAMS_TABLES, WORD_TABLES_SQL } from './lists.js';

/** `PRAGMA application_id` of a daybook index ("DYBK"): tells our files from any other SQLite file. */
export const APPLICATION_ID = 0x4459424b;

/**
 * The schema version (`PRAGMA user_version`). Bump it, and add a migration,
 * when the tables change or when the parser reads entries differently (the
 * rows would then differ from what a new index holds).
 */
export const SCHEMA_VERSION = 4;

/** The tables of the main database, as version 1 made them. */
const MAIN_V1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE file (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,      -- absolute path
  shown TEXT NOT NULL,            -- path as shown to the user when it was indexed
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  ino INTEGER NOT NULL,
  sha1 TEXT NOT NULL,             -- of the whole file as indexed: an append is told from an edit by it
  writable INTEGER NOT NULL
);
CREATE TABLE entry (
  id INTEGER PRIMARY KEY,         -- also the rowid of both full-text tables
  file_id INTEGER NOT NULL REFERENCES file(id),
  byte_from INTEGER NOT NULL,     -- the entry's bytes in its file
  byte_to INTEGER NOT NULL,
  line INTEGER NOT NULL,          -- 0-based line of its header
  moment INTEGER NOT NULL,        -- Moment.code: minutes on a calendar of 12 x 31 days; negative when impossible
  header TEXT NOT NULL,           -- the moment as written
  day INTEGER,                    -- YYYYMMDD of a real moment
  title TEXT,                     -- the title line, trimmed; NULL when untitled
  gtd INTEGER NOT NULL,
  thread_key TEXT,                -- the thread it is part of (title without contN)
  thread_part INTEGER,
  subtitle TEXT,
  items TEXT,                     -- the paths of its outline's items, space-separated with spaces around (' 1 1.1 2 ')
  chars INTEGER NOT NULL,         -- length of its text
  open_todos INTEGER NOT NULL,
  sha1 TEXT NOT NULL              -- of its bytes: an edit elsewhere re-indexes only the entries it changed
);
CREATE INDEX entry_file ON entry(file_id, byte_from);
CREATE INDEX entry_moment ON entry(moment);
CREATE INDEX entry_day ON entry(day);
CREATE INDEX entry_thread ON entry(thread_key, thread_part);
CREATE TABLE topic (entry_id INTEGER NOT NULL, name TEXT NOT NULL COLLATE NOCASE, qualifier INTEGER NOT NULL);
CREATE INDEX topic_name ON topic(name);
CREATE INDEX topic_entry ON topic(entry_id);
CREATE TABLE reference (
  entry_id INTEGER NOT NULL,      -- the entry the reference is written in
  char_from INTEGER NOT NULL,     -- where in that entry's text
  char_to INTEGER NOT NULL,
  target INTEGER,                 -- Moment.code of the moment it names (NULL for an item reference)
  path TEXT                       -- the item path it names ("1.2"), or the sibling number of an item reference
);
CREATE INDEX reference_target ON reference(target);
CREATE INDEX reference_entry ON reference(entry_id);
CREATE TABLE todo (entry_id INTEGER NOT NULL, char_from INTEGER NOT NULL, done INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX todo_entry ON todo(entry_id);
CREATE TABLE mail (entry_id INTEGER NOT NULL, char_from INTEGER NOT NULL, sender TEXT NOT NULL, address TEXT, subject TEXT NOT NULL);
CREATE INDEX mail_entry ON mail(entry_id);
CREATE TABLE gtd_day (entry_id INTEGER PRIMARY KEY, date TEXT NOT NULL, sessions INTEGER NOT NULL, tasks INTEGER NOT NULL, minutes INTEGER NOT NULL);
CREATE VIRTUAL TABLE words USING fts5(text, tokenize = 'unicode61', content = '', contentless_delete = 1);
`;


/**
 * Migrations of the main database: `MIGRATIONS[v]` takes a database at
 * version v to v + 1. Version 0 is an empty file.
 */
const MIGRATIONS: ((db: Database.Database) => void)[] = [
  (db) => db.exec(MAIN_V1),
  // Version 2: the key of the thread an entry opens (its title without contN), so that a thread's search finds its opener.
  // The rows of older entries lack it: dropping the generation makes the next open empty the index, and the next sync fill it again.
  (db) => db.exec("ALTER TABLE entry ADD COLUMN opener_key TEXT; CREATE INDEX entry_opener ON entry(opener_key); DELETE FROM meta WHERE key = 'generation';"),
  // Version 3: the file's ctime, which every write changes and no tool can set back, so that an edit that keeps
  // the size and sets the mtime back is still seen. Older rows hold 0: the next sync hashes each file once and keeps its rows.
  (db) => db.exec('ALTER TABLE file ADD COLUMN ctime_ms REAL NOT NULL DEFAULT 0;'),
  // Version 4: the trigrams are lists of our own (grams.ts) rather than an FTS5 table: the grams database is made anew,
  // and dropping the generation makes the next open empty the index, and the next sync fill it again. Topics name
  // a row of `topic_name` (a journal has a few hundred topics over hundreds of thousands of entries): half the size.
  // The words, too, are lists of our own (words.ts) rather than an FTS5 table.
  (db) =>
    db.exec(`DROP TABLE IF EXISTS words;
DROP TABLE IF EXISTS word_segment;
DROP TABLE IF EXISTS word;
DROP TABLE IF EXISTS word_dead;
DROP TABLE IF EXISTS word_length;
DROP TABLE IF EXISTS word_tail;
${WORD_TABLES_SQL}
DROP TABLE IF EXISTS topic;
DROP TABLE IF EXISTS topic_name;
CREATE TABLE topic_name (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE topic (name_id INTEGER NOT NULL, entry_id INTEGER NOT NULL, qualifier INTEGER NOT NULL, PRIMARY KEY (name_id, entry_id, qualifier)) WITHOUT ROWID;
CREATE INDEX topic_entry ON topic(entry_id);
DELETE FROM meta WHERE key = 'generation';`),
];

/** Brings an empty or older main database to `SCHEMA_VERSION`, in one transaction. */
export function migrateMain(db: Database.Database, from: number): void {
  db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) MIGRATIONS[v]!(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/** Creates the tables of an empty grams database. */
export function createGrams(db: Database.Database, schema = 'main'): void {
  db.transaction(() => {
    db.exec(GRAMS_TABLES.replace(/CREATE TABLE (IF NOT EXISTS )?/g, `$&${schema}.`));
    db.pragma(`${schema}.application_id = ${APPLICATION_ID}`);
    db.pragma(`${schema}.user_version = ${SCHEMA_VERSION}`);
  })();
}
