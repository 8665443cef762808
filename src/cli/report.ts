/**
 * `daybook report`: a draft of the weekly work report.
 */
import { UsageError } from '../errors.js';
import { loadConfig } from '../journal/config.js';
import { printReport, workReport } from '../hours/report.js';
import { readRangeInput } from '../query/range.js';
import { dayText, minutesOf, readNow, todayOf } from '../calendar/index.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import { journalRedactor } from '../query/redact-journal.js';
import { redactStrings } from '../query/redact.js';
import type { ParseArgsOptions } from './args.js';
import type { Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook report [--week W | --last-week | --month M | --since D --until D] [--markdown]
               [--redact] [--journal PATH] [--json]

Drafts the weekly work report of a week (default: this week) from its GTD
days and entries: focused hours against the target, hours by thread (a
task's hours go to the thread or title of the entry its first reference
names; a task with no reference is grouped by its text) and by top topic,
the tasks, the entries written, their TODOs, and the days' summaries.

Plain text comes out in the journal's own outline style, ready to paste into
a mail or a new entry ("daybook report --last-week | daybook new --topics
'work report'"); --markdown gives Markdown, --json the data.

  --week W     an ISO week: 2013-W06, a day (the week that holds it),
               "this week", "last week", "2 weeks ago"
  --month M    a month: 2013-02, a day (its month), "this month", "last month",
               "2 months ago"
  --since D, --until D
               any date as for search (2013-02-05, 2013-W06, 2013-02, ...)
  --redact     replace what the config's "redact" key names (mail addresses
               and phone numbers by default; names, the journal's people,
               patterns) in the report, for sending it on; the journal is
               untouched

"This week" is the clock's: DAYBOOK_NOW="2013-02-16 11:07" fixes it
(DAYBOOK_TODAY=2013-02-16 is the same day at 12:00).`;

/** The flags of `daybook report`. */
export const options = { ...JOURNAL_OPTIONS, week: { type: 'string' }, 'last-week': { type: 'boolean' }, month: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, markdown: { type: 'boolean' }, redact: { type: 'boolean' } } as const satisfies ParseArgsOptions;

/** The report's strings that are moments, dates and places, never the user's words: --redact leaves them. */
const REPORT_KEEP = new Set(['moment', 'date', 'file', 'from', 'to', 'week', 'entry', 'first', 'last', 'reference']);

/** Runs `daybook report`. */
export function report(args: string[], io: Io): number {
  const flags = flagsOrHelp('report', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  if (flags.positionals.length) throw new UsageError(`report: unexpected argument "${flags.positionals[0]}"`, 'expected a range flag, e.g. daybook report --week 2013-W08');
  if (v['last-week'] && (v.week !== undefined || v.month !== undefined || v.since !== undefined || v.until !== undefined)) throw new UsageError('report: --last-week with another range', 'give one of --week W, --last-week, --month M, or --since D --until D');
  const now = readNow(io.env);
  const today = todayOf(now);
  const { range, name } = readRangeInput({ ...v, lastWeek: v['last-week'] }, today, 'report');
  const { config } = loadConfig(v.config, io.env, { calendars: true });
  const journal = openJournal(io, v);
  const report = workReport(journal, range, { config, today: dayText(today), nowMinutes: minutesOf(now) });
  const redact = v.redact ? journalRedactor(journal, config.redact) : undefined;
  if (v.json) {
    printJson(io, redact ? redactStrings(report, redact, REPORT_KEEP) : report, { root: journalRoot(io, v), minutes: true });
    return 0;
  }
  // The title names the week or month as the journal would: 2013-W06, 2013-02.
  const text = printReport(report, { name, markdown: v.markdown });
  io.stdout.write(redact ? redact(text) : text);
  return 0;
}
