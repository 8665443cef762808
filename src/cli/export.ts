/**
 * `daybook export timewarrior|ical|csv|json|markdown DIR|org FILE`: the GTD
 * days for other tools, and the whole journal for other programs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { loadConfig } from '../journal/config.js';
import { journalJsonChunks } from '../export/json.js';
import { markdownVault } from '../export/markdown.js';
import { journalModelStream, type ModelOptions } from '../export/model.js';
import { orgFile } from '../export/org.js';
import type { Journal } from '../model/journal.js';
import { journalRedactor } from '../query/redact-journal.js';
import type { Redactor } from '../query/redact.js';
import { dayText, localStamp, minutesOf, readNow, todayOf, utcStamp } from '../calendar/index.js';
import { icalendar, intervalsOf, redactIntervals, timesheetCsv, timesheetRows, timewarriorJson, timewarriorTrack } from '../hours/export.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import type { ParseArgsOptions } from './args.js';
import { readRangeInput } from '../query/range.js';
import type { Io } from './io.js';
import { journalRoot } from './json.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook export timewarrior [--track] | ical | csv   [--day D | --week W | --month M | --since D --until D]
daybook export json | markdown DIR | org FILE
              [--redact] [--journal PATH] [--json]

The whole journal, for other programs:

  json                 the journal model on standard output: every file, each
                       entry with its exact text, moment, title, topics,
                       thread, items, references resolved to entry and item,
                       TODOs, mail clips and GTD day (schema:
                       schemas/journal-export.schema.json); "daybook import
                       json" gives the journal back from it byte for byte
  markdown DIR         a vault for Obsidian and other Markdown tools, written
                       into DIR (made if missing; notes of the same name
                       replaced): a note per day (2013-02-16.md), an entry
                       per heading, items as nested lists with block ids
                       (^e20130216T1107-5), every reference a link to the
                       entry or item, topics as tags, thread parts linked to
                       each other, and index.md
  org FILE             one org file: entries as headings with inactive
                       timestamps and CUSTOM_IDs, items as lists, references
                       as internal links, each GTD task's spans as CLOCK
                       lines (a duration as the DURATION property), so that
                       org's clock tables sum the hours "daybook hours"
                       counts ("-" writes to standard output)

  --redact     replace what the config's "redact" key names (mail addresses
               and phone numbers by default; names, the journal's people,
               patterns) in what is written; the journal is untouched

The GTD days (all of them, or the range), on standard output:

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
export const options = { ...JOURNAL_OPTIONS, track: { type: 'boolean' }, redact: { type: 'boolean' }, day: { type: 'string' }, week: { type: 'string' }, month: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' } } as const satisfies ParseArgsOptions;

/** The formats that write the whole journal model, and what each takes. */
const MODEL_FORMATS = new Set(['json', 'markdown', 'org']);

/** Runs `daybook export`. */
export function exportCmd(args: string[], io: Io): number {
  const flags = flagsOrHelp('export', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  const [format, ...rest] = flags.positionals;
  if (format !== 'timewarrior' && format !== 'ical' && format !== 'csv' && !MODEL_FORMATS.has(format ?? '')) throw new UsageError(format === undefined ? 'export: which format?' : `export: unknown format "${format}"`, 'expected "timewarrior", "ical", "csv", "json", "markdown DIR" or "org FILE", e.g. daybook export csv --month 2013-02 > feb.csv');
  const anyRange = v.day ?? v.week ?? v.month ?? v.since ?? v.until;
  if (MODEL_FORMATS.has(format!)) {
    if (v.track) throw new UsageError('export: --track is for timewarrior', 'e.g. daybook export timewarrior --track | sh');
    if (v.json) throw new UsageError(`export: --json is for csv (${format} is written in its own format)`, 'e.g. daybook export json > journal.json');
    if (anyRange !== undefined) throw new UsageError(`export: ${format} writes the whole journal; --day, --week, --month, --since and --until are for timewarrior, ical and csv`, `e.g. daybook export ${format === 'json' ? 'json > journal.json' : format === 'org' ? 'org journal.org' : 'markdown ~/vault'}`);
    return exportModel(format as 'json' | 'markdown' | 'org', rest, v, io);
  }
  if (rest.length) throw new UsageError(`export: unexpected argument "${rest[0]}"`, 'see "daybook help export"');
  if (v.track && format !== 'timewarrior') throw new UsageError('export: --track is for timewarrior', 'e.g. daybook export timewarrior --track | sh');
  if (v.json && format !== 'csv') throw new UsageError(`export: --json is for csv (${format} is written in its own format)`, 'e.g. daybook export csv --json --month 2013-02');
  const now = readNow(io.env);
  const today = todayOf(now);
  const range = anyRange === undefined ? { from: 0, to: 99991231 } : readRangeInput(v, today, 'export').range;
  const journal = openJournal(io, v);
  const redact = v.redact ? redactorOf(journal, v, io) : undefined;
  let intervals = intervalsOf(journal, range, dayText(today), minutesOf(now));
  if (redact) intervals = redactIntervals(intervals, redact);
  if (format === 'csv') {
    const rows = timesheetRows(intervals);
    if (v.json) printJson(io, rows, { root: journalRoot(io, v), list: 'timesheet' });
    else io.stdout.write(timesheetCsv(rows));
  } else if (format === 'ical') {
    io.stdout.write(icalendar(intervals, utcStamp(localStamp(today, minutesOf(now)))));
  } else io.stdout.write(v.track ? timewarriorTrack(intervals) : timewarriorJson(intervals));
  return 0;
}

/** The redactor `--redact` asks for: the config's spec, with the journal's people when it says so. */
function redactorOf(journal: Journal, v: { config?: string }, io: Io): Redactor {
  return journalRedactor(journal, loadConfig(v.config, io.env).config.redact);
}

/** `export json`, `export markdown DIR`, `export org FILE`. */
function exportModel(format: 'json' | 'markdown' | 'org', rest: string[], v: { journal?: string; config?: string; redact?: boolean }, io: Io): number {
  if (format === 'json' && rest.length) throw new UsageError(`export: unexpected argument "${rest[0]}"`, 'json is written to standard output, e.g. daybook export json > journal.json');
  if (format !== 'json' && rest.length !== 1) throw new UsageError(rest.length ? `export ${format}: one ${format === 'org' ? 'file' : 'directory'}, not ${rest.length}` : `export ${format}: where to? no ${format === 'org' ? 'file' : 'directory'} given`, format === 'org' ? 'e.g. daybook export org ~/journal.org (or - for standard output)' : 'e.g. daybook export markdown ~/vault');
  const now = readNow(io.env);
  const journal = openJournal(io, v);
  const root = journalRoot(io, v);
  const redact = v.redact ? redactorOf(journal, v, io) : undefined;
  const journalFiles = new Set(journal.files.map((f) => path.resolve(io.cwd, f.path)));
  const clock: ModelOptions = {
    today: dayText(todayOf(now)),
    nowMinutes: minutesOf(now),
    fileName: (p) => {
      const abs = path.resolve(io.cwd, p);
      const rel = root === null ? path.basename(abs) : path.relative(root, abs);
      return rel.split(path.sep).join('/');
    },
  };
  if (format === 'json') {
    // Written an entry at a time, in pieces of about a megabyte: a large journal is never held whole.
    let buffer = '';
    for (const chunk of journalJsonChunks(journalModelStream(journal, clock), { root, ...(redact ? { redact } : {}) })) {
      buffer += chunk;
      if (buffer.length > 1 << 20) {
        io.stdout.write(buffer);
        buffer = '';
      }
    }
    io.stdout.write(buffer);
    return 0;
  }
  const model = { files: journalModelStream(journal, clock) };
  const target = path.resolve(io.cwd, rest[0]!);
  if (format === 'org') {
    const text = orgFile(model, redact ? { redact } : {});
    if (rest[0] === '-') {
      io.stdout.write(text);
      return 0;
    }
    if (journalFiles.has(target)) throw new InputError(`export org: ${rest[0]} is a file of the journal`, 'name a new file for the org export, e.g. daybook export org ~/journal.org; nothing was written');
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) throw new InputError(`export org: ${rest[0]} is a directory`, 'expected a file name, e.g. daybook export org ~/journal.org; nothing was written');
    writeAtomic(target, text);
    io.stderr.write(`${rest[0]}: ${journal.entries.length} entries\n`);
    return 0;
  }
  if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) throw new InputError(`export markdown: ${rest[0]} is a file, not a directory`, 'expected a directory for the vault (made if missing), e.g. daybook export markdown ~/vault; nothing was written');
  const vault = markdownVault(model, redact ? { redact } : {});
  fs.mkdirSync(target, { recursive: true });
  for (const [name, text] of vault) writeAtomic(path.join(target, name), text);
  io.stderr.write(`${rest[0]}: ${vault.size} notes\n`);
  return 0;
}

/** Writes a file whole or not at all: a temporary file beside it, renamed over it. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.daybook-${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new InputError(`export: cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'expected a place you can write to');
  }
}
