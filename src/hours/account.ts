/**
 * The accounting of one GTD day, by the rules the README states:
 *
 * - presence: the closed sessions of the `0, ` line; an open session counts
 *   until now on the current day and is reported (not counted) on a past
 *   day; a span without a start is reported, not counted;
 * - logged: the union of every task's spans (overlapping tasks are not
 *   counted twice), plus the durations of tasks that have no span, minus
 *   time off (`nap 30'`); an open task span is treated like an open session;
 * - focus: the same, leaving out the tasks that match an overhead pattern;
 * - where a task gives spans and a duration that disagree, the spans win and
 *   the disagreement is reported.
 *
 * Minutes are counted from the day's midnight; a span whose end is before
 * its start ends the next day.
 */
import type { GtdDay, Task, TimeSpan } from '../model/types.js';
import type { DayAccount, HoursNote, Interval } from './shapes.js';

export type { DayAccount, HoursNote, Interval };

/** What the accounting needs to know beyond the day itself. */
export interface AccountOptions {
  /** Minutes since midnight now, when the day is today (open spans count until then). */
  nowMinutes?: number;
  /** Task texts matching one of these are overhead, not focus. */
  overhead?: RegExp[];
}

const hm = (m: number) => `${Math.floor(m / 60) % 24}:${String(m % 60).padStart(2, '0')}`;

/** The length of a union of intervals. */
export function unionMinutes(intervals: { start: number; end: number }[]): number {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -1;
  let curEnd = -1;
  for (const i of sorted) {
    if (i.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = i.start;
      curEnd = i.end;
    } else curEnd = Math.max(curEnd, i.end);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** A span as an interval: end after start (next day when it crosses midnight); open ones closed at now, else undefined. */
function interval(span: TimeSpan, now: number | undefined): { start: number; end: number; open?: true } | undefined {
  if (span.start === undefined) return undefined;
  if (span.end === undefined) {
    // Open: counted until now; one that starts later today has not begun (nothing yet, not a span across midnight).
    if (now === undefined) return undefined;
    return { start: span.start, end: Math.max(now, span.start), open: true };
  }
  return { start: span.start, end: span.end < span.start ? span.end + 1440 : span.end };
}

/** Accounts one GTD day. */
export function accountDay(day: GtdDay, opts: AccountOptions = {}): DayAccount {
  const notes: HoursNote[] = [];
  const acc: DayAccount = { date: day.date, presence: 0, logged: 0, focus: 0, spanned: 0, sessions: [], spans: [], durations: [], timeOff: 0, notes };
  for (const s of day.sessions) {
    if (s.state === 'no-start') {
      notes.push({ at: s.from, message: `session "-${hm(s.end!)}" has no start: not counted` });
      continue;
    }
    const i = interval(s, opts.nowMinutes);
    if (!i) {
      notes.push({ at: s.from, message: `session from ${hm(s.start!)} was never closed: not counted` });
      continue;
    }
    acc.sessions.push({ ...i, task: 0, text: s.end === undefined ? 'presence (open, until now)' : 'presence' });
  }
  acc.presence = unionMinutes(acc.sessions);

  const overhead = (t: Task) => (opts.overhead ?? []).some((re) => re.test(t.text));
  const focusIntervals: Interval[] = [];
  let durations = 0;
  let focusDurations = 0;
  let focusOff = 0;
  for (const t of day.tasks) {
    const counted: Interval[] = [];
    for (const s of t.spans) {
      const i = interval(s, opts.nowMinutes);
      if (i) counted.push({ ...i, task: t.number, text: t.text });
      else if (s.start === undefined) notes.push({ at: s.from, message: `task ${t.number}: a span without a start: not counted` });
      else notes.push({ at: s.from, message: `task ${t.number}: the span from ${hm(s.start)} was never closed: not counted` });
    }
    const given = t.durations.reduce((n, d) => n + d.minutes, 0);
    const off = t.timeOff.reduce((n, d) => n + d.minutes, 0);
    if (counted.length > 0) {
      if (given > 0) {
        const spanned = unionMinutes(counted) - off;
        if (spanned !== given) notes.push({ at: t.durations[0]!.from, message: `task ${t.number}: its spans give ${spanned} min, its duration says ${given} min; the spans count` });
      }
      acc.spans.push(...counted);
      if (!overhead(t)) focusIntervals.push(...counted);
    } else if (given > 0) {
      acc.durations.push({ task: t.number, minutes: given, text: t.text });
      durations += given;
      if (!overhead(t)) focusDurations += given;
    }
    acc.timeOff += off;
    if (!overhead(t)) focusOff += off;
  }
  acc.spanned = unionMinutes(acc.spans);
  acc.logged = Math.max(0, acc.spanned + durations - acc.timeOff);
  acc.focus = Math.max(0, unionMinutes(focusIntervals) + focusDurations - focusOff);
  return acc;
}
