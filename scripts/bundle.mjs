/**
 * Bundles the command line into dist/src/bundle/main.cjs: one CommonJS file
 * instead of a hundred small modules that Node would resolve, read and
 * compile one by one at each start. In CommonJS each module's body runs
 * when it is first required, and so do the packages it requires: a search
 * does not pay for the language server's protocol package, the mail parser
 * or the web server (an ES module bundle hoists every package import to its
 * start; split into chunks it still had 23 files for a search). bin/daybook.js
 * compiles the file with V8's code cache (kept in ~/.cache/daybook), so
 * the second run reads compiled code instead of compiling it again.
 *
 * The bundle sits at the same depth as dist/src/cli, so the paths the code
 * computes from its own place (package.json, bin/, build/, web/) are the
 * same bundled or not; `import.meta.url` is the bundle's own URL. The index's
 * worker is an ES module of its own beside it. bin/daybook.js runs the
 * plain modules when there is no bundle, or when it is older than they are.
 */
import { build } from 'esbuild';
import fs from 'node:fs';

const outdir = 'dist/src/bundle';
fs.rmSync(outdir, { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', outdir, logLevel: 'warning' };
await build({
  ...common,
  entryPoints: { main: 'dist/src/cli/main.js' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // Smaller to read and to hash for the code cache; names kept, so a stack trace still names our functions.
  minifyWhitespace: true,
  minifySyntax: true,
  define: { 'import.meta.url': '__daybookBundleUrl' },
  banner: { js: 'const __daybookBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
});
await build({ ...common, entryPoints: { 'grams-worker': 'dist/src/indexing/grams-worker.js' }, format: 'esm' });
