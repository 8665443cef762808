/**
 * `daybook hours`: focused hours against the target, day by day.
 */
import { UsageError } from '../errors.js';
import { loadConfig } from '../journal/config.js';
import { formatHours, hoursOf, writtenSum, type HoursReport } from '../hours/hours.js';
import { minutesOf, readNow, todayOf, dayText } from '../calendar/index.js';
import { readRangeInput } from '../query/range.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { styles, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook hours [--day D | --week W | --month M | --since D --until D] [--explain]
              [--journal PATH] [--config FILE] [--json]

For each day of the range (default: this week): presence (the "0, "
sessions), logged (the tasks' spans, without double counting, and their
durations, less time off), focus (logged, less the tasks that match the
"overhead" patterns of the config), the target, how short or over the day
is, and the running balance over the ISO week; then each week's sum, written
the way the journal writes it ("short 3 + 1 + 3.5 = 7.5 h"). Balances and
sums are always those of the whole week and month, whatever range is shown:
"--day D" gives D the week balance that "--week" gives it.

  --day D      a day: 2013-02-05, 2013-2-5, today, yesterday, friday (the
               latest), "last friday" (before today), "3 days ago"
  --week W     an ISO week: 2013-W06, a day (the week that holds it),
               "this week", "last week", "2 weeks ago"
  --month M    a month: 2013-02, a day (its month), "this month", "last month",
               "2 months ago"
  --since D, --until D
               any date as for search (2013-02-05, 2013-W06, 2013-02, 2013,
               today, last week, ...): from the first day of one to the
               last day of the other

"Today" (whose open sessions count until now) is the clock's:
DAYBOOK_NOW="2013-02-16 11:07" fixes it (DAYBOOK_TODAY=2013-02-16 is the
same day at 12:00).

--explain lists the spans and durations behind each figure, what was not
counted and why, and the balance policy. The target (default 6 h a day),
days off, overhead patterns and the balance policy come from the config
file (see README): "balance": "carry" (the default) offsets overtime
against shortfalls; "balance": "shortfall" adds up only what is short, as
the journal's "this week short 3+1+3.5=7.5 hours" does.`;

/** The flags of `daybook hours`. */
export const options = { ...JOURNAL_OPTIONS, day: { type: 'string' }, week: { type: 'string' }, month: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, explain: { type: 'boolean' } } as const satisfies ParseArgsOptions;

/** Runs `daybook hours`. */
export function hours(args: string[], io: Io): number {
  const flags = flagsOrHelp('hours', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  if (flags.positionals.length) throw new UsageError(`hours: unexpected argument "${flags.positionals[0]}"`, 'expected a range flag, e.g. daybook hours --week 2013-W06');
  const now = readNow(io.env);
  const { range } = readRangeInput(v, todayOf(now), 'hours');
  const { config } = loadConfig(v.config, io.env, { calendars: true });
  const report = hoursOf(openJournal(io, v), range, { config, today: dayText(todayOf(now)), nowMinutes: minutesOf(now) });
  if (v.json) {
    printJson(io, report, { root: journalRoot(io, v), minutes: true });
    return 0;
  }
  printReport(io, report, Boolean(v.explain));
  return 0;
}

function printReport(io: Io, report: HoursReport, explain: boolean): void {
  const color = useColor(io);
  const s = styles(color);
  const h = (m: number) => formatHours(m).padStart(6);
  if (explain) io.stdout.write(s.dim(`${POLICY_WORDS[report.policy]}\n`));
  const width = Math.max(10, Math.min(40, (io.stdout.columns ?? 80) - 62));
  const scale = Math.max(...report.days.map((d) => Math.max(d.target, d.account?.focus ?? 0)), 1) / width;
  io.stdout.write(`${'day'.padEnd(15)}${'presence'.padStart(9)}${'logged'.padStart(7)}${'focus'.padStart(7)}${'target'.padStart(7)}${'+/-'.padStart(7)}${'week'.padStart(7)}\n`);
  for (const d of report.days) {
    const label = `${d.weekday} ${d.date}`.padEnd(15);
    if (!d.account) {
      io.stdout.write(`${label}${s.dim('   no GTD entry')}\n`);
      continue;
    }
    const a = d.account;
    const diff = d.diff!;
    const sign = diff > 0 ? `+${formatHours(diff)}` : formatHours(diff);
    const focusCells = Math.round(a.focus / scale);
    const targetCells = Math.round(d.target / scale);
    const bar = s.green('█'.repeat(Math.min(focusCells, targetCells))) + s.cyan('▓'.repeat(Math.max(0, focusCells - targetCells))) + s.red('░'.repeat(Math.max(0, targetCells - focusCells)));
    io.stdout.write(`${label}${h(a.presence).padStart(9)}${h(a.logged).padStart(7)}${h(a.focus).padStart(7)}${h(d.target).padStart(7)}${(diff < 0 ? s.red : s.green)(sign.padStart(7))}${formatHours(d.weekBalance).padStart(7)}  ${bar}\n`);
    if (explain) {
      for (const i of a.sessions) io.stdout.write(s.dim(`    presence ${clock(i.start)}-${clock(i.end)}  ${formatHours(i.end - i.start)} h${i.text.includes('open') ? ' (open, until now)' : ''}\n`));
      for (const i of a.spans) io.stdout.write(s.dim(`    task ${i.task}   ${clock(i.start)}-${clock(i.end)}  ${formatHours(i.end - i.start)} h  ${i.text}\n`));
      for (const dur of a.durations) io.stdout.write(s.dim(`    task ${dur.task}   ${formatHours(dur.minutes)} h  ${dur.text}\n`));
      if (a.timeOff) io.stdout.write(s.dim(`    time off ${formatHours(a.timeOff)} h\n`));
    }
    for (const n of d.notes) io.stdout.write(`    ${s.yellow(`${n.file}:${n.line}`)}: ${n.message}\n`);
  }
  for (const w of report.weeks) {
    // A week the range shows only part of is summed whole: say so.
    const name = report.days.filter((d) => d.week === w.week).length < 7 ? `${w.week} (whole week)` : w.week;
    if (w.target === 0 && w.focus === 0) {
      io.stdout.write(`${name}: no GTD day\n`);
      continue;
    }
    const over = writtenSum('over', w.over);
    const parts = [writtenSum('short', w.short), over && report.policy === 'shortfall' ? `${over} (not offset)` : over].filter(Boolean).join(', ');
    io.stdout.write(`${name}: focus ${formatHours(w.focus)} h of ${formatHours(w.target)} h${parts ? `; ${parts}` : ''}; balance ${w.balance > 0 ? '+' : ''}${formatHours(w.balance)} h\n`);
  }
}

/** What `--explain` says of the balance policy, and how to choose the other. */
const POLICY_WORDS = {
  carry: 'balance: "carry": overtime offsets shortfalls over the week and month (config "balance": "shortfall" adds up only shortfalls)',
  shortfall: 'balance: "shortfall": only shortfalls add up over the week and month; overtime is shown, not offset (config "balance": "carry" offsets it)',
} as const;

const clock = (m: number) => `${Math.floor(m / 60) % 24}:${String(m % 60).padStart(2, '0')}`;
