/**
 * `daybook report`: a draft of the weekly work report.
 */
import { UsageError } from '../errors.js';
import { loadConfig } from '../journal/config.js';
import { printReport, workReport } from '../hours/report.js';
import { readDayRange } from '../search/dates.js';
import { readNow } from '../write/clock.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { rangeOf } from './hours.js';
import type { Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook report [--week W | --last-week | --since D --until D] [--markdown] [--journal PATH] [--json]

Drafts the weekly work report of a week (default: this week) from its GTD
days and entries: focused hours against the target, hours by thread (a
task's hours go to the thread or title of the entry its first reference
names; a task with no reference is grouped by its text) and by top topic,
the tasks, the entries written, their TODOs, and the days' summaries.

Plain text comes out in the journal's own outline style, ready to paste into
a mail or a new entry ("daybook report --last-week | daybook new --topics
'work report'"); --markdown gives Markdown, --json the data.`;

/** Runs `daybook report`. */
export function report(args: string[], io: Io): number {
  const flags = flagsOrHelp('report', args, { ...JOURNAL_OPTIONS, week: { type: 'string' }, 'last-week': { type: 'boolean' }, since: { type: 'string' }, until: { type: 'string' }, markdown: { type: 'boolean' } }, help, io);
  if (!flags) return 0;
  const v = flags.values;
  if (flags.positionals.length) throw new UsageError(`report: unexpected argument "${flags.positionals[0]}"`, 'expected a range flag, e.g. daybook report --week 2013-W08');
  if (v['last-week'] && (v.week !== undefined || v.since !== undefined || v.until !== undefined)) throw new UsageError('report: --last-week with another range', 'give one of --week W, --last-week, or --since D --until D');
  const now = readNow(io.env);
  const today = `${now.year}-${String(now.month).padStart(2, '0')}-${String(now.day).padStart(2, '0')}`;
  const range = v['last-week'] ? readDayRange('last week', today, '--last-week') : rangeOf(v, today, 'report');
  const { config } = loadConfig(v.config, io.env);
  const r = workReport(openJournal(io, v), range, { config, today, nowMinutes: now.hour * 60 + now.minute });
  if (v.json) {
    printJson(io, r);
    return 0;
  }
  const weekName = v.week ?? (v['last-week'] ? 'last week' : undefined);
  io.stdout.write(printReport(r, { name: weekName, markdown: v.markdown }));
  return 0;
}
