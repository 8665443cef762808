/**
 * `daybook edit REF`: opens $VISUAL or $EDITOR at the line of the entry or
 * item a reference names (the `+LINE FILE` convention of vi, Emacs, nano,
 * Neovim, ...). daybook itself writes nothing.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DaybookError, InputError, UsageError } from '../errors.js';
import { readRefArg } from '../query/ref.js';
import { show } from '../query/show.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import type { Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook edit REF [--journal PATH] [--json]

Opens $VISUAL (else $EDITOR) at the line of the entry or item REF names, as
"EDITOR +LINE FILE" (vi, vim, Neovim, Emacs, nano and micro take it). REF is
written as for "daybook show":

  daybook edit '"11:07 2013-2-16"5'     at item 5 of that entry
  daybook edit '2013-02-16 11:07'       at the entry's header

--json prints the file and line instead of opening an editor. daybook writes
nothing; the editor saves as it always does.`;

/** The flags of `daybook edit`. */
export const options = JOURNAL_OPTIONS satisfies ParseArgsOptions;

/** Runs `daybook edit`. */
export function edit(args: string[], io: Io): number {
  const flags = flagsOrHelp('edit', args, options, help, io);
  if (!flags) return 0;
  const { values, positionals } = flags;
  if (positionals.length !== 1) throw new UsageError('edit: give one reference', `for example: daybook edit '"11:07 2013-2-16"5'`);
  const shown = show(openJournal(io, values), readRefArg(positionals[0]!));
  const file = path.resolve(io.cwd, shown.file);
  if (values.json) {
    printJson(io, { file: shown.file, line: shown.line }, { root: journalRoot(io, values) });
    return 0;
  }
  const editor = io.env.VISUAL || io.env.EDITOR;
  if (!editor) throw new InputError('edit: no editor to open', `set VISUAL or EDITOR (e.g. EDITOR=vim); the place is ${shown.file}:${shown.line}`);
  const r = spawnSync(`${editor} "+$DAYBOOK_EDIT_LINE" "$DAYBOOK_EDIT_FILE"`, { shell: true, stdio: 'inherit', cwd: io.cwd, env: { ...io.env, DAYBOOK_EDIT_LINE: String(shown.line), DAYBOOK_EDIT_FILE: file } });
  if (r.error || r.status !== 0) throw new DaybookError(`edit: the editor "${editor}" failed (${r.error?.message ?? `exit code ${r.status}`})`, `fix VISUAL or EDITOR; the place is ${shown.file}:${shown.line}`, 1);
  return 0;
}
