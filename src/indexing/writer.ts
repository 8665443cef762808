/**
 * Writing entries into the index and taking them out again: one prepared
 * statement a table, used inside the caller's transaction.
 */
import type Database from 'better-sqlite3';
import { Batch } from './batch.js';
import { GramBuilder } from './grams.js';
import { addSegment, extendLastSegment, gramTables, lastListId, partsTable, removeFromLists, tendLists, WORD_TABLES, writeParts } from './lists.js';
import { WORD_SHARE, WordBuilder, writeLengths, type WordShare } from './words.js';
import type { EntryRows } from './rows.js';

/** Where an entry is: its file, bytes, first line. */
export interface EntryPlace {
  id: number;
  fileId: number;
  byteFrom: number;
  byteTo: number;
  line: number;
  sha1: string;
}

/** Prepared statements for the index's tables. */
export class IndexWriter {
  private readonly entry: Batch;
  private readonly topic: Batch;
  private readonly topicId: Database.Statement;
  private readonly newTopic: Database.Statement;
  /** The ids of the topic names seen, by the name with ASCII letters lower-cased (as SQLite's NOCASE compares). */
  private readonly topicIds = new Map<string, number>();
  private readonly reference: Batch;
  private readonly todo: Batch;
  private readonly mail: Batch;
  private readonly gtd: Batch;
  /** The word lists of the entries added, written out a batch at a time and finished by `finish`. */
  private words: WordBuilder;
  private firstWordId = 0;
  /** Where the word lists of this sync go (see `partsTable`). */
  private wordTable = '';
  private readonly deletes: Database.Statement[];
  /** The texts of the entries added, for their trigram lists (written by `finish`). */
  private readonly pending: { id: number; text: string }[] = [];
  private readonly move: Database.Statement;
  /** Entries from this id on have their word lists written by the worker of a first indexing (see `joinWords`). */
  wordsBefore = Infinity;

  /** `bytes`: about how many bytes of entries this sync adds. */
  constructor(
    private readonly db: Database.Database,
    bytes = 0,
  ) {
    this.words = new WordBuilder(undefined, bytes);
    this.entry = new Batch(db, 'INSERT INTO main.entry (id, file_id, byte_from, byte_to, line, moment, header, day, title, gtd, thread_key, thread_part, subtitle, opener_key, items, chars, open_todos, sha1)', 18);
    this.topic = new Batch(db, 'INSERT OR IGNORE INTO main.topic (name_id, entry_id, qualifier)', 3);
    this.topicId = db.prepare('SELECT id FROM main.topic_name WHERE name = ?').pluck();
    this.newTopic = db.prepare('INSERT INTO main.topic_name (name) VALUES (?)');
    this.reference = new Batch(db, 'INSERT INTO main.reference (entry_id, char_from, char_to, target, path)', 5);
    this.todo = new Batch(db, 'INSERT INTO main.todo (entry_id, char_from, done, text)', 4);
    this.mail = new Batch(db, 'INSERT INTO main.mail (entry_id, char_from, sender, address, subject)', 5);
    this.gtd = new Batch(db, 'INSERT INTO main.gtd_day (entry_id, date, sessions, tasks, minutes)', 5);
    this.deletes = ['main.entry WHERE id', 'main.topic WHERE entry_id', 'main.reference WHERE entry_id', 'main.todo WHERE entry_id', 'main.mail WHERE entry_id', 'main.gtd_day WHERE entry_id'].map((t) => db.prepare(`DELETE FROM ${t} = ?`));
    this.move = db.prepare('UPDATE main.entry SET byte_from = ?, byte_to = ?, line = ? WHERE id = ?');
  }

  /**
   * Adds an entry. `withGrams` false leaves its trigrams to another writer
   * (the worker of a first indexing); otherwise they are written by `finish`.
   */
  add(place: EntryPlace, rows: EntryRows, text: string, withGrams: boolean): void {
    const id = place.id;
    this.entry.add(id, place.fileId, place.byteFrom, place.byteTo, place.line, rows.moment, rows.header, rows.day, rows.title, rows.gtd, rows.threadKey, rows.threadPart, rows.subtitle, rows.openerKey, rows.items, rows.chars, rows.openTodos, place.sha1);
    for (const [name, q] of rows.topics) this.topic.add(this.nameId(name), id, q);
    for (const [from, to, target, p] of rows.references) this.reference.add(id, from, to, target, p);
    for (const [from, done, t] of rows.todos) this.todo.add(id, from, done, t);
    for (const [from, sender, address, subject] of rows.mails) this.mail.add(id, from, sender, address, subject);
    if (rows.gtdDay) this.gtd.add(id, ...rows.gtdDay);
    if (id < this.wordsBefore) {
      if (this.words.lengths.length === 0) {
        this.firstWordId = id;
        if (id <= lastListId(this.db, WORD_TABLES)) throw new Error(`lists: entry ${id} is not above the word lists' last id`);
        this.wordTable = partsTable(this.db, WORD_TABLES);
      }
      this.words.add(id, text);
      if (this.words.full) writeParts(this.db, this.wordTable, this.words.take());
    }
    if (withGrams) this.pending.push({ id, text });
  }

  /** The id of a topic's name, made when new. */
  private nameId(name: string): number {
    const key = name.replace(/[A-Z]+/g, (c) => c.toLowerCase());
    let id = this.topicIds.get(key);
    if (id === undefined) {
      id = (this.topicId.get(name) as number | undefined) ?? Number(this.newTopic.run(name).lastInsertRowid);
      this.topicIds.set(key, id);
    }
    return id;
  }

  /** Inserts the rows still waiting: before any statement reads or changes the tables. */
  private flush(): void {
    for (const b of [this.entry, this.topic, this.reference, this.todo, this.mail, this.gtd]) b.flush();
  }

  /** Takes an entry out of every table. */
  remove(id: number): void {
    this.flush();
    for (const d of this.deletes) d.run(id);
    for (const t of [gramTables(), WORD_TABLES]) removeFromLists(this.db, t, [id]);
  }

  /**
   * Writes the lists of the entries added, one segment of each kind, and
   * merges segments when due: the word lists always, the trigram lists
   * unless `withGrams` is false (a worker writes them).
   */
  finish(withGrams: boolean): void {
    this.flush();
    const lengths = this.words.lengths;
    if (lengths.length > 0) {
      writeParts(this.db, this.wordTable, this.words.take());
      addSegment(this.db, WORD_TABLES, { first: this.firstWordId, last: lengths[lengths.length - 1]![0], entries: lengths.length, words: this.words.totalWords });
      writeLengths(this.db, lengths);
      this.words = new WordBuilder();
    }
    tendLists(this.db, WORD_TABLES);
    if (!withGrams) return;
    if (this.pending.length > 0) {
      const added = this.pending.sort((a, b) => a.id - b.id);
      const builder = new GramBuilder(Int32Array.from(added, (a) => a.id), (i) => added[i]!.text);
      const table = partsTable(this.db, gramTables());
      addSegment(this.db, gramTables(), { first: added[0]!.id, last: added[added.length - 1]!.id, entries: added.length });
      writeParts(this.db, table, builder.lists());
      this.pending.length = 0;
    }
    tendLists(this.db, gramTables());
  }

  /**
   * Takes in the word lists the worker wrote for the entries from
   * `wordsBefore` on (in the database attached as `schema`, `WORD_SHARE`):
   * their parts beside this sync's, their lengths, and its segment extended
   * to them. After `finish`, once the worker is done.
   */
  joinWords(share: WordShare | undefined, schema: string): void {
    if (this.wordsBefore === Infinity) return;
    // (The worker says what it wrote before it ends: an index without those lists would miss words, not say so.)
    if (!share) throw new Error('indexing the full text failed (the word lists of the worker did not arrive)');
    this.db.exec(`INSERT INTO ${this.wordTable} (key, first, list) SELECT key, first, list FROM ${schema}.${WORD_SHARE.lists}`);
    this.db.exec(`INSERT INTO main.word_length (first, lengths) SELECT first, lengths FROM ${schema}.${WORD_SHARE.lengths}`);
    extendLastSegment(this.db, WORD_TABLES, share);
  }

  /** Records that an unchanged entry now sits elsewhere in its file. */
  moveTo(id: number, byteFrom: number, byteTo: number, line: number): void {
    this.flush();
    this.move.run(byteFrom, byteTo, line, id);
  }
}
