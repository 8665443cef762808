/**
 * `daybook gtd start|stop|task|done|summary`: keeps today's GTD entry.
 */
import { InputError, UsageError } from '../errors.js';
import { readJournal } from '../journal/read.js';
import { findTarget, readRefArg } from '../query/ref.js';
import { readNow, type Now } from '../calendar/clock.js';
import { editFile, type FileState, type Patch } from '../write/edit.js';
import { planDone, planStart, planStop, planSummary, planTask } from '../write/gtd.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { tellNotes, type Io } from './io.js';
import { writeTarget } from './write-target.js';

export const help = `daybook gtd start | stop | task TEXT [--ref REF] [--took 2h|30'] | done [N] | summary TEXT
           [--file F] [--journal PATH] [--json]

Keeps today's GTD entry (FORMAT.md section 6), where it is in the file:

  start          opens a presence session on the "0, " line (now); creates
                 today's entry (GTD, "0, H:MM", "1, today") when there is none
  stop           closes the open session (H:MM-H:MM)
  task TEXT      adds the next task under "1, today" with an open span from
                 now ("3), 14:05- TEXT"), or --took 2h / --took 30' for a
                 duration; --ref REF adds see"REF" (REF as in "daybook show")
  done [N]       closes the open span of task N, "H:MM-" or a bare "H:MM" (default: the open one)
  summary TEXT   adds the day's "Summary:" item

Today's entry is looked for in the newest file of the journal (or --file).
DAYBOOK_NOW="2013-02-22 13:30" fixes the moment, for every command (for
scripts and tests; DAYBOOK_TODAY=2013-02-22 is the same day at 12:00).`;

const TOOK = /^(\d+(?:\.\d+)?h|\d+')$/;

/** Runs `daybook gtd`. */
export function gtd(args: string[], io: Io): number {
  const flags = flagsOrHelp('gtd', args, { ...JOURNAL_OPTIONS, file: { type: 'string' }, ref: { type: 'string' }, took: { type: 'string' } }, help, io);
  if (!flags) return 0;
  const v = flags.values;
  const [action, ...rest] = flags.positionals;
  const now = readNow(io.env);
  const text = rest.join(' ').trim();
  let plan: (state: FileState, now: Now) => Patch[];
  const target = writeTarget(io, v);
  switch (action) {
    case 'start':
    case 'stop':
      if (rest.length) throw new UsageError(`gtd ${action}: unexpected argument "${rest[0]}"`, `expected just "daybook gtd ${action}"`);
      plan = action === 'start' ? planStart : planStop;
      break;
    case 'task': {
      if (!text) throw new UsageError('gtd task: no text', `expected what the task is, e.g. daybook gtd task "review the WAL patch" --ref "10:20 2025-10-06"`);
      if (v.took !== undefined && !TOOK.test(v.took)) throw new InputError(`gtd task: --took ${JSON.stringify(v.took)} is not a duration`, "expected hours or minutes as the journal writes them: --took 2h, --took 1.5h, --took 30'");
      let ref: string | undefined;
      if (v.ref !== undefined) {
        const arg = readRefArg(v.ref);
        const { entry } = findTarget(readJournal(target.files, io.cwd), arg);
        const header = entry.file.doc.textOf(entry.header).trim();
        ref = `"${header}"${arg.path.join('.')}`;
      }
      const took = v.took;
      plan = (state, n) => planTask(state, n, { text, ...(took !== undefined ? { took } : {}), ...(ref !== undefined ? { ref } : {}) });
      break;
    }
    case 'done': {
      if (rest.length > 1 || (rest[0] !== undefined && !/^\d+$/.test(rest[0]))) throw new UsageError(`gtd done: "${rest.join(' ')}" is not a task number`, 'expected the number of a task of today, e.g. daybook gtd done 3, or nothing for the open one');
      const n = rest[0] === undefined ? undefined : Number(rest[0]);
      plan = (state, now2) => planDone(state, now2, n);
      break;
    }
    case 'summary':
      if (!text) throw new UsageError('gtd summary: no text', 'expected the summary, e.g. daybook gtd summary "6.5h, half an hour over"');
      plan = (state, n) => planSummary(state, n, text);
      break;
    default:
      throw new UsageError(action === undefined ? 'gtd: what to do?' : `gtd: unknown action "${action}"`, 'expected one of: start, stop, task TEXT, done [N], summary TEXT; see "daybook help gtd"');
  }
  const result = editFile(target.path, target.shown, (state) => plan(state, now));
  tellNotes(io, result);
  if (v.json) printJson(io, { file: target.shown, action, patches: result.patches, redone: result.redone });
  else io.stderr.write(`${target.shown}: gtd ${action} done\n`);
  return 0;
}
