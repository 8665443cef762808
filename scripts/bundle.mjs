/**
 * Bundles the command line into dist/src/bundle: one module for what every
 * command needs and a chunk for each command's own code, instead of a
 * hundred small modules that Node would resolve, read and compile one by one
 * at each start (about 50 ms of a command's time on this machine). Packages
 * stay in node_modules (better-sqlite3 is native; the others load on demand).
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
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
