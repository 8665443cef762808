/**
 * GTD day entries (FORMAT.md section 6): time specs of presence sessions and
 * tasks, time off inside a task, and the checks on them.
 */
import { accountDay } from '../hours/account.js';
import type { Reporter } from './diagnostic.js';
import type { Duration, GtdDay, Session, Span, Task, TimeSpan } from './types.js';


const SPEC = /^(?:(\d{1,2}):(\d{2})(-)?(?:(\d{1,2}):(\d{2}))?|-(\d{1,2}):(\d{2})|(\d+(?:\.\d+)?)h|(\d+)')$/;
const TIME_OFF = /^\s*([^\d\s'"][^'"]{0,30}?)\s+(\d+(?:\.\d+)?h|\d+')\s*$/;

/** One time spec read: a span (maybe open or without start) or a duration. */
export type TimeSpec = { kind: 'span'; span: TimeSpan } | { kind: 'duration'; duration: Duration };

/**
 * Reads one written time spec (`9:00-9:40`, `14:30-`, `-17:32`, `11:30`,
 * `2.5h`, `30'`). Minutes count from the day's midnight.
 *
 * ```ts
 * readTimeSpec('9:00-9:40', span); // { kind: 'span', span: { start: 540, end: 580, ... } }
 * ```
 */
export function readTimeSpec(written: string, span: Span): TimeSpec | undefined {
  const m = SPEC.exec(written);
  if (!m) return undefined;
  if (m[8] !== undefined) return { kind: 'duration', duration: { from: span.from, to: span.to, minutes: Math.round(Number(m[8]) * 60) } };
  if (m[9] !== undefined) return { kind: 'duration', duration: { from: span.from, to: span.to, minutes: Number(m[9]) } };
  if (m[6] !== undefined) return { kind: 'span', span: { from: span.from, to: span.to, end: Number(m[6]) * 60 + Number(m[7]) } };
  const s: TimeSpan = { from: span.from, to: span.to, start: Number(m[1]) * 60 + Number(m[2]) };
  if (m[4] !== undefined) s.end = Number(m[4]) * 60 + Number(m[5]);
  return { kind: 'span', span: s };
}

/** The length of a closed span in minutes; a span whose end is before its start crosses midnight. */
export function spanMinutes(span: TimeSpan): number | undefined {
  if (span.start === undefined || span.end === undefined) return undefined;
  return span.end >= span.start ? span.end - span.start : span.end + 1440 - span.start;
}

/** Reads a presence session from a time spec of the `0, ` line, reporting open and start-less ones. */
export function readSession(spec: TimeSpec, written: string, out: Reporter): Session | undefined {
  if (spec.kind !== 'span') return undefined;
  const s = spec.span;
  const session: Session = { from: s.from, to: s.to, state: s.start === undefined ? 'no-start' : s.end === undefined ? 'open' : 'closed' };
  if (s.start !== undefined) session.start = s.start;
  if (s.end !== undefined) session.end = s.end;
  if (session.state === 'no-start') out.report('time-span-no-start', s, `session "${written}" has no start; expected "H:MM-H:MM" like "13:00-17:31" (not counted)`);
  if (session.state === 'open') out.report('time-span-open', s, `session "${written}" has no end (open; counted only on the current day)`);
  return session;
}

/** Adds a time spec to a task, reporting open and start-less spans. */
export function addTaskSpec(task: Task, spec: TimeSpec, written: string, out: Reporter): void {
  if (spec.kind === 'duration') {
    task.durations.push(spec.duration);
    return;
  }
  task.spans.push(spec.span);
  if (spec.span.end === undefined) out.report('time-span-open', spec.span, `task span "${written}" has no end; expected "H:MM-H:MM" like "15:00-17:50" (the task is still open)`);
  if (spec.span.start === undefined) out.report('time-span-no-start', spec.span, `task span "${written}" has no start; expected "H:MM-H:MM" like "15:00-17:50"`);
}

/**
 * Reads a continuation line of a task as time off (`nap 30'`): a few words
 * and one duration, nothing else. Returns undefined for any other line.
 */
export function readTimeOff(line: string, span: Span): Duration | undefined {
  if (line.length > 48) return undefined;
  const m = TIME_OFF.exec(line);
  if (!m) return undefined;
  const written = m[2]!;
  const minutes = written.endsWith('h') ? Math.round(Number(written.slice(0, -1)) * 60) : Number(written.slice(0, -1));
  return { from: span.from, to: span.to, minutes, label: m[1]!.trim() };
}

/** Checks a finished task: spans and a duration that disagree are reported (the spans count). */
export function checkTask(task: Task, out: Reporter): void {
  const closed = task.spans.length > 0 && task.spans.every((s) => spanMinutes(s) !== undefined);
  if (!closed || task.durations.length === 0) return;
  const spanTotal = task.spans.reduce((sum, s) => sum + spanMinutes(s)!, 0) - task.timeOff.reduce((sum, d) => sum + d.minutes, 0);
  const durationTotal = task.durations.reduce((sum, d) => sum + d.minutes, 0);
  if (durationTotal === spanTotal) return;
  const first = task.durations[0]!;
  const last = task.durations[task.durations.length - 1]!;
  out.report('task-duration-mismatch', { from: first.from, to: last.to }, `task ${task.number}) gives spans of ${hours(spanTotal)} and a duration of ${hours(durationTotal)}; the spans count (write one or the other)`);
}

function hours(minutes: number): string {
  const h = minutes / 60;
  return `${Number.isInteger(h) ? h : h.toFixed(2).replace(/0$/, '')}h`;
}

const hm = (m: number) => `${Math.floor(m / 60) % 24}:${String(m % 60).padStart(2, '0')}`;

/** A session as it was written: `11:30-17:50`, `13:40` (open), `-17:32` (no start). */
const writtenSession = (s: Session) => (s.state === 'closed' ? `${hm(s.start!)}-${hm(s.end!)}` : s.state === 'open' ? hm(s.start!) : `-${hm(s.end!)}`);

/**
 * The sessions as intervals, merged, for telling whether a task lies in
 * one: as far as they are written, an open one (`13:40`) runs to the end of
 * the next day and one without a start (`-17:32`) from midnight.
 */
function sessionCover(day: GtdDay): { start: number; end: number }[] {
  const raw = day.sessions.map((s) => (s.state === 'open' ? { start: s.start!, end: 2880 } : s.state === 'no-start' ? { start: 0, end: s.end! } : { start: s.start!, end: s.end! < s.start! ? s.end! + 1440 : s.end! }));
  raw.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const i of raw) {
    const last = merged[merged.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else merged.push({ ...i });
  }
  return merged;
}

/** Minutes of [start, end) that the merged intervals cover. */
function covered(start: number, end: number, cover: { start: number; end: number }[]): number {
  let n = 0;
  for (const c of cover) n += Math.max(0, Math.min(end, c.end) - Math.max(start, c.start));
  return n;
}

/**
 * Checks a finished GTD day against its presence sessions:
 *
 * - `task-outside-session`: a closed task span that lies, wholly or in part,
 *   outside every session of the `0, ` line (a span after midnight may lie
 *   in a session that crosses it);
 * - `logged-over-presence`: the day's logged time (as `daybook hours`
 *   counts it) is more than its presence; only a day whose sessions are all
 *   closed is compared (an open one's end is not known).
 *
 * A day with no session says nothing here (its missing presence is
 * reported by the hours).
 */
export function checkDay(day: GtdDay, out: Reporter): void {
  if (day.sessions.length === 0) return;
  const cover = sessionCover(day);
  // (Written out only for a finding: most days have none.)
  const sessions = (): string => `"0, ${day.sessions.map(writtenSession).join(' ')}"`;
  for (const task of day.tasks) {
    for (const span of task.spans) {
      if (span.start === undefined || span.end === undefined) continue;
      const end = span.end < span.start ? span.end + 1440 : span.end;
      const length = end - span.start;
      const outside = Math.min(length - covered(span.start, end, cover), length - covered(span.start + 1440, end + 1440, cover));
      if (outside <= 0) continue;
      const written = `${hm(span.start)}-${hm(span.end)}`;
      out.report('task-outside-session', span, outside === length ? `task ${task.number}) ${written} (${length} min) lies outside every presence session of ${sessions()}` : `task ${task.number}) ${written}: ${outside} of its ${length} min lie outside the presence sessions of ${sessions()}`);
    }
  }
  if (day.sessions.some((s) => s.state !== 'closed')) return;
  const acc = accountDay(day);
  if (acc.logged <= acc.presence) return;
  const first = day.sessions[0]!;
  const last = day.sessions[day.sessions.length - 1]!;
  out.report('logged-over-presence', { from: first.from, to: last.to }, `logged ${hours(acc.logged)} (${acc.logged} min) is more than the ${hours(acc.presence)} (${acc.presence} min) present in ${sessions()}: ${acc.logged - acc.presence} min more than the sessions hold (a session not written, or a task's time too long?)`);
}
