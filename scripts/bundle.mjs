/**
 * Bundles the command line into dist/src/bundle: one module for what every
 * command needs and chunks for each command's own code (about twenty modules
 * for a search), instead of a hundred small modules that Node would resolve,
 * read and compile one by one at each start (50 to 100 ms of a command's
 * time on this machine). One file for everything was slower still: ES
 * modules import their packages at start, and the language server's
 * protocol package alone costs about 100 ms to load. Packages stay in
 * node_modules; the large ones a few commands need (the mail parser,
 * better-sqlite3, node:http) are required when used.
 *
 * The bundle sits at the same depth as dist/src/cli, so the paths the code
 * computes from its own place (package.json, bin/, build/, web/) are the
 * same bundled or not; the index's worker is an entry of its own beside it.
 * bin/daybook.js runs the bundle, or the plain modules when there is none.
 */
import { build } from 'esbuild';
import fs from 'node:fs';

const outdir = 'dist/src/bundle';
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: 'dist/src/cli/main.js', 'grams-worker': 'dist/src/indexing/grams-worker.js' },
  bundle: true,
  format: 'esm',
  splitting: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
