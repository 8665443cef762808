/**
 * Bundles the command line into one file, dist/src/bundle/main.js, instead
 * of a hundred small modules that Node would resolve, read and compile one
 * by one at each start (about 50 to 100 ms of a command's time on this
 * machine). One file, not a chunk per command: esbuild's chunks still came to
 * twenty modules for a search, and V8 compiles a function only when it first
 * runs, so the commands not run cost little more than their parsing.
 * Packages stay in node_modules; the large ones a few commands need (the
 * mail parser, the language server's protocol) are required when used.
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
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir,
  logLevel: 'warning',
});
