/**
 * `daybook mcp`: the journal for AI assistants, read-only and redacted, as
 * a Model Context Protocol server on standard input and output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { readNow, readToday } from '../calendar/index.js';
import { indexPath } from '../indexing/open.js';
import { loadConfig } from '../journal/config.js';
import { locateJournal } from '../journal/locate.js';
import { listJournalFiles } from '../journal/read.js';
import { journalMcp, shownName } from '../mcp/server.js';
import { flagsOrHelp, JOURNAL_OPTIONS, type ParseArgsOptions } from './args.js';
import type { Io } from './io.js';

export const help = `daybook mcp [--journal PATH] [--index PATH]

The journal for AI assistants (Claude Desktop, Claude Code, Cursor, VS Code,
Zed...): a Model Context Protocol server on standard input and output, for
the assistant to start. Its tools only read: search, show (an entry or an
item), backlinks, thread, todos, hours (of a day, week, month or range) and
report (the weekly work report). Every text it returns is redacted as the
config's "redact" key says: mail addresses and phone numbers always (unless
turned off there), and the names, people and patterns it lists. No tool
writes the journal; the search index is daybook's own cache (--index PATH or
DAYBOOK_INDEX, as for "daybook search"). Files that change on disk are read
again at the next call. See the README for each client's setup.`;

/** The flags of `daybook mcp`. */
export const options = { ...JOURNAL_OPTIONS, index: { type: 'string' } } as const satisfies ParseArgsOptions;

/** Runs `daybook mcp` until the client closes its input. */
export async function mcp(args: string[], io: Io): Promise<number> {
  const flags = flagsOrHelp('mcp', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  const { paths } = locateJournal({ journal: v.journal, config: v.config, env: io.env, cwd: io.cwd });
  const root = (p: string) => (fs.statSync(p).isDirectory() ? p : path.dirname(p));
  const list = () => [...new Set(paths.flatMap((p) => listJournalFiles(p).map((f) => ({ path: path.resolve(f), shown: shownName(path.resolve(f), path.resolve(root(p))) }))))];
  const { config } = loadConfig(v.config, io.env);
  // The clock is checked once here: a DAYBOOK_NOW that is not a moment stops the server before it starts.
  readNow(io.env);
  // A configured embedding model: checked and loaded before the server starts (a bad model directory stops it with an example).
  const model = config.model !== undefined ? await (await import('./meaning-model.js')).meaningModel(io, v.config) : undefined;
  const mcpServer = journalMcp({
    ...(model ? { near: model.options } : {}),
    files: list(),
    list,
    indexFile: indexPath(paths, v.index, io.env, io.cwd),
    config,
    now: () => readToday(io.env),
    log: (line) => io.stderr.write(`${line}\n`),
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await mcpServer.server.connect(transport);
  await closed;
  mcpServer.close();
  return 0;
}
