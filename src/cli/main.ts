/**
 * The `daybook` command: dispatch to one small file per command, and the one
 * top-level catch that turns input errors into a message and an exit code.
 */
import { readFileSync } from 'node:fs';
import { DaybookError, UsageError } from '../errors.js';
import { didYouMean } from '../query/nearest.js';
import type { Io } from './io.js';

type Run = (args: string[], io: Io) => number | Promise<number>;

/** A command: its file, and the names there of its run function, help text and flags. */
export interface Command {
  load: () => Promise<Record<string, unknown>>;
  run: string;
  /** The name of its help text (default `help`). */
  help?: string;
  /** The name of its flags (default `options`). */
  options?: string;
  unpaged?: boolean;
}

/**
 * The commands. Each file is loaded only when its command runs, so that a
 * quick command (a search after an append) does not pay for the mail parser,
 * the web server or the language server.
 */
export const COMMANDS: Record<string, Command> = {
  check: { load: () => import('./check.js'), run: 'check' },
  stats: { load: () => import('./stats.js'), run: 'stats' },
  new: { load: () => import('./new.js'), run: 'newEntry' },
  gtd: { load: () => import('./gtd.js'), run: 'gtd' },
  hours: { load: () => import('./hours.js'), run: 'hours' },
  now: { load: () => import('./now.js'), run: 'now' },
  export: { load: () => import('./export.js'), run: 'exportCmd' },
  import: { load: () => import('./import.js'), run: 'importCmd' },
  report: { load: () => import('./report.js'), run: 'report' },
  serve: { load: () => import('./serve.js'), run: 'serve', unpaged: true },
  lsp: { load: () => import('./lsp.js'), run: 'lsp', unpaged: true },
  mcp: { load: () => import('./mcp.js'), run: 'mcp', unpaged: true },
  clip: { load: () => import('./clip.js'), run: 'clip' },
  search: { load: () => import('./search.js'), run: 'search' },
  index: { load: () => import('./index-cmd.js'), run: 'index' },
  show: { load: () => import('./show.js'), run: 'show' },
  backlinks: { load: () => import('./backlinks.js'), run: 'backlinks' },
  thread: { load: () => import('./thread.js'), run: 'thread' },
  todo: { load: () => import('./todo.js'), run: 'todo' },
  topics: { load: () => import('./topics.js'), run: 'topics' },
  people: { load: () => import('./topics.js'), run: 'people', help: 'peopleHelp', options: 'peopleOptions' },
  merge: { load: () => import('./merge.js'), run: 'merge', unpaged: true },
  git: { load: () => import('./git.js'), run: 'gitCmd', unpaged: true },
  sync: { load: () => import('./sync.js'), run: 'sync', unpaged: true },
  resolve: { load: () => import('./resolve.js'), run: 'resolve' },
  last: { load: () => import('./entries.js'), run: 'last', help: 'lastHelp', options: 'lastOptions' },
  today: { load: () => import('./entries.js'), run: 'today', help: 'todayHelp', options: 'todayOptions' },
  edit: { load: () => import('./edit.js'), run: 'edit', unpaged: true },
  completion: { load: () => import('./completion.js'), run: 'completion', unpaged: true },
};

/** The flags every command takes, which may also come before the command: `daybook --journal ~/log search wal`. */
const GLOBAL_VALUE_FLAGS = new Set(['--journal', '--config']);
const GLOBAL_FLAGS = new Set([...GLOBAL_VALUE_FLAGS, '--json']);

/** Moves the global flags written before the command to the command's own flags: `[command, ...args]`. */
function splitGlobal(argv: string[]): [string | undefined, string[]] {
  const before: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.split('=', 1)[0]!;
    if (!GLOBAL_FLAGS.has(name)) break;
    before.push(a);
    if (GLOBAL_VALUE_FLAGS.has(a)) {
      if (argv[i + 1] === undefined) throw new UsageError(`${a} needs a value`, `e.g. daybook ${a} ${a === '--journal' ? '~/log' : '~/.config/daybook/config.json'} search wal`);
      before.push(argv[++i]!);
    }
  }
  return [argv[i], [...before, ...argv.slice(i + 1)]];
}

/** The refusal of a command name daybook does not have, with the nearest ones. */
function unknownCommand(name: string, what: string): UsageError {
  const near = didYouMean(name, Object.keys(COMMANDS));
  return new UsageError(`${what} "${name}"${near ? `; ${near}` : ''}`, `commands: ${Object.keys(COMMANDS).join(', ')}; see "daybook help"`);
}

export const USAGE = `daybook: tools for a plain-text work journal

usage: daybook [--journal PATH] [--config PATH] [--json] COMMAND [ARGS]

commands:
  serve [PATH]      the web app: timeline, entries, search, threads, hours
  lsp               the language server, for editors (stdio)
  mcp               the journal for AI assistants: read-only, redacted (MCP, stdio)
  check [PATH...]   report dangling references, impossible moments, open spans, ...
  stats [PATH...]   count entries, GTD days, references, TODOs, mails, threads
  new               append an entry (--topics, -m, --continue a thread)
  gtd ACTION        today's GTD day: start, stop, task TEXT, done, pause,
                    continue, cancel, status, summary TEXT
  hours             focused hours against the target, per day and week
  now               today so far, what is left, when it is reached; the week's balance
  report            a draft of the weekly work report
  export FORMAT     GTD days for Timewarrior (timewarrior), calendars (ical), timesheets (csv);
                    the whole journal as json, a Markdown vault (markdown DIR), org (org FILE)
  import FORMAT SRC entries from json, jrnl, dayone, obsidian, org, timewarrior (--dry-run)
  clip MAIL         clip a mail (.eml) or an mbox into the journal
  search QUERY      entries holding words, "phrases", Chinese; ranked, with snippets
  index             build or update the search index (search does it too)
  show REF          print the entry or item a reference names
  backlinks REF     list the references to an entry or item
  thread NAME|REF   the parts of a thread, in order
  todo              the open TODOs, with their age (todo done ID closes one)
  topics [PREFIX]   the topics of the title lines (--tree: their hierarchy)
  people            senders of clipped mails and people named in titles
  git setup         register the entry-aware merge driver in the journal's git repository
  sync              commit the journal, merge the remote's entries, push
  merge B O T [P]   the git merge driver: merge three versions entry by entry
  resolve COPY      merge a Syncthing/Dropbox conflict copy back into its file
  last [N]          the N newest entries (default 10)
  today             today's entries (--day D: another day's)
  edit REF          open $VISUAL / $EDITOR at an entry's or item's line
  completion SHELL  the completion script of bash, zsh or fish
  help [COMMAND]    show help

The journal is the PATHs given, else --journal PATH, else $DAYBOOK_JOURNAL,
else "journal" in ~/.config/daybook/config.json. It is a file, or a directory
of journal files (*.txt, *.journal). daybook never changes it when reading.

On a terminal, long output goes through $DAYBOOK_PAGER, else $PAGER, else
"less -FRX"; DAYBOOK_PAGER= (empty) turns that off.

Every command takes "now" and "today" from one clock: the local time, or
DAYBOOK_NOW="2013-02-16 11:07" (a day alone, or DAYBOOK_TODAY=2013-02-16, its
older name, is that day at 12:00).`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Runs the CLI with the given arguments; returns the exit code.
 *
 * ```ts
 * await main(['stats', 'examples/journal'], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
 * ```
 */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const [name, args] = splitGlobal(argv);
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? args[0] : undefined;
      const cmd = topic ? COMMANDS[topic] : undefined;
      if (topic && !cmd) throw unknownCommand(topic, 'help: no command');
      io.stdout.write((cmd ? ((await cmd.load())[cmd.help ?? 'help'] as string) : USAGE) + '\n');
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V') {
      io.stdout.write(version() + '\n');
      return 0;
    }
    const cmd = COMMANDS[name];
    if (!cmd) throw name.startsWith('-') ? new UsageError(`unknown flag "${name}" before the command`, 'only --journal PATH, --config PATH and --json may come before it, e.g. daybook --journal ~/log search wal; see "daybook help"') : unknownCommand(name, 'unknown command');
    const run = (await cmd.load())[cmd.run] as Run;
    if (cmd.unpaged) return await run(args, io);
    // The pager (and child_process) only for commands that page: the merge driver git runs starts without them.
    const { withPager } = await import('./pager.js');
    return await withPager(io, (paged) => run(args, paged));
  } catch (err) {
    if (err instanceof DaybookError) {
      io.stderr.write(`daybook: ${err.message}\n`);
      if (err.hint) io.stderr.write(`  ${err.hint}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
