/**
 * Writing: exactly the intended bytes change (on copies of the sample and of
 * the example journal), writers killed mid-write never tear the file,
 * concurrent writers lose nothing, a file changed underneath keeps the other
 * program's text, and bad input changes nothing.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { appendEntry } from '../src/write/append.js';
import { editFile } from '../src/write/edit.js';
import { parse, print } from '../src/syntax/parse.js';
import { daybook, dirPrint, EXAMPLE, fingerprint, ROOT, SAMPLE, sampleText, tempDir } from './helpers.js';

/** A writable copy of a journal file or directory. */
function copy(from: string): string {
  const dir = tempDir();
  const to = path.join(dir, path.basename(from));
  fs.cpSync(from, to, { recursive: true });
  for (const f of fs.statSync(to).isDirectory() ? fs.readdirSync(to).map((n) => path.join(to, n)) : [to]) fs.chmodSync(f, 0o644);
  return to;
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n');

function ok(args: string[], env: Record<string, string>) {
  const r = daybook(args, { env });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

describe('exactly the intended bytes change', () => {
  test('on a copy of the sample: gtd start, gtd task and gtd stop edit 2013-02-22 where it is; todo done; new', (t) => {
    if (sampleText(t) === undefined) return;
    const file = copy(SAMPLE);
    const before = lines(file);
    const at = before.indexOf('13:30 2013-02-22');
    assert.ok(at > 0 && at < before.length - 100, 'a GTD day with entries after it');
    const env = { DAYBOOK_NOW: '2013-02-22 23:00' };
    ok(['gtd', 'start', '--journal', file], env);
    let after = lines(file);
    assert.equal(after.length, before.length);
    const zero = at + 2;
    assert.deepEqual(after.filter((l, i) => l !== before[i]), [`${before[zero]} 23:00`]);

    ok(['gtd', 'task', 'write the libxl test', '--ref', '"11:07 2013-2-16"2', '--journal', file], { DAYBOOK_NOW: '2013-02-22 23:05' });
    after = lines(file);
    const summary = before.findIndex((l, i) => i > at && l.startsWith('5), Summary'));
    assert.deepEqual(after.slice(0, summary), [...before.slice(0, zero), `${before[zero]} 23:00`, ...before.slice(zero + 1, summary)]);
    assert.equal(after[summary], '5), 23:05- write the libxl test. see"11:07 2013-2-16"2.');
    assert.equal(after[summary + 1], before[summary]!.replace(/^5\)/, '6)'));
    assert.deepEqual(after.slice(summary + 2), before.slice(summary + 1));

    ok(['gtd', 'done', '--journal', file], { DAYBOOK_NOW: '2013-02-22 23:40' });
    ok(['gtd', 'stop', '--journal', file], { DAYBOOK_NOW: '2013-02-22 23:45' });
    after = lines(file);
    assert.equal(after[zero], `${before[zero]} 23:00-23:45`);
    assert.equal(after[summary], '5), 23:05-23:40 write the libxl test. see"11:07 2013-2-16"2.');

    // todo done: one marker, four bytes.
    const mid = fs.readFileSync(file);
    const listed = (JSON.parse(ok(['todo', '--journal', file, '--json'], {}).stdout) as { todos: { id: string; line: number }[] }).todos;
    assert.equal(listed.length, 6);
    ok(['todo', 'done', listed[2]!.id, '--journal', file], {});
    const done = fs.readFileSync(file);
    assert.equal(done.length, mid.length);
    const changed = [...done].map((b, i) => (b !== mid[i] ? i : -1)).filter((i) => i >= 0);
    assert.ok(changed.length >= 1 && changed[changed.length - 1]! - changed[0]! < 4);
    assert.equal(mid.toString('latin1', changed[0], changed[0]! + 4), 'TODO');
    assert.equal(done.toString('latin1', changed[0], changed[0]! + 4), 'DONE');
    assert.equal(JSON.parse(ok(['todo', '--journal', file, '--json'], {}).stdout).todos.length, 5);

    // new: the old bytes stay, the entry is added after a blank line.
    ok(['new', '--journal', file, '--topics', 'notes, 测试', '-m', '1, 第一条\n1), nested'], { DAYBOOK_NOW: '2013-03-01 08:05' });
    const added = fs.readFileSync(file);
    assert.ok(added.subarray(0, done.length).equals(done));
    const tail = added.toString('utf8', done.length);
    assert.match(tail, /^\n*8:05 2013-03-01\nnotes, 测试\n1, 第一条\n1\), nested\n$/);
    assert.equal(print(parse(added.toString('utf8'))), added.toString('utf8'));
  });

  test('on a copy of the example journal: a new day, a task before the summary, CRLF kept', () => {
    const dir = copy(EXAMPLE);
    const file = path.join(dir, '2025-11.txt');
    const before = fs.readFileSync(file, 'utf8');
    ok(['gtd', 'start', '--journal', dir], { DAYBOOK_NOW: '2025-12-01 09:02' });
    ok(['gtd', 'task', 'plan the week', '--journal', dir], { DAYBOOK_NOW: '2025-12-01 09:10' });
    ok(['gtd', 'summary', '0.5h so far', '--journal', dir], { DAYBOOK_NOW: '2025-12-01 09:40' });
    ok(['gtd', 'task', 'mail', '--took', "30'", '--journal', dir], { DAYBOOK_NOW: '2025-12-01 09:45' });
    const after = fs.readFileSync(file, 'utf8');
    assert.ok(after.startsWith(before));
    assert.equal(after.slice(before.length).replace(/^\n+/, ''), "9:02 2025-12-01\nGTD\n0, 9:02\n\n1, today\n1), 9:10- plan the week\n2), 30' mail\n3), Summary: 0.5h so far\n");
    // The other files of the journal are untouched.
    for (const f of ['2025-09.txt', '2025-10.txt']) assert.equal(fs.readFileSync(path.join(dir, f), 'utf8'), fs.readFileSync(path.join(EXAMPLE, f), 'utf8'));

    const crlf = path.join(tempDir(), 'crlf.txt');
    fs.writeFileSync(crlf, '9:00 2024-01-02\r\nops\r\n1, one\r\n');
    ok(['new', '--journal', crlf, '--topics', 'ops', '-m', '1, two\n2, three'], { DAYBOOK_NOW: '2024-01-02 10:00' });
    assert.equal(fs.readFileSync(crlf, 'utf8'), '9:00 2024-01-02\r\nops\r\n1, one\r\n\r\n10:00 2024-01-02\r\nops\r\n1, two\r\n2, three\r\n');
  });

  test('gtd done closes a task written with a bare start ("1), 11:30 ..."), which hours and check call open', () => {
    const dir = tempDir();
    const file = path.join(dir, 'gtd.txt');
    const day = '9:00 2025-12-01\nGTD\n0, 9:00-\n\n1, today\n1), 9:05-10:00 mail\n2), 11:30 read the WAL patch\n3), 13:00 call Lin\n   about the rollout\n';
    fs.writeFileSync(file, day);
    const env = { DAYBOOK_NOW: '2025-12-01 14:10' };
    // What check and hours say of them: open.
    const check = JSON.parse(daybook(['check', file, '--json'], { env }).stdout) as { diagnostics: { code: string; line: number }[] };
    assert.deepEqual(check.diagnostics.filter((d) => d.code === 'time-span-open').map((d) => d.line).sort(), [3, 7, 8]);
    // Two open: say which.
    const two = daybook(['gtd', 'done', '--journal', file], { env });
    assert.equal(two.status, 2);
    assert.match(two.stderr, /tasks 2, 3 are open\n {2}say which, e.g. daybook gtd done 3/);
    assert.equal(fs.readFileSync(file, 'utf8'), day);
    ok(['gtd', 'done', '2', '--journal', file], { DAYBOOK_NOW: '2025-12-01 12:40' });
    assert.equal(fs.readFileSync(file, 'utf8'), day.replace('2), 11:30 read', '2), 11:30-12:40 read'));
    ok(['gtd', 'done', '--journal', file], env);
    assert.equal(fs.readFileSync(file, 'utf8'), day.replace('2), 11:30 read', '2), 11:30-12:40 read').replace('3), 13:00 call', '3), 13:00-14:10 call'));
    const after = JSON.parse(daybook(['check', file, '--json'], { env }).stdout) as { diagnostics: { code: string; line: number }[] };
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'time-span-open').map((d) => d.line), [3]);
    // Nothing open any more: said so, the file untouched.
    const none = daybook(['gtd', 'done', '--journal', file], { env });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no task has an open span \("H:MM-" or a bare "H:MM"\) today/);
    // A task whose only start is closed already, by number.
    const closed = daybook(['gtd', 'done', '1', '--journal', file], { env });
    assert.equal(closed.status, 2);
    assert.match(closed.stderr, /task 1 has no open span/);
  });

  test('new --continue writes the next contN of a thread; stdin and the editor give the body', () => {
    const dir = copy(EXAMPLE);
    const file = path.join(dir, '2025-11.txt');
    ok(['new', '--journal', dir, '--continue', 'fsync latency', '--topics', 'after the rollout', '-m', '1, p99 stays at 8ms.'], { DAYBOOK_NOW: '2025-12-02 10:00' });
    assert.match(fs.readFileSync(file, 'utf8'), /\n10:00 2025-12-02\nstorage, tidepool, wal, fsync latency, cont6, after the rollout\n1, p99 stays at 8ms\.\n$/);
    // A thread named by the moment of one of its entries.
    ok(['new', '--journal', dir, '--continue', '14:30 2025-10-08', '-m', '1, flag survives restarts now.'], { DAYBOOK_NOW: '2025-12-02 10:30' });
    assert.match(fs.readFileSync(file, 'utf8'), /\n10:30 2025-12-02\nstorage, tidepool, compaction, leveled, cont3\n1, flag survives restarts now\.\n$/);
    const r = daybook(['new', '--journal', dir, '--topics', 'piped'], { env: { DAYBOOK_NOW: '2025-12-02 11:00' }, input: '1, from standard input\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(fs.readFileSync(file, 'utf8'), /\n11:00 2025-12-02\npiped\n1, from standard input\n$/);
    const editor = path.join(tempDir(), 'editor.sh');
    fs.writeFileSync(editor, '#!/bin/sh\nprintf "edited, in the editor\\n1, written there\\n" >> "$1"\n', { mode: 0o755 });
    ok(['new', '--journal', dir, '--edit'], { DAYBOOK_NOW: '2025-12-02 12:00', EDITOR: editor });
    assert.match(fs.readFileSync(file, 'utf8'), /\n12:00 2025-12-02\nedited, in the editor\n1, written there\n$/);
    const size = fs.statSync(file).size;
    const cancelled = daybook(['new', '--journal', dir, '--edit'], { env: { DAYBOOK_NOW: '2025-12-02 13:00', EDITOR: 'true' } });
    assert.equal(cancelled.status, 1);
    assert.match(cancelled.stderr, /nothing written/);
    assert.equal(fs.statSync(file).size, size);
  });
});

describe('crashes and other writers', () => {
  test('writers killed (SIGKILL) at random moments leave the old or the new file, and nothing beside it after the next write', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.txt');
    const seed = '9:00 2024-01-01\ncrash test\n1, anchor\n';
    fs.writeFileSync(file, seed);
    const url = (p: string) => pathToFileURL(path.join(ROOT, 'dist', p)).href;
    // Appends (written at the end) and insertions after the anchor (the rest of the file rewritten), in turn; a line on stdout after each.
    const child = `
      import { editFile } from ${JSON.stringify(url('src/write/edit.js'))};
      import { appendEntry } from ${JSON.stringify(url('src/write/append.js'))};
      const file = process.argv[1];
      const anchor = Buffer.from('1, anchor\\n');
      for (let i = 1; ; i++) {
        const tag = process.pid + '-' + i;
        editFile(file, 'j.txt', (s) => {
          if (i % 2) return [appendEntry(s, ['10:00 2024-01-01', 'crash test', '1, write ' + tag + ' ' + 'x'.repeat(300)])];
          const at = s.bytes.indexOf(anchor) + anchor.length;
          return [{ from: at, to: at, text: '1), inserted ' + tag + '\\n' }];
        }, { settleMs: 0 });
        process.stdout.write('w');
      }`;
    const whole = /^9:00 2024-01-01\ncrash test\n1, anchor\n(?:1\), inserted \d+-\d+\n)*(?:\n10:00 2024-01-01\ncrash test\n1, write \d+-\d+ x{300}\n)*$/;
    let reported = 0;
    /** Rounds whose kill landed inside a write: the lock (or a half-written file) was left behind. */
    let interrupted = 0;
    for (let k = 0; k < 12; k++) {
      const proc = spawn(process.execPath, ['--input-type=module', '-e', child, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      let done = 0;
      const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
      // Killed at a random moment once it has written at least once: the kill lands inside writes, not before them.
      // A writer that ends before its first write (it failed to start) fails the test rather than passing with nothing written.
      await new Promise<void>((resolve, reject) => {
        proc.stdout.on('data', (d: Buffer) => {
          if (done === 0) setTimeout(resolve, Math.random() * 120);
          done += d.length;
        });
        void exited.then((code) => reject(new Error(`writer ${k + 1} ended (exit ${code}) before its first write`)));
      });
      proc.kill('SIGKILL');
      assert.equal(await exited, null, 'killed, not ended on its own');
      assert.ok(done >= 1, `writer ${k + 1} wrote before it was killed`);
      reported += done;
      if (fs.readdirSync(dir).some((f) => f !== 'j.txt')) interrupted++;
      const text = fs.readFileSync(file, 'utf8');
      if (!whole.test(text)) {
        // A write cut short: the next writer must undo it.
        editFile(file, 'j.txt', () => []);
        assert.match(fs.readFileSync(file, 'utf8'), whole, 'the next writer leaves the old or the new bytes');
      }
      assert.equal(print(parse(text)), text);
    }
    const text = fs.readFileSync(file, 'utf8');
    const writes = (text.match(/^1, write /gm) ?? []).length + (text.match(/^1\), inserted /gm) ?? []).length;
    assert.ok(writes >= reported && reported >= 12, `every reported write is there (${reported} reported, ${writes} in the file)`);
    // The kills landed inside writes, which is what this test is about (a writer spends nearly all its time in one).
    assert.ok(interrupted >= 1, `at least one of 12 kills cut a write short (${interrupted} did)`);
    // The next write takes over the dead writers' lock and clears what they left.
    editFile(file, 'j.txt', (s) => [appendEntry(s, ['11:00 2024-01-01', 'after', '1, the last.'])]);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f !== 'j.txt'), []);
  });

  test('4 processes each running 50 "daybook new" at once: 200 entries, none lost, none interleaved', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.txt');
    fs.writeFileSync(file, '9:00 2024-01-01\nconcurrency\n1, start.\n');
    const bin = path.join(ROOT, 'bin', 'daybook.js');
    const loop = (p: number) =>
      new Promise<number>((resolve) => {
        const script = `for i in $(seq 1 50); do "${process.execPath}" "${bin}" new --journal "${file}" --topics "writer ${p}" -m "1, entry ${p}-$i" || exit 1; done`;
        spawn('bash', ['-c', script], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: dir, DAYBOOK_NOW: '2024-01-01 10:00' } }).on('exit', (code) => resolve(code ?? 1));
      });
    const codes = await Promise.all([1, 2, 3, 4].map(loop));
    assert.deepEqual(codes, [0, 0, 0, 0]);
    const text = fs.readFileSync(file, 'utf8');
    const entries = text.split('\n\n').slice(1);
    assert.equal(entries.length, 200);
    const seen = new Set<string>();
    for (const e of entries) {
      const m = /^10:00 2024-01-01\nwriter (\d)\n1, entry (\d)-(\d+)\n?$/.exec(e);
      assert.ok(m && m[1] === m[2], `an entry whole: ${JSON.stringify(e)}`);
      seen.add(`${m[2]}-${m[3]}`);
    }
    assert.equal(seen.size, 200);
  });

  test('without a lease, a file changed underneath between our read and our write keeps the other text', () => {
    const file = path.join(tempDir(), 'j.txt');
    fs.writeFileSync(file, '9:00 2024-01-01\nops\n1, one.\n');
    let calls = 0;
    // With a lease, another program's open waits until daybook has written (the editor tests show it); here daybook only looks.
    process.env.DAYBOOK_NO_LEASE = '1';
    let result;
    try {
      result = editFile(file, 'j.txt', (s) => {
        calls++;
        // Another program (an editor's save) appends while daybook is about to write.
        if (calls === 1) fs.appendFileSync(file, '\n9:30 2024-01-01\nvim\n1, typed in the editor.\n');
        return [appendEntry(s, ['10:00 2024-01-01', 'daybook', '1, written by daybook.'])];
      });
    } finally {
      delete process.env.DAYBOOK_NO_LEASE;
    }
    assert.equal(result.retries, 1);
    assert.equal(fs.readFileSync(file, 'utf8'), '9:00 2024-01-01\nops\n1, one.\n\n9:30 2024-01-01\nvim\n1, typed in the editor.\n\n10:00 2024-01-01\ndaybook\n1, written by daybook.\n');
  });
});

describe('bad input: a clear message, a non-zero exit, the journal untouched', () => {
  const cases: [string, string[], Record<string, string>, RegExp, number][] = [
    ['a REF that does not resolve', ['gtd', 'task', 'x', '--ref', '11:11 2025-10-06'], { DAYBOOK_NOW: '2025-10-06 12:00' }, /no entry/, 1],
    ['gtd stop with no open session', ['gtd', 'stop', '--file', '2025-10.txt'], { DAYBOOK_NOW: '2025-10-06 19:00' }, /no session is open today/, 2],
    ['gtd stop with no GTD day', ['gtd', 'stop'], { DAYBOOK_NOW: '2025-12-24 19:00' }, /has no GTD entry for today/, 2],
    ['gtd done with no open task', ['gtd', 'done', '--file', '2025-10.txt'], { DAYBOOK_NOW: '2025-10-06 19:00' }, /no task has an open span/, 2],
    ['gtd start with a session open', ['gtd', 'start', '--file', '2025-10.txt'], { DAYBOOK_NOW: '2025-10-13 19:00' }, /a session is open since 13:40/, 2],
    ['a second summary', ['gtd', 'summary', 'again', '--file', '2025-10.txt'], { DAYBOOK_NOW: '2025-10-06 19:00' }, /already has a summary/, 2],
    ['a bad duration', ['gtd', 'task', 'x', '--took', 'long'], { DAYBOOK_NOW: '2025-10-06 19:00' }, /--took "long": not a duration daybook knows\n {2}expected a duration of at most 24 hours: --took 90m/, 2],
    ['an unknown gtd action', ['gtd', 'puase'], {}, /unknown action "puase"; did you mean "pause"\?/, 2],
    ['a duration past a day', ['gtd', 'task', 'x', '--took', '25h'], { DAYBOOK_NOW: '2025-10-06 19:00' }, /--took "25h": more than a day/, 2],
    ['gtd cancel with nothing open', ['gtd', 'cancel', '--file', '2025-10.txt'], { DAYBOOK_NOW: '2025-10-07 19:00' }, /has no GTD entry for today/, 2],
    ['gtd continue of a task with no span', ['gtd', 'continue', '9', '--file', '2025-10.txt'], { DAYBOOK_NOW: '2025-10-06 19:00' }, /today has no task 9/, 2],
    ['gtd pause with a word for a number', ['gtd', 'pause', 'three'], { DAYBOOK_NOW: '2025-10-06 19:00' }, /gtd pause: "three" is not a task number\n {2}expected the number of a task/, 2],
    ['todo done on an unknown id', ['todo', 'done', '20250905-2330.7'], {}, /has 1 TODO, not 7/, 1],
    ['todo done on a malformed id', ['todo', 'done', 'first'], {}, /"first" is not a TODO id\n {2}expected an id/, 2],
    ['todo done on a done one', ['todo', 'done', '20251013-1010.1'], {}, /already done/, 2],
    ['new with nothing to write', ['new'], { DAYBOOK_NOW: '2025-12-01 10:00' }, /nothing to write/, 2],
    ['new whose text would split into two entries', ['new', '--topics', 'x', '-m', '1, a\n\n9:00 2025-01-01\nb'], { DAYBOOK_NOW: '2025-12-01 10:00' }, /would start a new entry/, 2],
    ['a bad DAYBOOK_NOW', ['new', '--topics', 'x', '-m', 'y'], { DAYBOOK_NOW: '2025-02-30 10:00' }, /DAYBOOK_NOW="2025-02-30 10:00" is not a moment\n {2}expected YYYY-MM-DD HH:MM/, 2],
    ['a DAYBOOK_NOW whose year no header can hold', ['new', '--topics', 'x', '-m', 'y'], { DAYBOOK_NOW: '0000-01-01 00:00' }, /the year 0 cannot be written as a journal header\n {2}a header has a four-digit year from 1000 to 9999/, 2],
    ['a DAYBOOK_NOW in year 999 for gtd', ['gtd', 'start'], { DAYBOOK_NOW: '0999-12-31 23:59' }, /the year 999 cannot be written as a journal header/, 2],
    ['a --file not in the journal', ['new', '--topics', 'x', '-m', 'y', '--file', 'nope.txt'], {}, /--file nope.txt: not a file of the journal/, 2],
    ['a thread that does not exist', ['new', '--continue', 'no such thread', '-m', 'y'], {}, /no thread is named "no such thread"/, 1],
    ['a name two threads hold, but neither ends with', ['new', '--continue', 'wal', '-m', 'y'], {}, /no thread is named "wal"; 2 threads hold it/, 1],
  ];
  for (const [what, args, env, message, code] of cases) {
    test(what, () => {
      const dir = copy(EXAMPLE);
      const before = dirPrint(dir);
      const r = daybook([...args, '--journal', dir], { env });
      assert.equal(r.status, code, r.stderr);
      assert.match(r.stderr, message);
      assert.deepEqual(dirPrint(dir), before);
    });
  }

  test('a read-only journal file is refused (exit 3)', () => {
    const dir = copy(EXAMPLE);
    const file = path.join(dir, '2025-11.txt');
    fs.chmodSync(file, 0o444);
    const before = fingerprint(file);
    const r = daybook(['new', '--journal', dir, '--topics', 'x', '-m', 'y'], { env: { DAYBOOK_NOW: '2025-12-01 10:00' } });
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /not written: the file is read-only\n {2}the journal was not changed/);
    assert.equal(fingerprint(file), before);
  });

  test('a write that cannot finish (file size limit) leaves the journal as it was', () => {
    const dir = copy(EXAMPLE);
    const file = path.join(dir, '2025-11.txt');
    const before = fingerprint(file);
    const r = spawnSync('bash', ['-c', `ulimit -f 1; exec "${process.execPath}" "${path.join(ROOT, 'bin', 'daybook.js')}" new --journal "${dir}" --topics x -m y`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, DAYBOOK_NOW: '2025-12-01 10:00' } });
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /not written: the file would be larger than this process may write/);
    assert.equal(fingerprint(file), before);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['2025-09.txt', '2025-10.txt', '2025-11.txt']);
  });

  test('a full disk leaves the journal as it was', (t) => {
    const mnt = tempDir();
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]).status !== 0) {
      t.skip('SKIPPED: cannot mount a small tmpfs here (needs root); the ulimit test above covers a write that fails midway');
      return;
    }
    try {
      const file = path.join(mnt, 'j.txt');
      fs.writeFileSync(file, `9:00 2024-01-01\nfull\n1, ${'x'.repeat(40 * 1024 - 20)}\n`);
      // Fill what is left of the disk, so that not even an append fits.
      const filler = path.join(mnt, 'filler');
      try {
        fs.writeFileSync(filler, Buffer.alloc(64 * 1024));
      } catch {
        // ENOSPC: full now
      }
      const before = fingerprint(file);
      const r = daybook(['new', '--journal', file, '--topics', 'x', '-m', 'y'], { env: { DAYBOOK_NOW: '2024-01-01 10:00' } });
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /not written: the disk is full\n {2}the journal was not changed/);
      assert.equal(fingerprint(file), before);
      assert.deepEqual(fs.readdirSync(mnt).sort(), ['filler', 'j.txt']);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('bytes that are not UTF-8, and the file mode', () => {
  const bad = Buffer.concat([Buffer.from('9:00 2024-01-02\nops\n1, a latin-1 caf'), Buffer.from([0xe9]), Buffer.from(' and \\TODO: check it\n\n10:00 2024-01-02\nops\n1, \\TODO: clean one\n')]);

  test('are kept byte for byte by a write elsewhere in the file', () => {
    const file = path.join(tempDir(), 'j.txt');
    fs.writeFileSync(file, bad);
    ok(['new', '--journal', file, '--topics', 'ops', '-m', '1, more'], { DAYBOOK_NOW: '2024-01-02 11:00' });
    const after = fs.readFileSync(file);
    assert.ok(after.subarray(0, bad.length).equals(bad));
    assert.equal(after.subarray(bad.length).toString('utf8'), '\n11:00 2024-01-02\nops\n1, more\n');
    ok(['todo', 'done', '20240102-1000.1', '--journal', file], {});
    assert.ok(fs.readFileSync(file).subarray(0, 20).equals(bad.subarray(0, 20)));
  });

  test('make a change inside their entry refused (exit 3), the file untouched', () => {
    const file = path.join(tempDir(), 'j.txt');
    fs.writeFileSync(file, bad);
    const r = daybook(['todo', 'done', '20240102-0900.1', '--journal', file]);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /holds bytes that are not UTF-8, and a change inside it could not keep them exactly/);
    assert.ok(fs.readFileSync(file).equals(bad));
  });

  test('a write keeps the file mode, and its owner when daybook may set it', () => {
    const file = path.join(tempDir(), 'j.txt');
    fs.writeFileSync(file, '9:00 2024-01-02\nops\n1, one\n');
    fs.chmodSync(file, 0o640);
    const root = process.getuid?.() === 0;
    if (root) fs.chownSync(file, 1234, 2345);
    ok(['new', '--journal', file, '--topics', 'ops', '-m', '1, two'], { DAYBOOK_NOW: '2024-01-02 10:00' });
    const st = fs.statSync(file);
    assert.equal(st.mode & 0o777, 0o640);
    if (root) assert.deepEqual([st.uid, st.gid], [1234, 2345]);
  });
});
