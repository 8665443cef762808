/**
 * The search-by-meaning benchmark, on a journal generated at bench time in a
 * temp dir (DAYBOOK_BENCH_MEANING_MB, default 100):
 *
 * - `search --meaning` in a warm process (the index open, the dictionary and
 *   jieba loaded, as in the web app or the assistants' server): top 20, p50
 *   and p95 over the queries (English and Chinese, rare and common) and
 *   DAYBOOK_BENCH_RUNS runs (default 5); target p50 at most 50 ms;
 * - the same with a model of the journal's words (`writeWordModel`,
 *   DAYBOOK_BENCH_MODEL_DIMS numbers a vector, default 64; the first
 *   embedding of the whole journal timed on its own line), and the 100
 *   chunks nearest a query found through the cells of the vectors against
 *   comparing with every vector: time and recall;
 * - one entry appended, then indexed: the index synced and the vectors of
 *   what changed made (the dictionary needs no indexing: translations are
 *   made at query time); target at most 300 ms;
 * - a whole `daybook search --meaning` process after that append, Node's
 *   start and the dictionary's first look-ups included.
 *
 *   node dist/bench/meaning.js
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeIndex, openIndex, syncIndex } from '../src/indexing/index.js';
import { currentCells, nearestChunks, vectorCount } from '../src/indexing/vectors.js';
import { loadModel } from '../src/meaning/model.js';
import { prepareNear, searchJournalByMeaning, type MeaningOptions } from '../src/query/meaning.js';
import { searchJournal } from '../src/query/search.js';
import { writeWordModel } from '../test/tiny-model.js';
import { benchJournal } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', 'bin', 'daybook.js');
const mb = Number(process.env.DAYBOOK_BENCH_MEANING_MB ?? 100);
const runs = Number(process.env.DAYBOOK_BENCH_RUNS ?? 5);
const today = () => 20300101;
const dims = Number(process.env.DAYBOOK_BENCH_MODEL_DIMS ?? 64);

/** The bench's model (see `writeWordModel`), of the words of the queries (a real model knows them) and of the journal's first 8 MB. */
function writeBenchModel(dir: string, journal: string): string {
  const fd = fs.openSync(journal, 'r');
  const head = Buffer.alloc(8 << 20);
  const text = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)).toString('utf8');
  fs.closeSync(fd);
  return writeWordModel(dir, `${QUERIES.join(' ')}\n${text}`, dims);
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const f1 = (x: number) => x.toFixed(1);

/** English and Chinese queries: words of the generator's prose and words it never writes (only their translations). */
const QUERIES = ['delay', 'compress', 'performance', 'migrate', 'problem', 'modify', 'lock', 'experiment', '延迟', '性能', '迁移', '问题', '修改', '测试', '锁', '内核补丁'];

const { dir, file, entries, bytes } = benchJournal('meaning', mb);
console.log(`\n== search by meaning: ${(bytes / 1024 / 1024).toFixed(0)} MB journal, ${entries} entries`);
try {
  const indexFile = path.join(dir, 'index.sqlite');
  let t = performance.now();
  execFileSync(process.execPath, [bin, 'index', '--journal', file, '--index', indexFile], { env: { ...process.env, HOME: dir }, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`first daybook index: ${f1((performance.now() - t) / 1000)} s`);
  const index = openIndex(indexFile);
  const sources = [{ path: file, shown: 'journal.txt' }];
  await syncIndex(index, sources);

  /** Each query's search by meaning, with the options made for that query (a model's are of the query's own vector). */
  const measure = (label: string, options: (query: string) => MeaningOptions) => {
    const made = new Map(QUERIES.map((q) => [q, options(q)]));
    const opts = (q: string) => made.get(q)!;
    // Warm: the dictionary, jieba and the statements ready, each query's look-ups made once.
    for (const q of QUERIES) searchJournalByMeaning(index.db, { query: q }, today, opts(q));
    const times: number[] = [];
    const per: string[] = [];
    for (const q of QUERIES) {
      const mine: number[] = [];
      for (let r = 0; r < runs; r++) {
        const s = performance.now();
        const res = searchJournalByMeaning(index.db, { query: q }, today, opts(q));
        mine.push(performance.now() - s);
        if (r === 0) per.push(`${q} ${f1(pct(mine, 0.5))} ms (${res.hits.filter((h) => !h.meaning).length} exact + ${res.hits.filter((h) => h.meaning).length}, ${res.hits.filter((h) => h.meaning?.some((m) => m.via === 'model')).length} by the model)`);
      }
      times.push(...mine);
    }
    console.log(`${label}: p50 ${f1(pct(times, 0.5))} ms, p95 ${f1(pct(times, 0.95))} ms over ${QUERIES.length} queries x ${runs} runs (target p50 at most 50 ms)`);
    console.log(`  ${per.join('; ')}`);
  };
  // The baseline in the same run: the exact search alone (what --meaning starts with), same queries, same runs.
  const plain: number[] = [];
  for (const q of QUERIES) searchJournal(index.db, { query: q }, today);
  for (const q of QUERIES) {
    for (let r = 0; r < runs; r++) {
      const s = performance.now();
      searchJournal(index.db, { query: q }, today);
      plain.push(performance.now() - s);
    }
  }
  console.log(`exact search alone (the baseline), warm, top 20: p50 ${f1(pct(plain, 0.5))} ms, p95 ${f1(pct(plain, 0.95))} ms, same queries and runs`);
  t = performance.now();
  searchJournalByMeaning(index.db, { query: 'modify' }, today);
  console.log(`first search by meaning in the process (the dictionary and jieba loaded): ${f1(performance.now() - t)} ms`);
  measure('search --meaning, dictionary, warm, top 20', () => ({}));

  const model = await loadModel(writeBenchModel(path.join(dir, 'model'), file));
  t = performance.now();
  let near = await prepareNear(index, model, 'durability');
  console.log(`first embedding of the journal with the bench's model (${dims} dimensions): ${f1((performance.now() - t) / 1000)} s, ${near.embedded} entries, ${vectorCount(index.db)} chunks`);
  // Each query embedded (and the vectors found in step): what a search by meaning does before it searches.
  const prepared = new Map<string, MeaningOptions>();
  const preparing: number[] = [];
  for (const q of QUERIES) {
    t = performance.now();
    prepared.set(q, (await prepareNear(index, model, q)).options);
    preparing.push(performance.now() - t);
  }
  console.log(`the vectors checked in step and the query embedded, before a search: p50 ${f1(pct(preparing, 0.5))} ms over ${QUERIES.length} queries`);
  measure(`search --meaning, dictionary and the bench's model, warm, top 20`, (q) => prepared.get(q)!);
  // The cells against comparing with every vector, same run: the time of the 100 nearest chunks, and how many of the true 100 nearest the cells find
  // (by distance, so that a tie with the 100th counts as found).
  const cells = currentCells(index.db);
  const cellTimes: number[] = [];
  const allTimes: number[] = [];
  let found = 0;
  let wanted = 0;
  for (const q of QUERIES) {
    const [v] = await model.embed([q]);
    for (let r = 0; r < runs; r++) {
      let s = performance.now();
      const approx = nearestChunks(index.db, v!, 100);
      cellTimes.push(performance.now() - s);
      s = performance.now();
      const exact = nearestChunks(index.db, v!, 100, true);
      allTimes.push(performance.now() - s);
      if (r > 0 || exact.length === 0) continue;
      const last = exact[exact.length - 1]!.similarity;
      found += approx.filter((c) => c.similarity >= last - 1e-6).length;
      wanted += exact.length;
    }
  }
  console.log(
    `the 100 chunks nearest a query: ${cells ? `${cells.count} cells, 32 looked in` : 'no cells'}: p50 ${f1(pct(cellTimes, 0.5))} ms; every vector compared (the baseline): p50 ${f1(pct(allTimes, 0.5))} ms; recall@100 of the cells ${(found / Math.max(1, wanted)).toFixed(3)}`,
  );

  // An append: the index synced and the vectors of what changed made, then a search by meaning finds it.
  const appends: number[] = [];
  for (let i = 0; i < Math.max(3, runs); i++) {
    fs.appendFileSync(file, `23:${String(10 + i).padStart(2, '0')} 2030-12-31\nstorage, durability, 追加 ${i}\n1, 修改了锁的调用, fsync durability check ${i}\n\n`);
    t = performance.now();
    await syncIndex(index, sources);
    near = await prepareNear(index, model, 'durability');
    appends.push(performance.now() - t);
    const found = searchJournalByMeaning(index.db, { query: 'modify', limit: '0' }, today, near.options).hits.some((h) => h.moment === `2030-12-31 23:${String(10 + i).padStart(2, '0')}`);
    if (!found) throw new Error('the appended entry was not found by meaning');
  }
  console.log(`an append indexed (index sync + vectors of what changed), in process: p50 ${f1(pct(appends, 0.5))} ms, max ${f1(Math.max(...appends))} ms (target at most 300 ms)`);
  closeIndex(index);

  fs.appendFileSync(file, `23:59 2030-12-31\nstorage, 追加\n1, 修改 once more\n\n`);
  t = performance.now();
  execFileSync(process.execPath, [bin, 'search', '--meaning', 'modify', '--journal', file, '--index', indexFile], { env: { ...process.env, HOME: dir }, stdio: ['ignore', 'ignore', 'ignore'] });
  console.log(`whole process: daybook search --meaning after an append (dictionary, no model): ${f1(performance.now() - t)} ms`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
