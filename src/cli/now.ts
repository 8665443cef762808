/**
 * `daybook now`: where today and the week stand at this moment.
 */
import { UsageError } from '../errors.js';
import { loadConfig } from '../journal/config.js';
import { formatHours } from '../hours/hours.js';
import { nowOf, type NowReport } from '../hours/now.js';
import { dayText, minutesOf, readNow, todayOf } from '../calendar/index.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { styles, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';
import { journalRoot } from './json.js';

export const help = `daybook now [--journal PATH] [--config FILE] [--json]

Where today stands now: presence and focus so far (an open session or task
span counts until now), what is left to the day's target and the time it is
reached at today's pace (focus per hour present so far; every minute from
now when there is nothing to go by yet), and the week's balance as of
yesterday and with today, by the config's balance policy ("carry" or
"shortfall", see "daybook help hours").

"Now" is the clock's: DAYBOOK_NOW="2013-02-22 16:00" fixes it.`;

/** Runs `daybook now`. */
export function now(args: string[], io: Io): number {
  const flags = flagsOrHelp('now', args, { ...JOURNAL_OPTIONS }, help, io);
  if (!flags) return 0;
  const v = flags.values;
  if (flags.positionals.length) throw new UsageError(`now: unexpected argument "${flags.positionals[0]}"`, 'expected no argument: daybook now (DAYBOOK_NOW="2013-02-22 16:00" daybook now for another moment)');
  const at = readNow(io.env);
  const { config } = loadConfig(v.config, io.env, { calendars: true });
  const r = nowOf(openJournal(io, v), { config, today: dayText(todayOf(at)), nowMinutes: minutesOf(at) });
  if (v.json) printJson(io, r, { root: journalRoot(io, v), minutes: true });
  else io.stdout.write(printNow(r, useColor(io)));
  return 0;
}

const signed = (m: number) => `${m > 0 ? '+' : ''}${formatHours(m)} h`;
const clock = (m: number) => `${Math.floor(m / 60) % 24}:${String(m % 60).padStart(2, '0')}`;

/** The human text of `daybook now`. */
export function printNow(r: NowReport, color: boolean): string {
  const s = styles(color);
  const out = [`now ${r.weekday} ${r.now} (${r.week})`];
  if (r.entries.length === 0) out.push(s.dim('no GTD entry today: nothing counted yet ("daybook gtd start" opens the day)'));
  const open = r.open.map((i) => `${i.task ? `task ${i.task}` : 'session'} open since ${clock(i.start)}`);
  out.push(`presence ${formatHours(r.presence)} h${open.length ? `  (${open.join(', ')}: counted until now)` : ''}`);
  out.push(`focus    ${formatHours(r.focus)} h of ${formatHours(r.target)} h${r.logged !== r.focus ? `  (logged ${formatHours(r.logged)} h)` : ''}`);
  if (r.reachedAtText === null) out.push(s.green(`left     0 h: the target is reached`));
  else out.push(`left     ${formatHours(r.left)} h: reached at ${r.reachedAtText} ${r.paceAssumed ? '(if every minute from now counts)' : `at today's pace (${formatHours(Math.round(r.pace * 60))} h focus an hour present)`}`);
  out.push(`week     ${signed(r.weekBalanceBefore)} as of yesterday, ${(r.weekBalance < 0 ? s.red : s.green)(signed(r.weekBalance))} with today (balance "${r.policy}")`);
  for (const n of r.notes) out.push(`    ${s.yellow(`${n.file}:${n.line}`)}: ${n.message}`);
  return out.join('\n') + '\n';
}
