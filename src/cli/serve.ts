/**
 * `daybook serve`: the web app on the journal.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { indexPath } from '../indexing/open.js';
import { loadConfig } from '../journal/config.js';
import { locateJournal } from '../journal/locate.js';
import { displayPath, listJournalFiles } from '../journal/read.js';
import { startServer } from '../web/server.js';
import { readToday } from '../calendar/index.js';
import { flagsOrHelp, JOURNAL_OPTIONS } from './args.js';
import type { ParseArgsOptions } from './args.js';
import type { Io } from './io.js';

export const help = `daybook serve [PATH] [--port N] [--host H] [--token T] [--open] [--index PATH] [--journal PATH]

Runs the web app on the journal: the timeline, entries with their outline,
references, mails, backlinks and threads, search as you type, topics,
threads, TODOs, people, and the hours dashboard. Pages update when the journal
changes on disk, and a new file in the journal's directory is taken in. It
only reads the journal.

  --port N    the port (default 4747; 0 picks a free one)
  --host H    the address to listen on (default 127.0.0.1: this machine only).
              Any other address shares the journal on the network: the server
              then asks every request for a token, and prints the link that
              carries it. The traffic is plain HTTP, not encrypted: share only
              on a network you trust, or use an SSH tunnel instead
              (ssh -L 4747:127.0.0.1:4747 HOST).
  --token T   the token to ask for when shared (default: a new random one
              each start; DAYBOOK_TOKEN sets it too)
  --open      open the app in the browser

Keys: / search, j and k move, Enter opens, o opens or closes an item, c copies
a reference to the entry, g then t jumps to today, ? lists the keys.`;

/** The addresses that serve this machine only. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** This machine's addresses on its networks (for the links a shared server prints). */
function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') out.push(a.address);
  return out.length ? out : ['127.0.0.1'];
}

/** The flags of `daybook serve`. */
export const options = { ...JOURNAL_OPTIONS, port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' }, index: { type: 'string' }, token: { type: 'string' } } as const satisfies ParseArgsOptions;

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
  const list = () => [...new Set(paths.flatMap((p) => listJournalFiles(p, displayPath(p, io.cwd))))].map((f) => ({ path: path.resolve(f), shown: displayPath(f, io.cwd) }));
  const files = list();
  const { config } = loadConfig(v.config, io.env, { calendars: true });
  const local = LOCAL_HOSTS.has(host);
  const token = local ? undefined : (v.token ?? io.env.DAYBOOK_TOKEN ?? crypto.randomBytes(18).toString('base64url'));
  if (token !== undefined && !/^[\w-]{16,200}$/.test(token)) throw new UsageError('serve: the token is too short or holds other characters than letters, digits, - and _', 'expected 16 or more of them, e.g. --token 8f2kq9Xw3LmT5vBz');
  if (local && v.token !== undefined) throw new UsageError('serve: --token is for a server shared beyond this machine', 'expected it with --host, e.g. daybook serve --host 192.168.1.20 --token 8f2kq9Xw3LmT5vBz');
  // A configured embedding model: checked and loaded before the server starts (a bad model directory stops it with an example).
  const model = config.model !== undefined ? await (await import('./meaning-model.js')).meaningModel(io, v.config) : undefined;
  const server = await startServer({
    files,
    list,
    ...(model ? { near: model.options } : {}),
    ...(token !== undefined ? { token } : {}),
    cwd: io.cwd,
    host,
    port,
    indexFile: indexPath(paths, v.index, io.env, io.cwd),
    config,
    now: () => readToday(io.env),
    log: (line) => io.stderr.write(`${line}\n`),
  });
  io.stdout.write(`daybook: serving ${files.length === 1 ? files[0]!.shown : `${files.length} files`} at ${server.url} (Ctrl-C stops)\n`);
  if (token !== undefined) {
    const port = new URL(server.url).port;
    const addresses = host === '0.0.0.0' || host === '::' ? lanAddresses() : [host.includes(':') ? `[${host}]` : host];
    for (const a of addresses) io.stdout.write(`daybook: shared at http://${a}:${port}/?token=${token}\n`);
    io.stderr.write('daybook: anyone with this link can read the journal, and the traffic is not encrypted (plain HTTP): share it only on a network you trust, or use an SSH tunnel to 127.0.0.1 instead\n');
  }
  if (v.open) spawn(process.platform === 'darwin' ? 'open' : 'xdg-open', [server.url], { stdio: 'ignore', detached: true }).on('error', () => io.stderr.write(`daybook: could not open a browser; open ${server.url}\n`)).unref();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
