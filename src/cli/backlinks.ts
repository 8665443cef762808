/**
 * `daybook backlinks REF`: every reference to an entry or item.
 */
import { UsageError } from '../errors.js';
import { backlinks as findBacklinks } from '../query/backlinks.js';
import { readRefArg } from '../query/ref.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { styles, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook backlinks REF [--journal PATH] [--json]

Lists every reference to the entry (or item) REF names, across all files of
the journal, with the entry that holds it and the line it stands on:

  daybook backlinks '11:07 2013-2-16'       references to the entry, any item path
  daybook backlinks '"11:07 2013-2-16"5'    references to its item 5`;

/** The flags of `daybook backlinks`. */
export const options = JOURNAL_OPTIONS satisfies ParseArgsOptions;

/** Runs `daybook backlinks`. */
export function backlinks(args: string[], io: Io): number {
  const flags = flagsOrHelp('backlinks', args, options, help, io);
  if (!flags) return 0;
  const { values, positionals } = flags;
  if (positionals.length !== 1) throw new UsageError('backlinks: give one reference', `for example: daybook backlinks '11:07 2013-2-16'`);
  const links = findBacklinks(openJournal(io, values), readRefArg(positionals[0]!));
  if (values.json) {
    printJson(io, links, { root: journalRoot(io, values), list: 'backlinks' });
    return 0;
  }
  const s = styles(useColor(io));
  for (const l of links) io.stdout.write(`${s.bold(`${l.file}:${l.line}:${l.column}:`)} ${s.cyan(l.moment)} ${s.dim(l.title ?? '')}\n    ${l.context}\n`);
  io.stderr.write(`${links.length} reference${links.length === 1 ? '' : 's'}\n`);
  return 0;
}
