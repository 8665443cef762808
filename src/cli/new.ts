/**
 * `daybook new`: appends an entry headed by the current moment.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DaybookError, InputError } from '../errors.js';
import { readJournal } from '../journal/read.js';
import { continueTitle, findThread } from '../query/thread.js';
import { appendEntry, checkBody, splitLines } from '../write/append.js';
import { readNow } from '../calendar/clock.js';
import { formatHeader, momentStyle } from '../write/clock.js';
import { editFile } from '../write/edit.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { tellNotes, type Io } from './io.js';
import { writeTarget } from './write-target.js';

export const help = `daybook new [--topics "a, b"] [--continue THREAD|REF] [-m TEXT] [--edit] [--file F]
            [--journal PATH] [--json]

Appends an entry to the journal, headed by the current local moment in the
file's own style (9:07 2013-02-22), after a blank line.

  --topics "a, b"     the title line
  --continue T        continue a thread (its name, or the moment of one of its
                      entries): the title is the thread's with the next contN;
                      --topics then adds a subtitle after it
  -m TEXT             the body (or the title and body, without --topics)
  --edit              open $VISUAL or $EDITOR on a template (the default when
                      there is no -m and standard input is a terminal); saving
                      it empty writes nothing
  --file F            the file of a multi-file journal (default: the newest)

Without -m, the body is read from standard input when it is not a terminal.
DAYBOOK_NOW="2013-02-16 11:07" fixes the moment, for every command (for
scripts and tests; DAYBOOK_TODAY=2013-02-16 is the same day at 12:00).`;

const MARK = '#daybook: ';

/** The flags of `daybook new`. */
export const options = { ...JOURNAL_OPTIONS, topics: { type: 'string' }, continue: { type: 'string' }, message: { type: 'string', short: 'm' }, edit: { type: 'boolean' }, file: { type: 'string' } } as const satisfies ParseArgsOptions;

/** Runs `daybook new`. */
export function newEntry(args: string[], io: Io): number {
  const flags = flagsOrHelp('new', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  if (flags.positionals.length > 0) throw new InputError(`new: unexpected argument "${flags.positionals[0]}"`, 'expected the text after -m, e.g. daybook new --topics "ops" -m "1, restarted the cache"');
  const now = readNow(io.env);
  const target = writeTarget(io, v);

  let title = v.topics?.trim();
  if (v.topics !== undefined && title === '') throw new InputError('new: --topics is empty', 'expected the title line, e.g. --topics "storage, wal"');
  if (title !== undefined && /[\r\n]/.test(title)) throw new InputError('new: --topics holds a line break', 'expected one line of topics, e.g. --topics "storage, wal"');
  if (v.continue !== undefined) {
    const journal = readJournal(target.files, io.cwd);
    const thread = findThread(journal, v.continue);
    title = `${continueTitle(journal, thread)}${title !== undefined ? `, ${title}` : ''}`;
  }

  let body: string | undefined = v.message;
  if (body === undefined && !v.edit && io.stdin && !io.stdin.isTTY) body = io.stdin.read();
  if (body === undefined && (v.edit || io.stdin?.isTTY)) {
    body = fromEditor(io, title);
    if (body === undefined) {
      io.stderr.write('nothing written: the entry was saved empty\n');
      return 1;
    }
  }
  let lines = splitLines(body ?? '');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  if (title === undefined) {
    if (lines.length === 0) throw new InputError('new: nothing to write', 'expected a title and a body, e.g. daybook new --topics "ops" -m "1, restarted the cache", or text on standard input');
    title = lines.shift()!;
  }
  checkBody(['', ...lines], 'new');

  let header = '';
  const result = editFile(target.path, target.shown, (state) => {
    header = formatHeader(now, momentStyle(state.doc));
    return [appendEntry(state, [header, title!, ...lines])];
  });
  tellNotes(io, result);
  if (v.json) printJson(io, { file: target.shown, header, title, lines: lines.length, retries: result.retries, redone: result.redone }, { root: journalRoot(io, v) });
  else io.stderr.write(`${target.shown}: added ${header}  ${title}\n`);
  return 0;
}

/** Opens the user's editor on a template; the text saved (template lines dropped), or undefined when it is empty. */
function fromEditor(io: Io, title: string | undefined): string | undefined {
  const editor = io.env.VISUAL || io.env.EDITOR;
  if (!editor) throw new InputError('new: no editor to write the entry in', 'set VISUAL or EDITOR (e.g. EDITOR=vim), or give the text with -m TEXT or on standard input');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-new-'));
  const file = path.join(dir, 'entry.txt');
  try {
    const template = [`${MARK}Write the entry below: its title line, then its body.`, `${MARK}Lines starting with "${MARK.trim()}" are dropped; an empty entry is not written.`, title ?? '', ''].join('\n');
    fs.writeFileSync(file, template);
    const r = spawnSync(`${editor} "$DAYBOOK_ENTRY_FILE"`, { shell: true, stdio: 'inherit', env: { ...io.env, DAYBOOK_ENTRY_FILE: file } });
    if (r.error || r.status !== 0) throw new DaybookError(`new: the editor "${editor}" failed (${r.error?.message ?? `exit code ${r.status}`}); nothing was written`, 'fix VISUAL or EDITOR, or give the text with -m TEXT', 1);
    const text = splitLines(fs.readFileSync(file, 'utf8'))
      .filter((l) => !l.startsWith(MARK.trim()))
      .join('\n');
    const kept = text.trim() === '' || text.trim() === (title ?? '').trim() ? undefined : text;
    return kept;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
