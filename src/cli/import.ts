/**
 * `daybook import json|jrnl|dayone|obsidian|org|timewarrior SOURCE`: entries
 * from other tools, written into the right file of the journal in time
 * order, through the journal's one writer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { journalTexts } from '../export/json.js';
import { readDayOne } from '../import/dayone.js';
import { dateOf, entryLines, momentCode, parseSourceJson, spreadMoments, type ImportRead } from '../import/entry.js';
import { readJrnl } from '../import/jrnl.js';
import { readObsidian } from '../import/obsidian.js';
import { readOrgJournal } from '../import/org.js';
import { namingOf, periodFile, spanningFile, type FileSpan } from '../import/place.js';
import { readTimewarrior } from '../import/timewarrior.js';
import { displayPath, listJournalFiles, readJournal } from '../journal/read.js';
import { locateJournal } from '../journal/locate.js';
import { parseBytes } from '../syntax/bytes.js';
import { splitLines } from '../write/append.js';
import { editFile, lineEnding, type FileState } from '../write/edit.js';
import { entryKey, keyOfText, planImport, type FilePlan, type PlannedEntry } from '../write/import.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import type { ParseArgsOptions } from './args.js';
import { tellNotes, type Io } from './io.js';

export const help = `daybook import json|jrnl|dayone|obsidian|org|timewarrior SOURCE [--dry-run] [--file F]
               [--journal PATH] [--json]

Adds entries from another tool to the journal, in the journal's format, each
into the right file and in time order (before the first later entry of that
file, or at its end); entries already there are never changed.

  json FILE         what "daybook export json" wrote: each file of the
                    journal given back byte for byte (a file that is missing
                    or empty is written whole; into one that has entries,
                    the entries it lacks are added)
  jrnl FILE         jrnl's JSON export (jrnl --format json): the title line
                    is the tags (without @) then the title
  dayone FILE       Day One's JSON export (Journal.json): the moment in the
                    entry's time zone; the title line is the tags then the
                    text's first line
  obsidian DIR      daily notes named by date (2013-02-05.md): a heading
                    starting with a time ("## 09:30 standup") starts an entry
                    at that time; the rest of a note is an entry at 0:00
  org FILE          org-journal: "* Tuesday, 02/05/13" (or "* 2013-02-05")
                    day headings, "** 09:30 title" entries; CLOCK lines
                    become the GTD day of their date, a task per heading
  timewarrior FILE  the JSON of "timew export": a GTD day per local day, its
                    intervals as tasks (spans), tags and annotation as text

Running the same import again adds nothing: an entry whose moment and text
(trailing spaces and blank lines aside) the journal has already is not added.
An entry at a moment another entry of the journal holds is not added either
(two entries at one moment make references ambiguous): it is listed.

  --dry-run    show what would be added, and where; write nothing
  --file F     put every entry into this file of the journal

The right file: a journal that is one file, that file; a directory whose
files are named by period (2013.txt, 2013-02.txt, 2013-02-05.txt), the
period's file (made when missing); an empty or new directory, a file a month
(2013-02.txt); else the file whose entries span the moment, or the one
before it. A journal path that does not exist yet is made (a file when it
ends in .txt or .journal, else a directory). Times are local (TZ).`;

/** The flags of `daybook import`. */
export const options = { ...JOURNAL_OPTIONS, 'dry-run': { type: 'boolean' }, file: { type: 'string' } } as const satisfies ParseArgsOptions;

const FORMATS = ['json', 'jrnl', 'dayone', 'obsidian', 'org', 'timewarrior'] as const;
type Format = (typeof FORMATS)[number];

/** Where the entries go: the journal as it is on disk (or is to be made). */
interface Target {
  kind: 'file' | 'dir';
  path: string;
  exists: boolean;
  files: string[];
}

/** Runs `daybook import`. */
export function importCmd(args: string[], io: Io): number {
  const flags = flagsOrHelp('import', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  const [format, source, ...rest] = flags.positionals;
  if (!FORMATS.includes(format as Format)) throw new UsageError(format === undefined ? 'import: from what?' : `import: unknown format "${format}"`, `expected one of ${FORMATS.join(', ')}, e.g. daybook import jrnl ~/jrnl.json`);
  if (source === undefined) throw new UsageError(`import ${format}: no ${format === 'obsidian' ? 'folder' : 'file'} given`, `e.g. daybook import ${format} ${format === 'obsidian' ? '~/vault/daily' : format === 'org' ? '~/journal.org' : '~/export.json'}`);
  if (rest.length) throw new UsageError(`import: unexpected argument "${rest[0]}"`, 'one source at a time, e.g. daybook import jrnl ~/jrnl.json');
  const dry = v['dry-run'] === true;
  const sourcePath = path.resolve(io.cwd, source);
  const target = targetOf(io, v);
  const notes: string[] = [];
  // The journal as it is: what it holds already.
  const known = new Set<string>();
  const codes = new Set<number>();
  const spans: FileSpan[] = [];
  if (target.files.length) {
    const journal = readJournal(target.files, io.cwd);
    for (const f of journal.files) {
      const span: FileSpan = { path: path.resolve(io.cwd, f.path) };
      for (const e of f.entries) {
        const k = keyOfText(f.doc.chunkText(e.chunk).slice(e.chunk.from, e.chunk.to));
        if (k.key) known.add(k.key);
        if (k.code === undefined) continue;
        codes.add(k.code);
        span.first = Math.min(span.first ?? k.code, k.code);
        span.last = Math.max(span.last ?? k.code, k.code);
      }
      spans.push(span);
    }
  }
  const onlyFile = v.file !== undefined ? fileArg(io, target, v.file) : undefined;
  // What goes into which file: whole texts (json into a missing or empty file) or entries to place.
  const jobs = new Map<string, { whole?: string; entries: PlannedEntry[] }>();
  const job = (file: string) => jobs.get(file) ?? jobs.set(file, { entries: [] }).get(file)!;
  if (format === 'json') {
    const value = parseSourceJson(readSource(sourcePath, source, 'import json'), 'json', source, 'expected the output of "daybook export json"');
    const texts = journalTexts(value, source);
    if (target.kind === 'file' && texts.length > 1) throw new InputError(`import json: ${source} holds ${texts.length} files, and the journal ${displayPath(target.path, io.cwd)} is one file`, 'name a directory as the journal, e.g. --journal ~/log; nothing was written');
    for (const t of texts) {
      const file = onlyFile ?? (target.kind === 'file' ? target.path : path.join(target.path, ...t.file.split('/')));
      const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      // A missing or empty file gets the export's text byte for byte; under --file too, when the export is of one file.
      if (size === 0 && (!onlyFile || texts.length === 1)) {
        job(file).whole = t.text;
        job(file).entries.push(...t.entries.map((e) => planned(e.text, `${t.file}`)).filter((p): p is PlannedEntry => p !== undefined));
      } else {
        for (const e of t.entries) {
          const p = planned(e.text, t.file);
          if (p) job(file).entries.push(p);
          else notes.push(`${t.file}: an entry at an impossible moment (${e.moment}) is not added into a file that has entries`);
        }
      }
    }
  } else {
    const read = readFormat(format as Exclude<Format, 'json'>, sourcePath, source);
    notes.push(...read.notes);
    const naming = target.kind === 'dir' && !onlyFile ? namingOf(target.path, target.files) : undefined;
    for (const e of spreadMoments(read.entries)) {
      const { title, body } = entryLines(e);
      const code = momentCode(e.moment);
      const file = onlyFile ?? (target.kind === 'file' ? target.path : naming ? periodFile(naming, dateOf(e.moment)) : spanningFile(spans, code));
      job(file).entries.push({ code, moment: e.moment, rest: [title, ...body], source: e.source });
    }
  }
  // Write (or, with --dry-run, plan) file by file.
  const report: { file: string; added: PlannedEntry[]; present: number; taken: PlannedEntry[]; made: boolean }[] = [];
  for (const [file, j] of [...jobs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const shown = displayPath(file, io.cwd);
    const exists = fs.existsSync(file);
    let plan: FilePlan | undefined;
    const planOf = (state: FileState): FilePlan => {
      if (j.whole !== undefined && state.bytes.length === 0) {
        // A missing or empty file: the export's text, byte for byte.
        const fresh = j.entries.filter((e) => !known.has(entryKey(e.code, e.rest)));
        return { patches: j.whole === '' ? [] : [{ from: 0, to: 0, text: j.whole }], added: fresh, present: j.entries.filter((e) => !fresh.includes(e)), taken: [] };
      }
      return planImport(state, j.entries, known, codes);
    };
    if (dry) {
      plan = planOf(stateOf(file, shown, exists ? fs.readFileSync(file) : Buffer.alloc(0)));
    } else {
      if (!exists) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        try {
          fs.writeFileSync(file, '', { flag: 'wx' });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputError(`import: cannot make ${shown} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'expected a journal in a place you can write to; nothing was written there');
        }
      }
      const result = editFile(file, shown, (state) => (plan = planOf(state)).patches);
      tellNotes(io, result);
    }
    report.push({ file: shown, added: plan!.added, present: plan!.present.length, taken: plan!.taken, made: !exists });
    for (const e of plan!.added) codes.add(e.code);
  }
  for (const n of notes) io.stderr.write(`daybook: ${n}\n`);
  const head = (e: PlannedEntry) => `${e.moment.hour}:${String(e.moment.minute).padStart(2, '0')} ${dateOf(e.moment)}`;
  if (v.json) {
    printJson(
      io,
      {
        dryRun: dry,
        files: report.map((r) => ({ file: r.file, made: r.made && !dry, added: r.added.map((e) => ({ moment: head(e), title: e.rest[0] ?? '', source: e.source })), present: r.present, taken: r.taken.map((e) => ({ moment: head(e), source: e.source })) })),
        notes,
      },
      { root: target.kind === 'dir' ? target.path : path.dirname(target.path) },
    );
    return 0;
  }
  const verb = dry ? 'would add' : 'added';
  let total = 0;
  for (const r of report) {
    total += r.added.length;
    io.stdout.write(`${r.file}: ${verb} ${r.added.length} entr${r.added.length === 1 ? 'y' : 'ies'}${r.present ? `; ${r.present} already there` : ''}${r.made && !dry ? ' (a new file)' : ''}\n`);
    if (dry) for (const e of r.added) io.stdout.write(`  ${head(e)}  ${e.rest[0] ?? ''}\n`);
    for (const e of r.taken) io.stdout.write(`  not added: ${head(e)} (${e.source}): another entry of the journal is at that moment\n`);
  }
  if (report.length === 0) io.stdout.write(`nothing to import from ${source}\n`);
  else if (dry) io.stdout.write(`${total} entr${total === 1 ? 'y' : 'ies'} would be added; nothing was written (--dry-run)\n`);
  return 0;
}

/** An entry's exact text (from a JSON export) as an entry to place: its header as written, its lines after it. */
function planned(text: string, source: string): PlannedEntry | undefined {
  const lines = splitLines(text);
  const k = keyOfText(text);
  if (k.code === undefined) return undefined;
  while (lines.length > 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = lines[0]!.replace(/\s+$/, '');
  const [time, date] = header.split(' ') as [string, string];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return { code: k.code, moment: { year: y, month: mo, day: d, hour: h, minute: mi }, rest: lines.slice(1), header, source };
}

/** The journal the entries go to; a path that does not exist yet is to be made. */
function targetOf(io: Io, v: { journal?: string; config?: string }): Target {
  const { paths } = locateJournal({ journal: v.journal, config: v.config, env: io.env, cwd: io.cwd });
  if (paths.length !== 1) throw new InputError('import: one journal at a time', 'e.g. --journal ~/log');
  const p = path.resolve(io.cwd, paths[0]!);
  if (!fs.existsSync(p)) return { kind: /\.(txt|journal)$/.test(p) ? 'file' : 'dir', path: p, exists: false, files: [] };
  if (fs.statSync(p).isFile()) return { kind: 'file', path: p, exists: true, files: [p] };
  let files: string[] = [];
  try {
    files = listJournalFiles(p, displayPath(p, io.cwd));
  } catch (err) {
    // An empty directory is a journal to be begun.
    if (!(err instanceof InputError) || !/no journal files/.test(err.message)) throw err;
  }
  return { kind: 'dir', path: p, exists: true, files };
}

/** `--file F`: a file of the journal, or a new one inside its directory. */
function fileArg(io: Io, target: Target, file: string): string {
  const wanted = path.resolve(target.kind === 'dir' ? target.path : io.cwd, file);
  if (target.files.some((f) => path.resolve(f) === wanted)) return wanted;
  if (target.kind === 'file') throw new InputError(`--file ${file}: not the journal's file`, `the journal is one file, ${displayPath(target.path, io.cwd)}; leave --file out`);
  const rel = path.relative(target.path, wanted);
  if (rel.startsWith('..') || path.isAbsolute(rel) || !/\.(txt|journal)$/.test(wanted)) throw new InputError(`--file ${file}: not a journal file inside ${displayPath(target.path, io.cwd)}`, 'expected a file of the journal, or a new one ending in .txt or .journal inside its directory, e.g. --file 2013-02.txt');
  return wanted;
}

/** A source file's text; a refusal that names it when it cannot be read. */
function readSource(file: string, shown: string, what: string): string {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new InputError(`${what}: ${shown} is a directory`, `expected a file, e.g. daybook ${what} ~/export.json; nothing was written`);
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${what}: ${shown}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, `expected a readable file, e.g. daybook ${what} ~/export.json; nothing was written`);
  }
}

/** Reads a source in a tool's format. */
function readFormat(format: Exclude<Format, 'json'>, file: string, shown: string): ImportRead {
  if (format === 'obsidian') return readObsidian(file, shown);
  const text = readSource(file, shown, `import ${format}`);
  if (format === 'jrnl') return readJrnl(text, shown);
  if (format === 'dayone') return readDayOne(text, shown);
  if (format === 'org') return readOrgJournal(text, shown);
  return readTimewarrior(text, shown);
}

/** A file's state as a plan sees it, for --dry-run (read, not locked: nothing is written). */
function stateOf(file: string, shown: string, bytes: Buffer): FileState {
  const parsed = parseBytes(bytes);
  parsed.doc.forEachChunk();
  return { path: file, shown, bytes, doc: parsed.doc, eol: lineEnding(bytes) };
}
