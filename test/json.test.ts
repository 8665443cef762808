/**
 * Issue 20: one convention for every `--json` (src/cli/json.ts), each
 * command's output validated against its JSON Schema in schemas/ (with ajv)
 * on the example journal and on the sample, writes on copies.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createRequire } from 'node:module';
import { conventional, isoMoment, rootOf } from '../src/cli/json.js';
import { COMMANDS, main } from '../src/cli/main.js';
import { EXAMPLE, ROOT, SAMPLE, sampleText, tempDir } from './helpers.js';

// ajv is CommonJS: its class is the module's default export.
const Ajv = (createRequire(import.meta.url)('ajv') as { default: typeof import('ajv').default }).default;
const SCHEMAS = path.join(ROOT, 'schemas');

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  for (const f of fs.readdirSync(SCHEMAS)) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMAS, f), 'utf8')) as object);
  return (name: string, value: unknown): string => {
    const validate = ajv.getSchema(`https://daybook.invalid/schemas/${name}.schema.json`);
    assert.ok(validate, `a schema ${name}`);
    return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
  };
}

/** Runs the CLI in this process; its exit code and the JSON it printed. */
async function run(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; json: unknown; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { NO_COLOR: '1', ...env }, cwd, stdin: { isTTY: false, read: () => '' } };
  const code = await main([...args, '--json'], io);
  return { code, json: out ? JSON.parse(out) : undefined, err };
}

/** A writable copy of a journal file or directory. */
function copy(from: string): string {
  const to = path.join(tempDir(), path.basename(from));
  fs.cpSync(from, to, { recursive: true });
  for (const f of fs.statSync(to).isDirectory() ? fs.readdirSync(to).map((n) => path.join(to, n)) : [to]) fs.chmodSync(f, 0o644);
  return to;
}

/** Commands that print no JSON of the convention: serve and lsp are servers, export writes Timewarrior's and iCalendar's formats, sync says what git did. */
const NO_JSON = new Set(['serve', 'lsp', 'mcp', 'export', 'sync']);

/** [schema, args] for a journal; `{J}` is the journal, `{REF}` a moment of it, `{ITEM}` an item reference, `{THREAD}` a thread, `{WEEK}` a week with GTD days. */
const CASES: [string, string[]][] = [
  ['check', ['check', '{J}']],
  ['stats', ['stats', '{J}']],
  ['search', ['search', 'the', '--limit', '5', '--journal', '{J}']],
  ['search', ['search', '--meaning', 'modify', '--limit', '5', '--journal', '{J}']],
  ['index', ['index', '--journal', '{J}']],
  ['show', ['show', '{ITEM}', '--journal', '{J}']],
  ['backlinks', ['backlinks', '{REF}', '--journal', '{J}']],
  ['thread', ['thread', '{THREAD}', '--journal', '{J}']],
  ['todo', ['todo', '--all', '--journal', '{J}']],
  ['topics', ['topics', '--journal', '{J}']],
  ['topics-tree', ['topics', '--tree', '--journal', '{J}']],
  ['people', ['people', '--journal', '{J}']],
  ['hours', ['hours', '--week', '{WEEK}', '--explain', '--journal', '{J}']],
  ['report', ['report', '--week', '{WEEK}', '--journal', '{J}']],
  ['report-standup', ['report', '--standup', '--journal', '{J}']],
  ['gtd-status', ['gtd', 'status', '--journal', '{J}']],
  ['now', ['now', '--journal', '{J}']],
  ['last', ['last', '5', '--journal', '{J}']],
  ['today', ['today', '--day', '{DAY}', '--journal', '{J}']],
  ['edit', ['edit', '{REF}', '--journal', '{J}']],
  ['completion', ['completion', '--line=daybook thread ', '--word=', '--journal', '{J}']],
  ['git', ['git', 'setup', '--journal', '{J}']],
];

const journals: { name: string; path: string; ref: string; item: string; thread: string; week: string; day: string }[] = [
  { name: 'the example journal', path: EXAMPLE, ref: '15:02 2025-09-03', item: '"15:02 2025-09-03"2.1', thread: 'fsync latency', week: '2025-W41', day: '2025-10-06' },
  { name: 'the sample', path: SAMPLE, ref: '11:07 2013-2-16', item: '"11:07 2013-2-16"5', thread: 'final version test', week: '2013-W08', day: '2013-02-22' },
];

describe('every command\'s --json against its schema', () => {
  const check = validator();
  test('every command prints JSON by the convention, or is named as one that prints none', () => {
    const covered = new Set(CASES.map(([, args]) => args[0]!));
    for (const extra of ['new', 'gtd', 'clip', 'merge', 'resolve', 'import']) covered.add(extra);
    for (const name of Object.keys(COMMANDS)) assert.ok(covered.has(name) || NO_JSON.has(name), `daybook ${name} --json has a schema and a case here`);
    const used = new Set([...CASES.map(([s]) => s), 'common', 'new', 'gtd', 'clip', 'todo-done', 'merge', 'resolve', 'import', 'journal-export']);
    for (const f of fs.readdirSync(SCHEMAS)) assert.ok(used.has(f.replace(/\.schema\.json$/, '')), `${f} is checked by a case`);
  });

  for (const j of journals) {
    test(`the read commands on ${j.name}`, async (t) => {
      if (j.path === SAMPLE && sampleText(t) === undefined) return;
      const dir = copy(j.path);
      // git setup writes into the repository that holds the journal: give it one of its own.
      const { spawnSync } = await import('node:child_process');
      spawnSync('git', ['init', '-q', path.dirname(dir)]);
      const env = { DAYBOOK_NOW: `${j.day} 15:00`, DAYBOOK_INDEX: path.join(tempDir(), 'index.sqlite'), HOME: tempDir() };
      await run(['index', '--journal', dir], env, path.dirname(dir)); // completion names come from a ready index
      for (const [schema, template] of CASES) {
        const args = template.map((a) => a.replace('{J}', dir).replace('{REF}', j.ref).replace('{ITEM}', j.item).replace('{THREAD}', j.thread).replace('{WEEK}', j.week).replace('{DAY}', j.day));
        const r = await run(args, env, path.dirname(dir));
        assert.ok(r.code === 0 || r.code === 1, `daybook ${args.join(' ')}: exit ${r.code}: ${r.err}`);
        assert.equal(check(schema, r.json), '', `daybook ${args.join(' ')} against schemas/${schema}.schema.json`);
        const body = r.json as { version: number; root: string | null };
        assert.equal(body.version, 1);
        if (schema !== 'completion') assert.equal(body.root, fs.statSync(dir).isDirectory() ? dir : path.dirname(dir), `${schema}: the root`);
      }
    });
  }

  test('the writes on a copy: new, gtd, clip, todo done; merge and resolve', async () => {
    const dir = copy(EXAMPLE);
    const env = { DAYBOOK_NOW: '2025-12-01 09:00', HOME: tempDir() };
    const cwd = path.dirname(dir);
    const ok = async (schema: string, args: string[], codes = [0]) => {
      const r = await run(args, env, cwd);
      assert.ok(codes.includes(r.code), `daybook ${args.join(' ')}: exit ${r.code}: ${r.err}`);
      assert.equal(check(schema, r.json), '', `daybook ${args.join(' ')} against schemas/${schema}.schema.json`);
      return r.json as Record<string, unknown>;
    };
    const added = await ok('new', ['new', '--topics', 'ops, json', '-m', '1, a line.', '--journal', dir]);
    assert.equal(added.file, '2025-11.txt', 'relative to the root');
    for (const action of [['start'], ['task', 'write the schema', '--took', '1h30'], ['task', 'check it'], ['pause'], ['continue'], ['cancel'], ['summary', 'done']]) await ok('gtd', ['gtd', ...action, '--journal', dir]);
    const mail = path.join(tempDir(), 'm.eml');
    fs.writeFileSync(mail, 'From: Ann Lee <ann@example.com>\r\nSubject: schemas\r\nDate: Mon, 01 Dec 2025 08:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe body.\r\n');
    await ok('clip', ['clip', mail, '--journal', dir]);
    const imported = await ok('import', ['import', 'jrnl', path.join(ROOT, 'test', 'fixtures', 'import', 'jrnl.json'), '--journal', dir]);
    assert.equal((imported.files as { file: string }[])[0]!.file, '2024-03.txt', 'relative to the root');
    const todos = (await run(['todo', '--journal', dir], env, cwd)).json as { todos: { id: string }[] };
    await ok('todo-done', ['todo', 'done', todos.todos[0]!.id, '--journal', dir]);
    // merge: the driver git runs, on three versions of a file; resolve: a conflict copy beside its file.
    const m = tempDir();
    fs.writeFileSync(path.join(m, 'base'), '9:00 2025-01-01\na\n1, x\n');
    fs.writeFileSync(path.join(m, 'ours'), '9:00 2025-01-01\na\n1, x\n\n10:00 2025-01-02\nb\n1, y\n');
    fs.writeFileSync(path.join(m, 'theirs'), '9:00 2025-01-01\na\n1, x\n\n11:00 2025-01-03\nc\n1, z\n');
    const merged = await ok('merge', ['merge', path.join(m, 'base'), path.join(m, 'ours'), path.join(m, 'theirs')]);
    assert.deepEqual(merged.added, { ours: ['2025-01-02T10:00'], theirs: ['2025-01-03T11:00'] });
    fs.writeFileSync(path.join(dir, '2025-11.sync-conflict-20251201-101010-ABCDEFG.txt'), '9:00 2025-11-30\nfrom the other machine\n1, z\n');
    await ok('resolve', ['resolve', path.join(dir, '2025-11.sync-conflict-20251201-101010-ABCDEFG.txt')]);
  });

  test('the check can fail: an answer in the old shape is refused', () => {
    const old = { hits: [{ file: 'examples/journal/2025-09.txt', line: 43, moment: '2025-09-02 14:20', title: null, score: 1, snippet: { text: 'x', marks: [], line: 0, fileLine: 43 } }], total: 1, exact: true };
    assert.match(check('search', old), /must have required property 'version'/);
    assert.match(check('hours', { version: 1, root: '/j', days: [{ date: '2025-10-06', weekday: 'Mon', week: '2025-W41', entries: [], target: 360, weekBalanceMinutes: 0, monthBalanceMinutes: 0, notes: [] }], weeks: [] }), /targetMinutes|additional properties/);
  });
});

describe('the convention', () => {
  test('moments, minutes, files, lists', () => {
    assert.equal(isoMoment('9:07 2013-2-6'), '2013-02-06T09:07');
    assert.equal(isoMoment('2013-02-16 11:07'), '2013-02-16T11:07');
    assert.equal(isoMoment('2013-02-16'), '2013-02-16', 'a date stays a date');
    assert.equal(isoMoment('not a moment'), 'not a moment');
    assert.deepEqual(conventional([{ moment: '11:07 2013-2-16', file: '/j/log/a.txt' }], { root: '/j', cwd: '/', list: 'rows' }), { version: 1, root: '/j', rows: [{ moment: '2013-02-16T11:07', file: 'log/a.txt' }] });
    assert.deepEqual(conventional({ focus: 90, short: [30], minutes: 5, spans: [{ start: 540, end: 600 }] }, { root: null, cwd: '/', minutes: true }), { version: 1, root: null, focusMinutes: 90, shortMinutes: [30], minutes: 5, spans: [{ startMinutes: 540, endMinutes: 600 }] });
    assert.deepEqual(conventional({ focus: 90 }, { root: null, cwd: '/' }), { version: 1, root: null, focus: 90 }, 'names change only in the hours');
    assert.equal(rootOf(['/a/b/c.txt', '/a/b/d/e.txt']), '/a/b');
  });
});
