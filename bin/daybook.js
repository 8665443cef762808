#!/usr/bin/env node
// CommonJS (bin/package.json says so): Node starts a CommonJS file without its ES module loader, about 7 ms sooner.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

const bundle = path.join(__dirname, '..', 'dist', 'src', 'bundle', 'main.cjs');
const modules = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

/** The bundle's stat when it is there and no older than the modules it was made from (a `tsc` alone leaves it behind). */
function freshBundle() {
  try {
    const st = fs.statSync(bundle);
    return st.mtimeMs >= fs.statSync(modules).mtimeMs ? st : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The command a run is for, as its cache is named: the first argument that is
 * not a flag (nor the value of one that comes before the command).
 */
function commandName(args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--journal' || args[i] === '--config') i++;
    else if (!args[i].startsWith('-')) return /^[a-z][a-z-]{0,19}$/.test(args[i]) ? args[i] : 'other';
  }
  return 'none';
}

/** The start of the names of this build's caches. */
const cachePrefix = (st) => `cli-${process.version}-${st.size}-${Math.floor(st.mtimeMs)}-`;

/**
 * Where V8's compiled code of the bundle is kept between runs, or undefined
 * (no home): one file a command, since a cache holds what its first run
 * compiled, and a search's would lack what `hours` needs, and the reverse.
 */
function cacheFile(st) {
  const home = process.env.XDG_CACHE_HOME || (process.env.HOME && path.join(process.env.HOME, '.cache'));
  return home ? path.join(home, 'daybook', `${cachePrefix(st)}${commandName(process.argv.slice(2))}.v8`) : undefined;
}

/** Runs the bundle as CommonJS, compiled with the code cache when there is one; returns its exports and a function that saves the cache. */
function loadBundle(st) {
  const vm = require('node:vm');
  const file = bundle;
  // scripts/bundle.mjs writes it in ASCII: read as Latin-1 it is the same text, decoded in half the time.
  const bytes = fs.readFileSync(file);
  const source = require('node:buffer').isAscii(bytes) ? bytes.latin1Slice(0, bytes.length) : bytes.toString('utf8');
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
      for (const old of fs.readdirSync(path.dirname(cache))) if (/^cli-.*\.v8$/.test(old) && !old.startsWith(cachePrefix(st))) fs.rmSync(path.join(path.dirname(cache), old), { force: true });
    } catch {
      // A home that cannot be written (or a file size limit): every run compiles the bundle, as without a cache.
      fs.rmSync(tmp, { force: true });
    }
  };
  return { main: mod.exports.main, save };
}

/**
 * Standard output or error as a command writes to it. A pipe, a socket, a
 * file or /dev/null is written with fs.writeSync, in order and whole before
 * the process ends: Node's process.stdout is a stream whose modules take
 * about 5 ms to load, for output that a terminal alone needs (its width, its
 * colours, the pager). Anything else, a terminal first, is process.stdout.
 * A reader that stops reading (`daybook check | head`) ends the process
 * quietly, as it did with the stream.
 */
function output(fd, name) {
  let plain = false;
  try {
    const st = fs.fstatSync(fd);
    plain = st.isFIFO() || st.isSocket() || st.isFile() || (st.isCharacterDevice() && st.rdev === fs.statSync('/dev/null').rdev);
  } catch {
    // Closed or unknown: the stream says what it can.
  }
  if (!plain) {
    const stream = process[name];
    stream.on('error', (err) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
    return stream;
  }
  let pause;
  return {
    isTTY: false,
    write(chunk) {
      const bytes = Buffer.from(chunk);
      for (let at = 0; at < bytes.length; ) {
        try {
          at += fs.writeSync(fd, bytes, at);
        } catch (err) {
          if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
          // A descriptor another process left non-blocking, full for now: wait a millisecond for its reader.
          if (err.code !== 'EAGAIN') throw err;
          Atomics.wait((pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
        }
      }
      return true;
    },
  };
}

/**
 * Runs `daybook lsp` in a child process whose C library backs large buffers
 * with transparent huge pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, glibc
 * 2.35 and later), and waits for it; true when it did. An editor that opens
 * a large document sends its whole text, which the server writes into fresh
 * memory: on a kernel that gives huge pages to those who ask ("madvise",
 * as the machine this was measured on does), the page faults of 100 MB
 * take a third of a second in pages of 4 KiB, and the text arrived in 0.3 s
 * with huge pages against 0.7 s without. Not when the kernel gives
 * them to every process already ("always") or to none, when GLIBC_TUNABLES
 * says something of it already, or with DAYBOOK_HUGE_PAGES=0.
 */
function lspWithHugePages() {
  if (process.platform !== 'linux' || commandName(process.argv.slice(2)) !== 'lsp') return false;
  if (process.env.DAYBOOK_HUGE_PAGES === '0' || /glibc\.malloc\.hugetlb/.test(process.env.GLIBC_TUNABLES || '')) return false;
  let mode = '';
  try {
    mode = fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'latin1');
  } catch {
    return false;
  }
  if (!mode.includes('[madvise]')) return false;
  const tunables = [process.env.GLIBC_TUNABLES, 'glibc.malloc.hugetlb=1'].filter(Boolean).join(':');
  const child = require('node:child_process').spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, GLIBC_TUNABLES: tunables } });
  // The editor stops the server by a signal at times: it goes to the server.
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  for (const signal of signals) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    process.stderr.write(`daybook lsp: the server could not be started (${err.message}); DAYBOOK_HUGE_PAGES=0 starts it without a process of its own\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      for (const s of signals) process.removeAllListeners(s);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
  return true;
}

async function run() {
  if (lspWithHugePages()) return;
  let main;
  let save = () => undefined;
  const st = freshBundle();
  try {
    // The bundle (scripts/bundle.mjs) starts faster; the plain modules are the same code, for a build without it.
    if (st) ({ main, save } = loadBundle(st));
    else ({ main } = await import(pathToFileURL(modules).href));
  } catch (err) {
    if (err && (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'ENOENT')) {
      process.stderr.write('daybook: not built yet; run "npm ci && npm run build" in the daybook directory first\n');
      process.exit(2);
    }
    throw err;
  }

  process.exitCode = await main(process.argv.slice(2), {
    stdout: output(1, 'stdout'),
    stderr: output(2, 'stderr'),
    env: process.env,
    cwd: process.cwd(),
    // A getter: process.stdin is a stream Node builds when first asked for (loading its streams), and few commands read it.
    stdin: {
      get isTTY() {
        return Boolean(process.stdin.isTTY);
      },
      read: () => fs.readFileSync(0, 'utf8'),
    },
  });
  // Only after a command that did its work: one that failed may have compiled little of what the next run needs.
  if (process.exitCode === 0) save();
}

run();
