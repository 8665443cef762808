/**
 * `daybook report`: a draft of the weekly work report.
 */
import { UsageError } from '../errors.js';
import { loadConfig } from '../journal/config.js';
import { printReport, printStandup, standupReport, workReport } from '../hours/report.js';
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
daybook report --standup [--markdown] [--redact] [--journal PATH] [--json]

Drafts the work report of a week (default: this week) from its entries and
GTD days, in sections, each point ending with a reference to the entry (and
item) it came from, as the journal writes one: see"14:14 2013-2-27"6.

  done          the pieces of work of the week (a thread, a titled entry, or
                a task that refers to none), with their hours and days, that
                do not go on; \DONE marks written in the week
  in progress   the pieces that go on: a later part of the thread or an item
                stamped after the week, an open \TODO in what they wrote, a
                task span still open
  next          the open \TODOs written in the week
  problems      the days short of their target, lines that say they are one
                ("problem:", "issue:", "blocked", "问题:", "现有问题:"), items
                whose first line reports a failure ("hang", "crash", "fail",
                "error", "失败", "崩溃")
  hours         the hours of each piece, then focus against the target and the
                balance (by the config's "balance" policy), with the GTD days

A task's hours go to the thread or title of the entry its first reference
names. Plain text comes out in the journal's own outline style, ready to
paste into a mail or a new entry ("daybook report --last-week | daybook new
--topics 'work report'"); --markdown gives Markdown, --json the data (with the
tasks, the entries written, their TODOs, hours by topic and the days'
summaries). Labels are English, or Chinese with "language": "zh" in the config.

  --standup    yesterday (the last day before today with entries) and today:
               what each did, today's open TODOs, the problems of both
  --redact     replace mail addresses, phone numbers and what the config's
               "redact" names in the output (the journal is untouched)

  --week W     an ISO week: 2013-W06, a day (the week that holds it),
               "this week", "last week", "2 weeks ago"
  --month M    a month: 2013-02, a day (its month), "this month", "last month",
               "2 months ago"
  --since D, --until D
               any date as for search (2013-02-05, 2013-W06, 2013-02, ...)

"This week" is the clock's: DAYBOOK_NOW="2013-02-16 11:07" fixes it
(DAYBOOK_TODAY=2013-02-16 is the same day at 12:00).`;

/** The flags of `daybook report`. */
export const options = { ...JOURNAL_OPTIONS, week: { type: 'string' }, 'last-week': { type: 'boolean' }, month: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, markdown: { type: 'boolean' }, standup: { type: 'boolean' }, redact: { type: 'boolean' } } as const satisfies ParseArgsOptions;

/** The report's strings that are moments, dates, places and references, never the user's words: --redact leaves them. */
const REPORT_KEEP = new Set(['moment', 'date', 'file', 'from', 'to', 'week', 'entry', 'first', 'last', 'reference', 'ref', 'path', 'goesOn']);

/** Runs `daybook report`. */
export function report(args: string[], io: Io): number {
  const flags = flagsOrHelp('report', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  if (flags.positionals.length) throw new UsageError(`report: unexpected argument "${flags.positionals[0]}"`, 'expected a range flag, e.g. daybook report --week 2013-W08');
  if (v['last-week'] && (v.week !== undefined || v.month !== undefined || v.since !== undefined || v.until !== undefined)) throw new UsageError('report: --last-week with another range', 'give one of --week W, --last-week, --month M, or --since D --until D');
  if (v.standup && (v['last-week'] || v.week !== undefined || v.month !== undefined || v.since !== undefined || v.until !== undefined)) throw new UsageError('report: --standup with a range', 'a stand-up is yesterday and today (set the clock with DAYBOOK_NOW="2013-02-28 09:30"); or give a range without --standup');
  const now = readNow(io.env);
  const today = todayOf(now);
  const opts = { today: dayText(today), nowMinutes: minutesOf(now) };
  // The range is checked before the journal is read: a wrong week is told at once.
  const asked = v.standup ? undefined : readRangeInput({ ...v, lastWeek: v['last-week'] }, today, 'report');
  const { config } = loadConfig(v.config, io.env, { calendars: true });
  const journal = openJournal(io, v);
  const redact = v.redact ? journalRedactor(journal, config.redact) : undefined;
  const out = (value: object, text: () => string) => {
    if (v.json) printJson(io, redact ? redactStrings(value, redact, REPORT_KEEP) : value, { root: journalRoot(io, v), minutes: true });
    else io.stdout.write(redact ? redact(text()) : text());
  };
  if (!asked) {
    const s = standupReport(journal, { config, ...opts });
    out(s, () => printStandup(s, { markdown: v.markdown, language: config.language }));
    return 0;
  }
  const { range, name } = asked;
  const r = workReport(journal, range, { config, ...opts });
  // The title names the week or month as the journal would: 2013-W06, 2013-02.
  out(r, () => printReport(r, { name, markdown: v.markdown, language: config.language }));
  return 0;
}
