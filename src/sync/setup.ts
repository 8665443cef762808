/**
 * `daybook git setup`: registers the merge driver in the journal's
 * repository. `.gitattributes` names the journal's files (committed, so every
 * clone has it); the driver itself is this machine's git config; the lock
 * and intent files of daybook's writers are kept out of git in
 * `.git/info/exclude`. Running it again changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Git } from './git.js';

/** One thing setup wrote or found already there. */
export interface SetupStep {
  what: string;
  value: string;
  changed: boolean;
}

/** The command git runs for the driver: this node and this daybook, by absolute path. */
export function driverCommand(): string {
  const bin = new URL('../../../bin/daybook.js', import.meta.url).pathname;
  return `${shellQuote(process.execPath)} ${shellQuote(bin)} merge %O %A %B %P`;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The `.gitattributes` patterns for a journal (a file or a directory), relative to the repository's top. */
export function attributePatterns(git: Git, journal: string, isDir: boolean): string[] {
  const rel = path.relative(git.root, journal).split(path.sep).join('/');
  if (!isDir) return [`/${rel} merge=daybook`];
  const prefix = rel === '' ? '' : `/${rel}/**/`;
  return prefix === '' ? ['*.txt merge=daybook', '*.journal merge=daybook'] : [`${prefix}*.txt merge=daybook`, `${prefix}*.journal merge=daybook`];
}

/** Registers the driver for the journal at `journal`; returns what it wrote and what was there. */
export function setupRepository(git: Git, journal: string, isDir: boolean): SetupStep[] {
  const steps: SetupStep[] = [];
  const attributes = path.join(git.root, '.gitattributes');
  for (const line of attributePatterns(git, journal, isDir)) steps.push({ what: '.gitattributes', value: line, changed: addLine(attributes, line) });
  const exclude = git.gitPath('info/exclude');
  fs.mkdirSync(path.dirname(exclude), { recursive: true });
  for (const line of ['.*.daybook-lock', '.*.daybook-lock.*', '.*.daybook-intent']) steps.push({ what: path.relative(git.root, exclude), value: line, changed: addLine(exclude, line) });
  for (const [key, value] of [
    ['merge.daybook.name', 'daybook: merges journal entries by moment'],
    ['merge.daybook.driver', driverCommand()],
  ] as const) {
    const now = git.run(['config', '--get', key]).stdout.trim();
    if (now !== value) git.must(['config', key, value]);
    steps.push({ what: `git config ${key}`, value, changed: now !== value });
  }
  return steps;
}

/** Adds a line to a text file unless it holds it; true when it was added. */
function addLine(file: string, line: string): boolean {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    // a new file
  }
  if (text.split(/\r?\n/).includes(line)) return false;
  fs.writeFileSync(file, text + (text === '' || text.endsWith('\n') ? '' : '\n') + line + '\n');
  return true;
}

/** True when the repository has the driver configured. */
export function driverConfigured(git: Git): boolean {
  return git.run(['config', '--get', 'merge.daybook.driver']).stdout.trim() !== '';
}
