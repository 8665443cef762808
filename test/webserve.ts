/**
 * A web server on a journal directory for the web tests, with a fixed
 * clock: the same moment the CLI is given with DAYBOOK_NOW. It lists the
 * directory again as `daybook serve` does, so a new file in it is taken in.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { startServer, type Server, type ServeOptions } from '../src/web/server.js';
import { ROOT, tempDir } from './helpers.js';

/** The servers' clock, as DAYBOOK_NOW gives it to the CLI. */
export const NOW = '2025-11-26 10:00';

/** The journal files of a directory, as the server takes them. */
function list(dir: string): { path: string; shown: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ path: path.join(dir, f), shown: f }));
}

/** Serves the journal files of a directory. */
export async function serve(dir: string, options: Partial<ServeOptions> = {}, now = NOW): Promise<Server> {
  return startServer({ files: list(dir), list: () => list(dir), cwd: dir, host: '127.0.0.1', port: 0, indexFile: path.join(tempDir(), 'index.sqlite'), config: {}, now: () => ({ today: now.slice(0, 10), minutes: Number(now.slice(11, 13)) * 60 + Number(now.slice(14)) }), ...options });
}

/** `daybook serve ARGS` started as a user starts it, once it has printed its address; rejects if it exits first. */
export async function serveCommand(args: string[], env: NodeJS.ProcessEnv): Promise<{ url: string; proc: ChildProcessByStdio<null, Readable, Readable> }> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', ...env } });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  return { url, proc };
}
