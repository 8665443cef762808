/**
 * `daybook merge BASE OURS THEIRS [PATH]`: the git merge driver (`%O %A %B %P`).
 * The result goes into OURS; exit 0 when clean, 1 with conflict markers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { mergeJournal } from '../sync/merge.js';
import { flagsOrHelp, printJson } from './args.js';
import type { Io } from './io.js';

export const help = `daybook merge BASE OURS THEIRS [PATH] [--json]

The merge driver git runs for journal files ("daybook git setup" registers it
as: daybook merge %O %A %B %P). Entries are matched by moment: entries added
on either side are all kept (in time order where the file is), an entry
changed on one side takes that change, and one changed on both sides is
merged line by line; where the same lines differ, conflict markers enclose
only those lines, inside that entry. The result is written into OURS.

Exit status 0 when the merge is clean, 1 when it left conflict markers (git
then leaves the file for you to finish), 2 when a file cannot be read (OURS
is then left as it was).`;

/** The flags of `daybook merge`. */
export const options = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

/** Runs `daybook merge`. */
export function merge(args: string[], io: Io): number {
  const flags = flagsOrHelp('merge', args, options, help, io);
  if (!flags) return 0;
  const [base, ours, theirs, shown] = flags.positionals;
  if (!base || !ours || !theirs || flags.positionals.length > 4) {
    throw new UsageError('merge: give BASE OURS THEIRS and optionally PATH, as git passes them', 'in .git/config: driver = daybook merge %O %A %B %P');
  }
  const [b, o, t] = [base, ours, theirs].map((f) => read(f, io.cwd));
  const name = shown ?? ours;
  if ([b, o, t].some((x) => x!.subarray(0, 8192).includes(0))) {
    io.stderr.write(`daybook merge: ${name} holds NUL bytes: not a journal; left for you to merge (ours kept as it was)\n`);
    return 1;
  }
  const result = mergeJournal(b!, o!, t!, { ours: 'ours', theirs: 'theirs' });
  result.writeTo(path.resolve(io.cwd, ours));
  if (flags.values.json) printJson(io, { file: name, clean: result.conflicts.length === 0, conflicts: result.conflicts, added: result.added, changed: result.changed }, { root: null });
  for (const c of result.conflicts) {
    io.stderr.write(`${name}:${c.line}: conflict in the entry ${c.entry}: ${c.ours} line(s) of ours, ${c.theirs} of theirs between the markers\n`);
  }
  return result.conflicts.length === 0 ? 0 : 1;
}

function read(file: string, cwd: string): Buffer {
  try {
    return fs.readFileSync(path.resolve(cwd, file));
  } catch (err) {
    throw new InputError(`merge: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'git passes three readable files: daybook merge %O %A %B %P');
  }
}
