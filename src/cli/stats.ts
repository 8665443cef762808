/**
 * `daybook stats [PATH...]`: what the journal holds, counted.
 */
import { computeStats } from '../model/stats.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { styles, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook stats [PATH...] [--journal PATH] [--json]

Counts entries, GTD days, references (resolved, dangling, with an item path),
same-entry item references, TODOs, email clips, stamps and threads.

--json  print the counts as JSON`;

/** The flags of `daybook stats`. */
export const options = JOURNAL_OPTIONS satisfies ParseArgsOptions;

/** Runs `daybook stats`. */
export function stats(args: string[], io: Io): number {
  const flags = flagsOrHelp('stats', args, options, help, io);
  if (!flags) return 0;
  const { values, positionals } = flags;
  const journal = openJournal(io, values, positionals, { check: true });
  const st = computeStats(journal);
  if (values.json) {
    printJson(io, st, { root: journalRoot(io, values, positionals) });
    return 0;
  }
  const s = styles(useColor(io));
  const r = st.references;
  const rows: [string, number, string][] = [
    ['files', st.files, ''],
    ['entries', st.entries, st.first ? `${st.first} .. ${st.last}` : ''],
    ['GTD days', st.gtdDays, ''],
    ['references', r.total, `${r.resolved} resolved, ${r.dangling} dangling, ${r.ambiguous} ambiguous, ${r.withItemPath} with an item path`],
    ['item references', st.itemReferences.total, `same entry, ${st.itemReferences.resolved} resolved`],
    ['TODOs', st.todos.open + st.todos.done, `${st.todos.open} open, ${st.todos.done} done`],
    ['email clips', st.mails, ''],
    ['stamps', st.stamps.total, `${st.stamps.revision} revision, ${st.stamps.item} item`],
    ['threads', st.threads.total, `${st.threads.multiPart} with more than one entry`],
    ['untitled entries', st.untitled, ''],
  ];
  const width = Math.max(...rows.map(([, n]) => String(n).length));
  for (const [label, n, detail] of rows) {
    io.stdout.write(`${label.padEnd(17)}${s.bold(String(n).padStart(width))}${detail ? s.dim(`  (${detail})`) : ''}\n`);
  }
  return 0;
}
