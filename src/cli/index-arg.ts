/**
 * The index of a command's journal: found, opened and brought up to date,
 * with a progress bar while a large journal is indexed, and one rebuild when
 * the index file turns out to be damaged while it is read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listJournalFiles, displayPath } from '../journal/read.js';
import { locateJournal } from '../journal/locate.js';
import { closeIndex, discardIndex, indexPath, isBrokenIndex, MEMORY, openIndex, removeIndex, unwritableIndex, type Index } from '../indexing/open.js';
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

export { isBrokenIndex };

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
export async function withIndex<T>(io: Io, flags: IndexFlags, use: (index: Index, report: SyncReport) => T, options: { rebuild?: boolean } = {}): Promise<T> {
  const { paths } = locateJournal({ journal: flags.journal, config: flags.config, env: io.env, cwd: io.cwd });
  const files = [...new Set(paths.flatMap((p) => listJournalFiles(p, displayPath(p, io.cwd))))].map((f) => ({ path: path.resolve(f), shown: displayPath(f, io.cwd) }));
  const wanted = indexPath(paths, flags.index, io.env, io.cwd);
  let file = wanted;
  let temp: string | undefined;
  let rebuilt = false;
  try {
    for (let attempt = 0; ; attempt++) {
      let index: Index | undefined;
      const bar = progressBar(io.stderr, 'indexing');
      try {
        index = openIndex(file, { rebuild: options.rebuild === true && attempt === 0 });
        for (const n of index.notices) io.stderr.write(`daybook: ${n}\n`);
        const report = await syncIndex(index, files, bar.update);
        bar.end();
        return use(index, report);
      } catch (err) {
        bar.end();
        if (index) closeIndex(index);
        // The journal changed under `use`: sync again and run it again (`use` decides how often).
        if ((err as { code?: unknown }).code === STALE) continue;
        if (isBrokenIndex(err) && !rebuilt && file !== MEMORY) {
          rebuilt = true;
          const aside = discardIndex(file);
          io.stderr.write(`daybook: the index ${file} is damaged (${(err as Error).message}); ${aside === file ? 'deleted it' : `moved it to ${aside}`} and built a new index\n`);
          continue;
        }
        const why = file === MEMORY ? undefined : unwritableIndex(err, file);
        if (why === undefined) throw err;
        if (temp === undefined) {
          try {
            temp = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-index-'));
          } catch {
            temp = '';
          }
        }
        const next = temp !== '' && !file.startsWith(temp) ? path.join(temp, 'index.sqlite') : MEMORY;
        if (file === wanted) {
          io.stderr.write(`daybook: cannot use the index ${file}: ${why}; ${next === MEMORY ? 'built one in memory' : 'built a temporary one'} for this command\n`);
          io.stderr.write(`  give it a path that can be written, e.g. --index ~/.cache/daybook/work.sqlite or DAYBOOK_INDEX=~/.cache/daybook/work.sqlite\n`);
        } else io.stderr.write(`daybook: the temporary index cannot be written either: ${why}; built one in memory\n`);
        if (file !== wanted) removeIndex(file);
        file = next;
      } finally {
        if (index) closeIndex(index);
      }
    }
  } finally {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  }
}
