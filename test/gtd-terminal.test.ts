/**
 * Issue 20's GTD from the terminal, on a copy of the example journal:
 * `gtd status`, `pause`, `continue` and `cancel`, each diffed byte for byte,
 * and the words of every write's message (what was written, where).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { daybook, EXAMPLE, fingerprint, tempDir } from './helpers.js';

function copy(): string {
  const to = path.join(tempDir(), 'journal');
  fs.cpSync(EXAMPLE, to, { recursive: true });
  return to;
}

function at(dir: string, now: string, ...args: string[]) {
  const r = daybook(['gtd', ...args, '--journal', dir], { env: { DAYBOOK_NOW: now } });
  assert.equal(r.status, 0, `gtd ${args.join(' ')}: ${r.stderr}`);
  return r;
}

/** The lines of the file that differ from before, as [line number, before, after]; both must have as many lines. */
function changed(before: string, after: string): [number, string | undefined, string | undefined][] {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: [number, string | undefined, string | undefined][] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push([i + 1, a[i], b[i]]);
  return out;
}

describe('gtd pause, continue, cancel, status', () => {
  test('a day from the terminal, every write diffed byte for byte', () => {
    const dir = copy();
    const file = path.join(dir, '2025-11.txt');
    const original = fs.readFileSync(file, 'utf8');
    const start = at(dir, '2025-12-01 09:02', 'start');
    assert.match(start.stderr, /gtd start: started a session in a new GTD entry:\n.*2025-11\.txt:\d+: 9:02 2025-12-01\n.*2025-11\.txt:\d+: GTD\n.*: 0, 9:02\n.*: 1, today\n/);
    const day = fs.readFileSync(file, 'utf8');
    assert.equal(day, `${original.trimEnd()}\n\n9:02 2025-12-01\nGTD\n0, 9:02\n\n1, today\n`);
    const n = day.split('\n').length - 1; // the line of "1, today"

    const task = at(dir, '2025-12-01 09:10', 'task', 'plan the week');
    assert.match(task.stderr, new RegExp(`^\\S*2025-11\\.txt:${n + 1}: added a task: 1\\), 9:10- plan the week\\n$`));
    let before = fs.readFileSync(file, 'utf8');

    const pause = at(dir, '2025-12-01 09:40', 'pause');
    assert.match(pause.stderr, new RegExp(`:${n + 1}: paused the task: 1\\), 9:10-9:40 plan the week\\n$`));
    let after = fs.readFileSync(file, 'utf8');
    assert.deepEqual(changed(before, after), [[n + 1, '1), 9:10- plan the week', '1), 9:10-9:40 plan the week']]);

    at(dir, '2025-12-01 09:45', 'task', 'mail', '--took', '1h30');
    before = fs.readFileSync(file, 'utf8');
    assert.ok(before.endsWith('1), 9:10-9:40 plan the week\n2), 1.5h mail\n'), 'a typed 1h30 is written 1.5h');

    const cont = at(dir, '2025-12-01 10:15', 'continue');
    assert.match(cont.stderr, /: went on with the task: 1\), 9:10-9:40 10:15- plan the week\n$/);
    after = fs.readFileSync(file, 'utf8');
    assert.deepEqual(changed(before, after), [[n + 1, '1), 9:10-9:40 plan the week', '1), 9:10-9:40 10:15- plan the week']]);

    const status = daybook(['gtd', 'status', '--journal', dir], { env: { DAYBOOK_NOW: '2025-12-01 10:45' } });
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /^2025-12-01 {2}GTD {2}.*2025-11\.txt:\d+\n {2}sessions {2}9:02- {2}\(open since 9:02\)\n {2}open {2}1\) 9:10-9:40 10:15- plan the week\n {8}2\) 1\.5h mail\n {2}so far: presence 1\.72 h, logged 2\.5 h, focus 2\.5 h of 6 h\n$/);
    const json = JSON.parse(daybook(['gtd', 'status', '--json', '--journal', dir], { env: { DAYBOOK_NOW: '2025-12-01 10:45' } }).stdout) as { openTasks: { number: number }[]; openSession: string; loggedMinutes: number };
    assert.deepEqual(json.openTasks.map((t) => t.number), [1]);
    assert.equal(json.openSession, '9:02-');
    assert.equal(json.loggedMinutes, 30 + 90 + 30);
    assert.equal(fs.readFileSync(file, 'utf8'), after, 'status writes nothing');

    before = after;
    const cancel = at(dir, '2025-12-01 10:50', 'cancel');
    assert.match(cancel.stderr, /: took out the open span: 1\), 9:10-9:40 plan the week\n$/);
    after = fs.readFileSync(file, 'utf8');
    assert.deepEqual(changed(before, after), [[n + 1, '1), 9:10-9:40 10:15- plan the week', '1), 9:10-9:40 plan the week']]);

    // With no task open, cancel takes out the open session, and only that.
    before = after;
    at(dir, '2025-12-01 10:55', 'cancel');
    after = fs.readFileSync(file, 'utf8');
    assert.deepEqual(changed(before, after), [[n - 2, '0, 9:02', '0, ']]);
    assert.equal(after.length, before.length - 4);

    // Then nothing is open: cancel is refused, and nothing changes.
    const print = fingerprint(file);
    const none = daybook(['gtd', 'cancel', '--journal', dir], { env: { DAYBOOK_NOW: '2025-12-01 11:00' } });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /gtd cancel: nothing is open today/);
    assert.equal(fingerprint(file), print);
  });

  test('cancel of a task written by gtd task leaves its text; continue after a bare start is refused while it is open', () => {
    const dir = copy();
    const file = path.join(dir, '2025-11.txt');
    at(dir, '2025-12-01 09:00', 'start');
    at(dir, '2025-12-01 09:05', 'task', 'first');
    const print = fingerprint(file);
    const r = daybook(['gtd', 'continue', '--journal', dir], { env: { DAYBOOK_NOW: '2025-12-01 09:30' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /gtd continue: task 1 is still open\n {2}pause it first/);
    assert.equal(fingerprint(file), print);
    const before = fs.readFileSync(file, 'utf8');
    at(dir, '2025-12-01 09:30', 'cancel', '1');
    assert.equal(fs.readFileSync(file, 'utf8'), before.replace('1), 9:05- first\n', '1), first\n'));
  });

  test('status without a GTD day says so and writes nothing', () => {
    const r = daybook(['gtd', 'status', '--journal', EXAMPLE], { env: { DAYBOOK_NOW: '2025-12-24 10:00' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '2025-12-24: no GTD entry today; "daybook gtd start" begins one\n');
  });
});
