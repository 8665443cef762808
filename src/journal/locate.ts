/**
 * Finding the journal, the same way for every command: paths given as
 * arguments, else `--journal PATH`, else `DAYBOOK_JOURNAL`, else the `journal`
 * key of the config file.
 */
import { InputError } from '../errors.js';
import { defaultConfigPath, loadConfig, resolveUserPath } from './config.js';

/** Where the journal was named, for messages. */
export type JournalSource = 'arguments' | '--journal' | 'DAYBOOK_JOURNAL' | 'config';

/** What the command line says about the journal. */
export interface LocateOptions {
  paths?: string[];
  journal?: string;
  config?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * The journal's paths (files or directories) and where they were named.
 *
 * ```ts
 * locateJournal({ journal: '~/log', env: process.env, cwd: process.cwd() });
 * // { paths: ['/home/me/log'], source: '--journal' }
 * ```
 */
export function locateJournal(opts: LocateOptions): { paths: string[]; source: JournalSource } {
  const { env, cwd } = opts;
  if (opts.paths && opts.paths.length > 0) return { paths: opts.paths.map((p) => resolveUserPath(p, cwd, env)), source: 'arguments' };
  if (opts.journal) return { paths: [resolveUserPath(opts.journal, cwd, env)], source: '--journal' };
  if (env.DAYBOOK_JOURNAL) return { paths: [resolveUserPath(env.DAYBOOK_JOURNAL, cwd, env)], source: 'DAYBOOK_JOURNAL' };
  const { config, path } = loadConfig(opts.config, env);
  if (config.journal) return { paths: [config.journal], source: 'config' };
  throw new InputError(
    'no journal given',
    `name one with --journal PATH (a file or a directory), or set DAYBOOK_JOURNAL=~/log, or put {"journal": "~/log"} in ${opts.config ?? env.DAYBOOK_CONFIG ?? path ?? defaultConfigPath(env)}`,
  );
}
