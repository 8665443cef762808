/**
 * GTD day entries (FORMAT.md section 6): presence sessions on the `0, ` line,
 * tasks under `1, today` with their time specs, time off and the summary.
 */
import { forEachLine, lineEnd } from '../syntax/lines.js';
import { pushTimeSpecs } from '../syntax/inline.js';
import type { SyntaxNode } from '../syntax/tree.js';
import type { Code } from './diagnostic.js';
import { momentDate } from './moment.js';
import type { Duration, Entry, GtdDay, Item, Session, Span, Task, TimeSpan } from './types.js';

type Report = (code: Code, span: Span, message: string) => void;
type Text = (span: Span) => string;

const SPEC = /^(?:(\d{1,2}):(\d{2})(-)?(?:(\d{1,2}):(\d{2}))?|-(\d{1,2}):(\d{2})|(\d+(?:\.\d+)?)h|(\d+)')$/;
const TIME_OFF = /^\s*([^\d\s'"][^'"]{0,30}?)\s+(\d+(?:\.\d+)?h|\d+')\s*$/;

/** One time spec read: a span (maybe open or without start) or a duration. */
export type TimeSpec = { kind: 'span'; span: TimeSpan; dash: boolean } | { kind: 'duration'; duration: Duration };

/**
 * Reads one written time spec (`9:00-9:40`, `14:30-`, `-17:32`, `11:30`,
 * `2.5h`, `30'`). Minutes count from the day's midnight.
 */
export function readTimeSpec(written: string, span: Span): TimeSpec | undefined {
  const m = SPEC.exec(written);
  if (!m) return undefined;
  if (m[8] !== undefined) return { kind: 'duration', duration: { ...span, minutes: Math.round(Number(m[8]) * 60) } };
  if (m[9] !== undefined) return { kind: 'duration', duration: { ...span, minutes: Number(m[9]) } };
  if (m[6] !== undefined) return { kind: 'span', span: { ...span, end: Number(m[6]) * 60 + Number(m[7]) }, dash: true };
  const s: TimeSpan = { ...span, start: Number(m[1]) * 60 + Number(m[2]) };
  if (m[4] !== undefined) s.end = Number(m[4]) * 60 + Number(m[5]);
  return { kind: 'span', span: s, dash: m[3] !== undefined };
}

/** The length of a closed span in minutes; a span whose end is before its start crosses midnight. */
export function spanMinutes(span: TimeSpan): number | undefined {
  if (span.start === undefined || span.end === undefined) return undefined;
  return span.end >= span.start ? span.end - span.start : span.end + 1440 - span.start;
}

/** `H:MM` from minutes since midnight. */
export function clock(minutes: number): string {
  return `${Math.floor(minutes / 60) % 24}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Reads the GTD day of a `GTD` entry. */
export function readGtdDay(entry: Entry, text: Text, report: Report): GtdDay {
  const day: GtdDay = { entry, date: entry.moment ? momentDate(entry.moment) : '', sessions: [], tasks: [] };
  for (const item of entry.items) {
    if (item.level !== 1) continue;
    if (item.number === 0) {
      for (const spec of specsOf(entry, item)) {
        if (spec.kind !== 'span') continue;
        const s = spec.span;
        const session: Session = { ...s, state: s.start === undefined ? 'no-start' : s.end === undefined ? 'open' : 'closed' };
        day.sessions.push(session);
        if (session.state === 'no-start') report('time-span-no-start', s, `session "${text(s)}" has no start; expected "H:MM-H:MM" like "13:00-17:31" (not counted)`);
        if (session.state === 'open') report('time-span-open', s, `session "${text(s)}" has no end (open; counted only on the current day)`);
      }
      continue;
    }
    for (const child of item.children) {
      if (child.level !== 2) continue;
      const task = readTask(entry, child, text, report);
      if (/^summary:/i.test(task.text)) {
        const rest = text({ from: child.marker.to, to: child.to });
        const at = rest.search(/summary:/i);
        day.summary = { from: child.marker.to + at, to: child.to, text: rest.slice(at + 'summary:'.length).trim() };
      } else {
        day.tasks.push(task);
      }
    }
  }
  return day;
}

function readTask(entry: Entry, item: Item, text: Text, report: Report): Task {
  const task: Task = { item, number: item.number, from: item.from, to: item.to, spans: [], durations: [], timeOff: [], text: '', references: [] };
  let specsEnd = item.marker.to;
  for (const spec of specsOf(entry, item)) {
    specsEnd = spec.kind === 'span' ? spec.span.to : spec.duration.to;
    if (spec.kind === 'duration') task.durations.push(spec.duration);
    else {
      task.spans.push(spec.span);
      if (spec.span.end === undefined) report('time-span-open', spec.span, `task span "${text(spec.span)}" has no end; expected "H:MM-H:MM" like "15:00-17:50" (the task is still open)`);
      if (spec.span.start === undefined) report('time-span-no-start', spec.span, `task span "${text(spec.span)}" has no start; expected "H:MM-H:MM" like "15:00-17:50"`);
    }
  }
  const firstLineEnd = lineEndAfter(entry, item.marker.to);
  task.text = text({ from: specsEnd, to: firstLineEnd }).trim();
  for (const line of continuationLines(entry, item, firstLineEnd)) {
    const m = TIME_OFF.exec(text(line));
    if (!m) continue;
    const written = m[2]!;
    const minutes = written.endsWith('h') ? Math.round(Number(written.slice(0, -1)) * 60) : Number(written.slice(0, -1));
    task.timeOff.push({ ...line, minutes, label: m[1]!.trim() });
  }
  task.references = entry.references.filter((r) => r.item && within(r.item, item));
  const spanTotal = task.spans.reduce((sum, s) => sum + (spanMinutes(s) ?? 0), 0) - task.timeOff.reduce((sum, d) => sum + d.minutes, 0);
  const closed = task.spans.length > 0 && task.spans.every((s) => spanMinutes(s) !== undefined);
  const durationTotal = task.durations.reduce((sum, d) => sum + d.minutes, 0);
  if (closed && task.durations.length > 0 && durationTotal !== spanTotal) {
    const first = task.durations[0]!;
    report('task-duration-mismatch', { from: first.from, to: task.durations[task.durations.length - 1]!.to }, `task ${item.number}) gives spans of ${hours(spanTotal)} and a duration of ${hours(durationTotal)}; the spans count (write one or the other)`);
  }
  return task;
}

function hours(minutes: number): string {
  const h = minutes / 60;
  return `${Number.isInteger(h) ? h : h.toFixed(2).replace(/0$/, '')}h`;
}

function within(item: Item, ancestor: Item): boolean {
  for (let i: Item | undefined = item; i; i = i.parent) if (i === ancestor) return true;
  return false;
}

/** The time specs at the start of an item's first line, read with the same tokenizer the tree uses. */
function specsOf(entry: Entry, item: Item): TimeSpec[] {
  const chunk = entry.chunk;
  const from = (item.stamp ? item.stamp.to : item.marker.to) - chunk.base;
  const end = lineEndAfter(entry, from + chunk.base) - chunk.base;
  const leaves: SyntaxNode[] = [];
  pushTimeSpecs(chunk.text, from, end, chunk.base, leaves);
  const specs: TimeSpec[] = [];
  for (const leaf of leaves) {
    if (leaf.kind !== 'time-spec') continue;
    const spec = readTimeSpec(chunk.text.slice(leaf.from - chunk.base, leaf.to - chunk.base), { from: leaf.from, to: leaf.to });
    if (spec) specs.push(spec);
  }
  return specs;
}

function lineEndAfter(entry: Entry, offset: number): number {
  const { text, base, to } = entry.chunk;
  return lineEnd(text, offset - base, to) + base;
}

/** The item's own lines after its first one (not those of its child items), without line endings. */
function continuationLines(entry: Entry, item: Item, firstLineEnd: number): Span[] {
  const { text, base } = entry.chunk;
  const stop = item.children.length > 0 ? item.children[0]!.from : item.to;
  const out: Span[] = [];
  if (firstLineEnd >= stop) return out;
  forEachLine(text, firstLineEnd - base, stop - base, (l) => {
    if (l.contentEnd > l.from) out.push({ from: l.from + base, to: l.contentEnd + base });
  });
  return out;
}
