/**
 * Reading a journal from disk: one file, or every journal file below a
 * directory (one per month or year, say). Reading never writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError, RefusedWriteError } from '../errors.js';
import { diagnostic, type Diagnostic } from '../model/diagnostic.js';
import { buildJournal, type Journal, type SourceFile } from '../model/journal.js';
import type { JournalFile } from '../model/types.js';
import { parseBytes } from '../syntax/bytes.js';
import { Document } from '../syntax/document.js';
import { intentPath } from '../write/intent.js';
import { originalOf } from './copies.js';
import { clearStaleLock } from '../write/lock.js';

/** File name endings taken as journal files inside a directory. */
export const JOURNAL_EXTENSIONS = ['.txt', '.journal'];

/**
 * The journal files a path names: the file itself, or the journal files below
 * a directory (hidden entries and node_modules skipped), sorted by path.
 * Conflict copies a syncing tool left (`NAME.sync-conflict-...`) are not
 * journal files: they go to `copies` when it is given.
 */
export function listJournalFiles(p: string, shownAs = p, copies?: string[]): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${shownAs}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : String(code)}`, 'expected a journal file (e.g. ~/log/2013.txt) or a directory of journal files (e.g. ~/log)');
  }
  if (stat.isFile()) return [p];
  if (!stat.isDirectory()) throw new InputError(`${shownAs}: not a regular file or directory`, 'expected a journal file (e.g. ~/log/2013.txt) or a directory of them');
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (d.name.startsWith('.') || d.name === 'node_modules') continue;
      const full = path.join(dir, d.name);
      if (d.isDirectory()) visit(full);
      else if (d.isFile() && JOURNAL_EXTENSIONS.some((e) => d.name.endsWith(e))) {
        if (originalOf(full) === undefined) out.push(full);
        else copies?.push(full);
      }
    }
  };
  visit(p);
  if (out.length === 0) throw new InputError(`${shownAs}: no journal files in this directory`, `expected files ending in ${JOURNAL_EXTENSIONS.join(' or ')} (e.g. ${path.join(shownAs, '2013.txt')}), or name a file directly`);
  return out;
}

/**
 * Reads and parses one file. A binary file is reported and not parsed; bytes
 * that are not UTF-8 are reported when the journal is built, and make the
 * file read-only for daybook.
 */
export function readSourceFile(file: string, shownAs: string): SourceFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new InputError(`${shownAs}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'expected a readable journal file');
  }
  return sourceOfBytes(bytes, file, shownAs);
}

/** A file's bytes, read already, parsed as `readSourceFile` parses them. */
export function sourceOfBytes(bytes: Buffer, file: string, shownAs: string): SourceFile {
  const parsed = parseBytes(bytes);
  if (parsed.binary) {
    const at = bytes.indexOf(0);
    const diagnostics = [diagnostic('file-binary', shownAs, 0, 0, `this is a binary file (a NUL byte at byte ${at}), not a journal; a journal is UTF-8 text with entries headed like "10:25 2013-02-04"`)];
    return { path: shownAs, doc: new Document([], 0, false), writable: false, diagnostics };
  }
  return { path: shownAs, doc: parsed.doc, ...(cutShort(file, shownAs) ?? {}) };
}

/**
 * What a daybook writer killed while writing the file left beside it: its
 * lock is removed (a dead process's lock holds nothing), and its intent file
 * becomes a finding: the next daybook write to the file will put back what
 * that write left half-done. The journal's bytes are left as they are.
 */
function cutShort(file: string, shownAs: string): { diagnostics: Diagnostic[] } | undefined {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return undefined;
  }
  clearStaleLock(real);
  if (!fs.existsSync(intentPath(real))) return undefined;
  return { diagnostics: [diagnostic('write-cut-short', shownAs, 0, 0, `a daybook write to this file was cut short (its process was stopped); the next daybook write to it (e.g. daybook new) first puts back any bytes that write left half-done, and removes ${path.basename(intentPath(real))}`)] };
}

/**
 * Reads a journal from files and directories. Paths are shown relative to
 * `cwd` when they lie below it.
 *
 * ```ts
 * const journal = readJournal(['examples/journal'], process.cwd());
 * ```
 */
export function readJournal(paths: string[], cwd: string, options: { check?: boolean } = {}): Journal {
  const copies: string[] = [];
  const files = [...new Set(paths.flatMap((p) => listJournalFiles(path.resolve(cwd, p), displayPath(path.resolve(cwd, p), cwd), copies)))];
  // A copy whose file is gone is all there is of it: read as a journal file.
  for (const copy of copies) if (!files.includes(originalOf(copy)!)) files.push(copy);
  const sources = files.map((f) => readSourceFile(f, displayPath(f, cwd)));
  for (const copy of copies) {
    const source = sources[files.indexOf(originalOf(copy)!)];
    if (!source) continue;
    const shown = displayPath(copy, cwd);
    const finding = diagnostic('conflict-copy', source.path, 0, 0, `a syncing tool left a conflict copy of this file, ${shown}; it is not read as part of the journal: merge it back with "daybook resolve ${shown}"`);
    source.diagnostics = [...(source.diagnostics ?? []), finding];
  }
  return buildJournal(sources, options);
}

/** A path as shown to the user: relative to `cwd` when below it. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/**
 * Refuses to write a file that daybook could not read byte for byte. Every
 * write goes through this first.
 */
export function assertWritable(file: JournalFile): void {
  if (!file.writable) {
    throw new RefusedWriteError(`${file.path}: not written, because it holds bytes that are not UTF-8 (or is not text) and a write could lose them; run "daybook check ${file.path}" to see where, and save the file as UTF-8`);
  }
}
