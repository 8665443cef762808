/**
 * The commands an editor can run (`workspace/executeCommand`): a new entry
 * in the right file of the journal, today's GTD entry, a presence session
 * started and stopped, a task started and stopped. Each runs the plan the
 * CLI's command runs (`appendEntry`, `planStart`, `planStop`, `planTask`,
 * `planDone`) on the file the CLI would choose (`newestFile`):
 *
 * - a file the editor has open is changed in the editor (the plan runs on
 *   the editor's text, its patches go back as one workspace edit, undoable,
 *   saved by the user), so no unsaved typing is overwritten;
 * - a file that is not open is written by `editFile`, as `daybook new` and
 *   `daybook gtd` write it (locked, atomic, read back).
 *
 * Each answers where the cursor goes (the line it wrote), which the server
 * shows with `window/showDocument` when the editor can.
 */
import path from 'node:path';
import type { Now } from '../calendar/clock.js';
import { InputError } from '../errors.js';
import { newestFile } from '../journal/newest.js';
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { findTarget, readRefArg } from '../query/ref.js';
import { appendEntry } from '../write/append.js';
import { formatHeader, momentStyle } from '../write/clock.js';
import { applyPatches, editFile, stateOf, type FileState, type Patch } from '../write/edit.js';
import { planDone, planStart, planStop, planTask } from '../write/gtd.js';

/** The commands, by the names the server declares. */
export const COMMANDS = {
  newEntry: 'daybook.newEntry',
  openToday: 'daybook.openToday',
  startSession: 'daybook.startSession',
  stopSession: 'daybook.stopSession',
  startTask: 'daybook.startTask',
  stopTask: 'daybook.stopTask',
} as const;

/** What a command needs of the server. */
export interface CommandContext {
  journal(): Journal;
  /** The journal's files (absolute paths). */
  files(): string[];
  now(): Now;
  /** The text the editor has of a file, when it has it open. */
  openText(file: string): string | undefined;
  /** Applies edits (character offsets of the editor's text) in the editor; false when the editor refused. */
  applyInEditor(file: string, edits: { from: number; to: number; text: string }[]): Promise<boolean>;
  /** Reads again the files written on disk. */
  refresh(): void;
}

/** Where a command leaves the cursor, and what it did. */
export interface CommandResult {
  file: string;
  /** The offset of the cursor in the file's text after the command. */
  offset: number;
  /** The same place as a 0-based line and column (UTF-16 units), when the command wrote (else the server asks the journal). */
  position?: { line: number; character: number };
  message: string;
}

/**
 * The commands that make sense now, for the code action menu (the way
 * Neovim and Emacs users reach them): a new entry, today's GTD entry when
 * there is one, the session started or stopped, the open task stopped.
 */
export function commandsNow(journal: Journal, now: Now): { title: string; command: string }[] {
  const days = journal.entries.filter((e) => e.isGtd && e.moment?.valid && e.moment.year === now.year && e.moment.month === now.month && e.moment.day === now.day);
  const day = days[days.length - 1];
  const gtd = day ? readDetail(day).gtd : undefined;
  const open = gtd?.sessions.some((s) => s.state === 'open') ?? false;
  const out: { title: string; command: string }[] = [{ title: "daybook: new entry (in the journal's newest file)", command: COMMANDS.newEntry }];
  if (day) out.push({ title: "daybook: open today's GTD entry", command: COMMANDS.openToday });
  out.push(open ? { title: 'daybook: stop the presence session (gtd stop)', command: COMMANDS.stopSession } : { title: 'daybook: start a presence session (gtd start)', command: COMMANDS.startSession });
  if (gtd?.tasks.some((t) => t.spans.some((sp) => sp.end === undefined && sp.start !== undefined))) out.push({ title: 'daybook: stop the open task (gtd done)', command: COMMANDS.stopTask });
  return out;
}

/** The arguments of the commands, as an object (the first argument), checked. */
function argsOf(args: unknown[] | undefined): Record<string, unknown> {
  const a = args?.[0];
  if (a === undefined || a === null) return {};
  if (typeof a !== 'object' || Array.isArray(a)) throw new InputError('the command takes one argument, an object', 'expected e.g. { "topics": "storage, wal" } or nothing');
  return a as Record<string, unknown>;
}

function text(a: Record<string, unknown>, key: string, example: string): string | undefined {
  const v = a[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || /[\r\n]/.test(v)) throw new InputError(`"${key}" must be one line of text`, `expected e.g. { "${key}": ${JSON.stringify(example)} }`);
  return v.trim() === '' ? undefined : v.trim();
}

/** Runs a command; an `InputError` says what was wrong (nothing is then written). */
export async function runCommand(ctx: CommandContext, name: string, args: unknown[] | undefined): Promise<CommandResult> {
  const a = argsOf(args);
  const now = ctx.now();
  const file = (): string => {
    const wanted = text(a, 'file', '2025-10.txt');
    const files = ctx.files();
    if (wanted !== undefined) {
      const match = files.find((f) => f === path.resolve(wanted)) ?? files.find((f) => path.basename(f) === wanted);
      if (!match) throw new InputError(`"${wanted}" is not a file of the journal`, `expected one of: ${files.map((f) => path.basename(f)).slice(0, 6).join(', ')}`);
      return match;
    }
    if (!files.length) throw new InputError('no journal: the server was started without one', 'start it with --journal PATH, or set DAYBOOK_JOURNAL or the config file');
    return newestFile(files);
  };
  switch (name) {
    case COMMANDS.newEntry: {
      const topics = text(a, 'topics', 'storage, wal');
      let header = '';
      return write(ctx, file(), (s) => {
        header = formatHeader(now, momentStyle(s.doc));
        return [appendEntry(s, [header, ...(topics ? [topics] : []), ''])];
      }, () => `added ${header}${topics ? `  ${topics}` : ''}`);
    }
    case COMMANDS.openToday: {
      const days = ctx.journal().entries.filter((e) => e.isGtd && e.moment?.valid && e.moment.year === now.year && e.moment.month === now.month && e.moment.day === now.day);
      const day = days[days.length - 1];
      if (!day) throw new InputError(`no GTD entry for ${now.year}-${String(now.month).padStart(2, '0')}-${String(now.day).padStart(2, '0')}`, `run "${COMMANDS.startSession}" (daybook gtd start) to begin one`);
      return { file: day.file.path, offset: day.headerTo, message: `today's GTD entry: ${path.basename(day.file.path)}:${day.line}` };
    }
    case COMMANDS.startSession:
      return write(ctx, file(), (s) => planStart(s, now), () => 'started a session');
    case COMMANDS.stopSession:
      return write(ctx, file(), (s) => planStop(s, now), () => 'closed the session');
    case COMMANDS.startTask: {
      const task = text(a, 'text', 'review the WAL patch');
      if (!task) throw new InputError('no task text', 'expected { "text": "review the WAL patch" } and maybe "ref": "10:20 2025-10-06"');
      const refText = text(a, 'ref', '10:20 2025-10-06');
      let ref: string | undefined;
      if (refText !== undefined) {
        const arg = readRefArg(refText);
        const { entry } = findTarget(ctx.journal(), arg);
        ref = `"${entry.file.doc.textOf(entry.header).trim()}"${arg.path.join('.')}`;
      }
      return write(ctx, file(), (s) => planTask(s, now, { text: task, ...(ref !== undefined ? { ref } : {}) }), () => `added a task: ${task}`);
    }
    case COMMANDS.stopTask: {
      const n = a.number;
      if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 999_999)) throw new InputError('"number" must be the number of a task of today', 'expected e.g. { "number": 3 }, or nothing for the open one');
      return write(ctx, file(), (s) => planDone(s, now, n as number | undefined, 'done'), () => 'closed the task');
    }
    default:
      throw new InputError(`unknown command "${name}"`, `expected one of: ${Object.values(COMMANDS).join(', ')}`);
  }
}

/**
 * Runs a plan on a file: in the editor when it has the file open, else on
 * disk with the CLI's writer. The cursor goes to the end of the last line
 * written (without its line ending).
 */
async function write(ctx: CommandContext, file: string, plan: (s: FileState) => Patch[], message: () => string): Promise<CommandResult> {
  const shown = path.basename(file);
  const open = ctx.openText(file);
  let state: FileState | undefined;
  let patches: Patch[];
  if (open !== undefined) {
    state = stateOf(file, shown, Buffer.from(open, 'utf8'));
    patches = plan(state);
    const toChars = (byte: number) => state!.bytes.subarray(0, byte).toString('utf8').length;
    const ok = await ctx.applyInEditor(file, patches.map((p) => ({ from: toChars(p.from), to: toChars(p.to), text: p.text })));
    if (!ok) throw new InputError(`the editor did not apply the change to ${shown}`, 'save the file and run the command again');
  } else {
    patches = editFile(file, shown, (s) => {
      state = s;
      return plan(s);
    }).patches;
    ctx.refresh();
  }
  const after = applyPatches(state!.bytes, patches).toString('utf8');
  const last = [...patches].sort((x, y) => x.from - y.from).pop();
  let offset = after.length;
  if (last) {
    const before = state!.bytes.subarray(0, last.from).toString('utf8').length;
    const shift = patches.filter((p) => p !== last).reduce((n, p) => n + p.text.length - (state!.bytes.subarray(p.from, p.to).toString('utf8').length), 0);
    offset = before + shift + last.text.replace(/(\r\n|\r|\n)$/, '').length;
  }
  const lines = after.slice(0, offset).split(/\r\n|\r|\n/);
  return { file, offset, position: { line: lines.length - 1, character: lines[lines.length - 1]!.length }, message: `${shown}: ${message()}` };
}
