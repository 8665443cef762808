/**
 * Shared test helpers: where things are, running the real CLI, and the
 * sample journal read in place from ../shared/seeds (never copied).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';

/** The repository root (tests run from dist/test). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The bundled example journal. */
export const EXAMPLE = path.join(ROOT, 'examples', 'journal');
/** The real sample journal, beside the checkout. */
export const SAMPLE = path.resolve(ROOT, '..', 'shared', 'seeds', '000_1af2e139d1c0aee5.txt');

/**
 * The sample's text, or undefined after marking the test skipped with a
 * visible message. In CI (CI=true) a missing sample fails the test instead.
 */
export function sampleText(t: TestContext): string | undefined {
  if (fs.existsSync(SAMPLE)) return fs.readFileSync(SAMPLE, 'utf8');
  if (process.env.CI) throw new Error(`the sample journal ${SAMPLE} is missing in CI; it must be at ../shared/seeds beside the checkout`);
  const note = `SKIPPED: the sample journal is not at ${SAMPLE} (clone without ../shared)`;
  console.log(`# ${note}`);
  t.skip(note);
  return undefined;
}

/** The result of running the CLI. */
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `daybook ARGS` as a real process, with a clean environment plus `env`. */
export function daybook(args: string[], opts: { env?: Record<string, string>; cwd?: string; input?: string } = {}): Run {
  const home = opts.env?.HOME ?? tempDir();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-test-'));
  if (made.length === 0) process.on('exit', () => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  made.push(dir);
  return dir;
}

const made: string[] = [];

/** Writes a file in a fresh temp directory and returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

/** A file's bytes and modification time, to prove a command did not touch it. */
export function fingerprint(file: string): string {
  const st = fs.statSync(file);
  return `${st.mtimeMs}:${st.size}:${fs.readFileSync(file).toString('base64')}`;
}

/** The fingerprints of every file of a directory: compare before and after to prove a command touched none. */
export function dirPrint(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => fingerprint(path.join(dir, f)));
}

/**
 * True when a Debian tool the tests use is installed. Without it, a test is
 * skipped with a visible message, except in CI, where `.ci/run` installs it
 * and its absence fails the test.
 */
export function haveTool(t: TestContext, command: string, args: string[], pkg: string): boolean {
  if (spawnSync(command, args).status === 0) return true;
  if (process.env.CI) throw new Error(`${command} is not installed; .ci/run installs Debian's ${pkg}`);
  t.skip(`SKIPPED: ${command} is not installed (apt-get install ${pkg})`);
  return false;
}

/** True when /usr/bin/script can run daybook on a terminal; skips the test visibly otherwise. */
export function haveScript(t: TestContext): boolean {
  if (fs.existsSync('/usr/bin/script')) return true;
  t.skip('SKIPPED: no /usr/bin/script to run daybook on a terminal');
  return false;
}
