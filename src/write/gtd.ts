/**
 * Edits of today's GTD entry (FORMAT.md section 6), each a plan for
 * `editFile`: they find the entry in the file as it is now, wherever it is
 * (later entries may follow it), and change only the bytes they are about.
 */
import { InputError } from '../errors.js';
import type { Item, Task } from '../model/types.js';
import { appendEntry } from './append.js';
import type { Now } from '../calendar/clock.js';
import { formatHeader, formatTime, momentStyle } from './clock.js';
import { byteAt, type FileState, type Patch } from './edit.js';
import { endOfContent, insertLinesAfter, readEntries, type FoundEntry } from './find.js';

/** Today's GTD entry of the file (the last one, if there are several). */
export function todaysGtd(state: FileState, now: Now): FoundEntry | undefined {
  const found = readEntries(state).filter((e) => {
    const m = e.detail.entry.moment;
    return e.detail.entry.isGtd && m?.valid && m.year === now.year && m.month === now.month && m.day === now.day;
  });
  return found[found.length - 1];
}

const zeroItem = (e: FoundEntry): Item | undefined => e.detail.items.find((i) => i.level === 1 && i.number === 0);
const todayItem = (e: FoundEntry): Item | undefined => e.detail.items.find((i) => i.level === 1 && i.number === 1);

/** `gtd start`: a new presence session on the `0, ` line, or today's GTD entry when there is none. */
export function planStart(state: FileState, now: Now): Patch[] {
  const style = momentStyle(state.doc);
  const time = formatTime(now.hour, now.minute, style);
  const e = todaysGtd(state, now);
  if (!e) return [appendEntry(state, [formatHeader(now, style), 'GTD', `0, ${time}`, '', '1, today'])];
  const open = e.detail.gtd!.sessions.find((s) => s.state === 'open');
  if (open) throw new InputError(`gtd start: a session is open since ${e.text.slice(open.from - e.chunk.base, open.to - e.chunk.base)} (${state.shown}:${state.doc.position(open.from).line + 1})`, 'run "daybook gtd stop" first; nothing was changed');
  const zero = zeroItem(e);
  if (!zero) {
    const title = e.detail.entry.titleTo;
    return [insertLinesAfter(state, e, title, [`0, ${time}`])];
  }
  const lineEnd = zero.from + e.text.slice(zero.from - e.chunk.base).search(/\r|\n|$/);
  const end = endOfContent(e, zero.from, lineEnd);
  const at = byteAt(state, e.chunk, end);
  const before = e.text[end - e.chunk.base - 1];
  return [{ from: at, to: at, text: before === ' ' ? time : ` ${time}` }];
}

/** `gtd stop`: closes the open presence session. */
export function planStop(state: FileState, now: Now): Patch[] {
  const e = todaysGtd(state, now);
  if (!e) throw new InputError(`gtd stop: ${state.shown} has no GTD entry for today`, 'run "daybook gtd start" when you start the day; nothing was changed');
  const open = e.detail.gtd!.sessions.find((s) => s.state === 'open');
  if (!open) throw new InputError('gtd stop: no session is open today', 'run "daybook gtd start" to open one; nothing was changed');
  const at = byteAt(state, e.chunk, open.to);
  return [{ from: at, to: at, text: `-${formatTime(now.hour, now.minute, momentStyle(state.doc))}` }];
}

const isSummary = (e: FoundEntry, t: Item): boolean => /^\s*summary\s*:/i.test(e.text.slice(t.marker.to - e.chunk.base, t.to - e.chunk.base));

/** Adds the next task (or the summary) under `1, today`, before an existing summary (which then takes the next number). */
function addTask(state: FileState, e: FoundEntry, text: (n: number) => string, summary: boolean): Patch[] {
  const today = todayItem(e);
  if (!today) {
    const end = endOfContent(e, e.detail.entry.from, e.detail.entry.to);
    return [insertLinesAfter(state, e, end, ['1, today', `1), ${text(1)}`])];
  }
  const tasks = today.children.filter((c) => c.level === 2);
  const last = tasks[tasks.length - 1];
  const sum = tasks.find((t) => isSummary(e, t));
  if (summary && sum) throw new InputError(`gtd summary: today already has a summary (${state.shown}:${state.doc.position(sum.from).line + 1})`, 'edit it in your editor; nothing was changed');
  if (!last) return [insertLinesAfter(state, e, endOfContent(e, today.from, today.to), [`1), ${text(1)}`])];
  if (sum && sum === last) {
    // The new task takes the summary's number; the summary moves down one.
    const digitsFrom = byteAt(state, e.chunk, sum.marker.from);
    const written = e.text.slice(sum.marker.from - e.chunk.base, sum.marker.to - e.chunk.base);
    const digits = /\d+/.exec(written)!;
    const start = digitsFrom + Buffer.byteLength(written.slice(0, digits.index));
    const before = byteAt(state, e.chunk, sum.from);
    return [
      { from: before, to: before, text: `${sum.number}), ${text(sum.number)}${state.eol}` },
      { from: start, to: start + digits[0].length, text: String(sum.number + 1) },
    ];
  }
  return [insertLinesAfter(state, e, endOfContent(e, last.from, last.to), [`${last.number + 1}), ${text(last.number + 1)}`])];
}

/** `gtd task TEXT`: the next task, with an open span from now (or a duration), and a reference (written as in the journal: `"9:07 2013-2-22"2`). */
export function planTask(state: FileState, now: Now, task: { text: string; took?: string; ref?: string }): Patch[] {
  const e = todaysGtd(state, now);
  if (!e) throw new InputError(`gtd task: ${state.shown} has no GTD entry for today`, 'run "daybook gtd start" first; nothing was changed');
  const time = task.took ?? `${formatTime(now.hour, now.minute, momentStyle(state.doc))}-`;
  const body = task.ref ? `${task.text}${/[.!?。]$/u.test(task.text) ? '' : '.'} see${task.ref}.` : task.text;
  return addTask(state, e, () => `${time} ${body}`, false);
}

/** `gtd summary TEXT`: the day's `Summary:` item. */
export function planSummary(state: FileState, now: Now, text: string): Patch[] {
  const e = todaysGtd(state, now);
  if (!e) throw new InputError(`gtd summary: ${state.shown} has no GTD entry for today`, 'run "daybook gtd start" first; nothing was changed');
  return addTask(state, e, () => `Summary: ${text}`, true);
}

/** A start without an end, as hours and check count it open: written "H:MM-" or a bare "H:MM". */
const openSpan = (t: Task) => t.spans.find((s) => s.start !== undefined && s.end === undefined);

/** Today's GTD entry, or the refusal of `gtd ACTION` without one. */
function todayOrRefuse(state: FileState, now: Now, action: string): FoundEntry {
  const e = todaysGtd(state, now);
  if (!e) throw new InputError(`gtd ${action}: ${state.shown} has no GTD entry for today`, 'run "daybook gtd start" first; nothing was changed');
  return e;
}

/** The task with an open span that `gtd ACTION [N]` is about: task N, else the one open task. */
function openTask(e: FoundEntry, action: string, number: number | undefined): Task {
  const tasks = e.detail.gtd!.tasks;
  if (number !== undefined) {
    const task = tasks.find((t) => t.number === number);
    if (!task) throw new InputError(`gtd ${action}: today has no task ${number}`, `expected one of: ${tasks.map((t) => t.number).join(', ') || '(none yet)'}; nothing was changed`);
    if (!openSpan(task)) throw new InputError(`gtd ${action}: task ${number} has no open span ("H:MM-" or a bare "H:MM")`, 'nothing was changed');
    return task;
  }
  const open = tasks.filter((t) => openSpan(t));
  if (open.length === 0) throw new InputError(`gtd ${action}: no task has an open span ("H:MM-" or a bare "H:MM") today`, 'start one with "daybook gtd task TEXT"; nothing was changed');
  if (open.length > 1) throw new InputError(`gtd ${action}: tasks ${open.map((t) => t.number).join(', ')} are open`, `say which, e.g. daybook gtd ${action} ${open[open.length - 1]!.number}; nothing was changed`);
  return open[0]!;
}

/**
 * `gtd done [N]` and `gtd pause [N]`: closes the open span of task N
 * (default: the one task with an open span) at now. A paused task goes on
 * with `gtd continue`, in a new span of the same task.
 */
export function planDone(state: FileState, now: Now, number?: number, action: 'done' | 'pause' = 'done'): Patch[] {
  const e = todayOrRefuse(state, now, action);
  const span = openSpan(openTask(e, action, number))!;
  const at = byteAt(state, e.chunk, span.to);
  const dash = e.text[span.to - e.chunk.base - 1] === '-' ? '' : '-';
  return [{ from: at, to: at, text: `${dash}${formatTime(now.hour, now.minute, momentStyle(state.doc))}` }];
}

/**
 * `gtd continue [N]`: a new open span from now on task N (default: the task
 * whose last span ended latest today), after its last span: `3), 9:20-11:00
 * 14:05- ...`. Refused while a task is open.
 */
export function planContinue(state: FileState, now: Now, number?: number): Patch[] {
  const e = todayOrRefuse(state, now, 'continue');
  const tasks = e.detail.gtd!.tasks;
  const open = tasks.filter((t) => openSpan(t));
  if (open.length > 0) throw new InputError(`gtd continue: task ${open.map((t) => t.number).join(', ')} is still open`, `pause it first with "daybook gtd pause"; nothing was changed`);
  const closed = (t: Task) => t.spans.filter((s) => s.start !== undefined && s.end !== undefined);
  let task: Task | undefined;
  if (number !== undefined) {
    task = tasks.find((t) => t.number === number);
    if (!task) throw new InputError(`gtd continue: today has no task ${number}`, `expected one of: ${tasks.map((t) => t.number).join(', ') || '(none yet)'}; nothing was changed`);
    if (closed(task).length === 0) throw new InputError(`gtd continue: task ${number} has no span to go on from (it has no "H:MM-H:MM")`, 'add a task with "daybook gtd task TEXT"; nothing was changed');
  } else {
    // The task worked on last: its last span ends latest (spans after midnight count as later).
    const endOf = (t: Task) => Math.max(...closed(t).map((s) => (s.end! < s.start! ? s.end! + 1440 : s.end!)));
    task = tasks.filter((t) => closed(t).length > 0).sort((a, b) => endOf(b) - endOf(a))[0];
    if (!task) throw new InputError('gtd continue: no task of today has a closed span to go on from', 'start one with "daybook gtd task TEXT"; nothing was changed');
  }
  const last = task.spans[task.spans.length - 1]!;
  const at = byteAt(state, e.chunk, last.to);
  return [{ from: at, to: at, text: ` ${formatTime(now.hour, now.minute, momentStyle(state.doc))}-` }];
}

/**
 * `gtd cancel [N]`: takes out the open span of task N (default: the one open
 * task), and only that, with one space beside it: `3), 14:05- review` becomes
 * `3), review`. With no open task, the open presence session (`0, 9:10 13:40`
 * becomes `0, 9:10`). The task's text stays.
 */
export function planCancel(state: FileState, now: Now, number?: number): Patch[] {
  const e = todayOrRefuse(state, now, 'cancel');
  const anyOpen = e.detail.gtd!.tasks.some((t) => openSpan(t));
  let span: { from: number; to: number } | undefined;
  if (anyOpen || number !== undefined) span = openSpan(openTask(e, 'cancel', number));
  else span = e.detail.gtd!.sessions.find((s) => s.state === 'open');
  if (!span) throw new InputError('gtd cancel: nothing is open today (no task span "H:MM-", no session)', 'nothing was changed');
  const local = (o: number) => o - e.chunk.base;
  // One space goes with the span: the one after it, else the one before it.
  let { from, to } = span;
  if (e.text[local(to)] === ' ') to++;
  else if (e.text[local(from) - 1] === ' ' && e.text[local(from) - 2] !== ',') from--;
  return [{ from: byteAt(state, e.chunk, from), to: byteAt(state, e.chunk, to), text: '' }];
}
