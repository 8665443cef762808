/**
 * The search benchmark, in one run on generated journals of 100 MB and
 * 500 MB (DAYBOOK_BENCH_SIZES="100,500"), next to ripgrep over the same file
 * for the same queries:
 *
 * - first indexing (`daybook index`, a whole process) time, next to reading
 *   and decoding the file in a process of its own, and index size; up to
 *   100 MB, the least a first index of this design could take here, from its
 *   parts measured alone (bench/floor.ts);
 * - search, top 20 with snippets, in a warm process (the index open, as in
 *   the web app or the language server): the median over queries and runs;
 * - `rg -i -F` for each query over the journal, a whole process;
 * - a whole `daybook search` process, the index ready, next to an empty node;
 *   after appending one entry, the next `daybook search` as a whole process,
 *   Node's start included.
 *
 * The queries are taken from the generator's vocabulary at set frequency
 * ranks (a common word down to a rare one), Chinese words of one, two and
 * three characters, a Latin word glued to Chinese, a log phrase and \TODO.
 * Each size is measured with the project's generator (a vocabulary the size
 * of a real one) and with a small vocabulary, where every common word fills
 * thousands of entries (DAYBOOK_BENCH_VOCABULARIES="real,small").
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeIndex, openIndex } from '../src/indexing/open.js';
import { parseQuery } from '../src/search/query.js';
import { search } from '../src/search/run.js';
import { generateJournal, type Vocabulary } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', 'bin', 'daybook.js');
const sizes = (process.env.DAYBOOK_BENCH_SIZES ?? '100,500').split(',').map(Number);
const vocabularies = (process.env.DAYBOOK_BENCH_VOCABULARIES ?? 'real,small').split(',') as Vocabulary[];
const runs = Number(process.env.DAYBOOK_BENCH_RUNS ?? 5);
const MB = 1024 * 1024;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (f: () => void): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

function hasRipgrep(): boolean {
  return spawnSync('rg', ['--version']).status === 0;
}

/** The queries: words at set ranks of the generator's vocabulary (as fractions of its size), and the other kinds. */
function queries(latin: string[], zh: string[], text: string): string[] {
  const at = <T>(xs: T[], fraction: number): T => xs[Math.floor(fraction * xs.length)]!;
  const byLength = (n: number, fraction: number) => zh.slice(Math.floor(fraction * zh.length)).find((w) => Array.from(w).length === n) ?? zh.find((w) => Array.from(w).length === n)!;
  const glued = /[\u4e00-\u9fff]([a-z]{6,})/.exec(text.slice(text.length >> 1))!;
  return [at(latin, 0.0015), at(latin, 0.015), at(latin, 0.05), at(latin, 0.15), at(latin, 0.5), byLength(1, 0.017), byLength(2, 0.05), byLength(3, 0.17), glued[0], '"wrote 4096"', '\\TODO'];
}

/**
 * The least a first index of this design takes here (bench/floor.ts): the
 * whole-process baseline, then the parts no first index skips, shared
 * perfectly by two cores.
 */
function floor(file: string, index: string, readDecode: number): void {
  const { times, entries, trigrams } = JSON.parse(execFileSync(process.execPath, [path.join(here, 'floor.js'), file, index], { encoding: 'utf8' })) as { times: Record<string, number>; entries: number; trigrams: number };
  const sum = (without: string[]): number => Object.entries(times).reduce((n, [k, v]) => (without.includes(k) ? n : n + v), 0);
  // The baseline is a whole process: its start counts once, in every figure.
  const start = Math.max(0, readDecode - times.readDecode!);
  const x = (ms: number): string => `${(ms / 1000).toFixed(2)} s = ${(ms / readDecode).toFixed(1)}x`;
  console.log(`what a first index cannot skip, each part alone (${entries} entries, ${trigrams} trigrams): ${Object.entries(times).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  console.log(`  the least a first index takes (building and encoding the lists not counted), the parts shared by two cores without loss: after reading and decoding, ${x(readDecode + sum(['readDecode']) / 2)}; reading and decoding shared too, ${x(start + sum([]) / 2)}; and were reading the entries free, ${x(start + sum(['entries']) / 2)}`);
}

function benchSize(sizeMb: number, vocabulary: Vocabulary, dir: string): void {
  const file = path.join(dir, `journal-${sizeMb}.txt`);
  const index = path.join(dir, `index-${sizeMb}.sqlite`);
  let t = performance.now();
  const gen = generateJournal(file, sizeMb * MB, 42, vocabulary);
  console.log(`\n== ${(gen.bytes / MB).toFixed(0)} MB journal, ${vocabulary} vocabulary (${gen.latin.length} words, ${gen.zh.length} Chinese), ${gen.entries} entries (generated in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  const env = { ...process.env, HOME: dir, DAYBOOK_PAGER: '' };

  // The baseline of the first index: reading the file and decoding it, in a process of its own.
  const readDecode = median(Array.from({ length: 3 }, () => ms(() => execFileSync(process.execPath, ['-e', `new TextDecoder().decode(require('fs').readFileSync(${JSON.stringify(file)}))`]))));
  t = performance.now();
  execFileSync(process.execPath, [bin, 'index', '--journal', file, '--index', index], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const indexSeconds = (performance.now() - t) / 1000;
  const indexBytes = fs.statSync(index).size + fs.statSync(`${index}-grams`).size;
  console.log(`first index (whole process): ${indexSeconds.toFixed(2)} s (${(gen.bytes / MB / indexSeconds).toFixed(1)} MB/s), ${((indexSeconds * 1000) / readDecode).toFixed(1)}x reading and decoding the file (${readDecode.toFixed(0)} ms, a whole process; target at most 3x); index ${(indexBytes / MB).toFixed(0)} MB = ${(indexBytes / gen.bytes).toFixed(2)}x the journal (target at most 1.5x)`);
  if (sizeMb <= 100) floor(file, index, readDecode);

  const text = fs.readFileSync(file, 'utf8');
  const qs = queries(gen.latin, gen.zh, text);
  const idx = openIndex(index);
  const all: number[] = [];
  const ratios: number[] = [];
  const rgAll: number[] = [];
  const rg = hasRipgrep();
  console.log(`\nquery                      hits (top 20)   daybook p50     rg p50   rg/daybook`);
  for (const q of qs) {
    const terms = parseQuery(q);
    let total = 0;
    search(idx.db, { terms, limit: 20 }); // warm the page cache for this query
    const times: number[] = [];
    for (let i = 0; i < runs * 3; i++) times.push(ms(() => (total = search(idx.db, { terms, limit: 20 }).total)));
    all.push(...times);
    let rgMs = NaN;
    if (rg) {
      const needle = terms[0]!.text;
      const rgTimes: number[] = [];
      for (let i = 0; i < runs; i++) rgTimes.push(ms(() => spawnSync('rg', ['-i', '-F', '-n', '--no-heading', needle, file], { stdio: ['ignore', 'ignore', 'ignore'] })));
      rgMs = median(rgTimes);
      rgAll.push(...rgTimes);
      ratios.push(rgMs / median(times));
    }
    console.log(`${q.padEnd(26)} ${String(total).padStart(8)}   ${median(times).toFixed(2).padStart(9)} ms  ${rgMs.toFixed(1).padStart(7)} ms  ${(rgMs / median(times)).toFixed(1).padStart(8)}x`);
  }
  closeIndex(idx);
  console.log(`search p50 over all queries and runs: ${median(all).toFixed(2)} ms (target: at most ${sizeMb <= 100 ? 5 : 20} ms)`);
  if (rg) {
    console.log(`rg p50 over all queries and runs: ${median(rgAll).toFixed(1)} ms; rg p50 / daybook p50: ${(median(rgAll) / median(all)).toFixed(1)}x (target: at least 10x)`);
    console.log(`rg / daybook query by query: median ${median(ratios).toFixed(1)}x, smallest ${Math.min(...ratios).toFixed(1)}x (target: at least 3x); ${ratios.filter((r) => r >= 10).length} of ${ratios.length} queries at least 10x`);
  }
  else console.log('ripgrep (rg) is not installed: no comparison (apt-get install ripgrep)');

  if (sizeMb === sizes[0] && vocabulary === vocabularies[0]) {
    // A whole `daybook search` process, the index ready, next to an empty node process: what a user waits for.
    const word = qs[2]!;
    const empty = median(Array.from({ length: runs * 2 }, () => ms(() => spawnSync(process.execPath, ['-e', '0']))));
    const whole = median(Array.from({ length: runs * 2 }, () => ms(() => spawnSync(process.execPath, [bin, 'search', word, '--journal', file, '--index', index], { env }))));
    console.log(`\ndaybook search ${word} (whole process, index ready): p50 ${whole.toFixed(0)} ms, an empty node process ${empty.toFixed(0)} ms: ${(whole - empty).toFixed(0)} ms more (target: at most 60 ms more)`);
    const appendTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      fs.appendFileSync(file, `\n23:${String(10 + i).padStart(2, '0')} 2099-12-31\nbench, appended\n1, an entry appended by the benchmark, number ${i}, 追加的条目.\n`);
      t = performance.now();
      const r = spawnSync(process.execPath, [bin, 'search', `number ${i}`, '--journal', file, '--index', index], { env, encoding: 'utf8' });
      appendTimes.push(performance.now() - t);
      if (!r.stdout.includes(`number ${i}`)) console.log(`WARNING: the appended entry was not found: ${r.stderr}`);
    }
    console.log(`append one entry, then daybook search (whole process): p50 ${median(appendTimes).toFixed(0)} ms (target: at most 300 ms; an empty node process takes ${empty.toFixed(0)} ms)`);
  }
  fs.rmSync(file, { force: true });
  for (const f of fs.readdirSync(dir)) if (f.startsWith(`index-${sizeMb}`)) fs.rmSync(path.join(dir, f), { force: true });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-bench-search-'));
try {
  console.log(`search benchmark: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${runs * 3} runs a query (daybook), ${runs} (rg)`);
  for (const vocabulary of vocabularies) for (const size of sizes) benchSize(size, vocabulary, dir);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
