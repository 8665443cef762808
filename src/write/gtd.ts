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

/** `gtd done [N]`: closes the open span of task N (default: the one task with an open span). */
export function planDone(state: FileState, now: Now, number?: number): Patch[] {
  const e = todaysGtd(state, now);
  if (!e) throw new InputError(`gtd done: ${state.shown} has no GTD entry for today`, 'run "daybook gtd start" first; nothing was changed');
  // Open as hours and check count it: a start without an end, written "H:MM-" or a bare "H:MM".
  const openSpan = (t: Task) => t.spans.find((s) => s.start !== undefined && s.end === undefined);
  const tasks = e.detail.gtd!.tasks;
  let task: Task | undefined;
  if (number !== undefined) {
    task = tasks.find((t) => t.number === number);
    if (!task) throw new InputError(`gtd done: today has no task ${number}`, `expected one of: ${tasks.map((t) => t.number).join(', ') || '(none yet)'}; nothing was changed`);
    if (!openSpan(task)) throw new InputError(`gtd done: task ${number} has no open span ("H:MM-" or a bare "H:MM")`, 'nothing was changed');
  } else {
    const open = tasks.filter((t) => openSpan(t));
    if (open.length === 0) throw new InputError('gtd done: no task has an open span ("H:MM-" or a bare "H:MM") today', 'start one with "daybook gtd task TEXT"; nothing was changed');
    if (open.length > 1) throw new InputError(`gtd done: tasks ${open.map((t) => t.number).join(', ')} are open`, `say which, e.g. daybook gtd done ${open[open.length - 1]!.number}; nothing was changed`);
    task = open[0]!;
  }
  const span = openSpan(task)!;
  const at = byteAt(state, e.chunk, span.to);
  const dash = e.text[span.to - e.chunk.base - 1] === '-' ? '' : '-';
  return [{ from: at, to: at, text: `${dash}${formatTime(now.hour, now.minute, momentStyle(state.doc))}` }];
}
