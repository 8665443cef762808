/**
 * `todo`: the `\TODO`s (and `\DONE`s) of the journal, with their entry and age.
 */
import { dayOf, daysBetween, readDayText, type Day } from '../calendar/day.js';
import { InputError } from '../errors.js';
import { readDetail, shownTitle } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import type { KeptTodo } from '../model/kept.js';
import type { Entry } from '../model/types.js';
import { formatMoment, Moment } from '../model/moment.js';
import type { TodoRow } from './shapes.js';

export type { TodoRow };

/** Which TODOs to list. */
export interface TodoFilter {
  /** 'open' (the default), 'done', or 'all'. */
  state?: 'open' | 'done' | 'all';
  /** Only entries with this topic (case-insensitive). */
  topic?: string;
  /** The day ages are counted to: `2013-03-01`. */
  today: string;
}

/**
 * The TODOs of the journal, in journal order.
 *
 * ```ts
 * listTodos(journal, { today: '2013-03-01' }).length; // 6 on the sample
 * ```
 */
export function listTodos(journal: Journal, filter: TodoFilter): TodoRow[] {
  const today = readDayText(filter.today);
  if (today === undefined) throw new InputError(`todo: "${filter.today}" is not a day`, 'expected YYYY-MM-DD, e.g. 2013-03-01');
  return collectTodos(journal, filter).map((t) => todoRow(t, today));
}

/** A TODO found, before it is made a row: its entry, the marker as kept, its place among the entry's. */
export interface FoundTodo {
  entry: Entry;
  todo: Required<KeptTodo>;
  /** 0-based among the entry's TODOs. */
  k: number;
}

/** The TODOs the filter keeps, in journal order, as found (a row of each is `todoRow`). */
export function collectTodos(journal: Journal, filter: Omit<TodoFilter, 'today'>): FoundTodo[] {
  const state = filter.state ?? 'open';
  const topic = filter.topic?.toLowerCase();
  const out: FoundTodo[] = [];
  // Whether an entry has the topic, asked once an entry (only of entries that have TODOs).
  let last: Entry | undefined;
  let lastHas = false;
  const hasTopic = (entry: Entry): boolean => {
    if (entry !== last) {
      const detail = readDetail(entry);
      last = entry;
      lastHas = detail.topics.some((t) => t.name.toLowerCase() === topic) || detail.qualifiers.some((t) => t.name.toLowerCase() === topic);
    }
    return lastHas;
  };
  journal.forEachTodo((entry, todo, k) => {
    if (state !== 'all' && todo.state !== state) return;
    if (topic && !hasTopic(entry)) return;
    out.push({ entry, todo, k });
  });
  return out;
}

/** The row of a TODO, its age counted to `today`. */
export function todoRow({ entry, todo, k }: FoundTodo, today: Day): TodoRow {
  const m = entry.moment!;
  const row: TodoRow = { id: todoId(m, k + 1), state: todo.state, text: todo.text, file: entry.file.path, line: entry.line + todo.line, moment: formatMoment(m), ageDays: daysBetween(dayOf(m.year, m.month, m.day), today) };
  const title = shownTitle(entry);
  if (title !== undefined) row.title = title;
  return row;
}

/**
 * What a list of TODOs holds, counted from the rows themselves: `6 open`,
 * `3 done`, `4 open, 2 done` (whatever filter made the list).
 */
export function todoCounts(rows: readonly Pick<TodoRow, 'state'>[]): string {
  const open = rows.filter((r) => r.state === 'open').length;
  const done = rows.length - open;
  if (open && done) return `${open} open, ${done} done`;
  return done ? `${done} done` : `${open} open`;
}

/** The id of the `n`th (1-based) TODO or DONE marker of the entry at a moment: `20130216-1107.2`. */
export function todoId(m: Moment, n: number): string {
  const two = (x: number) => String(x).padStart(2, '0');
  return `${m.year}${two(m.month)}${two(m.day)}-${two(m.hour)}${two(m.minute)}.${n}`;
}

/** Reads a TODO id; undefined when it is not one. */
export function readTodoId(id: string): { moment: Moment; n: number } | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})\.(\d+)$/.exec(id.trim());
  if (!m) return undefined;
  const moment = new Moment(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return moment.valid && Number(m[6]) >= 1 ? { moment, n: Number(m[6]) } : undefined;
}
