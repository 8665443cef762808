/**
 * The MCP server's benchmark (DAYBOOK_BENCH_MCP_MB, default 100): a
 * generated journal served by `daybook mcp` over stdio to the SDK's own
 * client, then each tool called with arguments drawn from the journal
 * (moments, words, weeks), every answer redacted. Baseline in the same run:
 * `tools/list`, a round trip that reads nothing. Target: p95 under 100 ms a
 * call.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { benchJournal, rng } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', 'bin', 'daybook.js');
const mb = Number(process.env.DAYBOOK_BENCH_MCP_MB ?? 100);
const gen = benchJournal('mcp', mb);
const { dir, file } = gen;
const text = fs.readFileSync(file, 'utf8');
console.log(`MCP server benchmark: ${(gen.bytes / 1024 / 1024).toFixed(0)} MB, ${gen.entries} entries`);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
// The same calls every run.
const next = rng(7);
const random = (n: number): number => Math.floor(next() * n);
const pick = <T>(xs: T[]): T => xs[random(xs.length)]!;
const headers = [...text.matchAll(/(?:^|\n\n)(\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2})\n/g)].map((m) => m[1]!);
const headerSet = new Set(headers);
const referred = [...new Set([...text.matchAll(/see"(\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2})"/g)].map((m) => m[1]!))].filter((m) => headerSet.has(m));
const months = [...new Set(headers.map((h) => /(\d{4})-(\d{1,2})/.exec(h)!).map((m) => `${m[1]}-${m[2]!.padStart(2, '0')}`))];
const threads = [...new Set([...text.matchAll(/\n([^\n,]+, [^\n,]+), cont\d+\n/g)].map((m) => m[1]!))];
const words = [...gen.latin, ...gen.zh];

const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp', '--journal', file, '--index', path.join(dir, 'index.sqlite')], env: { PATH: process.env.PATH ?? '', HOME: dir }, stderr: 'inherit' });
const client = new Client({ name: 'daybook-bench', version: '1.0.0' });
try {
  let t = performance.now();
  await client.connect(transport);
  console.log(`handshake: ${(performance.now() - t).toFixed(0)} ms`);
  const time = async (f: () => Promise<unknown>): Promise<number> => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };
  // The journal is read and indexed after the handshake: the first call waits for it.
  t = performance.now();
  await client.callTool({ name: 'search', arguments: { query: pick(words) } });
  console.log(`first call (the journal read and indexed): ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const base: number[] = [];
  for (let i = 0; i < 50; i++) base.push(await time(() => client.listTools()));
  const args: Record<string, () => Record<string, unknown>> = {
    search: () => ({ query: `${pick(words)}${random(2) ? ` ${pick(words)}` : ''}`, limit: 20 }),
    show: () => ({ ref: pick(headers) }),
    backlinks: () => ({ ref: referred.length ? pick(referred) : pick(headers) }),
    thread: () => ({ name: threads.length ? pick(threads) : pick(headers) }),
    todos: () => ({ state: 'open' }),
    hours: () => ({ month: pick(months) }),
    report: () => ({ week: `${pick(months).slice(0, 4)}-W${String(1 + random(52)).padStart(2, '0')}` }),
  };
  const all: number[] = [];
  for (const [name, make] of Object.entries(args)) {
    // The first call of a tool builds what later calls reuse (the todo list, the people for redaction): counted apart.
    let errors = 0;
    const call = async () => {
      const r = (await client.callTool({ name, arguments: make() })) as { isError?: boolean };
      if (r.isError) errors++;
    };
    const first = await time(call);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) times.push(await time(call));
    all.push(...times);
    console.log(`${name.padEnd(10)} n=${times.length}  p50 ${pct(times, 0.5).toFixed(1).padStart(7)} ms  p95 ${pct(times, 0.95).toFixed(1).padStart(7)} ms  (first ${first.toFixed(0)} ms; ${errors} answered with a tool error)`);
  }
  const p95 = pct(all, 0.95);
  console.log(`all calls  n=${all.length}  p95 ${p95.toFixed(1)} ms = ${(p95 / 100).toFixed(2)} x the 100 ms target; ${(p95 / pct(base, 0.95)).toFixed(1)} x a tools/list round trip (p95 ${pct(base, 0.95).toFixed(1)} ms)`);
  console.log('target: p95 under 100 ms a call');
} finally {
  await client.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
