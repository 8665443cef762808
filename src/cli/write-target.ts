/**
 * Which file of the journal a write goes to: `--file`, else the newest file
 * (the one whose last entry is latest; the last in path order when none has
 * entries).
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import { displayPath, listJournalFiles } from '../journal/read.js';
import { locateJournal } from '../journal/locate.js';
import { newestFile } from '../journal/newest.js';
import type { Io } from './io.js';

/** A journal file to write, with the path shown to the user. */
export interface WriteTarget {
  path: string;
  shown: string;
  /** Every file of the journal. */
  files: string[];
}

/** Finds the file to write. */
export function writeTarget(io: Io, values: { journal?: string; config?: string; file?: string }): WriteTarget {
  const { paths } = locateJournal({ journal: values.journal, config: values.config, env: io.env, cwd: io.cwd });
  const files = [...new Set(paths.flatMap((p) => listJournalFiles(p, displayPath(p, io.cwd))))];
  if (values.file !== undefined) {
    const wanted = path.resolve(io.cwd, values.file);
    const match = files.find((f) => path.resolve(f) === wanted) ?? files.find((f) => path.basename(f) === values.file);
    if (!match) throw new InputError(`--file ${values.file}: not a file of the journal`, `expected one of: ${files.map((f) => displayPath(f, io.cwd)).slice(0, 6).join(', ')}${files.length > 6 ? ', ...' : ''}`);
    return { path: match, shown: displayPath(match, io.cwd), files };
  }
  const best = newestFile(files);
  return { path: best, shown: displayPath(best, io.cwd), files };
}

