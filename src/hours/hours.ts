/**
 * Hours against the target, day by day over a range: each GTD day's
 * figures, its target, how short or over it is, and the running balance
 * over its ISO week and its month. The balances and the weeks' sums are
 * those of the whole week and month, whatever part of them the range shows:
 * `--day` gives a day the same week balance as `--week`.
 */
import type { Config, TargetDay } from '../journal/config.js';
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import type { Entry } from '../model/types.js';
import { dayOf, dayText, inRange, monthOf, monthRange, rangeDays, readDayText, spanOf, weekday, weekdayName, weekName, weekOf, weekRange, type DayRange } from '../calendar/index.js';
import { accountDay } from './account.js';
import type { BalancePolicy, HoursDay, HoursNote, HoursReport } from './shapes.js';

export type { BalancePolicy, HoursDay, HoursReport };

/** The balance policy of a config (`carry` unless it says `shortfall`). */
export const policyOf = (config: Config): BalancePolicy => config.balance ?? 'carry';

/** What a day's `diff` adds to a balance under a policy: all of it (carry), or only a shortfall. */
export const countedDiff = (diff: number, policy: BalancePolicy): number => (policy === 'shortfall' ? Math.min(0, diff) : diff);

const WEEKDAYS: TargetDay[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** The target of a day, in minutes. */
export function targetOf(date: string, weekday: number, config: Config): number {
  if (config.daysOff?.includes(date)) return 0;
  const t = config.target;
  if (t === undefined) return 360;
  if (typeof t === 'number') return Math.round(t * 60);
  return Math.round((t[WEEKDAYS[weekday]!] ?? t.default ?? 6) * 60);
}

/** What the hours need besides the journal. */
export interface HoursOptions {
  config: Config;
  /** Today (`YYYY-MM-DD`) and the minutes since its midnight: open spans of today count until then. */
  today: string;
  nowMinutes: number;
}

/**
 * The hours of every day of a range. The GTD days are read from the first
 * day of the week and of the month that hold the range's first day to the
 * last day of the week that holds its last day, so that the balances and the
 * weeks' sums are whole; only the range's days are listed.
 *
 * ```ts
 * hoursOf(journal, { from: 20130204, to: 20130210 }, { config: {}, today: '2013-03-01', nowMinutes: 600 });
 * ```
 */
export function hoursOf(journal: Journal, range: DayRange, opts: HoursOptions): HoursReport {
  const read = spanOf(spanOf(weekRange(weekOf(range.from)), monthRange(monthOf(range.from))), weekRange(weekOf(range.to)));
  const byDate = new Map<string, Entry[]>();
  for (const e of journal.entries) {
    const m = e.moment;
    if (!e.isGtd || !m?.valid) continue;
    const n = dayOf(m.year, m.month, m.day);
    if (!inRange(n, read)) continue;
    const date = dayText(n);
    byDate.set(date, [...(byDate.get(date) ?? []), e]);
  }
  const overhead = (opts.config.overhead ?? []).map((p) => new RegExp(p, 'iu'));
  const policy = policyOf(opts.config);
  const all: HoursDay[] = [];
  let week = '';
  let month = '';
  let weekBalance = 0;
  let monthBalance = 0;
  for (const k of rangeDays(read)) {
    const date = dayText(k);
    const w = weekName(weekOf(k));
    if (w !== week) weekBalance = 0;
    if (date.slice(0, 7) !== month) monthBalance = 0;
    week = w;
    month = date.slice(0, 7);
    const entries = byDate.get(date) ?? [];
    const day: HoursDay = { date, weekday: weekdayName(k), week: w, entries: [], target: targetOf(date, weekday(k), opts.config), weekBalance, monthBalance, notes: [] };
    for (const e of entries) {
      const detail = readDetail(e);
      const gtd = detail.gtd;
      if (!gtd) continue;
      const acc = accountDay(gtd, { overhead, ...(date === opts.today ? { nowMinutes: opts.nowMinutes } : {}) });
      acc.notes.unshift(...presenceLineNotes(detail, e));
      const line = e.line;
      day.entries.push({ file: e.file.path, line });
      for (const n of acc.notes) day.notes.push({ ...n, file: e.file.path, line: e.file.doc.position(n.at).line + 1 });
      if (!day.account) day.account = acc;
      else {
        day.account.presence += acc.presence;
        day.account.logged += acc.logged;
        day.account.focus += acc.focus;
        day.account.spanned += acc.spanned;
        day.account.sessions.push(...acc.sessions);
        day.account.spans.push(...acc.spans);
        day.account.durations.push(...acc.durations);
      }
    }
    if (day.account) {
      day.diff = day.account.focus - day.target;
      weekBalance += countedDiff(day.diff, policy);
      monthBalance += countedDiff(day.diff, policy);
      day.weekBalance = weekBalance;
      day.monthBalance = monthBalance;
    }
    all.push(day);
  }
  const days = all.filter((d) => inRange(readDayText(d.date)!, range));
  const shown = new Set(days.map((d) => d.week));
  const weeks: HoursReport['weeks'] = [];
  for (const day of all) {
    if (!shown.has(day.week)) continue;
    let s = weeks[weeks.length - 1];
    if (!s || s.week !== day.week) weeks.push((s = { week: day.week, presence: 0, logged: 0, focus: 0, target: 0, short: [], over: [], balance: 0 }));
    if (!day.account) continue;
    s.presence += day.account.presence;
    s.logged += day.account.logged;
    s.focus += day.account.focus;
    s.target += day.target;
    if (day.diff! < 0) s.short.push(-day.diff!);
    if (day.diff! > 0) s.over.push(day.diff!);
    s.balance += countedDiff(day.diff!, policy);
  }
  return { policy, days, weeks };
}

/** Minutes as the journal writes hours: `7.5`, `3.55`, `6`. */
export function formatHours(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100);
}

/** A week's shortfall the way the user writes it: `short 3 + 1 + 3.5 = 7.5 h`. */
export function writtenSum(label: string, amounts: number[]): string {
  if (amounts.length === 0) return '';
  const total = amounts.reduce((a, b) => a + b, 0);
  return amounts.length === 1 ? `${label} ${formatHours(total)} h` : `${label} ${amounts.map(formatHours).join(' + ')} = ${formatHours(total)} h`;
}

const TIME_TOKEN = /^(\d{1,2}:\d{2}(-(\d{1,2}:\d{2})?)?|-\d{1,2}:\d{2})$/;

/** What is wrong with a GTD day's `0, ` line: missing, or holding words that are not times (so presence would be a silent zero). */
function presenceLineNotes(detail: ReturnType<typeof readDetail>, e: Entry): HoursNote[] {
  const zero = detail.items.find((i) => i.level === 1 && i.number === 0);
  if (!zero) return [{ at: e.from, message: 'this GTD day has no "0, " line: presence is not recorded (expected "0, 9:10-12:00 13:00-18:00")' }];
  const text = e.file.doc.textOf({ from: zero.marker.to, to: zero.to }).split(/\r?\n/, 1)[0]!;
  const bad = text.trim().split(/\s+/).filter((t) => t !== '' && !TIME_TOKEN.test(t));
  if (bad.length === 0) return [];
  return [{ at: zero.from, message: `the "0, " line holds "${bad.join(' ').slice(0, 60)}", which is not a time: presence counts only the times on it (expected spans like "9:10-12:00 13:00-18:00")` }];
}
