/**
 * `npm run bench`: generates a 100 MB journal in a temp dir and measures, in
 * the same run, daybook's parse+model throughput and peak memory next to the
 * baseline of reading the file and splitting it at header lines.
 *
 * Each figure is the median of several runs, each in a fresh process.
 * Set DAYBOOK_BENCH_MB to change the size, DAYBOOK_BENCH_RUNS the runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(mode: string, file: string): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(JSON.parse(execFileSync(process.execPath, [worker, mode, file], { encoding: 'utf8' })) as Sample);
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
  const checked = measure('check', file);
  const rows: [string, Sample][] = [
    ['baseline: read + split at headers', base],
    ['daybook: cut into entries + decode', parse],
    ['daybook: parse + model', model],
    ['daybook: parse + model + check pass', checked],
  ];
  console.log('what                               MB/s    time     peak RSS   RSS/file');
  for (const [name, s] of rows) {
    console.log(`${name.padEnd(34)} ${(size / MB / (s.ms / 1000)).toFixed(0).padStart(5)}  ${(s.ms / 1000).toFixed(2).padStart(6)} s  ${(s.maxRssBytes / MB).toFixed(0).padStart(6)} MB  ${(s.maxRssBytes / size).toFixed(2).padStart(6)}x`);
  }
  console.log(`(an empty node process peaks at ${(empty.maxRssBytes / MB).toFixed(0)} MB)`);
  const ratio = base.ms / model.ms;
  console.log(`\nparse+model throughput / baseline throughput: ${ratio.toFixed(2)} (target >= 0.5)`);
  console.log(`parse+model peak RSS / file size: ${(model.maxRssBytes / size).toFixed(2)}x (target < 3x)`);
  console.log(`with the check pass (what check and stats read): throughput ratio ${(base.ms / checked.ms).toFixed(2)}, peak RSS ${(checked.maxRssBytes / size).toFixed(2)}x`);
  if (model.entries !== gen.entries || checked.entries !== gen.entries) console.log(`WARNING: the model read ${model.entries} and ${checked.entries} entries, the generator wrote ${gen.entries}`);

  // Whole commands on the same file, each a fresh process: hours and report next to stats.
  const bin = path.resolve(here, '..', '..', 'bin', 'daybook.js');
  const command = (args: string[]): number => {
    const times: number[] = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const t = Date.now();
      const r = spawnSync(process.execPath, [bin, ...args, '--journal', file, ...(args[0] === 'show' ? [] : ['--json'])], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, DAYBOOK_PAGER: '' } });
      if (r.status !== 0) throw new Error(`daybook ${args.join(' ')} failed: ${r.stderr}`);
      times.push(Date.now() - t);
    }
    return median(times);
  };
  const stats = command(['stats']);
  console.log(`\nwhole commands on the same journal (fresh process each, median of ${Math.min(runs, 3)}):`);
  console.log(`  daybook stats                  ${(stats / 1000).toFixed(2)} s`);
  for (const args of [['hours', '--month', '2011-03'], ['report', '--week', '2011-W10']]) {
    const ms = command(args);
    console.log(`  daybook ${args.join(' ').padEnd(22)} ${(ms / 1000).toFixed(2)} s  (${(ms / stats).toFixed(2)}x stats)`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
