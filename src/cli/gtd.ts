/**
 * `daybook gtd start|stop|task|done|summary`: keeps today's GTD entry.
 */
import { UsageError } from '../errors.js';
import { readJournal } from '../journal/read.js';
import { findTarget, readRefArg } from '../query/ref.js';
import { readNow, type Now } from '../calendar/clock.js';
import { editFile, type FileState, type Patch } from '../write/edit.js';
import { planCancel, planContinue, planDone, planStart, planStop, planSummary, planTask } from '../write/gtd.js';
import { readDuration } from '../calendar/duration.js';
import { didYouMean } from '../query/nearest.js';
import { gtdStatus } from '../query/gtd.js';
import { loadConfig } from '../journal/config.js';
import { formatHours } from '../hours/hours.js';
import { openJournal } from './journal-arg.js';
import fs from 'node:fs';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { tellNotes, type Io } from './io.js';
import { writeTarget } from './write-target.js';

export const help = `daybook gtd start | stop | task TEXT [--ref REF] [--took 90m] | done [N]
           | pause [N] | continue [N] | cancel [N] | status | summary TEXT
           [--file F] [--journal PATH] [--json]

Keeps today's GTD entry (FORMAT.md section 6), where it is in the file:

  start          opens a presence session on the "0, " line (now); creates
                 today's entry (GTD, "0, H:MM", "1, today") when there is none
  stop           closes the open session (H:MM-H:MM)
  task TEXT      adds the next task under "1, today" with an open span from
                 now ("3), 14:05- TEXT"), or --took for a duration (90m,
                 1h30, 1.5h, 2h, 30'; at most 24 h; written 1.5h or 45');
                 --ref REF adds see"REF" (REF as in "daybook show")
  done [N]       closes the open span of task N, "H:MM-" or a bare "H:MM"
                 (default: the open one)
  pause [N]      the same as done: the task stops for now ("9:20-10:05")
  continue [N]   a new span from now on task N (default: the task whose last
                 span ended latest): "3), 9:20-10:05 13:30- TEXT"
  cancel [N]     takes out the open span of task N (default: the open one),
                 and only that: "3), 13:30- TEXT" becomes "3), TEXT"; with no
                 open task, the open session of the "0, " line
  status         today's sessions and tasks, what is open, and the hours so
                 far against the target (writes nothing)
  summary TEXT   adds the day's "Summary:" item

Each write says what it wrote and where (file:line). Today's entry is looked
for in the newest file of the journal (or --file).
DAYBOOK_NOW="2013-02-22 13:30" fixes the moment, for every command (for
scripts and tests; DAYBOOK_TODAY=2013-02-22 is the same day at 12:00).`;

/** The flags of `daybook gtd`. */
export const options = { ...JOURNAL_OPTIONS, file: { type: 'string' }, ref: { type: 'string' }, took: { type: 'string' } } as const satisfies ParseArgsOptions;

/** The actions of `gtd`, for "did you mean" and completion. */
export const ACTIONS = ['start', 'stop', 'task', 'done', 'pause', 'continue', 'cancel', 'status', 'summary'];

/** What each action did, for its message. */
const DID: Record<string, string> = { start: 'started a session', stop: 'closed the session', task: 'added a task', done: 'closed the task', pause: 'paused the task', continue: 'went on with the task', cancel: 'took out the open span', summary: 'added the summary' };

/** A task number argument of done, pause, continue, cancel: `[N]`. */
function taskNumber(action: string, rest: string[]): number | undefined {
  if (rest.length > 1 || (rest[0] !== undefined && !/^\d{1,6}$/.test(rest[0]))) throw new UsageError(`gtd ${action}: "${rest.join(' ')}" is not a task number`, `expected the number of a task of today, e.g. daybook gtd ${action} 3, or nothing for ${action === 'continue' ? 'the last one' : 'the open one'}`);
  return rest[0] === undefined ? undefined : Number(rest[0]);
}

/** Runs `daybook gtd`. */
export function gtd(args: string[], io: Io): number {
  const flags = flagsOrHelp('gtd', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  const [action, ...rest] = flags.positionals;
  const now = readNow(io.env);
  const text = rest.join(' ').trim();
  let plan: (state: FileState, now: Now) => Patch[];
  if (action === 'status') {
    if (rest.length) throw new UsageError(`gtd status: unexpected argument "${rest[0]}"`, 'expected just "daybook gtd status"');
    return status(io, v, now);
  }
  const target = writeTarget(io, v);
  switch (action) {
    case 'start':
    case 'stop':
      if (rest.length) throw new UsageError(`gtd ${action}: unexpected argument "${rest[0]}"`, `expected just "daybook gtd ${action}"`);
      plan = action === 'start' ? planStart : planStop;
      break;
    case 'task': {
      if (!text) throw new UsageError('gtd task: no text', `expected what the task is, e.g. daybook gtd task "review the WAL patch" --ref "10:20 2025-10-06"`);
      const took = v.took === undefined ? undefined : readDuration(v.took, '--took').written;
      let ref: string | undefined;
      if (v.ref !== undefined) {
        const arg = readRefArg(v.ref);
        const { entry } = findTarget(readJournal(target.files, io.cwd), arg);
        const header = entry.file.doc.textOf(entry.header).trim();
        ref = `"${header}"${arg.path.join('.')}`;
      }
      plan = (state, n) => planTask(state, n, { text, ...(took !== undefined ? { took } : {}), ...(ref !== undefined ? { ref } : {}) });
      break;
    }
    case 'done':
    case 'pause': {
      const n = taskNumber(action, rest);
      plan = (state, now2) => planDone(state, now2, n, action);
      break;
    }
    case 'continue': {
      const n = taskNumber(action, rest);
      plan = (state, now2) => planContinue(state, now2, n);
      break;
    }
    case 'cancel': {
      const n = taskNumber(action, rest);
      plan = (state, now2) => planCancel(state, now2, n);
      break;
    }
    case 'summary':
      if (!text) throw new UsageError('gtd summary: no text', 'expected the summary, e.g. daybook gtd summary "6.5h, half an hour over"');
      plan = (state, n) => planSummary(state, n, text);
      break;
    default: {
      const near = action === undefined ? undefined : didYouMean(action, ACTIONS);
      throw new UsageError(action === undefined ? 'gtd: what to do?' : `gtd: unknown action "${action}"${near ? `; ${near}` : ''}`, 'expected one of: start, stop, task TEXT, done [N], pause [N], continue [N], cancel [N], status, summary TEXT; see "daybook help gtd"');
    }
  }
  const result = editFile(target.path, target.shown, (state) => plan(state, now));
  tellNotes(io, result);
  const lines = writtenLines(target.path, result.patches);
  if (v.json) printJson(io, { file: target.shown, action, patches: result.patches, lines, redone: result.redone }, { root: journalRoot(io, v) });
  else if (lines.length === 1) io.stderr.write(`${target.shown}:${lines[0]!.line}: ${DID[action]}: ${lines[0]!.text}\n`);
  else {
    io.stderr.write(`gtd ${action}: ${DID[action]}${action === 'start' ? ' in a new GTD entry' : ''}:\n`);
    for (const l of lines) io.stderr.write(`${target.shown}:${l.line}: ${l.text}\n`);
  }
  return 0;
}

/** The lines of the file, as written now, that the patches wrote or changed (1-based line numbers; blank lines left out). */
function writtenLines(file: string, patches: Patch[]): { line: number; text: string }[] {
  const bytes = fs.readFileSync(file);
  let shift = 0;
  const out: { line: number; text: string }[] = [];
  for (const p of [...patches].sort((a, b) => a.from - b.from)) {
    const at = p.from + shift;
    const end = at + Buffer.byteLength(p.text);
    shift += Buffer.byteLength(p.text) - (p.to - p.from);
    let lineStart = bytes.lastIndexOf(10, at - 1) + 1;
    let line = bytes.subarray(0, lineStart).reduce((n, b) => n + (b === 10 ? 1 : 0), 1);
    // Every line from the one the patch starts on to the one it ends on.
    while (lineStart <= end && lineStart < bytes.length) {
      let lineEnd = bytes.indexOf(10, lineStart);
      if (lineEnd < 0) lineEnd = bytes.length;
      const text = bytes.subarray(lineStart, lineEnd).toString('utf8').replace(/\r$/, '');
      const touched = lineEnd > at || (lineEnd === at && !/^\r?\n/.test(p.text));
      if (touched && text.trim() !== '' && !out.some((o) => o.line === line)) out.push({ line, text });
      if (lineEnd >= end) break;
      lineStart = lineEnd + 1;
      line++;
    }
  }
  return out;
}

/** `gtd status`: prints today's day and what is open; writes nothing. */
function status(io: Io, v: { journal?: string; config?: string; json?: boolean }, now: Now): number {
  const { config } = loadConfig(v.config, io.env);
  const st = gtdStatus(openJournal(io, v), now, config);
  if (v.json) {
    printJson(io, st, { root: journalRoot(io, v) });
    return 0;
  }
  const h = (m: number) => formatHours(m);
  if (!st.entry) {
    io.stdout.write(`${st.date}: no GTD entry today; "daybook gtd start" begins one\n`);
    return 0;
  }
  io.stdout.write(`${st.date}  GTD  ${st.entry.file}:${st.entry.line}\n`);
  io.stdout.write(`  sessions  ${st.sessions.join(' ') || '(none)'}${st.openSession ? `  (open since ${st.openSession.slice(0, -1)})` : ''}\n`);
  for (const t of st.tasks) io.stdout.write(`  ${t.open ? 'open' : '    '} ${String(t.number).padStart(2)}) ${t.times.join(' ')}${t.times.length ? ' ' : ''}${t.text}\n`);
  io.stdout.write(`  so far: presence ${h(st.presenceMinutes)} h, logged ${h(st.loggedMinutes)} h, focus ${h(st.focusMinutes)} h of ${h(st.targetMinutes)} h\n`);
  if (st.openTasks.length === 0 && !st.openSession) io.stdout.write('  nothing is open\n');
  return 0;
}
