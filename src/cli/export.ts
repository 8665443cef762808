/**
 * `daybook export timewarrior|ical`: the GTD days for other tools.
 */
import { UsageError } from '../errors.js';
import { dayText, localStamp, minutesOf, readNow, todayOf, utcStamp } from '../calendar/index.js';
import { icalendar, intervalsOf, timesheetCsv, timesheetRows, timewarriorJson, timewarriorTrack } from '../hours/export.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import type { ParseArgsOptions } from './args.js';
import { readRangeInput } from '../query/range.js';
import type { Io } from './io.js';
import { journalRoot } from './json.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook export timewarrior [--track] | ical | csv   [--day D | --week W | --month M | --since D --until D]
              [--journal PATH] [--json]

Writes the GTD days (all of them, or the range) to standard output:

  timewarrior          the JSON of "timew export", which "timew import"
                       (Timewarrior 1.5 and later) reads: one interval per task
                       span, tagged with the topics of the entries the task's
                       references name (or its text), in UTC
  timewarrior --track  the same intervals as "timew track START - END TAGS"
                       commands, for Timewarrior 1.4 (no import): pipe to sh
  ical                 an iCalendar file: the presence sessions and the task
                       spans as events
  csv                  a timesheet: one row per task span or duration, with the
                       columns date, start, end, minutes, task, thread, topics,
                       reference (where the task is written:
                       see"13:30 2013-2-22"1.1); a day's rows add up to its
                       logged minutes in "hours". --json: the same rows as
                       objects with those keys

Timewarrior 1.4 reads a tag made of digits ("2013") or a range word ("from")
as part of the time: --track writes such a tag with a leading underscore
("_2013"). Overlapping task spans are cut so that no two intervals overlap (Timewarrior
refuses overlaps), and time off ("nap 30'") is cut from the end of the task:
a day's intervals add up to the union of its task spans less its time off,
as "hours" counts them. Calendar events keep the spans as written; their UIDs
name the GTD entry, task and span, the same in an export of any range.
Durations such as "3h" have no time of day and are not exported. Times are
local (TZ), converted to UTC where the format wants it.

  --day D      a day: 2013-02-05, 2013-2-5, today, yesterday, friday (the
               latest), "last friday" (before today), "3 days ago"
  --week W     an ISO week: 2013-W06, a day (the week that holds it),
               "this week", "last week", "2 weeks ago"
  --month M    a month: 2013-02, a day (its month), "this month", "last month",
               "2 months ago"
  --since D, --until D
               any date as for search (2013-02-05, 2013-W06, 2013-02, ...)

Today's open spans count until now, the clock's: DAYBOOK_NOW="2013-02-16
11:07" fixes it (DAYBOOK_TODAY=2013-02-16 is the same day at 12:00), and
the calendar's DTSTAMP with it.`;

/** The flags of `daybook export`. */
export const options = { ...JOURNAL_OPTIONS, track: { type: 'boolean' }, day: { type: 'string' }, week: { type: 'string' }, month: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' } } as const satisfies ParseArgsOptions;

/** Runs `daybook export`. */
export function exportCmd(args: string[], io: Io): number {
  const flags = flagsOrHelp('export', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  const [format, ...rest] = flags.positionals;
  if (format !== 'timewarrior' && format !== 'ical' && format !== 'csv') throw new UsageError(format === undefined ? 'export: which format?' : `export: unknown format "${format}"`, 'expected "timewarrior", "ical" or "csv", e.g. daybook export csv --month 2013-02 > feb.csv');
  if (rest.length) throw new UsageError(`export: unexpected argument "${rest[0]}"`, 'see "daybook help export"');
  if (v.track && format !== 'timewarrior') throw new UsageError('export: --track is for timewarrior', 'e.g. daybook export timewarrior --track | sh');
  if (v.json && format !== 'csv') throw new UsageError(`export: --json is for csv (${format} is written in its own format)`, 'e.g. daybook export csv --json --month 2013-02');
  const now = readNow(io.env);
  const today = todayOf(now);
  const anyRange = v.day ?? v.week ?? v.month ?? v.since ?? v.until;
  const range = anyRange === undefined ? { from: 0, to: 99991231 } : readRangeInput(v, today, 'export').range;
  const intervals = intervalsOf(openJournal(io, v), range, dayText(today), minutesOf(now));
  if (format === 'csv') {
    const rows = timesheetRows(intervals);
    if (v.json) printJson(io, rows, { root: journalRoot(io, v), list: 'timesheet' });
    else io.stdout.write(timesheetCsv(rows));
  } else if (format === 'ical') {
    io.stdout.write(icalendar(intervals, utcStamp(localStamp(today, minutesOf(now)))));
  } else io.stdout.write(v.track ? timewarriorTrack(intervals) : timewarriorJson(intervals));
  return 0;
}
