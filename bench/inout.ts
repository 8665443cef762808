/**
 * `npm run bench` (in and out): generates a journal (DAYBOOK_BENCH_MB, 20 MB
 * by default) in a temp dir and times, each in a fresh process through the
 * real CLI, the exports of the whole journal and the JSON import back,
 * against `daybook check` on the same journal in the same run (which also
 * reads every entry whole). Medians of DAYBOOK_BENCH_RUNS runs (3); ratios to
 * the baseline printed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateJournal } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', 'bin', 'daybook.js');
const mb = Number(process.env.DAYBOOK_BENCH_MB ?? 20);
const runs = Number(process.env.DAYBOOK_BENCH_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-bench-inout-'));
try {
  const file = path.join(dir, 'journal.txt');
  const gen = generateJournal(file, mb * 1024 * 1024);
  console.log(`in and out: ${(gen.bytes / 1024 / 1024).toFixed(1)} MB, ${gen.entries} entries; ${runs} runs each, median, through the CLI`);
  const env = { PATH: process.env.PATH ?? '', HOME: dir, TZ: 'UTC', DAYBOOK_NOW: '2030-01-01 12:00' };
  const time = (args: string[], before?: () => void): { ms: number; out: number } => {
    const ms: number[] = [];
    let out = 0;
    for (let i = 0; i < runs; i++) {
      before?.();
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [bin, ...args], { env, maxBuffer: 1 << 30, encoding: 'buffer' });
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.status !== 0 && r.status !== 1) throw new Error(`daybook ${args.join(' ')}: exit ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
      out = r.stdout.length;
    }
    return { ms: median(ms), out };
  };
  const base = time(['check', file]);
  const json = path.join(dir, 'journal.json');
  const j = time(['export', 'json', '--journal', file]);
  fs.writeFileSync(json, spawnSync(process.execPath, [bin, 'export', 'json', '--journal', file], { env, maxBuffer: 1 << 30 }).stdout);
  const vault = path.join(dir, 'vault');
  const m = time(['export', 'markdown', vault, '--journal', file]);
  const o = time(['export', 'org', path.join(dir, 'journal.org'), '--journal', file]);
  const back = path.join(dir, 'back');
  const i = time(['import', 'json', json, '--journal', back], () => fs.rmSync(back, { recursive: true, force: true }));
  const same = fs.readFileSync(path.join(back, 'journal.txt')).equals(fs.readFileSync(file));
  const rows: [string, { ms: number }][] = [
    ['baseline: daybook check', base],
    ['export json', j],
    ['export markdown DIR', m],
    ['export org FILE', o],
    ['import json (into an empty dir)', i],
  ];
  for (const [name, r] of rows) console.log(`${name.padEnd(34)} ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${(r.ms / base.ms).toFixed(2).padStart(5)}x the baseline`);
  console.log(`JSON ${(fs.statSync(json).size / 1024 / 1024).toFixed(1)} MB; ${fs.readdirSync(vault).length} notes; import json gave the journal back byte for byte: ${same}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
