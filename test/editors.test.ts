/**
 * Writing while an editor saves the same file: nothing the editor saved is
 * lost, every write daybook reports is in the file exactly once, whether the
 * editor saves in place or by rename, pauses half-way through a save, or the
 * file is reached through a symlink; a write cut short is undone by the next.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { race } from '../bench/race.js';
import { leasesAvailable } from '../src/write/hold.js';
import { editFile } from '../src/write/edit.js';
import { appendEntry } from '../src/write/append.js';
import { intentPath } from '../src/write/intent.js';
import { daybook, ROOT, tempDir } from './helpers.js';

describe('an editor saving the same file every few milliseconds', () => {
  test('on Linux in CI, writes hold the file with a lease (the native helper is built)', (t) => {
    if (process.platform !== 'linux' || !process.env.CI) {
      t.skip(`SKIPPED: leases are checked on Linux in CI (here: ${process.platform}, leases ${leasesAvailable() ? 'available' : 'not available'})`);
      return;
    }
    assert.ok(leasesAvailable(), 'build/Release/lease.node loads and takes a lease: npm ci runs node-gyp rebuild');
  });

  for (const mode of ['in-place', 'rename'] as const) {
    test(`saving ${mode}: every editor marker and every write daybook reported are there exactly once`, async () => {
      const r = await race(mode, 3, 9);
      assert.ok(r.collisions >= 20, `the editor saved while daybook wrote (${r.collisions} times)`);
      assert.equal(r.written + r.refused.length, 27);
      assert.ok(r.written >= 20, `most writes went through: ${JSON.stringify(r.refused)}`);
      assert.deepEqual(r.markersNotOnce, []);
      assert.deepEqual(r.writesNotOnce, []);
      assert.deepEqual(r.refusedButThere, []);
    });
  }
});

/** An editor that truncates the file, writes half its save, stops for `pauseMs`, then writes the rest. */
const PAUSING_EDITOR = `
import fs from 'node:fs';
const [file, pauseMs] = process.argv.slice(1);
const text = fs.readFileSync(file, 'utf8') + 'typed in the editor before the pause\\n';
const data = Buffer.from(text + 'editor marker: the save ends here\\n');
const half = Math.floor(data.length / 2);
const fd = fs.openSync(file, 'w');
fs.writeSync(fd, data, 0, half);
console.log('paused ' + Date.now());
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(pauseMs));
fs.writeSync(fd, data, half, data.length - half);
fs.closeSync(fd);
console.log('saved ' + Date.now());
`;

describe('an editor that stops half-way through its save', () => {
  for (const lease of [true, false]) {
    test(`for two seconds: daybook new waits, nothing is lost, the entry is there once (${lease ? 'with a lease' : 'without one, watching /proc'})`, async () => {
      const dir = tempDir();
      const file = path.join(dir, 'journal.txt');
      const before = `9:00 2024-03-01\npause test\n1, ${'some text that makes the save long enough to cut. '.repeat(200)}\n`;
      fs.writeFileSync(file, before);
      const editor = spawn(process.execPath, ['--input-type=module', '-e', PAUSING_EDITOR, file, '2000'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const editorDone = new Promise((resolve) => editor.on('exit', resolve));
      const lines: string[] = [];
      const paused = new Promise<void>((resolve) => editor.stdout.on('data', (d: Buffer) => {
        lines.push(...d.toString().trim().split('\n'));
        if (lines.some((l) => l.startsWith('paused'))) resolve();
      }));
      await paused;
      const started = Date.now();
      const env: Record<string, string> = { DAYBOOK_NOW: '2024-03-01 10:00', ...(lease ? {} : { DAYBOOK_NO_LEASE: '1' }) };
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), 'new', '--journal', file, '--topics', 'during the pause', '-m', '1, written while the editor was saving'], { env: { PATH: process.env.PATH ?? '', HOME: dir, ...env } });
        let stderr = '';
        p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        p.on('exit', (code) => resolve({ code, stderr }));
      });
      await editorDone;
      const saved = Number(lines.find((l) => l.startsWith('saved'))!.split(' ')[1]);
      assert.ok(started < saved, 'daybook began while the editor was half-way through its save');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /added 10:00 2024-03-01 {2}during the pause/);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.startsWith(`${before}typed in the editor before the pause\neditor marker: the save ends here\n`), 'the editor\'s whole save is there');
      assert.equal(text.split('\n1, written while the editor was saving\n').length, 2, 'the entry once');
      assert.ok(text.endsWith('\n\n10:00 2024-03-01\nduring the pause\n1, written while the editor was saving\n'));
    });
  }
});

const url = (p: string) => JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', p)).href);

/** A process that makes `count` appends through `file`, each entry tagged `id-i`. */
const APPENDER = `
import { editFile } from ${url('src/write/edit.js')};
import { appendEntry } from ${url('src/write/append.js')};
const [file, id, count] = process.argv.slice(1);
for (let i = 1; i <= Number(count); i++) editFile(file, 'journal', (s) => [appendEntry(s, ['10:00 2024-01-01', 'writer ' + id, '1, entry ' + id + '-' + i])]);
`;

describe('a program that keeps the file open only to read it', () => {
  test('(tail -f) does not keep daybook from writing: after a moment it writes without a lease', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'journal.txt');
    fs.writeFileSync(file, '9:00 2024-01-01\ntail\n1, first.\n');
    const tail = spawn('tail', ['-f', file], { stdio: 'ignore' });
    try {
      // Ready when tail holds the file open.
      while (!fs.readdirSync(`/proc/${tail.pid}/fd`).some((fd) => { try { return fs.readlinkSync(`/proc/${tail.pid}/fd/${fd}`) === file; } catch { return false; } })) await new Promise((r) => setTimeout(r, 10));
      const r = daybook(['new', '--journal', file, '--topics', 'while tail reads', '-m', '1, yes'], { env: { DAYBOOK_NOW: '2024-01-01 10:00' } });
      assert.equal(r.status, 0, r.stderr);
      assert.match(fs.readFileSync(file, 'utf8'), /\n10:00 2024-01-01\nwhile tail reads\n1, yes\n$/);
    } finally {
      tail.kill();
    }
  });
});

describe('writers through a symlink and through the real path', () => {
  test('4 processes x 50 writes, two through each: every entry once', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'journal.txt');
    fs.writeFileSync(file, '9:00 2024-01-01\nlinks\n1, start.\n');
    fs.mkdirSync(path.join(dir, 'elsewhere'));
    const link = path.join(dir, 'elsewhere', 'link.txt');
    fs.symlinkSync(file, link);
    const run = (through: string, id: number) =>
      new Promise<number | null>((resolve) => spawn(process.execPath, ['--input-type=module', '-e', APPENDER, through, String(id), '50'], { stdio: 'inherit' }).on('exit', resolve));
    assert.deepEqual(await Promise.all([run(link, 1), run(file, 2), run(link, 3), run(file, 4)]), [0, 0, 0, 0]);
    const text = fs.readFileSync(file, 'utf8');
    for (let id = 1; id <= 4; id++) {
      for (let i = 1; i <= 50; i++) assert.equal(text.split(`\n1, entry ${id}-${i}\n`).length, 2, `entry ${id}-${i} once`);
    }
    assert.equal(text.split('\n\n').length, 201);
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the symlink stays a symlink');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['elsewhere', 'journal.txt']);
  });
});

describe('a write cut short', () => {
  test('is undone by the next daybook write, which says so; an editor\'s save since is left alone', () => {
    const dir = tempDir();
    const file = path.join(dir, 'journal.txt');
    const old = '9:00 2024-01-01\ncut\n1, first.\n';
    const entry = '\n10:00 2024-01-01\ncut\n1, the entry that was being appended\n';
    // What a writer killed after the first 20 bytes of its append leaves: the intent, and a partial tail.
    fs.writeFileSync(file, old + entry.slice(0, 20));
    const ino = fs.statSync(file).ino;
    fs.writeFileSync(intentPath(file), JSON.stringify({ kind: 'in-place', ino, size: old.length, writes: [{ at: old.length, old: '', now: Buffer.from(entry).toString('base64') }] }));
    // And its lock, with the id of a process that is gone.
    fs.writeFileSync(path.join(dir, '.journal.txt.daybook-lock'), '999999999\n');
    const torn = fs.readFileSync(file);
    const checked = daybook(['check', file, '--json']);
    assert.equal(checked.status, 0, checked.stderr);
    assert.ok((JSON.parse(checked.stdout) as { diagnostics: { code: string }[] }).diagnostics.some((d) => d.code === 'write-cut-short'), 'check explains the leftover');
    assert.ok(fs.readFileSync(file).equals(torn), 'reading changed no byte');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['.journal.txt.daybook-intent', 'journal.txt'], 'the dead writer\'s lock is gone after a read');
    const r = daybook(['new', '--journal', file, '--topics', 'after', '-m', '1, the next write'], { env: { DAYBOOK_NOW: '2024-01-01 11:00' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /stopped half-way through a write; the file is back as it was before it/);
    assert.equal(fs.readFileSync(file, 'utf8'), `${old}\n11:00 2024-01-01\nafter\n1, the next write\n`);
    assert.deepEqual(fs.readdirSync(dir), ['journal.txt']);

    // A rewrite of the tail cut short in the middle is put back; one the editor has saved over since is not touched.
    const tail = '9:00 2024-01-01\ncut\n1, one.\n2, two.\n';
    const next = '9:00 2024-01-01\ncut\n1, one.\n1), inserted.\n2, two.\n';
    const at = tail.indexOf('2, two');
    fs.writeFileSync(file, next.slice(0, at + 8) + tail.slice(at + 8));
    fs.writeFileSync(intentPath(file), JSON.stringify({ kind: 'in-place', ino, size: tail.length, writes: [{ at, old: Buffer.from(tail.slice(at)).toString('base64'), now: Buffer.from(next.slice(at)).toString('base64') }] }));
    editFile(file, 'journal.txt', () => []);
    assert.equal(fs.readFileSync(file, 'utf8'), tail);
    const edited = `${tail}typed in the editor after the kill\n`;
    fs.writeFileSync(file, edited);
    fs.writeFileSync(intentPath(file), JSON.stringify({ kind: 'in-place', ino, size: tail.length, writes: [{ at, old: Buffer.from(tail.slice(at)).toString('base64'), now: Buffer.from(next.slice(at)).toString('base64') }] }));
    editFile(file, 'journal.txt', (s) => [appendEntry(s, ['12:00 2024-01-01', 'kept', '1, yes'])]);
    assert.equal(fs.readFileSync(file, 'utf8'), `${edited}\n12:00 2024-01-01\nkept\n1, yes\n`);
    assert.deepEqual(fs.readdirSync(dir), ['journal.txt']);
  });
});
