/**
 * Which file of the journal an imported entry goes to ("the right file"):
 *
 * - a journal that is one file: that file;
 * - a directory whose files are all named by a period (`2013.txt`,
 *   `2013-02.txt`, `2013-02-05.txt`, in one folder): the file of the
 *   entry's period, made when the journal has none yet;
 * - an empty directory: a file a month, `2013-02.txt`;
 * - any other directory: the file whose entries span the entry's moment,
 *   else the file of the latest entry before it, else the first file.
 */
import path from 'node:path';

/** A journal file and the moments (codes) of its first and last entries. */
export interface FileSpan {
  path: string;
  first?: number;
  last?: number;
}

/** How a directory names its files by period, if it does. */
export type Naming = { kind: 'year' | 'month' | 'day'; dir: string; ext: string } | undefined;

const PATTERNS = [
  { kind: 'year', re: /^(\d{4})(\.txt|\.journal)$/ },
  { kind: 'month', re: /^(\d{4})-(\d{2})(\.txt|\.journal)$/ },
  { kind: 'day', re: /^(\d{4})-(\d{2})-(\d{2})(\.txt|\.journal)$/ },
] as const;

/** The period naming all files of a directory follow (an empty directory: by month, `.txt`). */
export function namingOf(dir: string, files: string[]): Naming {
  if (files.length === 0) return { kind: 'month', dir, ext: '.txt' };
  for (const p of PATTERNS) {
    const folder = path.dirname(files[0]!);
    if (files.every((f) => path.dirname(f) === folder && p.re.test(path.basename(f)))) return { kind: p.kind, dir: folder, ext: path.extname(files[0]!) };
  }
  return undefined;
}

/** The file of a period an entry of `date` (YYYY-MM-DD) goes to. */
export function periodFile(naming: NonNullable<Naming>, date: string): string {
  const name = naming.kind === 'year' ? date.slice(0, 4) : naming.kind === 'month' ? date.slice(0, 7) : date;
  return path.join(naming.dir, name + naming.ext);
}

/** The file an entry at `code` goes to in a directory without period names. */
export function spanningFile(files: FileSpan[], code: number): string {
  const within = files.find((f) => f.first !== undefined && f.last !== undefined && f.first <= code && code <= f.last);
  if (within) return within.path;
  let best: FileSpan | undefined;
  for (const f of files) if (f.last !== undefined && f.last < code && (!best || f.last >= best.last!)) best = f;
  return (best ?? files[0]!).path;
}
