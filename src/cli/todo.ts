/**
 * `daybook todo [--done|--all] [--topic T]`: the TODOs of the journal.
 */
import { InputError } from '../errors.js';
import { listTodos } from '../query/todos.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { styles, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook todo [--done | --all] [--topic T] [--journal PATH] [--json]

Lists the \\TODO markers of the journal (open ones), with the entry that holds
each, its age in days and its text. --done lists the \\DONE ones instead,
--all both; --topic keeps the entries with that topic on their title line.

The age counts to today; DAYBOOK_TODAY=2013-03-01 fixes "today" (for scripts).`;

/** Runs `daybook todo`. */
export function todo(args: string[], io: Io): number {
  const flags = flagsOrHelp('todo', args, { ...JOURNAL_OPTIONS, done: { type: 'boolean' }, all: { type: 'boolean' }, topic: { type: 'string' } }, help, io);
  if (!flags) return 0;
  const { values } = flags;
  const today = io.env.DAYBOOK_TODAY ?? localDate(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))) throw new InputError(`DAYBOOK_TODAY="${today}" is not a date`, 'expected YYYY-MM-DD, for example DAYBOOK_TODAY=2013-03-01');
  const rows = listTodos(openJournal(io, values), { state: values.all ? 'all' : values.done ? 'done' : 'open', ...(values.topic ? { topic: values.topic } : {}), today });
  if (values.json) {
    printJson(io, rows);
    return 0;
  }
  const s = styles(useColor(io));
  for (const r of rows) {
    const mark = r.state === 'open' ? s.yellow('TODO') : s.green('DONE');
    io.stdout.write(`${mark} ${r.text}\n     ${s.dim(`${r.moment}, ${r.ageDays} days ago, ${r.file}:${r.line}${r.title ? `  ${r.title}` : ''}`)}\n`);
  }
  io.stderr.write(`${rows.length} ${values.done ? 'done' : values.all ? 'TODOs' : 'open'}\n`);
  return 0;
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
