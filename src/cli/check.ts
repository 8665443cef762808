/**
 * `daybook check [PATH...]`: compiler-style findings, `file:line:col:
 * severity code: message`. Exit 1 only when there are errors.
 */
import { UsageError } from '../errors.js';
import type { Severity } from '../model/diagnostic.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { styles, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';
import { placeDiagnostics } from './location.js';

export const help = `daybook check [PATH...] [--journal PATH] [--severity info|warning|error] [--json]

Reads the journal (the PATHs, else --journal, DAYBOOK_JOURNAL or the config
file) and prints what it finds, one line each:

  log/2013.txt:160:48: warning ref-dangling: no entry "10:24 2013-01-29" in this journal ...

--severity LEVEL  show findings of LEVEL and worse (default: info, all)
--json            print {files, entries, counts, diagnostics} as JSON

Exit status: 0 when there is no error (warnings and infos are fine), 1 when
there are errors, 2 when the input cannot be read.`;

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The flags of `daybook check`. */
export const options = { ...JOURNAL_OPTIONS, severity: { type: 'string' } } as const satisfies ParseArgsOptions;

/** Runs `daybook check`. */
export function check(args: string[], io: Io): number {
  const flags = flagsOrHelp('check', args, options, help, io);
  if (!flags) return 0;
  const { values, positionals } = flags;
  const min = values.severity ?? 'info';
  if (!(min in RANK)) throw new UsageError(`check: --severity must be info, warning or error, not "${min}"`, 'for example: daybook check --severity warning');
  const journal = openJournal(io, values, positionals, { check: true });
  const all = placeDiagnostics(journal, journal.diagnostics);
  const shown = all.filter((d) => RANK[d.severity] >= RANK[min as Severity]);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of all) counts[d.severity]++;
  if (values.json) {
    printJson(io, { files: journal.files.map((f) => f.path), entries: journal.entries.length, counts, diagnostics: shown }, { root: journalRoot(io, values, positionals) });
  } else {
    const s = styles(useColor(io));
    const paint = { error: s.red, warning: s.yellow, info: s.cyan };
    for (const d of shown) io.stdout.write(`${s.bold(`${d.file}:${d.line}:${d.column}:`)} ${paint[d.severity](d.severity)} ${s.dim(d.code)}: ${d.message}\n`);
    const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    io.stderr.write(`${plural(journal.entries.length, 'entry', 'entries')} in ${plural(journal.files.length, 'file')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}\n`);
  }
  return counts.error > 0 ? 1 : 0;
}
