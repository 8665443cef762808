/**
 * `daybook show REF`: the entry or item a reference names, as written.
 */
import { UsageError } from '../errors.js';
import { readRefArg } from '../query/ref.js';
import { show as showTarget } from '../query/show.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { styles, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook show REF [--journal PATH] [--json]

Prints the entry or item a reference names, exactly as written. REF is written
as in the journal or in normal form:

  daybook show '"11:07 2013-2-16"5'     item 5 of that entry
  daybook show '11:07 2013-2-16'        the whole entry
  daybook show '2013-02-16 11:07#5'     the same item, normal form

Exit status 1 when no entry (or item) has that moment (the nearest are named)
or when two entries share it.`;

/** The flags of `daybook show`. */
export const options = JOURNAL_OPTIONS satisfies ParseArgsOptions;

/** Runs `daybook show`. */
export function show(args: string[], io: Io): number {
  const flags = flagsOrHelp('show', args, options, help, io);
  if (!flags) return 0;
  const { values, positionals } = flags;
  if (positionals.length !== 1) throw new UsageError('show: give one reference', `for example: daybook show '"11:07 2013-2-16"5'`);
  const ref = readRefArg(positionals[0]!);
  const shown = showTarget(openJournal(io, values), ref);
  if (values.json) {
    printJson(io, shown, { root: journalRoot(io, values) });
    return 0;
  }
  const s = styles(useColor(io));
  io.stdout.write(s.dim(`${shown.file}:${shown.line}`) + '\n' + shown.text + (shown.text.endsWith('\n') ? '' : '\n'));
  return 0;
}
