/**
 * `daybook git setup`: register the entry-aware merge driver in the journal's repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { locateJournal } from '../journal/locate.js';
import { repositoryOf } from '../sync/git.js';
import { setupRepository } from '../sync/setup.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { Io } from './io.js';

export const help = `daybook git setup [--journal PATH] [--json]

In the git repository that holds the journal, registers daybook's merge
driver, so that git merges journal files entry by entry ("daybook help
merge"): ".gitattributes" names the journal's files (commit it; every clone
then asks for the driver), "git config merge.daybook.driver" runs this
daybook (set it up once on each machine), and ".git/info/exclude" keeps
daybook's lock files out of git. Running it again changes nothing. It prints
what it wrote and what was there already.`;

/** The flags of `daybook git`. */
export const options = JOURNAL_OPTIONS;

/** Runs `daybook git`. */
export function gitCmd(args: string[], io: Io): number {
  const flags = flagsOrHelp('git', args, options, help, io);
  if (!flags) return 0;
  if (flags.positionals[0] !== 'setup' || flags.positionals.length > 1) throw new UsageError('git: the one action is "setup"', 'for example: daybook git setup --journal ~/log');
  const { paths } = locateJournal({ journal: flags.values.journal, config: flags.values.config, env: io.env, cwd: io.cwd });
  const steps = paths.flatMap((journal) => {
    const git = repositoryOf(journal, io.env);
    const isDir = fs.statSync(journal).isDirectory();
    return setupRepository(git, journal, isDir).map((s) => ({ ...s, repository: git.root }));
  });
  if (flags.values.json) printJson(io, { steps }, { root: journalRoot(io, flags.values) });
  else for (const s of steps) io.stdout.write(`${s.changed ? 'wrote' : 'had  '} ${path.relative(io.cwd, path.join(s.repository, '.')) || '.'}: ${s.what}: ${s.value}\n`);
  return 0;
}
