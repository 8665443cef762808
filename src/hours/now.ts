/**
 * Where the user stands now: today's presence and focus so far (open
 * sessions and task spans counted until now), what is left to the day's
 * target, when it is reached at today's pace, and the week's balance as of
 * yesterday and with today. `daybook now` prints it, `/api/now` sends it.
 *
 * Today's pace is its focus per minute of presence so far (at most 1): a
 * day that is 3 h focused in 4 h present needs 4 more hours of presence for
 * 3 more focused. With nothing to go by (no presence or no focus yet) every
 * minute from now is taken to count, and the answer says so.
 */
import { readDayText } from '../calendar/index.js';
import type { Journal } from '../model/journal.js';
import { countedDiff, hoursOf, type HoursOptions } from './hours.js';
import type { NowReport } from './shapes.js';

export type { NowReport };

const clock = (m: number) => `${Math.floor(m / 60) % 24}:${String(m % 60).padStart(2, '0')}`;

/**
 * Today as it stands at `opts.nowMinutes`.
 *
 * ```ts
 * nowOf(journal, { config: {}, today: '2025-10-13', nowMinutes: 16 * 60 }).reachedAtText; // '17:14'
 * ```
 */
export function nowOf(journal: Journal, opts: HoursOptions): NowReport {
  const today = readDayText(opts.today);
  if (today === undefined) throw new Error(`nowOf: "${opts.today}" is not a day`);
  const report = hoursOf(journal, { from: today, to: today }, opts);
  const day = report.days[0]!;
  const a = day.account;
  const presence = a?.presence ?? 0;
  const focus = a?.focus ?? 0;
  const left = Math.max(0, day.target - focus);
  const paceAssumed = presence === 0 || focus === 0;
  const pace = paceAssumed ? 1 : Math.min(1, focus / presence);
  const reachedAt = left === 0 ? null : opts.nowMinutes + Math.ceil(left / pace);
  return {
    now: `${opts.today} ${String(Math.floor(opts.nowMinutes / 60)).padStart(2, '0')}:${String(opts.nowMinutes % 60).padStart(2, '0')}`,
    date: day.date,
    weekday: day.weekday,
    week: day.week,
    policy: report.policy,
    entries: day.entries,
    presence,
    logged: a?.logged ?? 0,
    focus,
    target: day.target,
    left,
    open: a ? [...a.sessions, ...a.spans].filter((i) => i.open && i.end > i.start) : [],
    pace: Math.round(pace * 1000) / 1000,
    paceAssumed,
    reachedAt,
    reachedAtText: reachedAt === null ? null : `${clock(reachedAt)}${reachedAt >= 1440 ? ' tomorrow' : ''}`,
    weekBalanceBefore: day.diff === undefined ? day.weekBalance : day.weekBalance - countedDiff(day.diff, report.policy),
    weekBalance: day.weekBalance,
    notes: day.notes,
  };
}
