/**
 * Dates for search filters, as a user types them: `2013-02-16`, `2013-2-16`,
 * `2013-02`, `2013`, `2013-W08`, `today`, `yesterday`, `this week`,
 * `last week`, `this month`, `last month`. Each names a range of days.
 */
import { InputError } from '../errors.js';
import { daysInMonth } from '../model/moment.js';

/** A range of days, both ends included, as YYYYMMDD numbers. */
export interface DayRange {
  from: number;
  to: number;
}

const EXAMPLES = 'expected a date like 2013-02-16, 2013-2-16, 2013-02, 2013, 2013-W08, today, yesterday, this week, last week, this month or last month';

const dayNumber = (d: Date): number => d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

/** The days of ISO week `week` of `year` (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeek(year: number, week: number): DayRange | undefined {
  const jan4 = utc(year, 1, 4);
  const monday1 = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
  const weeks = isoWeek53(year) ? 53 : 52;
  if (week < 1 || week > weeks) return undefined;
  const from = new Date(monday1.getTime() + (week - 1) * 7 * 86_400_000);
  return { from: dayNumber(from), to: dayNumber(new Date(from.getTime() + 6 * 86_400_000)) };
}

function isoWeek53(year: number): boolean {
  const jan1 = utc(year, 1, 1).getUTCDay();
  const leap = daysInMonth(year, 2) === 29;
  return jan1 === 4 || (leap && jan1 === 3);
}

function weekOf(day: Date): DayRange {
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
  return { from: dayNumber(monday), to: dayNumber(new Date(monday.getTime() + 6 * 86_400_000)) };
}

function monthOf(y: number, m: number): DayRange {
  return { from: y * 10000 + m * 100 + 1, to: y * 10000 + m * 100 + daysInMonth(y, m) };
}

/**
 * Reads a date as a range of days; `today` is `YYYY-MM-DD`. Throws an
 * `InputError` naming the flag and showing the forms it takes.
 *
 * ```ts
 * readDayRange('2013-W08', '2026-11-26', '--on'); // { from: 20130218, to: 20130224 }
 * ```
 */
export function readDayRange(text: string, today: string, flag: string): DayRange {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const now = utc(ty, tm, td);
  const bad = (why: string) => new InputError(`${flag} ${JSON.stringify(text)}: ${why}`, EXAMPLES);
  switch (s) {
    case 'today':
      return { from: dayNumber(now), to: dayNumber(now) };
    case 'yesterday': {
      const d = dayNumber(new Date(now.getTime() - 86_400_000));
      return { from: d, to: d };
    }
    case 'this week':
      return weekOf(now);
    case 'last week':
      return weekOf(new Date(now.getTime() - 7 * 86_400_000));
    case 'this month':
      return monthOf(ty, tm);
    case 'last month':
      return tm === 1 ? monthOf(ty - 1, 12) : monthOf(ty, tm - 1);
  }
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12) throw bad(`there is no month ${mo}`);
    if (d < 1 || d > daysInMonth(y, mo)) throw bad(`${y}-${String(mo).padStart(2, '0')} has no day ${d}`);
    const n = y * 10000 + mo * 100 + d;
    return { from: n, to: n };
  }
  m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) throw bad(`there is no month ${mo}`);
    return monthOf(y, mo);
  }
  m = /^(\d{4})-w(\d{1,2})$/.exec(s);
  if (m) {
    const range = isoWeek(Number(m[1]), Number(m[2]));
    if (!range) throw bad(`${m[1]} has no week ${Number(m[2])} (weeks are numbered 1 to ${isoWeek53(Number(m[1])) ? 53 : 52}, ISO 8601)`);
    return range;
  }
  m = /^(\d{4})$/.exec(s);
  if (m) return { from: Number(m[1]) * 10000 + 101, to: Number(m[1]) * 10000 + 1231 };
  throw bad(s === '' ? 'empty' : 'not a date daybook knows');
}

/** Today's date as YYYY-MM-DD: `DAYBOOK_TODAY` when set (checked), else the local date. */
export function todayFrom(env: NodeJS.ProcessEnv, now = new Date()): string {
  const fixed = env.DAYBOOK_TODAY;
  if (fixed === undefined) return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fixed);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > daysInMonth(Number(m[1]), Number(m[2]))) {
    throw new InputError(`DAYBOOK_TODAY="${fixed}" is not a date`, 'expected YYYY-MM-DD, for example DAYBOOK_TODAY=2013-03-01');
  }
  return fixed;
}
