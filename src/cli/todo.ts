/**
 * `daybook todo [--done|--all] [--topic T]`: the TODOs of the journal.
 */
import path from 'node:path';
import { InputError, NotFoundError, UsageError } from '../errors.js';
import { entriesAt } from '../model/findings.js';
import { nearest } from '../query/ref.js';
import { readTodoId, todoCounts } from '../query/todos.js';
import { dayText, readNow, todayOf } from '../calendar/index.js';
import { byteAt, editFile } from '../write/edit.js';
import { entriesWithMoment } from '../write/find.js';
import { listTodos } from '../query/todos.js';
import { requireTopic } from '../query/topics.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { styles, tellNotes, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook todo [--done | --all] [--topic T] [--journal PATH] [--json]
daybook todo done ID [ID...]

Lists the \\TODO markers of the journal (open ones), with the entry that holds
each, its age in days and its text. --done lists the \\DONE ones instead,
--all both; --topic keeps the entries with that topic on their title line.
Each is listed with its id (the entry's moment and its number there:
20130216-1107.2); "daybook todo done ID" turns that \\TODO into \\DONE and
changes no other byte of the file.

The age counts to today, the clock's: DAYBOOK_NOW="2013-03-01 09:00" fixes
it for every command (DAYBOOK_TODAY=2013-03-01, the older name, is the same
day at 12:00).`;

/** The flags of `daybook todo`. */
export const options = { ...JOURNAL_OPTIONS, done: { type: 'boolean' }, all: { type: 'boolean' }, topic: { type: 'string' } } as const satisfies ParseArgsOptions;

/** Runs `daybook todo`. */
export function todo(args: string[], io: Io): number {
  const flags = flagsOrHelp('todo', args, options, help, io);
  if (!flags) return 0;
  const { values } = flags;
  if (flags.positionals[0] === 'done') return todoDone(flags.positionals.slice(1), values, io);
  if (flags.positionals.length > 0) throw new UsageError(`todo: unexpected argument "${flags.positionals[0]}"`, 'expected "daybook todo" to list, or "daybook todo done ID" with an id from the list');
  const today = dayText(todayOf(readNow(io.env)));
  const journal = openJournal(io, values);
  if (values.topic) requireTopic(journal, values.topic);
  const rows = listTodos(journal, { state: values.all ? 'all' : values.done ? 'done' : 'open', ...(values.topic ? { topic: values.topic } : {}), today });
  if (values.json) {
    printJson(io, rows, { root: journalRoot(io, values), list: 'todos' });
    return 0;
  }
  const s = styles(useColor(io));
  for (const r of rows) {
    const mark = r.state === 'open' ? s.yellow('TODO') : s.green('DONE');
    io.stdout.write(`${mark} ${r.text}\n     ${s.dim(`${r.id}  ${r.moment}, ${r.ageDays} days ago, ${r.file}:${r.line}${r.title ? `  ${r.title}` : ''}`)}\n`);
  }
  // Counted from what was listed: --all wins over --done, and the line says so.
  io.stderr.write(`${rows.length === 0 ? `no ${values.all ? '' : values.done ? 'done ' : 'open '}TODOs` : todoCounts(rows)}\n`);
  return 0;
}

/** `daybook todo done ID...`: turns those \\TODO markers into \\DONE, and changes nothing else. */
function todoDone(ids: string[], values: { journal?: string; config?: string; json?: boolean }, io: Io): number {
  if (ids.length === 0) throw new UsageError('todo done: no TODO id given', 'expected an id as "daybook todo" lists it, e.g. daybook todo done 20130216-1107.2');
  const journal = openJournal(io, values);
  const done: { id: string; file: string; line: number; text: string }[] = [];
  for (const id of ids) {
    const parsed = readTodoId(id);
    if (!parsed) throw new InputError(`todo done: "${id}" is not a TODO id`, 'expected an id as "daybook todo" lists it: the entry\'s moment and the TODO\'s number in it, e.g. 20130216-1107.2');
    const entries = entriesAt(journal, parsed.moment);
    if (entries.length === 0) throw new NotFoundError(`todo done: no entry has the moment ${parsed.moment.key} (id ${id})`, `run "daybook todo" to see the ids; nearest entries: ${nearest(journal, parsed.moment).join(', ')}`);
    if (entries.length > 1) throw new NotFoundError(`todo done: ${entries.length} entries have the moment ${parsed.moment.key} (${entries.map((e) => `${e.file.path}:${e.file.doc.position(e.from).line + 1}`).join(', ')}), so the id ${id} is ambiguous`, 'change the \\TODO to \\DONE in an editor; nothing was changed');
    const shown = entries[0]!.file.path;
    const file = path.resolve(io.cwd, shown);
    let line = 0;
    let text = '';
    const result = editFile(file, shown, (state) => {
      const found = entriesWithMoment(state, parsed.moment.code);
      if (found.length !== 1) throw new NotFoundError(`todo done: the entry ${parsed.moment.key} is no longer alone in ${shown}, or gone`, 'run "daybook todo" again; nothing was changed');
      const { chunk, detail } = found[0]!;
      const todo = detail.todos[parsed.n - 1];
      if (!todo) throw new NotFoundError(`todo done: the entry ${parsed.moment.key} has ${detail.todos.length} TODO${detail.todos.length === 1 ? '' : 's'}, not ${parsed.n}`, 'run "daybook todo" to see the ids; nothing was changed');
      if (todo.state === 'done') throw new InputError(`todo done: ${id} is already done: \\DONE ${todo.text}`, 'run "daybook todo" to see the open ones; nothing was changed');
      const from = byteAt(state, chunk, todo.marker.from + 1);
      if (state.bytes.toString('latin1', from, from + 4) !== 'TODO') throw new Error(`todo done: expected TODO at byte ${from}`);
      line = state.doc.position(todo.from).line + 1;
      text = todo.text;
      return [{ from, to: from + 4, text: 'DONE' }];
    });
    tellNotes(io, result);
    done.push({ id, file: shown, line, text });
  }
  if (values.json) printJson(io, done, { root: journalRoot(io, values), list: 'done' });
  else for (const d of done) io.stderr.write(`${d.file}:${d.line}: \\DONE ${d.text}\n`);
  return 0;
}
