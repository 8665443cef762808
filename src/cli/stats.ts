/**
 * `daybook stats [PATH...]`: what the journal holds, counted.
 */
import { readJournal } from '../journal/read.js';
import { locateJournal } from '../journal/locate.js';
import { computeStats } from '../model/stats.js';
import { JOURNAL_OPTIONS, parseFlags } from './args.js';
import { styles, useColor, type Io } from './io.js';

export const help = `daybook stats [PATH...] [--journal PATH] [--json]

Counts entries, GTD days, references (resolved, dangling, with an item path),
same-entry item references, TODOs, email clips, stamps and threads.

--json  print the counts as JSON`;

/** Runs `daybook stats`. */
export function stats(args: string[], io: Io): number {
  const { values, positionals } = parseFlags('stats', args, JOURNAL_OPTIONS);
  if (values.help) {
    io.stdout.write(help + '\n');
    return 0;
  }
  const { paths } = locateJournal({ paths: positionals, journal: values.journal, config: values.config, env: io.env, cwd: io.cwd });
  const journal = readJournal(paths, io.cwd);
  const st = computeStats(journal);
  if (values.json) {
    io.stdout.write(JSON.stringify(st, null, 2) + '\n');
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
