/**
 * Backlinks from the index: the references whose target is an entry's
 * moment, with the line of journal text each stands on.
 */
import type Database from 'better-sqlite3';
import type { Journal } from '../model/journal.js';
import { Moment } from '../model/moment.js';
import { readTexts } from '../search/texts.js';
import type { WebBacklink } from './api.js';
import { entryById, entryId } from './views.js';

export type { WebBacklink };

interface Row {
  code: number;
  title: string | null;
  path: string;
  byte_from: number;
  byte_to: number;
  char_from: number;
  item: string | null;
}

/** The references to the entry at a moment, newest first. */
export function indexBacklinks(db: Database.Database, journal: Journal, code: number): WebBacklink[] {
  const rows = db
    .prepare('SELECT e.moment AS code, e.title, f.path, e.byte_from, e.byte_to, r.char_from, r.path AS item FROM main.reference r JOIN main.entry e ON e.id = r.entry_id JOIN main.file f ON f.id = e.file_id WHERE r.target = ? ORDER BY e.moment DESC, r.char_from LIMIT 500')
    .all(code) as Row[];
  const texts = readTexts(rows.map((r) => ({ path: r.path, byteFrom: r.byte_from, byteTo: r.byte_to })));
  return rows.map((r, i) => {
    const text = texts[i]!;
    const start = text.lastIndexOf('\n', r.char_from - 1) + 1;
    const end = text.indexOf('\n', r.char_from);
    const entry = entryById(journal, String(r.code));
    return {
      id: entry ? entryId(journal, entry) : String(r.code),
      moment: Moment.fromCode(r.code).key,
      title: r.title,
      text: text.slice(start, end === -1 ? undefined : end).trim(),
      ...(r.item ? { item: r.item } : {}),
    };
  });
}
