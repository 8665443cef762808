/**
 * The journal of a command: found the same way for every command, read once.
 */
import { readJournal } from '../journal/read.js';
import { locateJournal } from '../journal/locate.js';
import type { Journal } from '../model/journal.js';
import type { Io } from './io.js';

/**
 * Reads the journal named by `--journal`, `--config`, the environment or the
 * config file (or by paths). With `check`, every entry is read whole at once
 * (for the findings and counts of `check` and `stats`).
 */
export function openJournal(io: Io, values: { journal?: string; config?: string }, paths: string[] = [], options: { check?: boolean } = {}): Journal {
  const { paths: found } = locateJournal({ paths, journal: values.journal, config: values.config, env: io.env, cwd: io.cwd });
  return readJournal(found, io.cwd, options);
}
