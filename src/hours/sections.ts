/**
 * The sections of a work report: what a range's entries and GTD tasks say,
 * sorted into done, in progress, next and problems, each point ending with a
 * reference to where it came from, in the journal's own style
 * (`see"14:14 2013-2-27"6.`), so that a report pasted into the journal can
 * be followed back.
 *
 * The rules, which `daybook report --help` and the README repeat:
 * - A piece of work is a thread (or a titled entry outside threads) that the
 *   range's entries belong to or its GTD tasks refer to; a task that refers
 *   to nothing is a piece of its own, named by its text.
 * - It is **in progress** when it goes on after the range: a later part of
 *   its thread, an item stamped after the range, an open `\TODO` in what it
 *   wrote up to the range's end, or a task span still open today. Else
 *   **done**. An item stamped in the range counts when its entry is in the
 *   range or a task of the range refers to it.
 * - **Next** is every open `\TODO` written in the range (or in an item
 *   stamped in it); a `\DONE` written there is done.
 * - **Problems** are the days short of their target, the lines that say
 *   they are one (`problem:`, `issue:`, `blocked`, `问题:`, `现有问题:` ...),
 *   and the items whose first line reports a failure (`hang`, `crash`,
 *   `fail`, `error`, `失败`, `崩溃` ...), in entries of the range.
 */
import { dayOf, dayText, type Day, type DayRange } from '../calendar/index.js';
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { referenceTo } from '../model/moment.js';
import { itemPath, resolveDetail } from '../model/references.js';
import type { Entry, EntryDetail, Item, Task } from '../model/types.js';
import { unionMinutes } from './account.js';
import { taskTarget } from './export.js';
import type { HoursDay, ReportPoint, ReportSections, WorkPiece } from './shapes.js';

/** The most characters of a point's words: a pasted line may be 800 characters long. */
export const MAX_POINT_TEXT = 200;

/** The most points a section shows (a week of ten thousand TODOs is no report to send): the rest are counted. */
export const MAX_SECTION_POINTS = 200;

/** A task's words without its references and closing full stop, on one line. */
export const cleanTaskText = (t: string) => t.replace(/\s*see\s*".*$/s, '').replace(/\s+/g, ' ').replace(/[.。]\s*$/u, '').trim();

/** Words cut to `MAX_POINT_TEXT`, on one line, without a closing full stop (the reference's `see` follows). */
export function pointText(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim().replace(/[.。,，;；:：]+$/u, '');
  return one.length > MAX_POINT_TEXT ? `${one.slice(0, MAX_POINT_TEXT - 1)}…` : one;
}

/** A task's own minutes: the union of its spans (or its durations), less its time off. */
export function taskMinutes(task: Task, now: number | undefined): number {
  const spans = task.spans.flatMap((s) => {
    if (s.start === undefined) return [];
    let end = s.end ?? now;
    if (end === undefined) return [];
    if (end < s.start) end += 1440;
    return [{ start: s.start, end }];
  });
  const off = task.timeOff.reduce((n, d) => n + d.minutes, 0);
  const base = spans.length ? unionMinutes(spans) : task.durations.reduce((n, d) => n + d.minutes, 0);
  return Math.max(0, base - off);
}

const dayOfEntry = (e: Entry): Day | undefined => (e.moment?.valid ? dayOf(e.moment.year, e.moment.month, e.moment.day) : undefined);

/** The point's place: an entry and maybe an item of it, as a reference and as fields. */
function placeOf(entry: Entry, item?: Item): Pick<ReportPoint, 'ref' | 'moment' | 'path' | 'file' | 'line'> {
  const path = item ? itemPath(item) : undefined;
  const m = entry.moment!;
  return { ref: `${referenceTo(m)}${path ?? ''}.`, moment: `${m.hour}:${String(m.minute).padStart(2, '0')} ${m.year}-${m.month}-${m.day}`, ...(path ? { path } : {}), file: entry.file.path, line: entry.line };
}

/** A line that says it is a problem: a label and a colon (or "is"/"是") at its start. */
const PROBLEM_LABEL = /^(?:problems?|issues?|blockers?|blocked|questions?|bugs?|open questions?|现有问题|问题|困难|疑问|难点|障碍)\s*(?:[:：]|is\b|是)/iu;
/** An item whose first line reports a failure. */
const FAILURE = /(?<![\p{L}\p{N}])(?:hang|hangs|hung|crash|crashes|crashed|fail|fails|failed|failure|errors?|deadlocks?|segfault|seqfault|panic|broken|stuck)(?![\p{L}\p{N}])|失败|崩溃|卡住|挂起|死锁|报错|出错/iu;

/** One piece of work of the range. */
interface Work {
  name: string;
  minutes: number;
  days: Set<string>;
  /** Where its reference points: the latest entry (or task item) of it. */
  at: { entry: Entry; item?: Item };
  /** Why it goes on after the range, when it does. */
  goesOn?: string;
  /** Its entries read for lines. */
  entries: Set<Entry>;
  tasks: number;
  open: boolean;
  order: number;
}

export interface SectionOptions {
  /** The day the report is drafted on (`2013-02-28`) and the minutes of now: open spans count until now on that day. */
  today: string;
  nowMinutes: number;
  /** Where the entries read whole are kept, so that the caller reads each once (`detailCache()`). */
  details?: (e: Entry) => EntryDetail;
}

/** An entry's detail, read whole once and kept for the other questions of the same report. */
export function detailCache(): (e: Entry) => EntryDetail {
  const details = new Map<Entry, EntryDetail>();
  return (e) => {
    let d = details.get(e);
    if (!d) details.set(e, (d = readDetail(e)));
    return d;
  };
}

/**
 * The sections of a range. `days` are the hours report's days of the range
 * (for the days short of their target).
 *
 * ```ts
 * reportSections(journal, range, hours.days, { today: '2013-02-28', nowMinutes: 720 }).inProgress[0].ref; // 'see"14:14 2013-2-27".'
 * ```
 */
export function reportSections(journal: Journal, range: DayRange, days: HoursDay[], opts: SectionOptions): { sections: ReportSections; pieces: WorkPiece[] } {
  const inRange = (d: Day | undefined) => d !== undefined && d >= range.from && d <= range.to;
  const works = new Map<string, Work>();
  const later = (a: Entry, b: Entry) => a.moment!.code > b.moment!.code || (a.moment!.code === b.moment!.code && journal.before(b, a));
  const workOf = (entry: Entry, key: string, name: string): Work => {
    let w = works.get(key);
    if (!w) works.set(key, (w = { name, minutes: 0, days: new Set(), at: { entry }, entries: new Set(), tasks: 0, open: false, order: works.size }));
    return w;
  };
  const keyOf = (e: Entry) => (e.thread ? `thread\u0000${e.thread.key}` : `entry\u0000${e.file.path}\u0000${e.from}`);
  const nameOf = (e: Entry) => e.thread?.key ?? e.title?.text ?? '';
  const sections: ReportSections = { done: [], inProgress: [], next: [], problems: [] };
  const detailOf = opts.details ?? detailCache();

  const ranged = journal.entries.filter((e) => inRange(dayOfEntry(e))).sort((a, b) => (a.moment!.code - b.moment!.code) || (journal.before(a, b) ? -1 : 1));
  const read = new Set<Entry>();
  for (const e of ranged) {
    if (e.isGtd) {
      const detail = resolveDetail(detailOf(e), journal);
      const gtd = detail.gtd;
      if (!gtd) continue;
      const now = gtd.date === opts.today ? opts.nowMinutes : undefined;
      for (const task of gtd.tasks) {
        if (/^\s*summary\s*:/i.test(task.text)) continue;
        const target = taskTarget(task);
        const text = pointText(cleanTaskText(task.text));
        let w: Work;
        if (target?.moment?.valid && !target.isGtd && (target.title || target.thread)) {
          w = workOf(target, keyOf(target), nameOf(target));
          if (later(target, w.at.entry)) w.at = { entry: target };
          w.entries.add(target);
          read.add(target);
        } else {
          // A task that is a TODO (or a TODO done) is that marker's point, in next (or done), not a piece of work.
          if (!text || /\\(?:TODO|DONE)\b/.test(task.text)) continue;
          w = workOf(e, `task\u0000${text.toLowerCase()}`, text);
          w.at = { entry: e, item: task.item };
        }
        const minutes = taskMinutes(task, now);
        w.minutes += minutes;
        w.tasks++;
        if (minutes > 0) w.days.add(gtd.date);
        // A span still open goes on only on the day the report is drafted (on an older day it is a span never closed).
        if (now !== undefined && task.spans.some((s) => s.start !== undefined && s.end === undefined)) w.open = true;
      }
      read.add(e);
      continue;
    }
    read.add(e);
    if (e.untitled || (!e.title && !e.thread)) continue;
    const w = workOf(e, keyOf(e), nameOf(e));
    if (later(e, w.at.entry)) w.at = { entry: e };
    w.entries.add(e);
  }

  // What the entries read say, item by item, on the day each item was written (its stamp, else the entry's).
  const seenTodo = new Set<string>();
  for (const e of [...read].sort((a, b) => (a.moment!.code - b.moment!.code) || (journal.before(a, b) ? -1 : 1))) {
    const detail = detailOf(e);
    const day = dayOfEntry(e);
    const itemDay = (item: Item | undefined): Day | undefined => {
      for (let i = item; i; i = i.parent) if (i.stamp?.moment.valid) return dayOf(i.stamp.moment.year, i.stamp.moment.month, i.stamp.moment.day);
      return day;
    };
    const work = e.isGtd ? undefined : works.get(keyOf(e));
    for (const s of detail.stamps) {
      const d = s.moment.valid ? dayOf(s.moment.year, s.moment.month, s.moment.day) : undefined;
      if (work && d !== undefined && d > range.to && (work.goesOn === undefined || work.goesOn > dayText(d))) work.goesOn = dayText(d);
    }
    for (const t of detail.todos) {
      const d = itemDay(t.item);
      if (d === undefined || d > range.to) continue;
      if (t.state === 'open' && work) work.open = true;
      if (d < range.from) continue;
      const key = `${e.file.path}\u0000${t.from}`;
      if (seenTodo.has(key)) continue;
      seenTodo.add(key);
      const point = { text: `${t.state === 'open' ? '\\TODO' : '\\DONE'} ${pointText(t.text)}`, ...placeOf(e, t.item) };
      (t.state === 'open' ? sections.next : sections.done).push(point);
    }
    if (e.isGtd) continue;
    sections.problems.push(...problemLines(e, detail, (item) => inRange(itemDay(item))));
  }

  // A thread goes on when a later part of it was written after the range.
  for (const w of works.values()) {
    const key = w.at.entry.thread?.key;
    if (!key) continue;
    for (const p of journal.threads.get(key)?.parts ?? []) {
      const d = dayOfEntry(p.entry);
      if (d !== undefined && d > range.to && (w.goesOn === undefined || w.goesOn > dayText(d))) w.goesOn = dayText(d);
    }
  }

  const ordered = [...works.values()].sort((a, b) => b.minutes - a.minutes || a.order - b.order);
  const pieces: WorkPiece[] = [];
  for (const w of ordered) {
    const place = placeOf(w.at.entry, w.at.item);
    const point: ReportPoint = { text: pointText(w.name), ...(w.tasks ? { minutes: w.minutes, days: w.days.size } : {}), ...(w.goesOn ? { goesOn: w.goesOn } : {}), ...place };
    (w.goesOn !== undefined || w.open ? sections.inProgress : sections.done).push(point);
    if (w.tasks) pieces.push({ name: pointText(w.name), minutes: w.minutes, tasks: w.tasks, ...place });
  }
  // Done and in-progress TODO points come after the pieces of work; short days before the problem lines.
  const short: ReportPoint[] = [];
  for (const d of days) {
    if (d.diff === undefined || d.diff >= 0 || !d.account) continue;
    const gtd = ranged.find((e) => e.isGtd && e.file.path === d.entries[0]?.file && e.line === d.entries[0]?.line);
    if (!gtd) continue;
    short.push({ text: d.date, minutes: d.account.focus, target: d.target, short: -d.diff, ...placeOf(gtd) });
  }
  sections.problems.unshift(...short);
  const work = sections.done.filter((p) => !p.text.startsWith('\\DONE'));
  sections.done = [...work, ...sections.done.filter((p) => p.text.startsWith('\\DONE'))];
  // A report to send holds at most MAX_SECTION_POINTS points a section, and says how many more there are.
  for (const key of ['done', 'inProgress', 'next', 'problems'] as const) {
    const more = sections[key].length - MAX_SECTION_POINTS;
    if (more > 0) {
      sections[key] = sections[key].slice(0, MAX_SECTION_POINTS);
      (sections.more ??= {})[key] = more;
    }
  }
  return { sections, pieces };
}


/** The lines of an entry that say they are a problem, or items whose first line reports a failure, outside mail clips. */
function problemLines(e: Entry, detail: EntryDetail, inRange: (item: Item | undefined) => boolean): ReportPoint[] {
  const out: ReportPoint[] = [];
  const text = e.file.doc.chunkText(e.chunk).slice(e.chunk.from, e.chunk.to);
  // The items in the order they start: the last one started before a line holds it (an item runs to the next marker of its level or above).
  const items: Item[] = [];
  const walk = (list: Item[]) => list.forEach((i) => (items.push(i), walk(i.children)));
  walk(detail.items);
  let next = 0;
  let item: Item | undefined;
  let mail = 0;
  let offset = e.from;
  let n = 0;
  for (const line of text.split('\n')) {
    const from = offset;
    offset += line.length + 1;
    // The header and the title line say nothing of this kind.
    if (n++ < 2) continue;
    while (next < items.length && items[next]!.from < offset - 1) item = items[next++];
    if (item && item.to <= from) item = undefined;
    // A line that holds any of a mail clip (its header after an item marker, or its text) is the mail's, not the writer's.
    while (mail < detail.mails.length && detail.mails[mail]!.to <= from) mail++;
    if (mail < detail.mails.length && detail.mails[mail]!.from < offset) continue;
    if (!inRange(item)) continue;
    const isFirst = item !== undefined && item.marker.from >= from && item.marker.from < offset;
    const words = isFirst ? item!.text : line.trim();
    if (PROBLEM_LABEL.test(words) || (isFirst && FAILURE.test(words))) out.push({ text: pointText(words), ...placeOf(e, item) });
  }
  return out;
}
