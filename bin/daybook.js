#!/usr/bin/env node
import { readFileSync, statSync } from 'node:fs';

/** True when the bundle is there and no older than the modules it was made from (a `tsc` alone leaves it behind). */
function bundleFresh() {
  try {
    return statSync(new URL('../dist/src/bundle/main.js', import.meta.url)).mtimeMs >= statSync(new URL('../dist/src/cli/main.js', import.meta.url)).mtimeMs;
  } catch {
    return false;
  }
}

let main;
try {
  // The bundle (scripts/bundle.mjs) starts faster; the plain modules are the same code, for a build without it.
  ({ main } = await import(bundleFresh() ? '../dist/src/bundle/main.js' : '../dist/src/cli/main.js'));
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
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
  stdin: { isTTY: Boolean(process.stdin.isTTY), read: () => readFileSync(0, 'utf8') },
});
