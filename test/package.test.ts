/**
 * Issue 20: daybook as a package. `npm pack` ships what the build made (the
 * prepack step builds it; here the build of `npm test` has just run, so the
 * pack skips it rather than rewrite dist/ under the other tests), and `npm
 * install -g` of the tarball into a temporary prefix gives a working
 * `daybook`, its man pages and its completion. Slow (better-sqlite3 is
 * compiled when no prebuilt binary can be fetched): minutes, not seconds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, tempDir } from './helpers.js';

test('npm pack, npm install -g of the tarball, then daybook --help, man daybook, a search and completion from there', { timeout: 15 * 60_000 }, () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; man: string[]; allowScripts: Record<string, boolean> };
  assert.equal(pkg.scripts.prepack, 'npm run build', 'npm pack builds what it ships');
  assert.equal(pkg.allowScripts['better-sqlite3'], true, "better-sqlite3's install script is allowed in the package's configuration");
  const dir = tempDir();
  const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const shipped = new Set(info!.files.map((f) => f.path));
  for (const f of ['bin/daybook.js', 'dist/src/cli/main.js', 'dist/man/daybook.1', 'dist/man/daybook-search.1', 'web/static/index.html', 'dist/web/web/client/app.js', 'native/lease.c']) assert.ok(shipped.has(f), `the package ships ${f}`);
  assert.ok(![...shipped].some((f) => f.startsWith('dist/test/') || f.startsWith('src/')), 'no tests, no sources');

  const prefix = path.join(dir, 'prefix');
  // The machine's npm configuration (registry, node headers) as a user has it; only the prefix is new.
  // A tarball is allowed by its absolute file: spec (its name alone does not match a file source).
  const tarball = path.join(dir, info!.filename);
  const installed = spawnSync('npm', ['install', '-g', '--prefix', prefix, `--allow-scripts=file:${tarball},better-sqlite3`, '--no-audit', '--no-fund', tarball], { encoding: 'utf8' });
  assert.equal(installed.status, 0, installed.stderr);
  assert.doesNotMatch(installed.stderr, /not yet covered by allowScripts/);

  const home = tempDir();
  const env = { PATH: `${path.join(prefix, 'bin')}:${process.env.PATH ?? ''}`, HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), MANPATH: path.join(prefix, 'share', 'man'), MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '80' };
  const help = spawnSync('daybook', ['--help'], { env, encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^daybook: tools for a plain-text work journal/);

  for (const page of ['daybook', 'daybook-search']) {
    const man = spawnSync('man', [page], { env, encoding: 'utf8' });
    assert.equal(man.status, 0, `man ${page}: ${man.stderr}`);
    assert.match(man.stdout, new RegExp(`${page.toUpperCase()}\\(1\\)`));
  }
  assert.equal(fs.readdirSync(path.join(prefix, 'share', 'man', 'man1')).length, pkg.man.length, 'every page is installed');

  const journal = path.join(prefix, 'lib', 'node_modules', 'daybook', 'examples', 'journal');
  const found = spawnSync('daybook', ['search', 'checkpoint', '--journal', journal, '--json'], { env, encoding: 'utf8' });
  assert.equal(found.status, 0, found.stderr);
  assert.ok((JSON.parse(found.stdout) as { hits: unknown[] }).hits.length > 0);

  const words = spawnSync('daybook', ['completion', '--line=daybook sea', '--word=sea'], { env, encoding: 'utf8' });
  assert.equal(words.stdout, 'search\n');
});
