/**
 * A web server on a journal directory for the web tests, with a fixed
 * clock: the same moment the CLI is given with DAYBOOK_NOW. It lists the
 * directory again as `daybook serve` does, so a new file in it is taken in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type Server, type ServeOptions } from '../src/web/server.js';
import { tempDir } from './helpers.js';

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
