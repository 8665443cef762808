/**
 * The index of a command's journal: found, opened and brought up to date,
 * with a progress bar while a large journal is indexed, and one rebuild when
 * the index file turns out to be damaged while it is read.
 */
import path from 'node:path';
import { listJournalFiles, displayPath } from '../journal/read.js';
import { locateJournal } from '../journal/locate.js';
import { closeIndex, discardIndex, indexPath, openIndex, type Index } from '../indexing/open.js';
import { syncIndex, type SyncReport } from '../indexing/sync.js';
import type { Io } from './io.js';
import { progressBar } from './progress.js';

/** The flags that name the journal and the index. */
export interface IndexFlags {
  journal?: string;
  config?: string;
  index?: string;
}

/** SQLite's codes for a file that is not (or no longer) a sound database. */
const BROKEN = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB']);

/** True for an error that says the index file is damaged. */
export function isBrokenIndex(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return typeof code === 'string' && BROKEN.has(code);
}

/**
 * Runs `use` on the journal's index, synced first. If the index proves
 * damaged along the way, it is moved aside, rebuilt, and `use` runs again.
 */
export async function withIndex<T>(io: Io, flags: IndexFlags, use: (index: Index, report: SyncReport) => T, options: { rebuild?: boolean } = {}): Promise<T> {
  const { paths } = locateJournal({ journal: flags.journal, config: flags.config, env: io.env, cwd: io.cwd });
  const files = [...new Set(paths.flatMap((p) => listJournalFiles(p, displayPath(p, io.cwd))))].map((f) => ({ path: path.resolve(f), shown: displayPath(f, io.cwd) }));
  const file = indexPath(paths, flags.index, io.env, io.cwd);
  for (let attempt = 0; ; attempt++) {
    const index = openIndex(file, { rebuild: options.rebuild === true && attempt === 0 });
    for (const n of index.notices) io.stderr.write(`daybook: ${n}\n`);
    const bar = progressBar(io.stderr, 'indexing');
    try {
      const report = await syncIndex(index, files, bar.update);
      bar.end();
      return use(index, report);
    } catch (err) {
      bar.end();
      if (attempt > 0 || !isBrokenIndex(err)) throw err;
      closeIndex(index);
      const aside = discardIndex(file);
      io.stderr.write(`daybook: the index ${file} is damaged (${(err as Error).message}); moved it to ${aside} and built a new index\n`);
    } finally {
      closeIndex(index);
    }
  }
}
