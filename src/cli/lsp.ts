/**
 * `daybook lsp`: the language server, for editors.
 */
import path from 'node:path';
import { readNow } from '../calendar/clock.js';
import { locateJournal } from '../journal/locate.js';
import { listJournalFiles } from '../journal/read.js';
import { startLanguageServer, stdioConnection } from '../lsp/server.js';
import { flagsOrHelp, JOURNAL_OPTIONS } from './args.js';
import type { ParseArgsOptions } from './args.js';
import type { Io } from './io.js';

export const help = `daybook lsp [--stdio] [--journal PATH]

The language server of the journal format, on standard input and output, for
an editor to start (see the README for VS Code, Neovim, Vim and Emacs): jump
from a reference to its entry or item, backlinks, hover, completion of
references (by moment or by the words of a title, then the items after the
closing quote), topics, contN and \\TODO, diagnostics as you type, outline,
folding, rename of a header's moment with every reference to it, inlay hints
(what a reference names, or "dangling"), counts of references (code lenses),
semantic tokens, workspace symbols by words in any order or initials, code
actions, and commands: a new entry in the journal's newest file, today's GTD
entry, a session or a task started and stopped, with the plans of "daybook
new" and "daybook gtd" (a new entry is headed by now: DAYBOOK_NOW fixes it,
as for every command). Documents the editor opens outside the journal join
it while open; files of the journal that change on disk (written by another
daybook command) are read again within a second. On Linux, when the kernel
gives transparent huge pages on request, the server runs in a child process
whose large buffers may take them (DAYBOOK_HUGE_PAGES=0: one process).`;

/** The flags of `daybook lsp`. */
export const options = { ...JOURNAL_OPTIONS, stdio: { type: 'boolean' }, 'node-ipc': { type: 'boolean' }, 'client-process-id': { type: 'string' } } as const satisfies ParseArgsOptions;

/** Runs `daybook lsp` until the editor stops it. */
export async function lsp(args: string[], io: Io): Promise<number> {
  const flags = flagsOrHelp('lsp', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  let files: string[] = [];
  let list: (() => string[]) | undefined;
  try {
    const { paths } = locateJournal({ journal: v.journal, config: v.config, env: io.env, cwd: io.cwd });
    list = () => paths.flatMap((p) => listJournalFiles(p)).map((f) => path.resolve(f));
    files = list();
  } catch (err) {
    // No journal configured: the documents the editor opens are the journal.
    io.stderr.write(`daybook lsp: ${(err as Error).message}; using the open documents only\n`);
  }
  // The clock is checked once here: a DAYBOOK_NOW that is not a moment stops the server before it starts.
  readNow(io.env);
  const connection = startLanguageServer(
    files,
    stdioConnection((reason) => {
      io.stderr.write(
        `daybook lsp: a message from the editor has a header that cannot be read (${reason}); the server stops so that the editor starts it again\n` +
          `  each message must begin with a header such as "Content-Length: 52" and an empty line (\\r\\n\\r\\n)\n`,
      );
      process.exit(1);
    }),
    list,
    () => readNow(io.env),
  );
  await new Promise<void>((resolve) => connection.onExit(() => resolve()));
  return 0;
}
