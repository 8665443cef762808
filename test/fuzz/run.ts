/**
 * Runs every read command on one journal, in this process (through `main`,
 * with a captured Io) or as real processes, and says what went wrong: an
 * exit code other than 0/1/2, a stack trace, a crash, or a time past a bound.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { ROOT } from '../helpers.js';

/** The time one input may take through all read commands, per 100 KB of it (the bound). */
export const SECONDS_PER_100KB = 5;
/** What the smallest input may take: a start-up floor for the tiny ones on a loaded machine. */
const FLOOR_SECONDS = 5;

/** The bound, in milliseconds, for an input of `size` bytes. */
export function boundMs(size: number): number {
  return Math.max(FLOOR_SECONDS, (SECONDS_PER_100KB * size) / 100_000) * 1000;
}

/** The read commands, with arguments taken from the journal's text. */
export function commands(text: string, withSearch: boolean): string[][] {
  const header = /^(\d{1,2}:\d{2}) (\d{4}-\d{1,2}-\d{1,2})\s*$/m.exec(text);
  const ref = header ? `"${header[1]} ${header[2]}"` : '"10:00 2013-02-01"';
  const word = /[a-z]{4,}/.exec(text)?.[0] ?? 'libvirt';
  const cmds = [['check'], ['stats'], ['show', ref], ['show', `${ref}1.1`], ['backlinks', ref], ['thread', ref], ['topics'], ['topics', '--tree'], ['people'], ['todo'], ['hours'], ['hours', '--month', 'this month'], ['now'], ['report'], ['report', '--markdown'], ['report', '--standup']];
  if (withSearch) cmds.push(['search', word]);
  return cmds.flatMap((c) => [c, [...c, '--json']]);
}

/** "Now" for an input: its first header's day, so that hours and report look at its weeks. */
export function nowOf(text: string): string {
  const m = /^(\d{1,2}):(\d{2}) (\d{4})-(\d{1,2})-(\d{1,2})\s*$/m.exec(text);
  if (!m || +m[3]! < 1971 || +m[3]! > 2100 || +m[4]! > 12 || +m[5]! > 28 || +m[4]! < 1 || +m[5]! < 1) return '2013-02-16 11:07';
  return `${m[3]}-${m[4]!.padStart(2, '0')}-${m[5]!.padStart(2, '0')} 12:00`;
}

export interface Outcome {
  ms: number;
  problems: string[];
  slowest: { cmd: string; ms: number };
}

/** Checks one command's result. */
function judge(cmd: string[], code: number | null, stderr: string, problems: string[]): void {
  if (code !== 0 && code !== 1 && code !== 2) problems.push(`daybook ${cmd.join(' ')}: exit ${code}: ${stderr.slice(0, 500)}`);
  if (/^\s+at /m.test(stderr)) problems.push(`daybook ${cmd.join(' ')}: stack trace: ${stderr.slice(0, 500)}`);
}

/** Runs the read commands in this process on `file`. */
export async function runInProcess(file: string, text: string, withSearch: boolean, pick: (k: number) => boolean = () => true): Promise<Outcome> {
  const problems: string[] = [];
  const slowest = { cmd: '', ms: 0 };
  const start = performance.now();
  const env = { DAYBOOK_NOW: nowOf(text), NO_COLOR: '1', DAYBOOK_INDEX: path.join(path.dirname(file), '.index'), DAYBOOK_PAGER: '' };
  for (const cmd of commands(text, withSearch).filter((c, k) => pick(k) || c[0] === 'search')) {
    let out = 0;
    let err = '';
    const io = { stdout: { write: (s: string) => void (out += s.length) }, stderr: { write: (s: string) => void (err += s) }, env, cwd: path.dirname(file), stdin: { isTTY: true, read: () => '' } };
    const t0 = performance.now();
    let code: number | null;
    try {
      code = await main([...cmd, '--journal', file], io);
    } catch (e) {
      code = null;
      err += `thrown: ${(e as Error)?.stack ?? e}`;
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) Object.assign(slowest, { cmd: cmd.join(' '), ms });
    judge(cmd, code, err, problems);
    // Output bounded by the input: no command may print much more than the journal holds.
    if (out > 20 * text.length + 1_000_000) problems.push(`daybook ${cmd.join(' ')}: printed ${out} characters for a ${text.length}-character journal`);
  }
  const ms = performance.now() - start;
  if (ms > boundMs(text.length)) problems.push(`took ${Math.round(ms)} ms (bound ${boundMs(text.length)} ms; slowest: ${slowest.cmd}, ${Math.round(slowest.ms)} ms)`);
  return { ms, problems, slowest };
}

/** Runs the read commands as real processes (bounded in time and heap) on `file`. */
export function runProcesses(file: string, text: string, only?: string[][]): Outcome {
  const problems: string[] = [];
  const slowest = { cmd: '', ms: 0 };
  const start = performance.now();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-fuzz-home-'));
  for (const cmd of only ?? commands(text, true).filter((c) => c.includes('--json'))) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--max-old-space-size=1024', path.join(ROOT, 'bin', 'daybook.js'), ...cmd, '--journal', file], {
      env: { PATH: process.env.PATH ?? '', HOME: home, DAYBOOK_NOW: nowOf(text), NO_COLOR: '1', DAYBOOK_PAGER: '', DAYBOOK_INDEX: path.join(home, '.index') },
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    const ms = performance.now() - t0;
    if (ms > slowest.ms) Object.assign(slowest, { cmd: cmd.join(' '), ms });
    if (r.error) problems.push(`daybook ${cmd.join(' ')}: ${r.error.message}`);
    judge(cmd, r.status, r.stderr ?? '', problems);
  }
  fs.rmSync(home, { recursive: true, force: true });
  return { ms: performance.now() - start, problems, slowest };
}

/** Saves an input that failed, for the assertion message. */
export function saveFailure(bytes: Buffer, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-fuzz-fail-'));
  const file = path.join(dir, `${name.replace(/[^a-z0-9+-]/gi, '_')}.txt`);
  fs.writeFileSync(file, bytes);
  return file;
}
