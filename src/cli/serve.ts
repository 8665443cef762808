/**
 * `daybook serve`: the web app on the journal.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { indexPath } from '../indexing/open.js';
import { loadConfig } from '../journal/config.js';
import { locateJournal } from '../journal/locate.js';
import { displayPath, listJournalFiles } from '../journal/read.js';
import { startServer } from '../web/server.js';
import { dayText, minutesOf, readNow, todayOf } from '../calendar/index.js';
import { flagsOrHelp, JOURNAL_OPTIONS } from './args.js';
import type { ParseArgsOptions } from './args.js';
import type { Io } from './io.js';

export const help = `daybook serve [PATH] [--port N] [--host H] [--open] [--index PATH] [--journal PATH]

Runs the web app on the journal: the timeline, entries with their outline,
references, mails, backlinks and threads, search as you type, topics,
threads, TODOs, people, and the hours dashboard. Pages update when the journal
changes on disk. It only reads the journal.

  --port N    the port (default 4747; 0 picks a free one)
  --host H    the address to listen on (default 127.0.0.1: this machine only)
  --open      open the app in the browser

Keys: / search, j and k move, Enter opens, g then t jumps to today.`;

/** The flags of `daybook serve`. */
export const options = { ...JOURNAL_OPTIONS, port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' }, index: { type: 'string' } } as const satisfies ParseArgsOptions;

/** Runs `daybook serve` until it is stopped (Ctrl-C). */
export async function serve(args: string[], io: Io): Promise<number> {
  const flags = flagsOrHelp('serve', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  const port = v.port === undefined ? 4747 : Number(v.port);
  if (!/^\d+$/.test(v.port ?? '0') || port > 65535) throw new UsageError(`serve: --port ${v.port} is not a port`, 'expected a number from 0 to 65535, e.g. --port 8080');
  const host = v.host ?? '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new UsageError(`serve: --host ${JSON.stringify(host)} is not an address`, 'expected an IP address or host name, e.g. --host 127.0.0.1');
  const { paths } = locateJournal({ paths: flags.positionals, journal: v.journal, config: v.config, env: io.env, cwd: io.cwd });
  const files = [...new Set(paths.flatMap((p) => listJournalFiles(p, displayPath(p, io.cwd))))].map((f) => ({ path: path.resolve(f), shown: displayPath(f, io.cwd) }));
  const { config } = loadConfig(v.config, io.env);
  const server = await startServer({
    files,
    cwd: io.cwd,
    host,
    port,
    indexFile: indexPath(paths, v.index, io.env, io.cwd),
    config,
    now: () => {
      const n = readNow(io.env);
      return { today: dayText(todayOf(n)), minutes: minutesOf(n) };
    },
    log: (line) => io.stderr.write(`${line}\n`),
  });
  io.stdout.write(`daybook: serving ${files.length === 1 ? files[0]!.shown : `${files.length} files`} at ${server.url} (Ctrl-C stops)\n`);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') io.stderr.write(`daybook: listening on ${host}: other machines can read the journal\n`);
  if (v.open) spawn(process.platform === 'darwin' ? 'open' : 'xdg-open', [server.url], { stdio: 'ignore', detached: true }).on('error', () => io.stderr.write(`daybook: could not open a browser; open ${server.url}\n`)).unref();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
