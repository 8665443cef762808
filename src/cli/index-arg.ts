/**
 * The index of a command's journal: found, opened and brought up to date,
 * with a progress bar while a large journal is indexed, and one rebuild when
 * the index file turns out to be damaged while it is read.
 */
import path from 'node:path';
import { listJournalFiles, displayPath } from '../journal/read.js';
import { locateJournal } from '../journal/locate.js';
import { closeIndex, indexPath, IndexPlace, MEMORY, openIndex, type Index } from '../indexing/open.js';
import { syncIndex, type SyncReport } from '../indexing/sync.js';
import type { Io } from './io.js';
import { progressBar } from './progress.js';

/** The flags that name the journal and the index. */
export interface IndexFlags {
  journal?: string;
  config?: string;
  index?: string;
}

/** The code of an error `use` throws to have the index synced again and `use` run again (the journal changed under it). */
export const STALE = 'DAYBOOK_STALE';


/**
 * Runs `use` on the journal's index, synced first. The index is a cache, so
 * no state of it stops a command:
 *
 * - damaged (found at open, while syncing or while `use` reads it): it is
 *   moved aside, rebuilt, and `use` runs again;
 * - impossible to make or write where it should be (a directory, a path
 *   under a file, no permission, a read-only or full disk): the command
 *   builds one in a temporary directory, or else in memory, and says so
 *   with the fix (`--index PATH` or `DAYBOOK_INDEX`).
 */
export async function withIndex<T>(io: Io, flags: IndexFlags, use: (index: Index, report: SyncReport) => T | Promise<T>, options: { rebuild?: boolean } = {}): Promise<T> {
  const { paths } = locateJournal({ journal: flags.journal, config: flags.config, env: io.env, cwd: io.cwd });
  const files = [...new Set(paths.flatMap((p) => listJournalFiles(p, displayPath(p, io.cwd))))].map((f) => ({ path: path.resolve(f), shown: displayPath(f, io.cwd) }));
  const place = new IndexPlace(indexPath(paths, flags.index, io.env, io.cwd));
  try {
    for (let attempt = 0; ; attempt++) {
      let index: Index | undefined;
      const bar = progressBar(io.stderr, 'indexing', io.env);
      try {
        index = openIndex(place.file, { rebuild: options.rebuild === true && attempt === 0 });
        for (const n of index.notices) io.stderr.write(`daybook: ${n}\n`);
        const report = await syncIndex(index, files, bar.update);
        bar.end();
        return await use(index, report);
      } catch (err) {
        bar.end();
        if (index) closeIndex(index);
        // The journal changed under `use`: sync again and run it again (`use` decides how often).
        if ((err as { code?: unknown }).code === STALE) continue;
        const move = place.recover(err);
        if (!move) throw err;
        if (move.kind === 'rebuilt') io.stderr.write(`daybook: the index ${move.file} is damaged (${move.why}); ${move.aside === move.file ? 'deleted it' : `moved it to ${move.aside}`} and built a new index\n`);
        else if (move.first) {
          io.stderr.write(`daybook: cannot use the index ${move.from}: ${move.why}; ${move.to === MEMORY ? 'built one in memory' : 'built a temporary one'} for this command\n`);
          io.stderr.write(`  give it a path that can be written, e.g. --index ~/.cache/daybook/work.sqlite or DAYBOOK_INDEX=~/.cache/daybook/work.sqlite\n`);
        } else io.stderr.write(`daybook: the temporary index cannot be written either: ${move.why}; built one in memory\n`);
      } finally {
        if (index) closeIndex(index);
      }
    }
  } finally {
    place.dispose();
  }
}
