/**
 * `daybook thread NAME|REF`: the parts of a thread in order.
 */
import { UsageError } from '../errors.js';
import { findThread, viewThread, type ThreadView } from '../query/thread.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { styles, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook thread NAME|REF [--journal PATH] [--json]

Shows the parts of a thread (the entries whose titles continue it with
cont1, cont2, ...) in order, with dates and subtitles, the parts this journal
does not have, the sub-threads inside its parts, and the next free contN.

  daybook thread 'storage, tidepool, wal, fsync latency / O_DIRECT patch'
  daybook thread 'O_DIRECT'            any unique part of a thread's name
  daybook thread '10:20 2025-10-06'    the thread of that entry`;

/** The flags of `daybook thread`. */
export const options = JOURNAL_OPTIONS satisfies ParseArgsOptions;

/** Runs `daybook thread`. */
export function thread(args: string[], io: Io): number {
  const flags = flagsOrHelp('thread', args, options, help, io);
  if (!flags) return 0;
  const { values, positionals } = flags;
  if (positionals.length !== 1) throw new UsageError('thread: give a thread name or the moment of one of its entries', `for example: daybook thread 'fsync latency'`);
  const journal = openJournal(io, values);
  const view = viewThread(journal, findThread(journal, positionals[0]!));
  if (values.json) {
    printJson(io, view, { root: journalRoot(io, values) });
    return 0;
  }
  const s = styles(useColor(io));
  const render = (v: ThreadView, depth: number): void => {
    const pad = '  '.repeat(depth);
    io.stdout.write(`${pad}${s.bold(v.key)}${v.parent && depth === 0 ? s.dim(`  (inside cont${v.parent.part} of "${v.parent.key}")`) : ''}\n`);
    for (const p of v.parts) {
      const name = p.part === 0 ? 'opened' : p.to !== undefined ? `cont${p.part} to cont${p.to}` : `cont${p.part}`;
      if (p.present) io.stdout.write(`${pad}  ${name.padEnd(7)} ${s.cyan(p.moment!)}${p.subtitle ? `  ${p.subtitle}` : ''}  ${s.dim(`${p.file}:${p.line}`)}\n`);
      else io.stdout.write(`${pad}  ${name.padEnd(7)} ${s.yellow(p.threads.length > 0 ? '(no entry of its own)' : p.to !== undefined ? `(missing: ${p.to - p.part + 1} parts not in this journal)` : '(missing: not in this journal)')}\n`);
      for (const sub of p.threads) render(sub, depth + 2);
    }
    io.stdout.write(`${pad}  ${s.dim(`next: cont${v.next}`)}\n`);
  };
  render(view, 0);
  return 0;
}
