/**
 * `daybook last [N]` and `daybook today`: entries listed by moment.
 */
import { UsageError } from '../errors.js';
import { readDay } from '../calendar/read.js';
import { dayText } from '../calendar/day.js';
import { readNow, todayOf } from '../calendar/clock.js';
import { entriesOfDay, lastEntries, type EntryRow } from '../query/recent.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { styles, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const lastHelp = `daybook last [N] [--journal PATH] [--json]

The N entries with the newest moments (default 10), newest first, each with
its moment, title and file:line:

  daybook last        the last 10
  daybook last 3      the last 3`;

export const todayHelp = `daybook today [--day D] [--journal PATH] [--json]

The entries of today (the clock's: DAYBOOK_NOW fixes it), in moment order;
--day D the entries of another day (2013-02-16, yesterday, friday,
last friday, 3 days ago).`;

/** The flags of `daybook last`. */
export const lastOptions = JOURNAL_OPTIONS satisfies ParseArgsOptions;
/** The flags of `daybook today`. */
export const todayOptions = { ...JOURNAL_OPTIONS, day: { type: 'string' } } as const satisfies ParseArgsOptions;

/** The most `last` lists: more is refused, not walked. */
const MAX_LAST = 100_000;

function print(io: Io, rows: EntryRow[]): void {
  const s = styles(useColor(io));
  for (const r of rows) io.stdout.write(`${r.moment.padStart(16)}  ${r.gtd ? s.cyan(r.title ?? '') : (r.title ?? s.dim('(untitled)'))}  ${s.dim(`${r.file}:${r.line}`)}\n`);
}

/** Runs `daybook last`. */
export function last(args: string[], io: Io): number {
  const flags = flagsOrHelp('last', args, lastOptions, lastHelp, io);
  if (!flags) return 0;
  const { values, positionals } = flags;
  const n = positionals[0];
  if (positionals.length > 1 || (n !== undefined && (!/^\d{1,6}$/.test(n) || Number(n) < 1 || Number(n) > MAX_LAST))) {
    throw new UsageError(`last: "${positionals.join(' ')}" is not a number of entries`, `expected a whole number from 1 to ${MAX_LAST}, e.g. daybook last 5`);
  }
  const rows = lastEntries(openJournal(io, values), n === undefined ? 10 : Number(n));
  if (values.json) printJson(io, { entries: rows }, { root: journalRoot(io, values) });
  else print(io, rows);
  return rows.length > 0 ? 0 : 1;
}

/** Runs `daybook today`. */
export function today(args: string[], io: Io): number {
  const flags = flagsOrHelp('today', args, todayOptions, todayHelp, io);
  if (!flags) return 0;
  const { values, positionals } = flags;
  if (positionals.length) throw new UsageError(`today: unexpected argument "${positionals[0]}"`, 'expected no argument, or --day D: daybook today --day yesterday');
  const now = todayOf(readNow(io.env));
  const day = values.day === undefined ? now : readDay(values.day, now, '--day');
  const rows = entriesOfDay(openJournal(io, values), day);
  if (values.json) printJson(io, { day: dayText(day), entries: rows }, { root: journalRoot(io, values) });
  else if (rows.length === 0) io.stderr.write(`no entry on ${dayText(day)}\n`);
  else print(io, rows);
  return rows.length > 0 ? 0 : 1;
}
