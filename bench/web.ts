/**
 * The web app's benchmark on a generated 100 MB journal (DAYBOOK_BENCH_WEB_MB):
 * `daybook serve` as its own process; in Debian's chromium, the time to the
 * first rendered timeline and to search results; then the server's response
 * times for the main pages under 20 concurrent clients (autocannon, on
 * 127.0.0.1, 5 s a page). Targets: entry page and search p95 under 50 ms.
 * autocannon reports p90 and p97.5, not p95: p97.5 under 50 ms bounds p95.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { benchJournal } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', 'bin', 'daybook.js');
const mb = Number(process.env.DAYBOOK_BENCH_WEB_MB ?? 100);

const gen = benchJournal('web', mb);
const { dir, file } = gen;
console.log(`web benchmark: ${(gen.bytes / 1024 / 1024).toFixed(0)} MB journal, ${gen.entries} entries`);
const started = Date.now();
const server = spawn(process.execPath, [bin, 'serve', file, '--port', '0', '--index', path.join(dir, 'index.sqlite')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, HOME: dir } });
try {
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.on('exit', (code) => reject(new Error(`daybook serve exited with ${code}`)));
  });
  console.log(`server ready (journal read, first index built) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const word = gen.latin[1000]!;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage();
    const times: number[] = [];
    const searches: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await page.goto(url);
      await page.waitForSelector('.row a');
      times.push(performance.now() - t);
      const s = performance.now();
      await page.evaluate((q) => (location.hash = `#/search?q=${encodeURIComponent(q)}`), `${word}`);
      await page.waitForSelector('.hit mark');
      searches.push(performance.now() - s);
      await page.evaluate(() => (location.hash = '#/'));
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`in the browser (median of 5): first rendered timeline ${med(times).toFixed(0)} ms; search results for "${word}" ${med(searches).toFixed(0)} ms`);

    // One entry appended to the file (as an editor or \`daybook new\` would): how long until the open
    // timeline shows it (the server reads the file from its old end and tells the page), and until a
    // search finds it.
    await page.goto(url);
    await page.waitForSelector('.row a');
    const shown: number[] = [];
    const found: number[] = [];
    for (let i = 0; i < 5; i++) {
      const mark = `appendmark${i}x${Date.now() % 100000}`;
      const t = performance.now();
      fs.appendFileSync(file, `\n23:${String(10 + i).padStart(2, '0')} 2099-12-31\nbench, ${mark}\n1, appended by the benchmark.\n`);
      await page.waitForFunction((m) => document.body.textContent!.includes(m), mark, { polling: 10, timeout: 30_000 });
      shown.push(performance.now() - t);
      for (;;) {
        const r = (await (await fetch(`${url}api/search?q=${mark}`)).json()) as { hits: unknown[] };
        if (r.hits.length > 0) break;
      }
      found.push(performance.now() - t);
    }
    console.log(`one entry appended: shown in the open timeline after ${med(shown).toFixed(0)} ms, found by the web search after ${med(found).toFixed(0)} ms (median of 5; target 500 ms)`);
  } finally {
    await browser.close();
  }

  const timeline = (await (await fetch(`${url}api/timeline?offset=${Math.floor(gen.entries / 2)}&limit=100`)).json()) as { rows: { id: string }[] };
  const entryIds = timeline.rows.map((r) => r.id);
  const pages: [string, string[]][] = [
    ['timeline', [`${url}api/timeline?limit=100`, `${url}api/timeline?offset=100000&limit=100`]],
    ['entry', entryIds.map((id) => `${url}api/entry?id=${id}`)],
    ['search', [gen.latin[300]!, gen.latin[1000]!, gen.latin[3000]!, gen.zh[300]!].map((q) => `${url}api/search?q=${encodeURIComponent(q)}`)],
  ];
  console.log('\nunder 20 concurrent clients, 5 s a page (autocannon):');
  console.log('page        requests   p50 ms   p90 ms  p97.5 ms   p99 ms');
  for (const [name, urls] of pages) {
    let k = 0;
    const next = () => {
      const u = new URL(urls[k++ % urls.length]!);
      return u.pathname + u.search;
    };
    const result = await autocannon({
      url: urls[0]!,
      connections: 20,
      duration: 5,
      requests: [{ setupRequest: (req) => ({ ...req, path: next() }) }],
    });
    const l = result.latency;
    console.log(`${name.padEnd(10)} ${String(result.requests.total).padStart(9)} ${String(l.p50).padStart(8)} ${String(l.p90).padStart(8)} ${String(l.p97_5).padStart(9)} ${String(l.p99).padStart(8)}${result.non2xx ? `  (${result.non2xx} errors)` : ''}`);
  }
  console.log('target: entry page and search p95 under 50 ms (p97.5 under 50 ms bounds it)');
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });
}
