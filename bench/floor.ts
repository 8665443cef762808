/**
 * What a first index of a journal cannot skip, each part measured alone in
 * this process, once the index is built (bench/search.ts runs it):
 *
 *   node dist/bench/floor.js JOURNAL INDEX
 *
 * prints, as JSON, the milliseconds of:
 * - `readDecode`: reading the file and decoding it (the baseline's work);
 * - `lower`: lower-casing the text, as both kinds of list need it;
 * - `probe`: every trigram of the lower-cased text looked up in a table of
 *   the trigrams seen, nothing else (no lists: grams.ts also writes each
 *   entry's gap to the trigram's list);
 * - `walk`: finding where the words are, ASCII letters and digits and CJK
 *   characters only (no dictionary, no lists: words.ts does more);
 * - `entries`: reading every entry for its rows (the model's reader and
 *   rows.ts, as sync.ts calls them), the file already cut into entries;
 * - `rows`, `indexes`, `wordLists`, `gramLists`, `commit`: SQLite writing
 *   the rows, table indexes and lists this index holds, copied from it into
 *   an empty index of the same schema, 32 rows a statement as the index
 *   inserts them, their values made before the clock starts.
 *
 * The sum of the parts shared perfectly by two cores, after reading and
 * decoding, is the least a first index of this design can take here; the
 * real one also builds the lists, encodes them, and hashes the entries.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEntry } from '../src/model/entry.js';
import type { JournalFile } from '../src/model/types.js';
import { hashOf } from '../src/indexing/grams.js';
import { entryRows } from '../src/indexing/rows.js';
import { parseBytes } from '../src/syntax/bytes.js';

const [journal, index] = process.argv.slice(2);
if (!journal || !index) {
  console.error('usage: node dist/bench/floor.js JOURNAL INDEX');
  process.exit(2);
}

const times: Record<string, number> = {};
let t = performance.now();
const lap = (name: string): void => {
  const now = performance.now();
  times[name] = Math.round(now - t);
  t = now;
};

const bytes = fs.readFileSync(journal);
const text = new TextDecoder().decode(bytes);
lap('readDecode');

const lower = text.toLowerCase();
lap('lower');

// Every trigram without white space looked up (and added when new) in an open-addressing table of keys, by grams.ts's hash.
let mask = (1 << 20) - 1;
let table = new Int32Array((mask + 1) * 2);
let distinct = 0;
const probe = (low: number, high: number, a: number, b: number, c: number): void => {
  let h = hashOf(a, b, c, mask);
  for (;;) {
    const got = table[2 * h + 1]!;
    if (got === high && table[2 * h] === low) return;
    if (got === 0) break;
    h = (h + 1) & mask;
  }
  table[2 * h] = low;
  table[2 * h + 1] = high;
  if (++distinct * 2 > mask) {
    const old = table;
    mask = mask * 2 + 1;
    table = new Int32Array((mask + 1) * 2);
    distinct = 0;
    for (let o = 0; o < old.length; o += 2) if (old[o + 1] !== 0) probe(old[o]!, old[o + 1]!, old[o + 1]! - 1, old[o]! >>> 16, old[o]! & 0xffff);
  }
};
const space = (u: number): boolean => u <= 0x20 || u === 0xa0 || u === 0x3000;
let a = 0x20;
let b = 0x20;
for (let i = 0; i < lower.length; i++) {
  const c = lower.charCodeAt(i);
  if (!space(a) && !space(b) && !space(c)) probe((b << 16) | c, a + 1, a, b, c);
  a = b;
  b = c;
}
lap('probe');

let words = 0;
let inWord = false;
for (let i = 0; i < lower.length; i++) {
  const u = lower.charCodeAt(i);
  const cjk = u >= 0x4e00 && u <= 0x9fff;
  const word = (u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39) || cjk;
  if (cjk || (word && !inWord)) words++;
  inWord = word && !cjk;
}
lap('walk');

const { doc } = parseBytes(bytes);
t = performance.now();
const file: JournalFile = { path: journal, doc, entries: [], writable: true, diagnostics: [] };
const ctx = { file, diagnostics: [] };
let entries = 0;
doc.forEachChunk((chunk, entryText) => {
  if (chunk.preamble) return;
  entryRows(readEntry(ctx, chunk, entryText), entryText);
  ctx.diagnostics.length = 0;
  entries++;
});
lap('entries');

// The index's rows and lists, their values flattened into statements of 32 rows before the clock starts.
const source = new Database(index, { readonly: true });
source.prepare('ATTACH DATABASE ? AS grams').run(`${index}-grams`);
const copied = (table: string): { columns: number; many: unknown[][]; rest: unknown[][] } => {
  const rows = source.prepare(`SELECT * FROM ${table.includes('.') ? table : `main.${table}`}`).raw().all() as unknown[][];
  const many: unknown[][] = [];
  let i = 0;
  for (; i + 32 <= rows.length; i += 32) many.push(rows.slice(i, i + 32).flat());
  return { columns: rows[0]?.length ?? 0, many, rest: rows.slice(i) };
};
const rowTables = ['file', 'entry', 'topic_name', 'topic', 'reference', 'todo', 'mail', 'gtd_day'];
const data = new Map([...rowTables, 'word', 'grams.gram'].map((name) => [name, copied(name)]));
const schema = (db: string, type: string) => source.prepare(`SELECT sql FROM ${db}.sqlite_master WHERE type = ? AND sql IS NOT NULL`).pluck().all(type) as string[];
const mainTables = schema('main', 'table');
const mainIndexes = schema('main', 'index');
const gramTables = schema('grams', 'table');
source.close();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-floor-'));
try {
  const db = new Database(path.join(dir, 'index.sqlite'));
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = NORMAL');
  for (const sql of mainTables) db.exec(sql);
  const grams = new Database(path.join(dir, 'index.sqlite-grams'));
  grams.pragma('synchronous = OFF');
  for (const sql of gramTables) grams.exec(sql);
  const insert = (into: Database.Database, from: string, table: string): void => {
    const { columns, many, rest } = data.get(from)!;
    if (columns === 0) return;
    const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
    const statement = into.prepare(`INSERT INTO ${table} VALUES ${Array.from({ length: 32 }, () => row).join(', ')}`);
    const one = into.prepare(`INSERT INTO ${table} VALUES ${row}`);
    for (const values of many) statement.run(values);
    for (const values of rest) one.run(values);
  };
  t = performance.now();
  db.transaction(() => {
    for (const table of rowTables) insert(db, table, table);
    lap('rows');
    for (const sql of mainIndexes) db.exec(sql);
    lap('indexes');
    insert(db, 'word', 'word');
    lap('wordLists');
  })();
  lap('commit');
  grams.transaction(() => insert(grams, 'grams.gram', 'gram'))();
  lap('gramLists');
  db.close();
  grams.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({ times, entries, words, trigrams: distinct }));
