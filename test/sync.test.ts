/**
 * One journal on two machines, with real git: a bare remote and two clones in
 * a temp dir, `daybook git setup` in each, writes on both, `daybook sync` on
 * both. Then the merge driver's command line, conflict copies and `resolve`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { daybook, fingerprint, haveTool, tempDir } from './helpers.js';

const PEOPLE = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' };

const START = `
9:05 2025-09-01
ops, backup, restore drill
1, restored the staging database from last night's dump
1), took 14 minutes; the runbook says 10.

14:20 2025-09-01
storage, 压缩, level0
1, 压缩在 level0 上卡住了, 等 flush 完成.
2, the stall lasts about 3 s per checkpoint.
3, next: measure with a smaller memtable.
`;

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...PEOPLE } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A bare remote holding the journal, and two clones of it with the driver set up. */
function twoMachines(t: TestContext): { laptop: string; desktop: string; remote: string } | undefined {
  if (!haveTool(t, 'git', ['--version'], 'git')) return undefined;
  const dir = tempDir();
  const remote = path.join(dir, 'remote.git');
  git(dir, 'init', '--quiet', '--bare', '-b', 'main', remote);
  const seed = path.join(dir, 'seed');
  git(dir, 'init', '--quiet', '-b', 'main', seed);
  fs.mkdirSync(path.join(seed, 'log'));
  fs.writeFileSync(path.join(seed, 'log', '2025-09.txt'), START);
  git(seed, 'add', '.');
  git(seed, 'commit', '--quiet', '-m', 'journal');
  git(seed, 'push', '--quiet', remote, 'main');
  const clone = (name: string) => {
    const to = path.join(dir, name);
    git(dir, 'clone', '--quiet', remote, to);
    const r = run(to, ['git', 'setup']);
    assert.equal(r.status, 0, r.stderr);
    return to;
  };
  return { laptop: clone('laptop'), desktop: clone('desktop'), remote };
}

function run(repo: string, args: string[], env: Record<string, string> = {}) {
  return daybook([...args, '--journal', path.join(repo, 'log')], { cwd: repo, env: { ...PEOPLE, ...env } });
}

function journal(repo: string): string {
  return fs.readFileSync(path.join(repo, 'log', '2025-09.txt'), 'utf8');
}

function append(repo: string, text: string): void {
  fs.appendFileSync(path.join(repo, 'log', '2025-09.txt'), text);
}

function edit(repo: string, from: string, to: string): void {
  const file = path.join(repo, 'log', '2025-09.txt');
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `the journal holds ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

test('git setup writes .gitattributes, the driver and the excludes once; again it changes nothing', (t) => {
  const m = twoMachines(t);
  if (!m) return;
  const attributes = fs.readFileSync(path.join(m.laptop, '.gitattributes'), 'utf8');
  assert.match(attributes, /^\/log\/\*\*\/\*\.txt merge=daybook$/m);
  assert.match(git(m.laptop, 'config', 'merge.daybook.driver'), /daybook\.js merge %O %A %B %P/);
  assert.match(fs.readFileSync(path.join(m.laptop, '.git', 'info', 'exclude'), 'utf8'), /daybook-lock/);
  const before = fingerprint(path.join(m.laptop, '.gitattributes'));
  const again = run(m.laptop, ['git', 'setup']);
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /^wrote/m);
  assert.match(again.stdout, /^had .*merge=daybook/m);
  assert.equal(fingerprint(path.join(m.laptop, '.gitattributes')), before);
  assert.match(git(m.laptop, 'check-attr', 'merge', 'log/2025-09.txt'), /merge: daybook/);
});

test('both machines append entries: sync on both gives every entry once, in time order, without a conflict', (t) => {
  const m = twoMachines(t);
  if (!m) return;
  append(m.laptop, '\n16:40 2025-09-01\nops, backup, restore drill, cont1\n1, wrote the missing step into the runbook.\n');
  append(m.desktop, '\n15:10 2025-09-01\nreading, 论文, LSM compaction\n1, 读完了第三节.\n\n17:55 2025-09-01\nGTD\n0, 9:00-12:00 13:00-18:00\n');
  const first = run(m.laptop, ['sync']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /committed: 1 entry added/);
  assert.match(first.stdout, /pushed to origin\/main/);
  const second = run(m.desktop, ['sync']);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /committed: 2 entries added/);
  assert.match(second.stdout, /pulled from origin\/main: 1 entry added/);
  const third = run(m.laptop, ['sync']);
  assert.equal(third.status, 0, third.stderr);
  assert.match(third.stdout, /pulled from origin\/main: 2 entries added/);
  const text = journal(m.laptop);
  assert.equal(text, journal(m.desktop));
  const headers = text.match(/^\d{1,2}:\d\d 2025-09-01$/gm);
  assert.deepEqual(headers, ['9:05 2025-09-01', '14:20 2025-09-01', '15:10 2025-09-01', '16:40 2025-09-01', '17:55 2025-09-01']);
  assert.doesNotMatch(text, /<<<<<<<|>>>>>>>/);
  assert.match(git(m.laptop, 'log', '--format=%B'), /added 2025-09-01 15:10 {2}reading, 论文, LSM compaction/);
  const check = run(m.laptop, ['check', '--severity', 'error']);
  assert.equal(check.status, 0, check.stdout + check.stderr);
});

test('one machine edits an entry while the other appends: clean', (t) => {
  const m = twoMachines(t);
  if (!m) return;
  edit(m.laptop, '1), took 14 minutes; the runbook says 10.', '1), took 14 minutes; the runbook says 10.\n2), the dump was 3 hours old.');
  append(m.desktop, '\n18:00 2025-09-01\nops, pager\n1, quiet evening.\n');
  assert.equal(run(m.laptop, ['sync']).status, 0);
  const r = run(m.desktop, ['sync']);
  assert.equal(r.status, 0, r.stderr);
  const text = journal(m.desktop);
  assert.match(text, /2\), the dump was 3 hours old\.\n\n14:20/);
  assert.match(text, /1, quiet evening\.\n$/);
  assert.doesNotMatch(text, /<<<<<<<|>>>>>>>/);
});

test('both edit the same lines of one entry: markers around those lines only, check reports it, sync names it, nothing else lost', (t) => {
  const m = twoMachines(t);
  if (!m) return;
  edit(m.laptop, '2, the stall lasts about 3 s per checkpoint.', '2, the stall lasts 3.4 s per checkpoint (measured).');
  append(m.laptop, '\n19:00 2025-09-01\nlaptop, notes\n1, written on the laptop.\n');
  edit(m.desktop, '2, the stall lasts about 3 s per checkpoint.', '2, 每次 checkpoint 卡 3 秒左右.');
  edit(m.desktop, '1), took 14 minutes; the runbook says 10.', '1), took 14 minutes; the runbook says 10 (old).');
  assert.equal(run(m.laptop, ['sync']).status, 0);
  const r = run(m.desktop, ['sync']);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /log\/2025-09\.txt:\d+: conflict in the entry 2025-09-01 14:20/);
  const text = journal(m.desktop);
  const block = /<<<<<<< [^\n]*\n([^]*?)=======\n([^]*?)>>>>>>> [^\n]*\n/.exec(text);
  assert.ok(block, text);
  assert.equal(block[1], '2, 每次 checkpoint 卡 3 秒左右.\n');
  assert.equal(block[2], '2, the stall lasts 3.4 s per checkpoint (measured).\n');
  assert.equal(text.match(/<<<<<<</g)?.length, 1);
  assert.match(text, /1, 压缩在 level0 上卡住了, 等 flush 完成\.\n<<<<<<</);
  assert.match(text, />>>>>>> [^\n]*\n3, next: measure with a smaller memtable\./);
  assert.match(text, /the runbook says 10 \(old\)\./);
  assert.match(text, /1, written on the laptop\./);
  const check = run(m.desktop, ['check']);
  assert.equal(check.status, 1);
  assert.match(check.stdout, /2025-09\.txt:\d+:1: error merge-conflict: a merge left a conflict here, in the entry 2025-09-01 14:20/);
  // A writer refuses to patch inside that entry; an append elsewhere is fine.
  const again = run(m.desktop, ['sync']);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /a merge is not finished: 1 conflict/);
  // The user keeps both lines and deletes the markers: the next sync finishes the merge and pushes.
  fs.writeFileSync(path.join(m.desktop, 'log', '2025-09.txt'), text.replace(/<<<<<<< [^\n]*\n|=======\n|>>>>>>> [^\n]*\n/g, ''));
  const done = run(m.desktop, ['sync']);
  assert.equal(done.status, 0, done.stderr);
  assert.match(done.stdout, /finished the merge/);
  assert.match(done.stdout, /pushed/);
  assert.equal(run(m.laptop, ['sync']).status, 0);
  assert.equal(journal(m.laptop), journal(m.desktop));
});

test('sync without a remote, with an unreachable one, outside git, and without the driver: clear messages, exit codes', (t) => {
  if (!haveTool(t, 'git', ['--version'], 'git')) return;
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'log'));
  fs.writeFileSync(path.join(dir, 'log', '2025-09.txt'), START);
  const outside = run(dir, ['sync']);
  assert.equal(outside.status, 2);
  assert.match(outside.stderr, /not in a git repository/);
  git(dir, 'init', '--quiet', '-b', 'main');
  const noDriver = run(dir, ['sync']);
  assert.equal(noDriver.status, 2);
  assert.match(noDriver.stderr, /daybook git setup/);
  assert.equal(run(dir, ['git', 'setup']).status, 0);
  const noRemote = run(dir, ['sync']);
  assert.equal(noRemote.status, 1);
  assert.match(noRemote.stderr, /no remote to sync with/);
  assert.match(git(dir, 'log', '-1', '--format=%s'), /daybook sync on .*: 2 entries added/);
  git(dir, 'remote', 'add', 'origin', path.join(dir, 'no-such-remote.git'));
  append(dir, '\n20:00 2025-09-01\noffline\n1, on the train.\n');
  const offline = run(dir, ['sync']);
  assert.equal(offline.status, 1);
  assert.match(offline.stderr, /cannot reach the remote "origin"/);
  assert.match(offline.stderr, /committed here/);
  assert.match(git(dir, 'log', '-1', '--format=%B'), /added 2025-09-01 20:00 {2}offline/);
});

test('sync refuses while another program holds a journal file open for writing, and commits nothing', (t) => {
  const m = twoMachines(t);
  if (!m) return;
  append(m.laptop, '\n21:00 2025-09-01\nbusy\n1, saved while an editor held the file.\n');
  const file = path.join(m.laptop, 'log', '2025-09.txt');
  // A child process that holds the file open for writing until its stdin closes.
  const holder = spawnSync('sh', ['-c', `exec 3>>"${file}"; echo open; ${process.execPath} ${path.join(path.dirname(process.argv[1]!), '..', '..', 'bin', 'daybook.js')} sync --journal "${path.join(m.laptop, 'log')}"`], {
    cwd: m.laptop,
    encoding: 'utf8',
    env: { ...process.env, ...PEOPLE },
  });
  assert.equal(holder.status, 3, holder.stdout + holder.stderr);
  assert.match(holder.stderr, /is open for writing by process \d+/);
  assert.match(git(m.laptop, 'status', '--porcelain'), /M log\/2025-09\.txt/);
});

test('merge driver: bad arguments and unreadable files are refused, ours untouched', (t) => {
  const dir = tempDir();
  const ours = path.join(dir, 'ours.txt');
  fs.writeFileSync(ours, START);
  const before = fingerprint(ours);
  const few = daybook(['merge', ours], { cwd: dir });
  assert.equal(few.status, 2);
  assert.match(few.stderr, /give BASE OURS THEIRS/);
  assert.match(few.stderr, /daybook merge %O %A %B %P/);
  const missing = daybook(['merge', path.join(dir, 'nope'), ours, path.join(dir, 'nope2')], { cwd: dir });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*nope: ENOENT/);
  const binary = path.join(dir, 'bin.txt');
  fs.writeFileSync(binary, Buffer.from([0x31, 0, 0x32]));
  const bin = daybook(['merge', ours, ours, binary], { cwd: dir });
  assert.equal(bin.status, 1);
  assert.match(bin.stderr, /NUL bytes/);
  assert.equal(fingerprint(ours), before);
  void t;
});

test('conflict copies: check lists them and does not count their entries; resolve merges one back and moves it aside', () => {
  const dir = tempDir();
  const file = path.join(dir, '2025-09.txt');
  fs.writeFileSync(file, START);
  const copy = path.join(dir, '2025-09.sync-conflict-20250902-081500-ABCDEF1.txt');
  fs.writeFileSync(copy, START.replace('3, next: measure with a smaller memtable.', '3, next: measure with a 32 MB memtable.') + '\n22:10 2025-09-01\nphone, 记录\n1, 手机上写的一条.\n');
  const check = daybook(['check', dir]);
  assert.match(check.stdout, /2025-09\.txt:1:1: warning conflict-copy: a syncing tool left a conflict copy of this file, .*sync-conflict.*daybook resolve/);
  assert.match(check.stderr + check.stdout, /2 entries in 1 file/);
  const dropbox = path.join(dir, "2025-09 (laptop's conflicted copy 2025-09-02).txt");
  fs.writeFileSync(dropbox, START);
  assert.match(daybook(['check', dir]).stdout, /conflicted copy.*daybook resolve/);
  fs.rmSync(dropbox);

  const r = daybook(['resolve', copy], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /1 entry added from the copy, 1 conflict/);
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /<<<<<<< ours \(2025-09-01 14:20\)\n3, next: measure with a smaller memtable\.\n=======\n3, next: measure with a 32 MB memtable\.\n>>>>>>> theirs\n/);
  assert.match(text, /\n\n22:10 2025-09-01\nphone, 记录\n1, 手机上写的一条\.\n$/);
  assert.ok(!fs.existsSync(copy));
  assert.ok(fs.existsSync(path.join(dir, '.2025-09.sync-conflict-20250902-081500-ABCDEF1.txt.resolved')));
  // The entry with markers refuses daybook's in-place edits until the user finishes it.
  fs.writeFileSync(file, text.replace('1, 压缩在 level0', '1, \\TODO 压缩在 level0'));
  const held = fingerprint(file);
  const todo = daybook(['todo', 'done', '20250901-1420.1', '--journal', file]);
  assert.equal(todo.status, 3, todo.stdout + todo.stderr);
  assert.match(todo.stderr, /holds a conflict a merge left \(line \d+: "<<<<<<<"\)/);
  assert.equal(fingerprint(file), held);
  const bad = daybook(['resolve', file], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /not the name of a conflict copy/);
});
