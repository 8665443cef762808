/**
 * `daybook index`: builds or updates the search index and says what it holds.
 */
import { indexSize } from '../indexing/open.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { withIndex } from './index-arg.js';
import type { Io } from './io.js';

export const help = `daybook index [--rebuild] [--journal PATH] [--index PATH] [--json]

Brings the search index up to date with the journal and prints where it is and
what it holds. Every command that uses the index does this first, so running
it is never needed; it is there to build the index of a large journal ahead of
time, or to start over (--rebuild).

The index is a cache, rebuilt from the journal whenever it is missing, damaged
or made by another version: delete it at any time. It lives in
$XDG_CACHE_HOME/daybook (else ~/.cache/daybook), one file per journal (and one
beside it ending in -grams); --index PATH or DAYBOOK_INDEX=PATH puts it elsewhere.
When a file only grew, only its new entries are read; when it changed
elsewhere, only the entries that changed.`;

/** The flags of `daybook index`. */
export const options = { ...JOURNAL_OPTIONS, index: { type: 'string' }, rebuild: { type: 'boolean' } } as const satisfies ParseArgsOptions;

/** Runs `daybook index`. */
export async function index(args: string[], io: Io): Promise<number> {
  const flags = flagsOrHelp('index', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  const started = Date.now();
  const status = await withIndex(
    io,
    v,
    (idx, report) => {
      return {
        index: idx.path,
        ...indexSize(idx),
        read: report.read,
        indexed: report.indexed,
        removed: report.removed,
        seconds: (Date.now() - started) / 1000,
      };
    },
    { rebuild: Boolean(v.rebuild) },
  );
  if (v.json) {
    printJson(io, status, { root: journalRoot(io, v) });
    return 0;
  }
  const MB = 1024 * 1024;
  io.stdout.write(`index ${status.index}\n`);
  io.stdout.write(`  ${status.files} files, ${status.entries} entries, journal ${(status.journalBytes / MB).toFixed(1)} MB, index ${(status.indexBytes / MB).toFixed(1)} MB\n`);
  io.stdout.write(status.read === 0 && status.removed === 0 ? '  up to date\n' : `  read ${status.read} changed files: ${status.indexed} entries indexed, ${status.removed} taken out, in ${status.seconds.toFixed(1)} s\n`);
  return 0;
}
