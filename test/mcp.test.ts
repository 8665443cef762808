/**
 * `daybook mcp`, driven by the official SDK's own client over stdio: the
 * tools listed and each called on the sample (answers compared with the
 * text), 1,000 random calls that change no byte of the journal, no mail
 * address of the sample in any answer, the config's names and patterns
 * redacted, bad input answered as a tool error.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { daybook, EXAMPLE, ROOT, SAMPLE, sampleText, tempDir } from './helpers.js';
import { rng } from '../bench/generate.js';

/** A connected client of `daybook mcp` on a journal. */
async function connect(journal: string, extra: string[] = []): Promise<{ client: Client; call: (name: string, args: Record<string, unknown>) => Promise<{ text: string; isError: boolean }>; stderr: () => string }> {
  const dir = tempDir();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(ROOT, 'bin', 'daybook.js'), 'mcp', '--journal', journal, '--index', path.join(dir, 'index.sqlite'), ...extra],
    env: { PATH: process.env.PATH ?? '', HOME: dir, DAYBOOK_NOW: '2013-02-28 18:00' },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'daybook-test', version: '1.0.0' });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await client.callTool({ name, arguments: args })) as { content: { type: string; text: string }[]; isError?: boolean };
    return { text: r.content.map((c) => c.text).join('\n'), isError: r.isError === true };
  };
  return { client, call, stderr: () => err };
}

/** Every mail address written in a text. */
const addresses = (text: string): string[] => [...new Set(text.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? [])];

/** The bytes and names of a journal's directory, to compare before and after. */
function snapshot(file: string): string {
  const dir = path.dirname(file);
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => `${f} ${crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex')} ${fs.statSync(path.join(dir, f)).mtimeMs}`)
    .join('\n');
}

describe('daybook mcp on the sample (read in place)', () => {
  test('lists its read-only tools and answers each as the text says; no mail address of the sample in any answer', async (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const mails = addresses(text);
    assert.ok(mails.length >= 5, 'the sample has mail addresses');
    const before = snapshot(SAMPLE);
    const { client, call } = await connect(SAMPLE);
    const answers: string[] = [];
    const ask = async (name: string, args: Record<string, unknown>) => {
      const r = await call(name, args);
      answers.push(r.text);
      return r;
    };
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((x) => x.name).sort(), ['backlinks', 'hours', 'report', 'search', 'show', 'thread', 'todos']);
      for (const x of tools) assert.equal(x.annotations?.readOnlyHint, true, x.name);

      // show: every entry of the sample, as written but for the redacted parts.
      const headers = text.split('\n').filter((l, i, all) => /^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\s*$/.test(l) && (i === 0 || all[i - 1] === ''));
      assert.equal(headers.length, 54);
      for (const h of headers) {
        const r = await ask('show', { ref: h.trim() });
        assert.equal(r.isError, false, r.text);
        const shown = JSON.parse(r.text) as { text: string };
        assert.ok(shown.text.startsWith(h), h);
        // Line by line, the text of the file: a line differs only where something was redacted.
        const at = text.indexOf(`\n${h}\n`) + 1;
        const original = text.slice(at, at + shown.text.length + 2000).split('\n');
        shown.text.split('\n').forEach((l, i) => {
          if (l !== original[i]) assert.match(l, /\[(mail|phone)\]/, `${h}: line ${i + 1}`);
        });
      }
      const item = JSON.parse((await ask('show', { ref: '"11:07 2013-2-16"5' })).text) as { item: string; text: string };
      assert.equal(item.item, '5');
      assert.ok(item.text.startsWith('5, (14:16 2013-02-25)'));

      const links = JSON.parse((await ask('backlinks', { ref: '11:07 2013-2-16' })).text) as { version: number; items: { written: string; moment: string }[] };
      assert.deepEqual(links.items.map((l) => l.written), text.match(/"11:07 2013-2-16"\d*/g));
      // As daybook backlinks --json writes it.
      assert.equal(links.version, 1);
      assert.match(links.items[0]!.moment, /^2013-02-\d\dT\d\d:\d\d$/);

      const thread = JSON.parse((await ask('thread', { name: 'virtualization, libvirt, xen, patch, lock / modify for xen4.2' })).text) as { parts: { part: number; present: boolean }[] };
      assert.deepEqual(thread.parts.map((p) => p.part), [0, 1, 2, 3]);

      const todos = JSON.parse((await ask('todos', { state: 'all' })).text) as { total: number; todos: { moment: string }[] };
      assert.equal(todos.total, (text.match(/\\TODO/g) ?? []).length);
      assert.equal(todos.todos.length, todos.total);
      assert.deepEqual(todos.todos.map((x) => x.moment), todos.todos.map((x) => x.moment).sort().reverse(), 'the newest first');
      assert.equal(JSON.parse((await ask('todos', { state: 'all', limit: 2 })).text).todos.length, 2);

      const found = JSON.parse((await ask('search', { query: 'libxl', limit: 100 })).text) as { hits: { moment: string }[] };
      // By meaning: an English word finds the entries that say it in Chinese, each saying which word.
      const byMeaning = JSON.parse((await ask('search', { query: 'modify', meaning: true })).text) as { hits: { moment: string; meaning?: { word: string }[] }[] };
      assert.ok(byMeaning.hits.some((h) => h.moment.replace('T', ' ') === '2013-02-05 11:26' && h.meaning?.some((m) => m.word === '修改')), 'found through 修改');
      assert.ok(found.hits.length > 5);

      const hours = JSON.parse((await ask('hours', { week: '2013-W08' })).text) as { days: { date: string }[] };
      assert.deepEqual(hours.days.map((d) => d.date), ['2013-02-18', '2013-02-19', '2013-02-20', '2013-02-21', '2013-02-22', '2013-02-23', '2013-02-24']);

      const report = await ask('report', { week: '2013-W08' });
      assert.match(report.text, /^# work report - 2013-W08\n/);
      // The same answers as the CLI's, for every week and the month of the sample (redaction aside: these hold no mail).
      const env = { DAYBOOK_NOW: '2013-02-28 18:00', HOME: tempDir() };
      for (const range of [['--week', '2013-W06'], ['--week', '2013-W07'], ['--week', '2013-W08'], ['--week', '2013-W09'], ['--month', '2013-02']] as const) {
        const arg = { [range[0].slice(2)]: range[1] };
        const cliHours = JSON.parse(daybook(['hours', range[0], range[1], '--journal', SAMPLE, '--json'], { env }).stdout) as { days: unknown[] };
        assert.deepEqual((JSON.parse((await ask('hours', arg)).text) as { days: unknown[] }).days, cliHours.days, `hours ${range[1]}`);
        assert.equal((await ask('report', arg)).text, daybook(['report', range[0], range[1], '--markdown', '--journal', SAMPLE], { env }).stdout, `report ${range[1]}`);
      }

      // Bad input: a tool error that says what was expected; the server goes on.
      const bad = await ask('show', { ref: 'yesterday' });
      assert.equal(bad.isError, true);
      assert.match(bad.text, /"yesterday" is not a reference\nexpected a moment and maybe an item path, like "11:07 2013-2-16"5/);
      assert.match((await ask('show', { ref: '9:00 2013-02-30' })).text, /not a real moment/);
      assert.match((await ask('hours', { week: '2013-W99' })).text, /W99|week/i);
      const limit = await call('search', { query: 'xen', limit: 100_000 });
      assert.equal(limit.isError, true, 'the schema refuses a limit over 100');

      for (const a of answers) for (const m of mails) assert.ok(!a.includes(m), `${m} in an answer`);
    } finally {
      await client.close();
    }
    assert.equal(snapshot(SAMPLE), before, 'no byte of the journal changed, no file added beside it');
  });

  test('1,000 random calls: no byte of the journal changes, no mail address comes out, every call answers', async (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const mails = addresses(text);
    const before = snapshot(SAMPLE);
    const moments = [...new Set(text.match(/\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}/g) ?? [])];
    const words = [...new Set(text.match(/[A-Za-z]{3,}|[\u4e00-\u9fff]{2}/g) ?? [])];
    // The same calls every run.
    const next = rng(19);
    const random = (n: number): number => Math.floor(next() * n);
    const pick = <T>(xs: T[]): T => xs[random(xs.length)]!;
    const junk = ['', ' ', '"', '9:99 2013-02-30', '-x', '*', '2013-W', '\u0000', 'a'.repeat(300), '见"', "'; DROP TABLE entry; --"];
    const calls: [string, () => Record<string, unknown>][] = [
      ['search', () => ({ query: random(4) ? `${pick(words)}${random(3) ? ` ${pick(words)}` : ''}` : pick(junk), ...(random(3) ? {} : { limit: 1 + random(100) }), ...(random(5) ? {} : { since: pick(['2013-02-10', 'last week', '2013-W07', pick(junk)]) }) })],
      ['show', () => ({ ref: random(5) ? `"${pick(moments)}"${random(3) ? '' : 1 + random(6)}` : pick(junk) || 'x' })],
      ['backlinks', () => ({ ref: random(5) ? pick(moments) : pick(junk) || 'x' })],
      ['thread', () => ({ name: random(3) ? pick(['virtualization, libvirt, xen, patch, lock', 'virtualization, libvirt, xen, xenlight, libxl, xen4.2 support', pick(moments)]) : pick(junk) || 'x' })],
      ['todos', () => ({ state: pick(['open', 'done', 'all']), ...(random(3) ? {} : { topic: pick(words) }) })],
      ['hours', () => pick([{ week: `2013-W0${5 + random(5)}` }, { month: '2013-02' }, { day: `2013-02-${10 + random(18)}` }, { since: '2013-02-01', until: '2013-02-28' }, { week: pick(junk) || 'x' }, {}])],
      ['report', () => pick([{ week: `2013-W0${6 + random(4)}` }, { month: '2013-02' }, {}, { day: pick(junk) || 'x' }])],
    ];
    const { client, call, stderr } = await connect(SAMPLE);
    try {
      for (let i = 0; i < 1000; i++) {
        const [name, args] = pick(calls);
        const r = await call(name, args());
        assert.ok(r.text.length > 0, `${name} answered`);
        for (const m of mails) assert.ok(!r.text.includes(m), `${m} in the answer to ${name}`);
      }
    } finally {
      await client.close();
    }
    assert.equal(snapshot(SAMPLE), before);
    assert.doesNotMatch(stderr(), /TypeError|RangeError|at .*\.js:\d+/);
  });

  test('the config\'s redaction: names, the journal\'s people, patterns; mail addresses and phones unless turned off', async (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const dir = tempDir();
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(config, JSON.stringify({ redact: { names: ['Jiaju'], people: true, patterns: ['xen4\\.\\d'] } }));
    const { client, call } = await connect(SAMPLE, ['--config', config]);
    try {
      const shown = JSON.parse((await call('show', { ref: '10:25 2013-02-04' })).text) as { title: string; text: string };
      assert.doesNotMatch(shown.text, /Jiaju|Shawn Chang/);
      assert.match(shown.title, /\[name\]/, 'a person topic of the title');
      const search = (await call('search', { query: 'xen4.2', limit: 5 })).text;
      assert.doesNotMatch(search, /xen4\.2/);
      assert.match(search, /\[redacted\]/);
    } finally {
      await client.close();
    }
  });
});

describe('daybook mcp on the example journal (a directory)', () => {
  test('names files by their path in the journal, and follows a file written meanwhile', async () => {
    const dir = tempDir();
    for (const f of fs.readdirSync(EXAMPLE)) fs.copyFileSync(path.join(EXAMPLE, f), path.join(dir, f));
    const { client, call } = await connect(dir);
    try {
      const r = JSON.parse((await call('show', { ref: '10:02 2025-09-01' })).text) as { file: string };
      assert.equal(r.file, '2025-09.txt');
      assert.match((await call('show', { ref: '8:00 2025-12-01' })).text, /no entry "8:00 2025-12-01"/);
      fs.writeFileSync(path.join(dir, '2025-12.txt'), '8:00 2025-12-01\nplans, december\n1, write to bob@example.net about the rollout.\n');
      const fresh = JSON.parse((await call('show', { ref: '8:00 2025-12-01' })).text) as { file: string; text: string };
      assert.equal(fresh.file, '2025-12.txt');
      assert.equal(fresh.text, '8:00 2025-12-01\nplans, december\n1, write to [mail] about the rollout.\n');
    } finally {
      await client.close();
    }
  });
});

describe('daybook mcp: bad input on the command line', () => {
  test('a journal that is not there, an unknown flag, a clock that is not a moment: exit 2, a message with an example, nothing started', () => {
    const gone = daybook(['mcp', '--journal', path.join(tempDir(), 'nowhere')]);
    assert.equal(gone.status, 2);
    assert.match(gone.stderr, /nowhere: no such file or directory\n {2}expected a journal file \(e\.g\. ~\/log\/2013\.txt\)/);
    const flag = daybook(['mcp', '--journal', EXAMPLE, '--port', '80']);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /--port/);
    const clock = daybook(['mcp', '--journal', EXAMPLE], { env: { DAYBOOK_NOW: 'soon' } });
    assert.equal(clock.status, 2);
    assert.match(clock.stderr, /DAYBOOK_NOW/);
    assert.equal(gone.stdout + flag.stdout + clock.stdout, '', 'nothing on stdout, the protocol\'s channel');
  });
});
