/**
 * The one clock of every command: what "now" and "today" are.
 *
 * By default the local date and time. For scripts and tests one variable
 * fixes it for every command alike (search, todo, hours, report, export,
 * new, gtd, clip, serve, lsp):
 *
 * - `DAYBOOK_NOW="2013-02-16 11:07"` (or `2013-02-16T11:07`): that moment;
 *   `DAYBOOK_NOW=2013-02-16`, a day alone, is that day at 12:00;
 * - `DAYBOOK_TODAY=2013-03-01`, the older name, means the same as
 *   `DAYBOOK_NOW=2013-03-01`: that day at 12:00.
 *
 * Set both, they must name the same day (the time is DAYBOOK_NOW's), else
 * the command is refused. An empty value counts as unset. A value that is
 * not a moment, or a year a journal header cannot hold (before 1000), is
 * refused with an example.
 *
 * ```ts
 * readNow({ DAYBOOK_TODAY: '2013-03-01' }); // { year: 2013, month: 3, day: 1, hour: 12, minute: 0 }
 * todayOf(readNow({ DAYBOOK_NOW: '2013-02-16 11:07' })); // 20130216
 * ```
 */
import { InputError } from '../errors.js';
import { addDays, dayOf, dayParts, dayText, isDay, type Day } from './day.js';

/** A local moment, in parts. */
export interface Now {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The hour a fixed day alone (`DAYBOOK_TODAY=2013-03-01`) stands for. */
export const NOON = 12;

const EXAMPLE_NOW = 'DAYBOOK_NOW="2013-02-16 11:07"';

/** A fixed moment from one variable, or undefined when it is unset or empty. */
function fixedMoment(env: NodeJS.ProcessEnv, name: 'DAYBOOK_NOW' | 'DAYBOOK_TODAY'): (Now & { timed: boolean }) | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  const m = name === 'DAYBOOK_NOW' ? /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(text) : /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const timed = m?.[4] !== undefined;
  const [hour, minute] = timed ? [Number(m![4]), Number(m![5])] : [NOON, 0];
  if (!m || !isDay(year, month, day) || hour > 23 || minute > 59) {
    throw name === 'DAYBOOK_NOW'
      ? new InputError(`DAYBOOK_NOW="${raw}" is not a moment`, `expected YYYY-MM-DD HH:MM (or YYYY-MM-DD alone, meaning 12:00 that day), for example ${EXAMPLE_NOW}`)
      : new InputError(`DAYBOOK_TODAY="${raw}" is not a date`, `expected YYYY-MM-DD, for example DAYBOOK_TODAY=2013-03-01 (the same as DAYBOOK_NOW="2013-03-01 12:00")`);
  }
  if (year < 1000) throw new InputError(`${name}="${raw}": the year ${year} cannot be written as a journal header`, `a header has a four-digit year from 1000 to 9999, for example ${EXAMPLE_NOW}`);
  return { year, month, day, hour, minute, timed };
}

/**
 * Now: the fixed moment of `DAYBOOK_NOW` / `DAYBOOK_TODAY` when set (see
 * above), else the local time of `date`.
 */
export function readNow(env: NodeJS.ProcessEnv, date = new Date()): Now {
  const now = fixedMoment(env, 'DAYBOOK_NOW');
  const today = fixedMoment(env, 'DAYBOOK_TODAY');
  if (now && today && (now.year !== today.year || now.month !== today.month || now.day !== today.day)) {
    throw new InputError(`DAYBOOK_NOW="${env.DAYBOOK_NOW}" and DAYBOOK_TODAY="${env.DAYBOOK_TODAY}" name different days`, `set only DAYBOOK_NOW, for example ${EXAMPLE_NOW} (DAYBOOK_TODAY=2013-03-01 is the older name of DAYBOOK_NOW=2013-03-01, 12:00 that day)`);
  }
  const fixed = now ?? today;
  if (fixed) return { year: fixed.year, month: fixed.month, day: fixed.day, hour: fixed.hour, minute: fixed.minute };
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(), hour: date.getHours(), minute: date.getMinutes() };
}

/** True when the environment fixes the clock. */
export function clockFixed(env: NodeJS.ProcessEnv): boolean {
  return [env.DAYBOOK_NOW, env.DAYBOOK_TODAY].some((v) => v !== undefined && v.trim() !== '');
}

/** The day of a moment: 20130216. */
export function todayOf(now: Now): Day {
  return dayOf(now.year, now.month, now.day);
}

/** Minutes since the moment's midnight. */
export function minutesOf(now: Now): number {
  return now.hour * 60 + now.minute;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The clock read now, as the servers ask for it at each request: today
 * (`2013-02-16`) and the minutes of the day.
 */
export function readToday(env: NodeJS.ProcessEnv): { today: string; minutes: number } {
  const n = readNow(env);
  return { today: dayText(todayOf(n)), minutes: minutesOf(n) };
}

/**
 * A local time, `minutes` after a day's midnight (past 1440 is the next
 * day), written `YYYY-MM-DDTHH:MM:00`.
 *
 * ```ts
 * localStamp(20121231, 1515); // '2013-01-01T01:15:00'
 * ```
 */
export function localStamp(day: Day, minutes: number): string {
  const p = dayParts(addDays(day, Math.floor(minutes / 1440)));
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}T${two(Math.floor(m / 60))}:${two(m % 60)}:00`;
}

/** A local time (`YYYY-MM-DDTHH:MM:00`, in the zone of TZ) in UTC, as Timewarrior and iCalendar write it: `20130205T023500Z`. */
export function utcStamp(local: string): string {
  const [date, time] = local.split('T') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return new Date(y, mo - 1, d, h, mi).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
