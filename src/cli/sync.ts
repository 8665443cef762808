/**
 * `daybook sync`: commit the journal's changes, merge the remote's with the driver, push.
 */
import { UsageError } from '../errors.js';
import { locateJournal } from '../journal/locate.js';
import { displayPath, listJournalFiles } from '../journal/read.js';
import { repositoryOf } from '../sync/git.js';
import { syncJournal } from '../sync/sync.js';
import { flagsOrHelp, JOURNAL_OPTIONS } from './args.js';
import type { Io } from './io.js';

export const help = `daybook sync [--journal PATH]

For a journal kept in git on several machines: commits the journal's
changes (the message names the entries added and changed), fetches the
remote's branch, merges it with daybook's merge driver (entry by entry, set
up by "daybook git setup"), and pushes. Safe to run from cron or a timer: it
takes the locks of daybook's writers, never asks for a password, and
changes nothing while another program holds a journal file open for writing.

Exit status 0 when synced; 1 when a conflict was left for you (the entries
and lines are listed: finish them, then sync again), when there is no
remote, or when the remote cannot be reached (the changes are committed
here); 2 when the journal is not in a git repository or the driver is not set
up; 3 when a journal file is being written (try again later).`;

/** The flags of `daybook sync`. */
export const options = JOURNAL_OPTIONS;

/** Runs `daybook sync`. */
export function sync(args: string[], io: Io): number {
  const flags = flagsOrHelp('sync', args, options, help, io);
  if (!flags) return 0;
  if (flags.positionals.length > 0) throw new UsageError('sync: takes no arguments', 'for example: daybook sync --journal ~/log');
  const { paths } = locateJournal({ journal: flags.values.journal, config: flags.values.config, env: io.env, cwd: io.cwd });
  const git = repositoryOf(paths[0]!, io.env);
  const files = paths.flatMap((p) => listJournalFiles(p));
  const report = syncJournal(git, paths, files, (f) => displayPath(f, io.cwd));
  for (const line of report.lines) io.stdout.write(line + '\n');
  return report.exit;
}
