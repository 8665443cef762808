/**
 * `daybook sync`: commit the journal's changes (a message that says which
 * entries), fetch, merge with the entry-aware driver, push. Safe from cron or
 * a timer: it takes the locks of daybook's writers for the journal's files,
 * refuses while another program holds one open for writing, never asks for
 * a password, and leaves a conflict for the user rather than guess.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DaybookError, InputError } from '../errors.js';
import { acquireLock } from '../write/lock.js';
import { writersOf } from '../write/writers.js';
import { countsText, conflictsIn, entryChanges, type EntryChanges } from './changes.js';
import { lastLine, type Git } from './git.js';
import { driverConfigured } from './setup.js';

/** What a sync did, line by line, and how it ended. */
export interface SyncReport {
  lines: string[];
  /** 0 synced; 1 a conflict left, or the remote not reached (committed locally); 3 busy, try later. */
  exit: number;
}

/** A sync that stopped: what to tell, and the exit code. */
export class SyncStop extends DaybookError {}

/** How many times a push rejected because the remote moved on is tried again. */
const PUSH_TRIES = 3;

/** Syncs the journal files `files` (absolute) of the repository. */
export function syncJournal(git: Git, journalPaths: string[], files: string[], shown: (f: string) => string): SyncReport {
  if (!driverConfigured(git)) throw new InputError(`${git.root}: the daybook merge driver is not set up in this repository`, 'run "daybook git setup" once on each machine, then "daybook sync"');
  const lines: string[] = [];
  const releases: Array<() => void> = [];
  try {
    for (const f of files) {
      const real = fs.realpathSync(f);
      busyIfWritten(real, shown(f));
      releases.push(acquireLock(real, shown(f), 10_000));
    }
    const rel = journalPaths.map((p) => path.relative(git.root, p) || '.');
    const left = conflictsLeft(git, files);
    if (left.length > 0) throw conflictStop(left, fs.existsSync(git.gitPath('MERGE_HEAD')) ? 'a merge is not finished' : 'the journal holds conflict markers');
    finishMerge(git, rel, lines);
    commitChanges(git, rel, lines);
    const remote = remoteOf(git);
    const branch = git.must(['symbolic-ref', '--short', 'HEAD']).trim();
    for (let attempt = 1; ; attempt++) {
      const fetched = git.run(['fetch', '--quiet', remote, branch]);
      const remoteHas = fetched.status === 0;
      if (!remoteHas && !/couldn't find remote ref/i.test(fetched.stderr)) throw unreachable(remote, fetched.stderr, lines);
      if (remoteHas) mergeRemote(git, rel, `${remote}/${branch}`, remote, branch, lines);
      const pushed = git.run(['push', '--quiet', '--set-upstream', remote, `HEAD:${branch}`]);
      if (pushed.status === 0) {
        lines.push(`pushed to ${remote}/${branch}`);
        return { lines, exit: 0 };
      }
      const rejected = /rejected|fetch first|non-fast-forward/i.test(pushed.stderr);
      if (!rejected) throw unreachable(remote, pushed.stderr, lines);
      if (attempt >= PUSH_TRIES) throw new SyncStop(`${remote}/${branch} kept moving on while pushing (${PUSH_TRIES} tries)`, `${lines.join('; ')}; run "daybook sync" again`, 1);
    }
  } finally {
    for (const release of releases) release();
  }
}

/** Refuses while another program holds a journal file open for writing (an editor saving). */
function busyIfWritten(real: string, shown: string): void {
  const stat = fs.statSync(real);
  const pids = writersOf({ dev: stat.dev, ino: stat.ino }, path.basename(real));
  if (pids.length > 0) throw new SyncStop(`${shown} is open for writing by process ${pids.join(', ')} (an editor saving?)`, 'nothing was committed or pulled; run "daybook sync" again in a moment', 3);
}

/** The remote to sync with: the branch's upstream remote, else `origin`, else the only one. */
function remoteOf(git: Git): string {
  const upstream = git.run(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{u}']);
  if (upstream.status === 0) return upstream.stdout.trim().split('/')[0]!;
  const remotes = git.run(['remote']).stdout.split('\n').filter((r) => r !== '');
  if (remotes.includes('origin')) return 'origin';
  if (remotes.length === 1) return remotes[0]!;
  if (remotes.length === 0) throw new SyncStop(`${git.root}: no remote to sync with; the journal's changes are committed here`, 'add the repository of your other machines: git remote add origin URL (e.g. git@host:log.git), then "daybook sync"', 1);
  throw new SyncStop(`${git.root}: several remotes (${remotes.join(', ')}) and no upstream branch`, 'name one: git branch --set-upstream-to=REMOTE/BRANCH', 2);
}

function unreachable(remote: string, stderr: string, lines: string[]): SyncStop {
  const done = lines.length > 0 ? `${lines.join('; ')}; ` : '';
  return new SyncStop(`cannot reach the remote "${remote}": ${lastLine(stderr)}`, `${done}nothing was pushed; the journal's changes are committed here; run "daybook sync" again when the network is back`, 1);
}

/** A merge left unfinished by an earlier sync, its conflicts gone (see `conflictsLeft`): concluded. */
function finishMerge(git: Git, rel: string[], lines: string[]): void {
  if (!fs.existsSync(git.gitPath('MERGE_HEAD'))) return;
  git.must(['add', '--all', '--', ...rel]);
  const unmerged = git.must(['diff', '--name-only', '--diff-filter=U']).trim();
  if (unmerged !== '') throw new SyncStop(`a merge is not finished: ${unmerged.split('\n').join(', ')} (not journal files) still unmerged`, 'finish it with git (git add, git commit), then "daybook sync"', 1);
  git.must(['commit', '--quiet', '--no-edit']);
  lines.push('finished the merge of the last sync');
}

/** Where conflict markers are: in the files git has as unmerged and in the journal's files (after a "git add" too). */
function conflictsLeft(git: Git, files: string[]): string[] {
  const unmerged = git.run(['diff', '--name-only', '--diff-filter=U']).stdout.split('\n').filter((f) => f !== '');
  const all = new Set([...unmerged.map((f) => path.join(git.root, f)), ...files.map((f) => path.resolve(f))]);
  const out: string[] = [];
  for (const file of all) {
    const f = path.relative(git.root, file);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      if (unmerged.includes(f)) out.push(`${f}: deleted on one side, changed on the other (git status tells which)`);
      continue;
    }
    for (const c of conflictsIn(bytes)) out.push(`${f}:${c.line}: conflict in the entry ${c.entry}`);
  }
  return out;
}

function conflictStop(left: string[], what: string): SyncStop {
  return new SyncStop(`${what}: ${left.length} conflict(s) left for you\n${left.map((l) => `  ${l}`).join('\n')}`, 'keep the lines you want between "<<<<<<<", "=======" and ">>>>>>>", delete the marker lines, then run "daybook sync" again (it finishes the merge)', 1);
}

/** Commits the journal's changes, with a message that names the entries. */
function commitChanges(git: Git, rel: string[], lines: string[]): void {
  git.must(['add', '--all', '--', ...rel]);
  const staged = git.must(['diff', '--cached', '--name-only', '-z', '--', ...rel]).split('\0').filter((f) => f !== '');
  if (staged.length === 0) return;
  const perFile = staged.map((f) => ({ f, c: changesOf(git, 'HEAD', f) }));
  const all = sum(perFile.map((x) => x.c));
  const body = perFile.map(({ f, c }) => describe(f, c)).join('\n');
  git.must(['commit', '--quiet', '-m', `daybook sync on ${os.hostname()}: ${countsText(all)}`, '-m', body, '--', ...rel]);
  lines.push(`committed: ${countsText(all)} (${staged.join(', ')})`);
}

/** The entry changes of a file from a commit to the index (or to another commit). */
function changesOf(git: Git, from: string, file: string, to?: string): EntryChanges {
  return entryChanges(git.blob(`${from}:${file}`), git.blob(to ? `${to}:${file}` : `:${file}`) ?? Buffer.alloc(0));
}

function sum(list: EntryChanges[]): EntryChanges {
  return { added: list.flatMap((c) => c.added), changed: list.flatMap((c) => c.changed), removed: list.flatMap((c) => c.removed) };
}

function describe(file: string, c: EntryChanges): string {
  const rows = [`${file}: ${countsText(c)}`];
  for (const [what, list] of [['added', c.added], ['changed', c.changed], ['removed', c.removed]] as const) {
    for (const e of list.slice(0, 20)) rows.push(`  ${what} ${e.moment}  ${e.title}`);
    if (list.length > 20) rows.push(`  ... and ${list.length - 20} more ${what}`);
  }
  return rows.join('\n');
}

/** Merges the remote's branch with the driver; a conflict is left for the user, with where it is. */
function mergeRemote(git: Git, rel: string[], ref: string, remote: string, branch: string, lines: string[]): void {
  const before = git.must(['rev-parse', 'HEAD']).trim();
  const merged = git.run(['merge', '--no-edit', '--quiet', ref]);
  if (merged.status !== 0) {
    const left = conflictsLeft(git, []);
    if (left.length > 0) throw conflictStop(left, `merged ${remote}/${branch}`);
    throw new SyncStop(`git merge ${ref} failed: ${lastLine(merged.stderr || merged.stdout)}`, `${lines.join('; ')}; nothing was pushed`, 1);
  }
  const after = git.must(['rev-parse', 'HEAD']).trim();
  if (after === before) return;
  const files = git.must(['diff', '--name-only', '-z', before, after, '--', ...rel]).split('\0').filter((f) => f !== '');
  const all = sum(files.map((f) => changesOf(git, before, f, after)));
  lines.push(`pulled from ${remote}/${branch}: ${countsText(all)}`);
}
