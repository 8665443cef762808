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
/**
 * The packages stay outside the bundle, but for better-sqlite3's JavaScript:
 * its dozen small files, loaded one by one, took 12 ms of every command that
 * opens the index; bundled, they are compiled with the rest and kept in the
 * code cache. Its native module is named by src/indexing/open.ts.
 */
const bundleSqlite = {
  name: 'bundle-better-sqlite3',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path === 'better-sqlite3' || (args.importer.includes('/node_modules/better-sqlite3/') && !args.path.startsWith('bindings')) ? undefined : { path: args.path, external: true }));
  },
};
await build({
  ...common,
  packages: undefined,
  plugins: [bundleSqlite],
  entryPoints: { main: 'dist/src/cli/main.js' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // Smaller to read and to hash for the code cache; names kept, so a stack trace still names our functions.
  minifyWhitespace: true,
  minifySyntax: true,
  define: { 'import.meta.url': '__daybookBundleUrl' },
  banner: { js: 'const __daybookBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
});
// esbuild leaves the Chinese of regular expressions as it is; escaped, the file is ASCII, which Node reads
// into a one-byte string (0.3 ms instead of 7 for 0.5 MB), and V8 hashes it and wraps it faster. A \uXXXX escape
// means the same character in a string, a template, a regular expression and an identifier.
const main = `${outdir}/main.cjs`;
fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
await build({ ...common, entryPoints: { 'grams-worker': 'dist/src/indexing/grams-worker.js' }, format: 'esm' });
