/// <reference lib="dom" />
/**
 * The web app in a real browser (Debian's chromium, driven by
 * playwright-core): the pages, following references, live updates, and the
 * safety of a journal that holds markup. Screenshots of each page go to
 * test-artifacts/web/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, haveBrowser, launch, openApp, rendered, shot } from './browser.js';
import type { Server } from '../src/web/server.js';
import { daybook, EXAMPLE, ROOT, tempDir } from './helpers.js';
import { NOW, serve, serveCommand } from './webserve.js';

describe('the web app in a browser', { skip: haveBrowser ? false : `SKIPPED: no ${CHROMIUM} (apt-get install chromium)` }, () => {
  let browser: Browser;
  let server: Server;
  let page: Page;
  let dir: string;
  const errors: string[] = [];

  before(async () => {
    dir = path.join(tempDir(), 'journal');
    fs.cpSync(EXAMPLE, dir, { recursive: true });
    server = await serve(dir);
    browser = await launch();
    page = await openApp(browser, server.url, errors);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the timeline: entries by day, newest first; jump to a date', async () => {
    const days = await page.locator('.day').allTextContents();
    assert.equal(days[0], '2025-11-05');
    assert.deepEqual(days, [...days].sort().reverse());
    await shot(page, 'timeline');
    await rendered(page, '#/?date=2025-09-05');
    assert.equal(await page.locator('.day').first().textContent(), '2025-09-05');
  });

  test('search for a Chinese word, as you type, with the word marked', async () => {
    await rendered(page, '#/');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'search');
    const before = await page.evaluate(() => document.body.dataset.rendered);
    await page.keyboard.type('写放大');
    await page.waitForFunction((b) => document.body.dataset.rendered !== b && location.hash.startsWith('#/search'), before);
    // The results of what was typed so far may show first (写放): wait for those of the whole word, which must come.
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('写放大') && Array.from(document.querySelectorAll('.hit mark'), (m) => m.textContent).includes('写放大'));
    assert.deepEqual([...new Set(await page.locator('.hit mark').allTextContents())], ['写放大']);
    assert.match((await page.locator('#search-count').textContent()) ?? '', /^\d+ of \d+ entries$/);
    await shot(page, 'search');
  });

  test('a reference with an item path lands on that item; backlinks; the thread', async () => {
    await rendered(page, '#/');
    await page.locator('a', { hasText: 'storage, tidepool, wal, fsync latency, cont2' }).first().click();
    await page.waitForSelector('article.entry');
    const ref = page.locator('a', { hasText: '"10:02 2025-09-01"1.2' });
    assert.equal(await ref.count(), 1);
    await ref.click();
    await page.waitForSelector('details.item.target');
    // The address says the moment and the item, readable: #/2025-09-01/10:02/1.2
    assert.match(page.url(), /#\/2025-09-01\/10:02\/1\.2$/);
    assert.equal(await page.locator('details.item.target').getAttribute('id'), 'item-1.2');
    assert.match((await page.locator('details.item.target > summary').textContent()) ?? '', /^2\), the spikes line up with the checkpoint timer\./);
    assert.ok(await page.locator('details.item.target').isVisible());
    await shot(page, 'entry-item');
    // Backlinks: this entry is named by a GTD task, by the entry we came from, and by a mail reply.
    const count = Number(/\((\d+)\)/.exec((await page.locator('#backlinks h2').textContent()) ?? '')![1]);
    assert.ok(count >= 3, `backlinks: ${count}`);
    assert.ok(await page.locator('#backlinks a', { hasText: 'fsync latency, cont2' }).count());
    // The thread: the next part, and the thread page with every part.
    await page.locator('.threadnav a', { hasText: 'cont2 →' }).click();
    await page.waitForFunction(() => document.querySelector('article.entry h1')?.textContent?.endsWith('cont2'));
    await page.locator('.threadnav a', { hasText: 'part 2' }).click();
    await page.waitForSelector('.thread');
    const parts = await page.locator('.thread > ul > li').allTextContents();
    assert.ok(parts.some((p) => p.startsWith('cont1')) && parts.some((p) => p.startsWith('cont5')));
    assert.ok(parts.some((p) => p.includes('missing')), 'a missing part is marked');
    await shot(page, 'thread');
  });

  test('a mail clip is shown as a mail; items fold', async () => {
    await rendered(page, '#/');
    await rendered(page, '#/search?q=Priya%20joins');
    await page.locator('.hit a').first().click();
    await page.waitForSelector('.mail');
    assert.match((await page.locator('.mail').first().textContent()) ?? '', /Marta Kowalski <marta@example\.org> — \[storage\] Priya joins the storage team {2}2025-08-29 17:12/);
    const item = page.locator('details.item').first();
    await item.locator('> summary').click();
    assert.equal(await item.evaluate((d) => (d as HTMLDetailsElement).open), false);
    await shot(page, 'mail');
  });

  test('the hours dashboard draws its charts; the day view and the report', async () => {
    await rendered(page, '#/hours?since=2025-09-01&until=2025-11-30');
    await page.waitForFunction(() => {
      const c = document.getElementById('hours-chart') as HTMLCanvasElement | null;
      return c && c.width > 0 && (window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): unknown } }).Chart?.getChart(c);
    });
    assert.ok((await page.locator('#days tr').count()) >= 5);
    await shot(page, 'hours');
    await page.locator('#days a', { hasText: '2025-10-06' }).click();
    await page.waitForSelector('#dayline .seg.task');
    assert.equal(await page.locator('#dayline .seg.session').count(), 2);
    await shot(page, 'day');
  });

  test('the report page shows exactly what daybook report prints for the same range, as text or Markdown; copy copies it', async () => {
    const env = { DAYBOOK_NOW: NOW };
    for (const [hash, args] of [
      ['#/report?since=2025-10-06&until=2025-10-12', ['--since', '2025-10-06', '--until', '2025-10-12']],
      ['#/report?week=2025-W36', ['--week', '2025-W36']],
      ['#/report?week=2025-W36&markdown=1', ['--week', '2025-W36', '--markdown']],
    ] as const) {
      const cli = daybook(['report', ...args, '--journal', EXAMPLE], { env });
      assert.equal(cli.status, 0, cli.stderr);
      await rendered(page, hash);
      assert.equal(await page.locator('pre.report').textContent(), cli.stdout, hash);
    }
    await rendered(page, '#/report?since=2025-10-06&until=2025-10-12');
    assert.match((await page.locator('pre.report').textContent()) ?? '', /^work report - 2025-10-06 to 2025-10-12\n1, done\n[^]*\n\d+\), focus 21 h of 18 h, over 3 h\. see"/);
    // Every reference is a link to the entry (or item) it names: following one opens that entry.
    const refs = page.locator('pre.report a');
    assert.equal(await refs.count(), ((await page.locator('pre.report').textContent()) ?? '').match(/"\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}"/g)!.length);
    const first = refs.filter({ hasText: /"\d+:\d+ [\d-]+"\d/ }).first();
    const [, hour, minute, year, month, day, item] = /^"(\d+):(\d+) (\d+)-(\d+)-(\d+)"([\d.]+)$/.exec((await first.textContent()) ?? '')!;
    assert.equal(await first.getAttribute('href'), `#/${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}/${hour!.padStart(2, '0')}:${minute}/${item}`);
    await rendered(page, (await first.getAttribute('href'))!);
    assert.equal(await page.locator('details.item.target').getAttribute('id'), `item-${item}`);
    await rendered(page, '#/report?since=2025-10-06&until=2025-10-12');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await page.locator('#copy-report').click();
    await page.waitForFunction(() => document.getElementById('copy-report')?.textContent === 'copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.locator('pre.report').textContent());
    await shot(page, 'report');
  });

  test('topics, TODOs and people pages', async () => {
    await rendered(page, '#/topics');
    assert.ok(await page.locator('ul.tree a', { hasText: 'storage' }).count());
    await rendered(page, '#/todos');
    assert.ok((await page.locator('tr.row').count()) >= 6);
    assert.match((await page.locator('#todo-topics').textContent()) ?? '', /storage \d/);
    await rendered(page, '#/people');
    assert.ok(await page.locator('td', { hasText: 'Marta Kowalski' }).count());
    await shot(page, 'people');
  });

  test('keys: j and k move through the rows, Enter opens, g t goes to today', async () => {
    await rendered(page, '#/');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const selected = await page.locator('.row.selected').getAttribute('data-href');
    assert.equal(selected, await page.locator('.row[data-href]').first().getAttribute('data-href'));
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => location.hash === h, selected);
    await page.keyboard.press('g');
    await page.keyboard.press('t');
    // Today is the server's (its clock, as DAYBOOK_NOW gives it to the CLI), not the browser's.
    await page.waitForFunction(() => location.hash === '#/?date=today');
    await page.waitForSelector('.row a');
  });

  test('a page updates within a second when the journal is appended to, without a reload', async () => {
    await rendered(page, '#/');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    fs.appendFileSync(path.join(dir, '2025-11.txt'), '\n16:00 2025-11-27\nlive, appended while the page is open\n1, hello from the editor\n');
    const t0 = Date.now();
    await page.waitForSelector('a:has-text("live, appended while the page is open")', { timeout: 5000 });
    const waited = Date.now() - t0;
    assert.ok(waited < 1500, `updated after ${waited} ms`);
    assert.equal(await page.evaluate(() => (window as unknown as { marker: number }).marker), 42, 'no reload');
    await shot(page, 'live');
  });

  test('fits a phone-width screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 700 } });
    await phone.goto(server.url);
    await phone.waitForFunction(() => document.body.dataset.rendered);
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 376));
    await phone.screenshot({ path: path.join(ARTIFACTS, 'phone.png') });
    await phone.close();
  });

  test('no script errors on any page', async () => {
    // Every page is drawn here, whatever the tests before did (or skipped): the check stands on its own.
    const thread = `#/thread/${encodeURIComponent('storage, tidepool, wal, fsync latency')}`;
    // (Starting from a page the tests before did not leave the app on: the same hash again draws nothing new.)
    const pages = ['#/topics', '#/?date=2025-09-05', '#/', '#/search?q=wal', '#/hours?since=2025-09-01&until=2025-11-30', '#/report?week=2025-W41', '#/report?week=2025-W41&markdown=1', '#/todos', '#/people', '#/threads', thread];
    for (const hash of pages) {
      await rendered(page, hash);
      assert.ok(((await page.locator('main, body').first().textContent()) ?? '').trim().length > 0, `${hash} drew something`);
    }
    await rendered(page, '#/?date=2025-10-06');
    const entry = await page.locator('.row a[data-preview]').first().getAttribute('href');
    assert.ok(entry, 'an entry link on the timeline');
    await rendered(page, entry);
    await page.waitForSelector('article.entry');
    // The collector sees an error when there is one: a thrown error is caught, then taken out again.
    const seen = errors.length;
    await page.evaluate(() => setTimeout(() => {
      throw new Error('probe: the error collector works');
    }, 0));
    for (let i = 0; i < 100 && errors.length === seen; i++) await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    assert.deepEqual(errors.splice(seen), ['probe: the error collector works']);
    assert.deepEqual(errors, []);
  });
});

describe('safety', { skip: haveBrowser ? false : `SKIPPED: no ${CHROMIUM} (apt-get install chromium)` }, () => {
  test('journal text with <script>, <img onerror>, javascript: URLs and "><svg onload> renders as text, and no script runs', async () => {
    const dir = path.join(tempDir(), 'hostile');
    fs.mkdirSync(dir);
    const hostile = [
      '9:00 2024-05-01',
      'security, <script>window.__pwned = 1</script>',
      '1, <img src=x onerror="window.__pwned = 2">',
      '2, click javascript:window.__pwned=3 or <a href="javascript:window.__pwned=4">here</a>',
      '3, "><svg onload="window.__pwned=5">',
      '4, a mail clip:',
      '"Eve <script>alert(1)</script>" <eve@example.org>"_email_"<b>bold</b> offer"_20240501_0900',
      'https://example.org/?q="><script>window.__pwned=6</script>',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'j.txt'), hostile);
    const server = await serve(dir);
    const browser = await launch();
    try {
      const page = await browser.newPage();
      let dialogs = 0;
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      await page.goto(server.url);
      await page.waitForFunction(() => document.body.dataset.rendered);
      await page.locator('.row a').first().click();
      await page.waitForSelector('article.entry');
      // Whatever the page loads (an injected image, a script) has loaded by now: no fixed delay.
      await page.waitForLoadState('networkidle');
      let clicked = 0;
      for (const a of await page.locator('article a').all()) {
        const href = (await a.getAttribute('href')) ?? '';
        if (href.startsWith('#')) continue;
        await a.click({ modifiers: ['Shift'] }).catch(() => undefined);
        clicked++;
      }
      // The links of the text were there to click (the https URL at least): the check above tested something.
      assert.ok(clicked >= 1, 'links of the hostile text were clicked');
      const text = (await page.locator('article').textContent()) ?? '';
      assert.ok(text.includes('<script>window.__pwned = 1</script>'));
      assert.ok(text.includes('<img src=x onerror="window.__pwned = 2">'));
      assert.ok(text.includes('"><svg onload="window.__pwned=5">'));
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      assert.equal(await page.locator('article script, article img, article svg').count(), 0);
      assert.ok((await page.locator('article a[href^="javascript:"]').count()) === 0);
      assert.equal(dialogs, 0);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'hostile.png'), fullPage: true });
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe('the server refuses what it must', () => {
  let server: Server;
  before(async () => {
    server = await serve(EXAMPLE);
  });
  after(async () => server?.close());

  /** A raw request, so that the path is sent exactly as written. */
  function raw(pathname: string, host?: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    const url = new URL(server.url);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write(`${method} ${pathname} HTTP/1.1\r\nHost: ${host ?? url.host}\r\nConnection: close\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString('utf8')));
      socket.on('end', () => {
        const [head, ...rest] = data.split('\r\n\r\n');
        const lines = head!.split('\r\n');
        const headers: http.IncomingHttpHeaders = {};
        for (const l of lines.slice(1)) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
        resolve({ status: Number(lines[0]!.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
      });
      socket.on('error', reject);
    });
  }

  test('a request for another Host (DNS rebinding) is refused', async () => {
    assert.equal((await raw('/', 'evil.example.com')).status, 403);
    assert.equal((await raw('/api/timeline', `evil.example.com:${new URL(server.url).port}`)).status, 403);
    assert.equal((await raw('/')).status, 200);
  });

  test('path traversal, plain and encoded, gets 404', async () => {
    for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/%252e%252e/etc/passwd', '/static/../../package.json', '/app.js/../../../etc/passwd', '/....//....//etc/passwd']) {
      const r = await raw(p);
      assert.equal(r.status, 404, p);
      assert.ok(!r.body.includes('root:'), p);
    }
  });

  test('every response forbids inline script; the app never writes', async () => {
    const r = await raw('/');
    assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
    assert.doesNotMatch(String(r.headers['content-security-policy']), /unsafe-inline/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal((await raw('/api/timeline', undefined, 'POST')).status, 405);
    assert.equal((await raw('/api/entry?id=nope')).status, 404);
    assert.equal((await raw('/api/search?q=%22open')).status, 400);
  });
});

describe('daybook serve, the command', () => {
  test('prints its address, serves the app, stops on SIGTERM', async () => {
    const { url, proc } = await serveCommand([EXAMPLE, '--port', '0', '--index', path.join(tempDir(), 'i.sqlite')], { HOME: tempDir() });
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<script src="\/app.js" type="module">/);
    const timeline = (await (await fetch(`${url}api/timeline?limit=5`)).json()) as { total: number };
    assert.equal(timeline.total, 33);
    proc.kill('SIGTERM');
    const code = await new Promise((r) => proc.on('exit', r));
    assert.equal(code, 0);
  });

  test('--host shares the journal on the network behind a token, and says the traffic is not encrypted', async () => {
    const { spawn } = await import('node:child_process');
    const proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'daybook.js'), 'serve', EXAMPLE, '--host', '0.0.0.0', '--port', '0', '--index', path.join(tempDir(), 'i.sqlite')], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: tempDir() } });
    let err = '';
    proc.stderr.on('data', (d) => (err += d));
    try {
      const link = await new Promise<string>((resolve, reject) => {
        let out = '';
        proc.stdout.on('data', (d) => {
          out += d;
          const m = /shared at (http:\/\/[\d.]+:\d+\/\?token=[\w-]+)\n/.exec(out);
          if (m) resolve(m[1]!);
        });
        proc.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      const url = new URL(link);
      const local = `http://127.0.0.1:${url.port}/`;
      assert.equal((await fetch(`${local}api/timeline`)).status, 401, 'nothing without the token');
      const res = await fetch(`${local}?token=${url.searchParams.get('token')}`, { redirect: 'manual' });
      assert.equal(res.status, 303);
      const jar = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      assert.equal(((await (await fetch(`${local}api/timeline`, { headers: { cookie: jar } })).json()) as { total: number }).total, 33);
      assert.match(err, /anyone with this link can read the journal, and the traffic is not encrypted/);
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.on('exit', r));
    }
  });

  test('a bad port or host is refused with an example', async () => {
    for (const [args, message] of [
      [['--port', 'eighty'], /--port eighty is not a port\n {2}expected a number from 0 to 65535/],
      [['--port', '70000'], /--port 70000 is not a port/],
      [['--host', 'a b'], /--host "a b" is not an address/],
      [['--host', '0.0.0.0', '--token', 'short'], /the token is too short.*\n {2}expected 16 or more of them, e.g. --token /],
      [['--token', 'k3Jd8sQm2Lx9Vb4Nw7Pz'], /--token is for a server shared beyond this machine\n {2}expected it with --host/],
    ] as const) {
      const r = daybook(['serve', EXAMPLE, ...args]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
    }
  });
});
