/**
 * The `daybook` command: dispatch to one small file per command, and the one
 * top-level catch that turns input errors into a message and an exit code.
 */
import { readFileSync } from 'node:fs';
import { DaybookError, InputError } from '../errors.js';
import * as backlinksCmd from './backlinks.js';
import * as gtdCmd from './gtd.js';
import * as hoursCmd from './hours.js';
import * as exportCmd from './export.js';
import * as reportCmd from './report.js';
import * as serveCmd from './serve.js';
import * as lspCmd from './lsp.js';
import * as indexCmd from './index-cmd.js';
import * as newCmd from './new.js';
import * as searchCmd from './search.js';
import * as checkCmd from './check.js';
import * as clipCmd from './clip.js';
import type { Io } from './io.js';
import { withPager } from './pager.js';
import * as showCmd from './show.js';
import * as statsCmd from './stats.js';
import * as threadCmd from './thread.js';
import * as todoCmd from './todo.js';
import * as topicsCmd from './topics.js';

const COMMANDS: Record<string, { run: (args: string[], io: Io) => number | Promise<number>; help: string; unpaged?: boolean }> = {
  check: { run: checkCmd.check, help: checkCmd.help },
  stats: { run: statsCmd.stats, help: statsCmd.help },
  new: { run: newCmd.newEntry, help: newCmd.help },
  gtd: { run: gtdCmd.gtd, help: gtdCmd.help },
  hours: { run: hoursCmd.hours, help: hoursCmd.help },
  export: { run: exportCmd.exportCmd, help: exportCmd.help },
  report: { run: reportCmd.report, help: reportCmd.help },
  serve: { run: serveCmd.serve, help: serveCmd.help, unpaged: true },
  lsp: { run: lspCmd.lsp, help: lspCmd.help, unpaged: true },
  clip: { run: clipCmd.clip, help: clipCmd.help },
  search: { run: searchCmd.search, help: searchCmd.help },
  index: { run: indexCmd.index, help: indexCmd.help },
  show: { run: showCmd.show, help: showCmd.help },
  backlinks: { run: backlinksCmd.backlinks, help: backlinksCmd.help },
  thread: { run: threadCmd.thread, help: threadCmd.help },
  todo: { run: todoCmd.todo, help: todoCmd.help },
  topics: { run: topicsCmd.topics, help: topicsCmd.help },
  people: { run: topicsCmd.people, help: topicsCmd.peopleHelp },
};

const USAGE = `daybook: tools for a plain-text work journal

usage: daybook COMMAND [ARGS] [--journal PATH] [--json]

commands:
  serve [PATH]      the web app: timeline, entries, search, threads, hours
  lsp               the language server, for editors (stdio)
  check [PATH...]   report dangling references, impossible moments, open spans, ...
  stats [PATH...]   count entries, GTD days, references, TODOs, mails, threads
  new               append an entry (--topics, -m, --continue a thread)
  gtd ACTION        today's GTD day: start, stop, task TEXT, done [N], summary TEXT
  hours             focused hours against the target, per day and week
  report            a draft of the weekly work report
  export FORMAT     GTD days for Timewarrior (timewarrior) or calendars (ical)
  clip MAIL         clip a mail (.eml) or an mbox into the journal
  search QUERY      entries holding words, "phrases", Chinese; ranked, with snippets
  index             build or update the search index (search does it too)
  show REF          print the entry or item a reference names
  backlinks REF     list the references to an entry or item
  thread NAME|REF   the parts of a thread, in order
  todo              the open TODOs, with their age (todo done ID closes one)
  topics [PREFIX]   the topics of the title lines (--tree: their hierarchy)
  people            senders of clipped mails and people named in titles
  help [COMMAND]    show help

The journal is the PATHs given, else --journal PATH, else $DAYBOOK_JOURNAL,
else "journal" in ~/.config/daybook/config.json. It is a file, or a directory
of journal files (*.txt, *.journal). daybook never changes it when reading.

On a terminal, long output goes through $DAYBOOK_PAGER, else $PAGER, else
"less -FRX"; DAYBOOK_PAGER= (empty) turns that off.`;

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
  const [name, ...args] = argv;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? args[0] : undefined;
      const cmd = topic ? COMMANDS[topic] : undefined;
      if (topic && !cmd) throw new InputError(`help: no command "${topic}"`, `commands: ${Object.keys(COMMANDS).join(', ')}`);
      io.stdout.write((cmd ? cmd.help : USAGE) + '\n');
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V') {
      io.stdout.write(version() + '\n');
      return 0;
    }
    const cmd = COMMANDS[name];
    if (!cmd) throw new InputError(`unknown command "${name}"`, `commands: ${Object.keys(COMMANDS).join(', ')}; see "daybook help"`);
    if (cmd.unpaged) return await cmd.run(args, io);
    return await withPager(io, (paged) => cmd.run(args, paged));
  } catch (err) {
    if (err instanceof DaybookError) {
      io.stderr.write(`daybook: ${err.message}\n`);
      if (err.hint) io.stderr.write(`  ${err.hint}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
