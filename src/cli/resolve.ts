/**
 * `daybook resolve COPY`: merge a Syncthing or Dropbox conflict copy back into its journal file.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { displayPath } from '../journal/read.js';
import { resolveCopy } from '../sync/resolve.js';
import { flagsOrHelp, printJson } from './args.js';
import { tellNotes, type Io } from './io.js';

export const help = `daybook resolve COPY [--json]

Merges a conflict copy that a syncing tool left (Syncthing's
"NAME.sync-conflict-DATE-TIME-DEVICE.txt", Dropbox's "NAME (conflicted copy
DATE).txt") back into its journal file NAME.txt, entry by entry: entries only
in the copy are added in time order, an entry with the same moment and other
text gets conflict markers around the lines that differ. The copy is then
moved aside to ".COPY.resolved" beside it (hidden: not read as journal).
"daybook check" lists the copies a journal has.

  daybook resolve '~/log/2025-09.sync-conflict-20251001-101010-ABCDEFG.txt'

Exit status 0 when merged cleanly, 1 when conflict markers were left (check
lists them), 2 for a name that is not a copy's, 3 when the file cannot be written.`;

/** The flags of `daybook resolve`. */
export const options = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

/** Runs `daybook resolve`. */
export function resolve(args: string[], io: Io): number {
  const flags = flagsOrHelp('resolve', args, options, help, io);
  if (!flags) return 0;
  if (flags.positionals.length !== 1) throw new UsageError('resolve: give one conflict copy', "for example: daybook resolve '2025-09.sync-conflict-20251001-101010-ABCDEFG.txt'");
  const shown = (f: string) => displayPath(f, io.cwd);
  const r = resolveCopy(path.resolve(io.cwd, flags.positionals[0]!), shown);
  tellNotes(io, r);
  const { conflicts, added } = r.result;
  if (flags.values.json) printJson(io, { file: shown(r.original), added: added.theirs, conflicts, movedTo: shown(r.movedTo) }, { root: null });
  else {
    io.stdout.write(`${shown(r.original)}: ${added.theirs.length} ${added.theirs.length === 1 ? 'entry' : 'entries'} added from the copy, ${conflicts.length} conflict(s)\n`);
    for (const c of conflicts) io.stdout.write(`${shown(r.original)}:${c.line}: conflict in the entry ${c.entry}: keep the lines you want, delete the markers\n`);
    io.stdout.write(`the copy is now ${shown(r.movedTo)}\n`);
  }
  return conflicts.length === 0 ? 0 : 1;
}
