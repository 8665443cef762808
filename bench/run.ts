/**
 * `npm run bench`: generates a 100 MB journal in a temp dir and measures, in
 * the same run, daybook's parse+model throughput and peak memory next to the
 * baseline of reading the file and splitting it at header lines.
 *
 * Each figure is the median of several runs, each in a fresh process.
 * Set DAYBOOK_BENCH_MB to change the size, DAYBOOK_BENCH_RUNS the runs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateJournal } from './generate.js';

interface Sample {
  ms: number;
  maxRssBytes: number;
  entries: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const worker = path.join(here, 'worker.js');
const mb = Number(process.env.DAYBOOK_BENCH_MB ?? 100);
const runs = Number(process.env.DAYBOOK_BENCH_RUNS ?? 5);

function measure(mode: string, file: string): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(JSON.parse(execFileSync(process.execPath, [worker, mode, file], { encoding: 'utf8' })) as Sample);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: median(samples.map((s) => s.ms)), maxRssBytes: median(samples.map((s) => s.maxRssBytes)), entries: samples[0]!.entries };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-bench-'));
try {
  const file = path.join(dir, 'journal.txt');
  const t0 = Date.now();
  const gen = generateJournal(file, mb * 1024 * 1024);
  const size = gen.bytes;
  const MB = 1024 * 1024;
  console.log(`generated ${(size / MB).toFixed(1)} MB, ${gen.entries} entries in ${((Date.now() - t0) / 1000).toFixed(1)} s (${file})`);
  console.log(`${runs} runs each, median, each in a fresh node process (${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version})\n`);

  const empty = measure('empty', file);
  const base = measure('baseline', file);
  const parse = measure('parse', file);
  const model = measure('model', file);
  const rows: [string, Sample][] = [
    ['baseline: read + split at headers', base],
    ['daybook: cut into entries + decode', parse],
    ['daybook: parse + model', model],
  ];
  console.log('what                               MB/s    time     peak RSS   RSS/file');
  for (const [name, s] of rows) {
    console.log(`${name.padEnd(34)} ${(size / MB / (s.ms / 1000)).toFixed(0).padStart(5)}  ${(s.ms / 1000).toFixed(2).padStart(6)} s  ${(s.maxRssBytes / MB).toFixed(0).padStart(6)} MB  ${(s.maxRssBytes / size).toFixed(2).padStart(6)}x`);
  }
  console.log(`(an empty node process peaks at ${(empty.maxRssBytes / MB).toFixed(0)} MB)`);
  const ratio = base.ms / model.ms;
  console.log(`\nparse+model throughput / baseline throughput: ${ratio.toFixed(2)} (target >= 0.5)`);
  console.log(`parse+model peak RSS / file size: ${(model.maxRssBytes / size).toFixed(2)}x (target < 3x)`);
  if (model.entries !== gen.entries) console.log(`WARNING: the model read ${model.entries} entries, the generator wrote ${gen.entries}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
