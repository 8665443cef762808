/**
 * A web server on a journal directory for the web tests, with a fixed
 * clock: the same moment the CLI is given with DAYBOOK_NOW.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type Server } from '../src/web/server.js';
import { tempDir } from './helpers.js';

/** The servers' clock, as DAYBOOK_NOW gives it to the CLI. */
export const NOW = '2025-11-26 10:00';

/** Serves the journal files of a directory. */
export async function serve(dir: string): Promise<Server> {
  const files = fs
    .readdirSync(dir)
    .sort()
    .map((f) => ({ path: path.join(dir, f), shown: f }));
  return startServer({ files, cwd: dir, host: '127.0.0.1', port: 0, indexFile: path.join(tempDir(), 'index.sqlite'), config: {}, now: () => ({ today: NOW.slice(0, 10), minutes: Number(NOW.slice(11, 13)) * 60 + Number(NOW.slice(14)) }) });
}
