/**
 * Exports of the GTD days: intervals for Timewarrior (the JSON of `timew
 * export`, which `timew import` reads, or `timew track` commands for older
 * versions) and events for calendars (iCalendar, RFC 5545).
 *
 * Each task span is one interval, tagged with the topics of the entries the
 * task's references point to (or, with none, with the task's text).
 * Timewarrior allows no overlap, so where tasks overlap the later interval
 * starts when the earlier one ends: the intervals of a day add up to the
 * union of its task spans, less time off (`nap 30'`), which Timewarrior gets
 * cut from the end of the task (calendar events keep the spans as written).
 * Durations (`3h`) have no time of day and are not exported; sessions are
 * exported to the calendar only. Event UIDs name the GTD entry, the task
 * and its span, so that they stay the same whatever range is exported.
 */
import { readDetail, readEntryTitle } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { formatMoment, referenceTo } from '../model/moment.js';
import { itemPath, resolveDetail } from '../model/references.js';
import type { Entry, Task } from '../model/types.js';
import { dayOf, localStamp as stampOf, readDayText, utcStamp, type DayRange } from '../calendar/index.js';
import { createRequire } from 'node:module';
import type * as CsvStringify from 'csv-stringify/sync';
import { accountDay } from './account.js';
import type { TimesheetRow } from './shapes.js';

/** The timesheet's columns, in order: the CSV's header and the JSON's keys. */
export const TIMESHEET_COLUMNS = ['date', 'start', 'end', 'minutes', 'task', 'thread', 'topics', 'reference'] as const satisfies readonly (keyof TimesheetRow)[];

/** One interval of local time, with its tags; or (`kind: 'duration'`) a task's duration, which has no time of day. */
export interface TimeInterval {
  date: string;
  /** Local times, `YYYY-MM-DDTHH:MM:00`. */
  start: string;
  end: string;
  /** Minutes. */
  minutes: number;
  tags: string[];
  text: string;
  kind: 'task' | 'session' | 'duration';
  /** The task's number (0 for presence). */
  task: number;
  /** Where the task is written, in the journal's words: its GTD entry and item, `see"13:30 2013-2-22"1.1`. */
  reference: string;
  /** The thread (or title) of the entry the task's first reference names, as the report groups it; '' without one. */
  thread: string;
  /** The topics of the entries the task's references name. */
  topics: string[];
  /**
   * What the interval is, the same in every export of any range: the GTD
   * entry's moment, the task's number (0 for presence) and which of its
   * spans, e.g. `20121231T0900-task3-1`.
   */
  key: string;
  /** Minutes of time off (`nap 30'`) taken from the end of this interval for Timewarrior. */
  off: number;
}

/** A local time `minutes` after the midnight of `date` (YYYY-MM-DD). */
const localStamp = (date: string, minutes: number) => stampOf(readDayText(date)!, minutes);

export { utcStamp };

/** The topics of the entries a task's references name (resolved references). */
function topicsOf(task: Task): Set<string> {
  const tags = new Set<string>();
  for (const ref of task.references) {
    if (ref.kind !== 'moment') continue;
    // The title line alone holds the topics: the entry's body is not read.
    for (const target of ref.targets) for (const t of readEntryTitle(target).topics) tags.add(t.name);
  }
  return tags;
}

/** The entry a task's first resolving reference names: where its hours go. */
export function taskTarget(task: Task): Entry | undefined {
  const ref = task.references.find((r) => r.kind === 'moment' && r.targets.length > 0);
  return ref?.kind === 'moment' ? ref.targets[0] : undefined;
}

/** The name the hours of a task that refers to an entry go under: its thread, else its title, else its moment. */
export function threadName(target: Entry): string {
  return target.thread?.key ?? target.title?.text ?? formatMoment(target.moment!);
}

/** The tags of a task: the topics of the entries its references name, else its text. */
function tagsOf(task: Task): string[] {
  const tags = topicsOf(task);
  if (tags.size === 0) {
    const text = task.text.replace(/\s*see\s*".*$/s, '').replace(/[.。]\s*$/u, '').trim();
    if (text) tags.add(text.length > 60 ? `${text.slice(0, 57)}...` : text);
  }
  // Timewarrior cannot store a tag with a double quote in it.
  return [...tags].map((t) => t.replace(/"/g, "'"));
}

/** The intervals of the GTD days of a range (closed spans only; today's open ones until `nowMinutes`). */
export function intervalsOf(journal: Journal, range: DayRange, today: string, nowMinutes: number): TimeInterval[] {
  const two = (n: number) => String(n).padStart(2, '0');
  const out: TimeInterval[] = [];
  const days: Entry[] = journal.entries.filter((e) => {
    const m = e.moment;
    if (!e.isGtd || !m?.valid) return false;
    const n = dayOf(m.year, m.month, m.day);
    return n >= range.from && n <= range.to;
  });
  for (const e of days) {
    const detail = readDetail(e);
    resolveDetail(detail, journal);
    const gtd = detail.gtd;
    if (!gtd) continue;
    const acc = accountDay(gtd, gtd.date === today ? { nowMinutes } : {});
    const m = e.moment!;
    const entryKey = `${m.year}${two(m.month)}${two(m.day)}T${two(m.hour)}${two(m.minute)}`;
    const about = new Map<number, Pick<TimeInterval, 'reference' | 'thread' | 'topics' | 'task'>>();
    for (const t of gtd.tasks) {
      const target = taskTarget(t);
      about.set(t.number, { task: t.number, reference: `${referenceTo(m)}${itemPath(t.item)}`, thread: target ? threadName(target) : '', topics: [...topicsOf(t)] });
    }
    acc.sessions.forEach((s, k) => out.push({ date: gtd.date, start: localStamp(gtd.date, s.start), end: localStamp(gtd.date, s.end), minutes: s.end - s.start, tags: ['presence'], text: 'presence', kind: 'session', key: `${entryKey}-presence-${k + 1}`, off: 0, task: 0, reference: referenceTo(m), thread: '', topics: [] }));
    // Each span's place among its task's spans, before any is cut by an overlap.
    const nth = new Map<(typeof acc.spans)[number], number>();
    for (const sp of acc.spans) nth.set(sp, acc.spans.filter((x) => x.task === sp.task).indexOf(sp) + 1);
    const spans = [...acc.spans].sort((a, b) => a.start - b.start || a.end - b.end);
    let until = -1;
    const day: { i: TimeInterval; start: number; end: number; task: number }[] = [];
    for (const sp of spans) {
      const start = Math.max(sp.start, until);
      if (sp.end <= start) continue;
      until = sp.end;
      const task = gtd.tasks.find((t) => t.number === sp.task)!;
      const i: TimeInterval = { date: gtd.date, start: localStamp(gtd.date, start), end: localStamp(gtd.date, sp.end), minutes: sp.end - start, tags: tagsOf(task), text: task.text, kind: 'task', key: `${entryKey}-task${task.number}-${nth.get(sp)}`, off: 0, ...about.get(task.number)! };
      day.push({ i, start, end: sp.end, task: task.number });
      out.push(i);
    }
    // Time off has no time of day: it is taken from the end of the task's last intervals, so that the day adds up as hours counts it.
    // A task given only as a duration (`3h`), less its time off: no time of day, so for the timesheet alone.
    for (const d of acc.durations) {
      const t = gtd.tasks.find((x) => x.number === d.task)!;
      const off = t.timeOff.reduce((n, x) => n + x.minutes, 0);
      out.push({ date: gtd.date, start: '', end: '', minutes: Math.max(0, d.minutes - off), tags: tagsOf(t), text: t.text, kind: 'duration', key: `${entryKey}-task${t.number}-duration`, off: 0, ...about.get(t.number)! });
    }
    for (const t of gtd.tasks) {
      let off = t.timeOff.reduce((n, d) => n + d.minutes, 0);
      for (const d of day.filter((x) => x.task === t.number).reverse()) {
        if (off <= 0) break;
        const cut = Math.min(off, d.end - d.start);
        d.i.off = cut;
        off -= cut;
      }
    }
  }
  return out;
}

/** The JSON that `timew export` writes and `timew import` reads. */
export function timewarriorJson(intervals: TimeInterval[]): string {
  const tasks = timewarriorIntervals(intervals);
  return JSON.stringify(tasks.map((i, k) => ({ id: k + 1, start: utcStamp(i.start), end: utcStamp(i.end), tags: i.tags })), null, 0).replace(/\},\{/g, '},\n{') + '\n';
}

/** The task intervals as Timewarrior gets them: time off left out (an interval that is all time off is left out). */
function timewarriorIntervals(intervals: TimeInterval[]): TimeInterval[] {
  return intervals
    .filter((i) => i.kind === 'task' && i.minutes > i.off)
    .map((i) => (i.off ? { ...i, end: shiftStamp(i.end, -i.off), minutes: i.minutes - i.off, off: 0 } : i));
}

/** A local stamp `YYYY-MM-DDTHH:MM:00` moved by `minutes`. */
function shiftStamp(stamp: string, minutes: number): string {
  const d = new Date(`${stamp.slice(0, 16)}:00Z`);
  d.setUTCMinutes(d.getUTCMinutes() + minutes);
  return d.toISOString().slice(0, 19);
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Words that Timewarrior's command line reads as part of a time range, not as a tag. */
const TIMEW_WORDS = new Set(['from', 'to', 'for', 'before', 'after', 'since', 'until', 'ago', 'in', 'on', 'at', 'and', 'all', 'now', 'today', 'yesterday', 'tomorrow']);

/** A tag as `timew track` will take it: one that it would read as a date, a number or a range word gets a leading underscore (`_2013`). */
export function trackTag(tag: string): string {
  return /^[\d.:T+\-/]+$/.test(tag) || /^[\d.]+[hmsdw]$/i.test(tag) || TIMEW_WORDS.has(tag.toLowerCase()) ? `_${tag}` : tag;
}

/** `timew track START - END TAGS` commands, for Timewarrior before 1.5 (no `timew import`). */
export function timewarriorTrack(intervals: TimeInterval[]): string {
  return timewarriorIntervals(intervals)
    .map((i) => `timew track ${i.start} - ${i.end} ${i.tags.map((t) => shellQuote(trackTag(t))).join(' ')}\n`)
    .join('');
}

const icalText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds a content line at 75 octets (RFC 5545 section 3.1), without splitting a character. */
function fold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (size + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      size = 0;
    }
    cur += ch;
    size += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/** The sessions and task spans as an iCalendar file. `stamp` is the DTSTAMP (UTC, `20260101T000000Z`). */
export function icalendar(intervals: TimeInterval[], stamp: string): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//daybook//GTD days//EN', 'CALSCALE:GREGORIAN'];
  for (const i of intervals) {
    if (i.kind === 'duration') continue;
    lines.push(
      'BEGIN:VEVENT',
      // The same event has the same UID in every export, whatever the range: a re-import updates it.
      `UID:${i.key}@daybook`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${utcStamp(i.start)}`,
      `DTEND:${utcStamp(i.end)}`,
      `SUMMARY:${icalText(i.kind === 'session' ? 'presence' : i.text.replace(/\s*see\s*".*$/s, ''))}`,
      ...(i.tags.length ? [`CATEGORIES:${i.tags.map(icalText).join(',')}`] : []),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/**
 * The timesheet: one row per task span (as Timewarrior gets it: overlaps
 * cut, time off taken from the end) or duration, so that a day's rows add
 * up to its logged minutes as `hours` counts them. The CSV's columns and
 * the JSON's keys are the same.
 */
export function timesheetRows(intervals: TimeInterval[]): TimesheetRow[] {
  const clock = (stamp: string) => stamp.slice(11, 16);
  return intervals
    .filter((i) => i.kind === 'duration' || (i.kind === 'task' && i.minutes > i.off))
    .map((i) => ({
      date: i.date,
      start: i.kind === 'duration' ? '' : clock(i.start),
      end: i.kind === 'duration' ? '' : clock(i.off ? shiftStamp(i.end, -i.off) : i.end),
      minutes: i.minutes - i.off,
      task: i.text.replace(/\s*see\s*".*$/s, '').replace(/\s+/g, ' ').trim(),
      thread: i.thread,
      topics: i.topics.join(', '),
      reference: i.reference,
    }));
}

const require = createRequire(import.meta.url);

/** The timesheet as CSV (RFC 4180, with a header line), written by csv-stringify (loaded here only: the other exports and the report do without it). */
export function timesheetCsv(rows: TimesheetRow[]): string {
  const { stringify } = require('csv-stringify/sync') as typeof CsvStringify;
  return stringify(rows, { header: true, columns: [...TIMESHEET_COLUMNS], record_delimiter: 'windows' });
}

/** The intervals with every text of the user's (task, tags, topics, thread) passed through a redactor (`--redact`). */
export function redactIntervals(intervals: TimeInterval[], redact: (text: string) => string): TimeInterval[] {
  return intervals.map((i) => ({ ...i, text: redact(i.text), tags: i.tags.map(redact), topics: i.topics.map(redact), thread: redact(i.thread) }));
}
