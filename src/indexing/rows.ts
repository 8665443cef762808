/**
 * What the index keeps of one entry: the rows of its tables, taken from the
 * model's reading of the entry. Offsets inside an entry are in characters
 * (UTF-16 code units) from the start of its text, so they stay right when
 * the entry moves in its file.
 */
import { itemPath } from '../model/references.js';
import type { EntryDetail, Item } from '../model/types.js';
import { spanMinutes } from '../model/gtd.js';

/** The rows of one entry, before it has an id. */
export interface EntryRows {
  moment: number;
  header: string;
  day: number | null;
  title: string | null;
  gtd: number;
  threadKey: string | null;
  threadPart: number | null;
  subtitle: string | null;
  /** The key of the thread it would open: its title without contN. */
  openerKey: string | null;
  chars: number;
  openTodos: number;
  topics: [name: string, qualifier: number][];
  /** Item paths, space-separated with spaces around: ' 1 1.1 2 '. */
  items: string | null;
  references: [from: number, to: number, target: number | null, path: string | null][];
  todos: [from: number, done: number, text: string][];
  mails: [from: number, sender: string, address: string | null, subject: string][];
  gtdDay?: [date: string, sessions: number, tasks: number, minutes: number];
}

/** Reads the rows of an entry from its detail. */
export function entryRows(detail: EntryDetail, text: string): EntryRows {
  const entry = detail.entry;
  const start = entry.from;
  const moment = entry.moment;
  const rows: EntryRows = {
    moment: moment?.code ?? -1,
    header: text.slice(0, entry.headerTo - start).trim(),
    day: moment?.valid ? moment.year * 10000 + moment.month * 100 + moment.day : null,
    title: entry.title?.text ?? null,
    gtd: entry.isGtd ? 1 : 0,
    threadKey: entry.thread?.key ?? null,
    threadPart: entry.thread?.part ?? null,
    subtitle: entry.thread?.subtitle ?? null,
    openerKey: detail.openerKey ?? null,
    chars: text.length,
    openTodos: 0,
    topics: [],
    items: null,
    references: [],
    todos: [],
    mails: [],
  };
  for (const t of detail.topics) rows.topics.push([t.name, 0]);
  for (const t of detail.qualifiers) rows.topics.push([t.name, 1]);
  const paths: string[] = [];
  const visit = (items: Item[]): void => {
    for (const item of items) {
      paths.push(itemPath(item));
      visit(item.children);
    }
  };
  visit(detail.items);
  if (paths.length) rows.items = ` ${paths.join(' ')} `;
  for (const r of detail.references) {
    if (r.kind === 'moment') rows.references.push([r.from - start, r.to - start, r.moment.valid ? r.moment.code : null, r.path.length ? r.path.join('.') : null]);
    else rows.references.push([r.from - start, r.to - start, null, String(r.number)]);
  }
  for (const t of detail.todos) {
    rows.todos.push([t.from - start, t.state === 'done' ? 1 : 0, t.text]);
    if (t.state === 'open') rows.openTodos++;
  }
  for (const m of detail.mails) rows.mails.push([m.from - start, m.sender, m.address ?? null, m.subject]);
  const g = detail.gtd;
  if (g) {
    let minutes = 0;
    for (const s of g.sessions) minutes += spanMinutes(s) ?? 0;
    rows.gtdDay = [g.date, g.sessions.length, g.tasks.length, minutes];
  }
  return rows;
}
