/**
 * The web app's API against the CLI, and how the client is built: the
 * report the server sends is exactly what `daybook report` prints; the
 * client's modules are all served, import only each other, and take their
 * types from dependency-free server modules.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ApiResponse } from '../src/web/api.js';
import { API_ROUTES, CLIENT_MODULES, startServer, type Server } from '../src/web/server.js';
import { conventional } from '../src/cli/json.js';
import { readJournal } from '../src/journal/read.js';
import { readMoment } from '../src/model/moment.js';
import { daybook, EXAMPLE, ROOT, tempDir } from './helpers.js';
import { NOW, serve } from './webserve.js';

describe('the API', () => {
  let server: Server;
  before(async () => {
    server = await serve(EXAMPLE);
  });
  after(async () => server?.close());

  async function report(params: Record<string, string>): Promise<ApiResponse<'report'>> {
    const res = await fetch(`${server.url}api/report?${new URLSearchParams(params)}`);
    assert.equal(res.status, 200);
    return (await res.json()) as ApiResponse<'report'>;
  }

  const cli = (args: string[]): string => {
    const r = daybook(['report', ...args, '--journal', EXAMPLE], { env: { DAYBOOK_NOW: NOW } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };

  test('/api/report sends the text daybook report prints, week by week and for a range', async () => {
    const weeks = ['2025-W36', '2025-W37', '2025-W41', '2025-W42', '2025-W45', 'last week', 'this week'];
    for (const week of weeks) {
      const r = await report({ week });
      assert.equal(r.text, cli(['--week', week]), week);
    }
    const r = await report({ since: '2025-09-01', until: '2025-10-12' });
    assert.equal(r.text, cli(['--since', '2025-09-01', '--until', '2025-10-12']));
    assert.match(r.text, /^work report - 2025-09-01 to 2025-10-12\n1, done\n/);
    assert.match(r.text, /\n\d+\), focus [\d.]+ h of [\d.]+ h.*\. see"/);
    assert.ok(r.tasks.length > 8 && r.groups.length > 0, 'and the data');
  });

  test('/api/report sends the Markdown daybook report --markdown prints', async () => {
    for (const week of ['2025-W36', '2025-W41']) assert.equal((await report({ week })).markdown, cli(['--week', week, '--markdown']), week);
  });

  test('/api/now and /api/hours answer what daybook now --json and hours --json print, by the same clock and balance policy', async () => {
    const json = (args: string[], env: Record<string, string>) => {
      // Run in the journal's directory: files are named as the web app names them.
      const r = daybook([...args, '--journal', EXAMPLE, '--json'], { env, cwd: EXAMPLE });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as unknown;
    };
    const get = async (srv: Server, route: string) => {
      const res = await fetch(`${srv.url}api/${route}`);
      assert.equal(res.status, 200);
      return (await res.json()) as unknown;
    };
    // The web answers in the queries' own shapes; the command line writes them by its JSON convention.
    const asCli = (web: unknown) => conventional(web, { root: EXAMPLE, cwd: EXAMPLE, minutes: true });
    assert.deepEqual(asCli(await get(server, 'now')), json(['now'], { DAYBOOK_NOW: NOW }));
    // Inside the open session of 2025-10-13, counting only shortfalls.
    const cfgFile = path.join(tempDir(), 'config.json');
    fs.writeFileSync(cfgFile, JSON.stringify({ balance: 'shortfall' }));
    const at = '2025-10-13 16:00';
    const other = await serve(EXAMPLE, { config: { balance: 'shortfall' } }, at);
    try {
      const fromWeb = (await get(other, 'now')) as ApiResponse<'now'>;
      assert.deepEqual(asCli(fromWeb), json(['now', '--config', cfgFile], { DAYBOOK_NOW: at }));
      assert.deepEqual([fromWeb.policy, fromWeb.reachedAtText, fromWeb.open.length], ['shortfall', '17:14', 2]);
      const hours = (await get(other, 'hours?since=2025-10-06&until=2025-10-13')) as ApiResponse<'hours'>;
      assert.deepEqual(asCli(hours), json(['hours', '--since', '2025-10-06', '--until', '2025-10-13', '--config', cfgFile], { DAYBOOK_NOW: at }));
      assert.equal(hours.policy, 'shortfall');
      const report = (await get(other, 'report?week=2025-W41')) as ApiResponse<'report'>;
      assert.equal(report.text, daybook(['report', '--week', '2025-W41', '--journal', EXAMPLE, '--config', cfgFile], { env: { DAYBOOK_NOW: at } }).stdout);
      assert.match(report.text, /\n\d+\), focus 21 h of 18 h, short .* \(shortfalls only\)\. see"/);
    } finally {
      await other.close();
    }
  });

    test('a bad week is refused with the reason; only the routes there are answer', async () => {
    const res = await fetch(`${server.url}api/report?week=2025-W99`);
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /2025-W99/);
    for (const route of ['nope', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) assert.equal((await fetch(`${server.url}api/${route}`)).status, 404, route);
  });
});

describe('the client', () => {
  const out = path.join(ROOT, 'dist', 'web', 'web', 'client');

  test('every client module is compiled and served as it was compiled', async () => {
    const built = fs.readdirSync(out).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort();
    const sources = fs.readdirSync(path.join(ROOT, 'web', 'client')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
    assert.deepEqual([...CLIENT_MODULES].sort(), sources);
    assert.deepEqual(built.filter((m) => sources.includes(m)), sources);
    const server = await serve(EXAMPLE);
    try {
      for (const m of CLIENT_MODULES) {
        const res = await fetch(`${server.url}${m}.js`);
        assert.equal(res.status, 200, m);
        assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
        assert.equal(await res.text(), fs.readFileSync(path.join(out, `${m}.js`), 'utf8'));
      }
    } finally {
      await server.close();
    }
  });

  test('the browser code imports only its own modules: the server types are erased', () => {
    for (const m of CLIENT_MODULES) {
      const js = fs.readFileSync(path.join(out, `${m}.js`), 'utf8');
      const specifiers = [...js.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm)].map((x) => x[1] ?? x[2] ?? x[3]!);
      if (m === 'app') assert.ok(specifiers.length >= 9, 'app.js imports the pages');
      for (const s of specifiers) {
        assert.match(s, /^\.\/[a-z]+\.js$/, `${m}.js imports ${s}`);
        assert.ok((CLIENT_MODULES as readonly string[]).includes(s.slice(2, -3)), `${m}.js imports ${s}`);
      }
    }
  });

  test('its types come from modules without code or dependencies (compiled without Node types)', () => {
    const typeModules = ['src/web/api.ts', 'src/query/shapes.ts', 'src/search/shapes.ts', 'src/hours/shapes.ts'];
    for (const f of typeModules) {
      const ts = fs.readFileSync(path.join(ROOT, f), 'utf8');
      for (const m of ts.matchAll(/^(import|export)\b[^;]*?from\s*'([^']+)'/gm)) {
        assert.match(m[0], /^(import|export) type /, `${f}: ${m[0]}`);
        assert.ok(typeModules.includes(path.join(path.dirname(f), m[2]!.replace(/\.js$/, '.ts'))), `${f}: ${m[0]}`);
      }
      assert.doesNotMatch(ts, /^(export )?(const|let|var|function|class|enum) /m, `${f} has code`);
    }
    const client = fs.readdirSync(path.join(ROOT, 'web', 'client')).map((f) => fs.readFileSync(path.join(ROOT, 'web', 'client', f), 'utf8'));
    for (const ts of client) for (const m of ts.matchAll(/^import\b[^;]*?from\s*'(\.\.\/[^']+)'/gm)) assert.match(m[0], /^import type \{[^}]*\} from '\.\.\/\.\.\/src\/web\/api\.js'$/, m[0]);
  });
});

describe('an index the web app cannot use', () => {
  test('a directory, a path under a file, a damaged file: the app serves with another index and says why', async () => {
    const dir = tempDir();
    const under = path.join(dir, 'a-file');
    fs.writeFileSync(under, 'x');
    const damaged = path.join(dir, 'damaged.sqlite');
    fs.writeFileSync(damaged, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(8192, 0x5a)]));
    const files = fs.readdirSync(EXAMPLE).sort().map((f) => ({ path: path.join(EXAMPLE, f), shown: f }));
    for (const [indexFile, said] of [
      [dir, /cannot use the index .*: it is a directory; serving with a temporary index; give it a path that can be written with --index PATH or DAYBOOK_INDEX/],
      [path.join(under, 'index.sqlite'), /cannot use the index .*a-file\/index\.sqlite: .*serving with a temporary index/],
      [damaged, /the index .*damaged\.sqlite is (damaged|not a daybook index|not an index)|moved it/],
    ] as const) {
      const log: string[] = [];
      const server = await startServer({ files, cwd: EXAMPLE, host: '127.0.0.1', port: 0, indexFile, config: {}, now: () => ({ today: NOW.slice(0, 10), minutes: 600 }), log: (l) => log.push(l) });
      try {
        const res = await fetch(`${server.url}api/search?q=fsync`);
        assert.equal(res.status, 200);
        assert.ok(((await res.json()) as { hits: unknown[] }).hits.length > 0, 'the search answers from the other index');
        // The switch of a search by meaning: 压缩 is found for "compression", saying so.
        const meaning = (await (await fetch(`${server.url}api/search?q=compression&meaning=1`)).json()) as ApiResponse<'search'>;
        assert.ok(meaning.hits.some((h) => h.meaning?.some((m) => m.word === '压缩' && m.from === 'compression') && h.id !== undefined), 'found by meaning, with its page');
        assert.match(log.join('\n'), said);
      } finally {
        await server.close();
      }
    }
  });
});

describe('requests from another site', () => {
  let server: Server;
  before(async () => {
    server = await serve(EXAMPLE);
  });
  after(async () => server?.close());

  test('the API refuses a request that says it comes from another site, and answers the app and a typed address', async () => {
    const ask = (headers: Record<string, string>) => fetch(`${server.url}api/hours?since=2025-09-01&until=2025-09-30`, { headers });
    for (const headers of [{ 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }, { Origin: 'http://evil.example' }, { Origin: 'null' }] as Record<string, string>[]) {
      const res = await ask(headers);
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.match(await res.text(), /answers only the app itself/);
    }
    for (const headers of [{}, { 'Sec-Fetch-Site': 'same-origin' }, { 'Sec-Fetch-Site': 'none' }, { Origin: server.url.replace(/\/$/, '') }] as Record<string, string>[]) {
      const res = await ask(headers);
      assert.equal(res.status, 200, JSON.stringify(headers));
    }
    // The page itself still loads from anywhere (a link to it is fine); only the API is guarded.
    assert.equal((await fetch(server.url, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status, 200);
  });

  test('a range of many years is refused, not computed', async () => {
    const res = await fetch(`${server.url}api/hours?since=0001-01-01&until=9999-12-31`);
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /longer than two years/);
    // Two years is the bound, counted in days: 731 are answered, 732 are not.
    assert.equal((await fetch(`${server.url}api/hours?since=2023-11-25&until=2025-11-25`)).status, 200);
    assert.equal((await fetch(`${server.url}api/report?since=2023-11-25&until=2025-11-25`)).status, 200);
    assert.equal((await fetch(`${server.url}api/hours?since=2023-11-24&until=2025-11-25`)).status, 400);
  });
});

describe('the API, bounded', () => {
  let server: Server;
  before(async () => {
    server = await serve(EXAMPLE);
  });
  after(async () => server?.close());

  test('every route, and the live stream, refuses a request from another site', async () => {
    assert.ok(API_ROUTES.length >= 10);
    for (const route of [...API_ROUTES, 'events']) {
      for (const headers of [{ 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'http://evil.example' }] as Record<string, string>[]) {
        const res = await fetch(`${server.url}api/${route}`, { headers });
        assert.equal(res.status, 403, `${route} ${JSON.stringify(headers)}`);
        await res.text();
      }
    }
  });

  test('the lists come a page at a time; a bad page is refused with an example', async () => {
    const all = (await (await fetch(`${server.url}api/people?limit=500`)).json()) as ApiResponse<'people'>;
    assert.ok(all.total >= 3, `${all.total} people`);
    const two = (await (await fetch(`${server.url}api/people?offset=1&limit=2`)).json()) as ApiResponse<'people'>;
    assert.deepEqual(two.rows, all.rows.slice(1, 3));
    assert.equal(two.total, all.total);
    const huge = (await (await fetch(`${server.url}api/todos?limit=999999999`)).json()) as ApiResponse<'todos'>;
    assert.ok(huge.rows.length <= 500);
    const past = (await (await fetch(`${server.url}api/threads?offset=999999999`)).json()) as ApiResponse<'threads'>;
    assert.deepEqual(past.rows, []);
    for (const [q, expected] of [
      ['todos?offset=abc', /offset "abc" is not a number.*e\.g\. offset=0/],
      ['people?limit=-5', /limit "-5" is not a number.*e\.g\. limit=100/],
      ['todos?state=later', /state "later" is not a state.*open or done/],
      ['threads?key=no%20such%20thread', /no thread no such thread/],
      ['entry?id=2025-13-45/99:99', /no entry 2025-13-45\/99:99.*e\.g\. 2013-02-16\/11:07/],
    ] as [string, RegExp][]) {
      const res = await fetch(`${server.url}api/${q}`);
      assert.ok(res.status === 400 || res.status === 404, `${q}: ${res.status}`);
      const body = (await res.json()) as { error: string; hint?: string };
      assert.match(`${body.error} ${body.hint ?? ''}`, expected);
    }
  });

  test('an entry is sent by its readable address; a long one is cut, and says by how much', async () => {
    const dir = path.join(tempDir(), 'long');
    fs.mkdirSync(dir);
    const lines = Array.from({ length: 5000 }, (_, i) => `[ ${i}.000] a pasted log line ${i}`);
    fs.writeFileSync(path.join(dir, 'j.txt'), `9:00 2026-01-05\nlogs, long\n1, the log:\n${lines.join('\n')}\n\n10:00 2026-01-05\nlogs, one line\n1, ${'x'.repeat(50_000)} see"9:00 2026-01-05".\n`);
    const own = await serve(dir);
    try {
      const first = (await (await fetch(`${own.url}api/entry?id=2026-01-05/09:00`)).json()) as ApiResponse<'entry'>;
      assert.equal(first.lines.length, 3000);
      assert.equal(first.cut, 5003 - 3000);
      assert.equal(first.items[0]!.last, 2999);
      const all = (await (await fetch(`${own.url}api/entry?id=2026-01-05/09:00&lines=all`)).json()) as ApiResponse<'entry'>;
      assert.equal(all.lines.length, 5003);
      assert.equal(all.cut, undefined);
      assert.equal(all.lines.at(-1)!.pieces.map((p) => p.text).join(''), '[ 4999.000] a pasted log line 4999');
      assert.equal(all.lines.at(-1)!.style, 'log');
      // A line of 50,000 characters is sent cut, saying how much was left out; a reference past the cut is not sent.
      const wide = (await (await fetch(`${own.url}api/entry?id=2026-01-05/10:00`)).json()) as ApiResponse<'entry'>;
      const line = wide.lines.find((l) => l.cut)!;
      assert.equal(line.pieces.map((p) => p.text).join('').length, 20_000);
      assert.equal(line.cut, '1, '.length + 50_000 + ' see"9:00 2026-01-05".'.length - 20_000);
    } finally {
      await own.close();
    }
  });

  test('each entry\'s reference, in the journal\'s words, names that entry again', async () => {
    const journal = readJournal([EXAMPLE], EXAMPLE);
    const page = (await (await fetch(`${server.url}api/timeline?limit=500`)).json()) as ApiResponse<'timeline'>;
    assert.equal(page.rows.length, journal.entries.length);
    for (const row of page.rows) {
      const e = (await (await fetch(`${server.url}api/entry?id=${encodeURIComponent(row.id)}`)).json()) as ApiResponse<'entry'>;
      const quoted = /^see"([^"]+)"$/.exec(e.reference)?.[1];
      assert.ok(quoted, e.reference);
      const named = journal.entriesAt(readMoment(quoted)!);
      assert.ok(named.some((x) => x.line === e.line && x.file.path.endsWith(path.basename(e.file))), `${e.reference} names ${e.moment}`);
    }
  });

  test('a new file in the journal\'s directory is taken in, and one deleted is taken out', async () => {
    const dir = path.join(tempDir(), 'months');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '2026-01.txt'), '9:00 2026-01-05\njanuary, first\n1, hello.\n');
    const own = await serve(dir);
    const total = async () => ((await (await fetch(`${own.url}api/timeline`)).json()) as ApiResponse<'timeline'>).total;
    const until = async (want: number) => {
      for (let i = 0; i < 400 && (await total()) !== want; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await total(), want);
    };
    try {
      assert.equal(await total(), 1);
      fs.writeFileSync(path.join(dir, '2026-02.txt'), '9:00 2026-02-02\nfebruary, first\n1, a new month.\n\n10:00 2026-02-02\nfebruary, second\n1, 二月.\n');
      await until(3);
      const hits = (await (await fetch(`${own.url}api/search?q=${encodeURIComponent('二月')}`)).json()) as ApiResponse<'search'>;
      assert.equal(hits.hits.length, 1, 'the new file is searched too');
      fs.rmSync(path.join(dir, '2026-01.txt'));
      await until(2);
    } finally {
      await own.close();
    }
  });
});

describe('sharing on a network, with a token', () => {
  const TOKEN = 'k3Jd8sQm2Lx9Vb4Nw7Pz';
  let server: Server;
  before(async () => {
    server = await serve(EXAMPLE, { token: TOKEN });
  });
  after(async () => server?.close());

  test('without the token nothing is answered; the link with it sets a cookie that lets the app in', async () => {
    for (const p of ['', 'app.js', 'api/timeline', 'api/events', `?token=${TOKEN}x`, '?token=']) {
      const res = await fetch(`${server.url}${p}`);
      assert.equal(res.status, 401, p);
      assert.match(await res.text(), /shared with a token/);
    }
    const res = await fetch(`${server.url}?token=${TOKEN}`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/');
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const jar = cookie.split(';')[0]!;
    assert.equal((await fetch(`${server.url}api/timeline`, { headers: { cookie: jar } })).status, 200);
    // Any name of this machine will do with the token (the address another machine uses), and a wrong token is refused.
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        http.get(`${server.url}api/timeline`, { headers }, (r) => (r.resume(), resolve(r.statusCode ?? 0))).on('error', reject);
      });
    assert.equal(await status({ cookie: jar, host: 'my-laptop.lan:4747' }), 200);
    assert.equal(await status({ host: 'my-laptop.lan:4747' }), 401);
    assert.equal((await fetch(`${server.url}api/timeline`, { headers: { cookie: 'daybook_token=nope' } })).status, 401);
    // Another site still cannot use the API, even in a browser that holds the cookie.
    assert.equal((await fetch(`${server.url}api/timeline`, { headers: { cookie: jar, 'Sec-Fetch-Site': 'cross-site' } })).status, 403);
  });
});
