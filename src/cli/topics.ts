/**
 * `daybook topics [--tree] [PREFIX]` and `daybook people`.
 */
import { listPeople, listTopics, topicTree, type TopicNode } from '../query/topics.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { styles, useColor, type Io } from './io.js';
import { openJournal } from './journal-arg.js';

export const help = `daybook topics [--tree] [PREFIX] [--journal PATH] [--json]

The topics of the title lines, with the number of entries and the date of
last use, most used first. PREFIX keeps the topics that start with it.
--tree shows the hierarchy the titles form (general to specific); there,
PREFIX is a path: daybook topics --tree 'storage, tidepool'.`;

export const peopleHelp = `daybook people [--journal PATH] [--json]

The senders of clipped mails and the title topics that are a person's name
(two or three capitalised words), with counts and the date of last use.`;

/** The flags of `daybook topics`. */
export const options = { ...JOURNAL_OPTIONS, tree: { type: 'boolean' } } as const satisfies ParseArgsOptions;

/** Runs `daybook topics`. */
export function topics(args: string[], io: Io): number {
  const flags = flagsOrHelp('topics', args, options, help, io);
  if (!flags) return 0;
  const { values, positionals } = flags;
  const journal = openJournal(io, values);
  const prefix = positionals.join(' ');
  const s = styles(useColor(io));
  if (values.tree) {
    const tree = topicTree(journal, prefix);
    if (values.json) printJson(io, tree, { root: journalRoot(io, values), list: 'tree' });
    else {
      const render = (nodes: TopicNode[], depth: number): void => {
        for (const n of nodes) {
          io.stdout.write(`${'  '.repeat(depth)}${n.topic} ${s.dim(`${n.entries}, ${n.last}`)}\n`);
          render(n.children, depth + 1);
        }
      };
      render(tree, 0);
    }
    return 0;
  }
  const rows = listTopics(journal, prefix);
  if (values.json) printJson(io, rows, { root: journalRoot(io, values), list: 'topics' });
  else for (const r of rows) io.stdout.write(`${String(r.entries).padStart(5)}  ${r.topic}  ${s.dim(r.last)}\n`);
  return 0;
}

/** The flags of `daybook people`. */
export const peopleOptions = JOURNAL_OPTIONS satisfies ParseArgsOptions;

/** Runs `daybook people`. */
export function people(args: string[], io: Io): number {
  const flags = flagsOrHelp('people', args, peopleOptions, peopleHelp, io);
  if (!flags) return 0;
  const { values } = flags;
  const rows = listPeople(openJournal(io, values));
  if (values.json) printJson(io, rows, { root: journalRoot(io, values), list: 'people' });
  else {
    const s = styles(useColor(io));
    for (const r of rows) io.stdout.write(`${r.name}  ${s.dim(`${r.mails} mail${r.mails === 1 ? '' : 's'}, ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}, last ${r.last}`)}\n`);
  }
  return 0;
}
