#!/usr/bin/env node
import { createRequire } from 'node:module';

// Builtins through require: an ES import of node:fs would build its ES facade, loading fs streams (5 ms).
const require = createRequire(import.meta.url);
const fs = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

const bundle = new URL('../dist/src/bundle/main.cjs', import.meta.url);
const modules = new URL('../dist/src/cli/main.js', import.meta.url);

/** The bundle's stat when it is there and no older than the modules it was made from (a `tsc` alone leaves it behind). */
function freshBundle() {
  try {
    const st = fs.statSync(bundle);
    return st.mtimeMs >= fs.statSync(modules).mtimeMs ? st : undefined;
  } catch {
    return undefined;
  }
}

/** Where V8's compiled code of the bundle is kept between runs, or undefined (no home). */
function cacheFile(st) {
  const home = process.env.XDG_CACHE_HOME || (process.env.HOME && path.join(process.env.HOME, '.cache'));
  return home ? path.join(home, 'daybook', `cli-${process.version}-${st.size}-${Math.floor(st.mtimeMs)}.v8`) : undefined;
}

/** Runs the bundle as CommonJS, compiled with the code cache when there is one; returns its exports and a function that saves the cache. */
function loadBundle(st) {
  const vm = require('node:vm');
  const file = fileURLToPath(bundle);
  const source = fs.readFileSync(file, 'utf8');
  const cache = cacheFile(st);
  let cachedData;
  try {
    if (cache) cachedData = fs.readFileSync(cache);
  } catch {
    // None yet: made after this run.
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, path.dirname(file));
  const save = () => {
    if (!cache || (cachedData && !script.cachedDataRejected)) return;
    const tmp = `${cache}.${process.pid}`;
    try {
      // After the run, so that the functions it compiled are in it; written whole or not at all.
      fs.mkdirSync(path.dirname(cache), { recursive: true });
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cache);
      // The caches of older builds are of no more use.
      for (const old of fs.readdirSync(path.dirname(cache))) if (/^cli-.*\.v8$/.test(old) && old !== path.basename(cache)) fs.rmSync(path.join(path.dirname(cache), old), { force: true });
    } catch {
      // A home that cannot be written (or a file size limit): every run compiles the bundle, as without a cache.
      fs.rmSync(tmp, { force: true });
    }
  };
  return { main: mod.exports.main, save };
}

let main;
let save = () => undefined;
const st = freshBundle();
try {
  // The bundle (scripts/bundle.mjs) starts faster; the plain modules are the same code, for a build without it.
  if (st) ({ main, save } = loadBundle(st));
  else ({ main } = await import(modules));
} catch (err) {
  if (err && (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'ENOENT')) {
    process.stderr.write('daybook: not built yet; run "npm ci && npm run build" in the daybook directory first\n');
    process.exit(2);
  }
  throw err;
}

// `daybook check | head`: a reader that stops reading is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  stdin: { isTTY: Boolean(process.stdin.isTTY), read: () => fs.readFileSync(0, 'utf8') },
});
// Only after a command that did its work: one that failed may have compiled little of what the next run needs.
if (process.exitCode === 0) save();
