/**
 * Search by meaning with an embedding model: the tests make a tiny ONNX model
 * (test/tiny-model.ts), point the config at it, and check that the vectors
 * are built, kept in step after an append, and fused; and that the same
 * queries answer without a model.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { closeIndex, openIndex, syncIndex } from '../src/indexing/index.js';
import type Database from 'better-sqlite3';
import { currentCells, nearestChunks, vectorCount } from '../src/indexing/vectors.js';
import { nearestCell, nearestCells, trainCells, type Cells } from '../src/meaning/cells.js';
import { generateJournal, rng } from '../bench/generate.js';
import { entryChunks } from '../src/meaning/chunks.js';
import { loadModel, pool, WordPiece } from '../src/meaning/model.js';
import { prepareNear, searchJournalByMeaning } from '../src/query/meaning.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { daybook, ROOT, tempDir } from './helpers.js';
import { serveCommand } from './webserve.js';
import { writeTinyModel, writeWordModel } from './tiny-model.js';

const JOURNAL = `9:00 2025-09-01
storage, wal
1, fsync stalls while the log is flushed
2, 试一下 O_DIRECT

12:00 2025-09-01
team, lunch
1, noodles with the team

`;
const APPENDED = `9:00 2025-09-02
storage, cont2
1, checkpoint again

`;
const today = () => 20250903;

describe('an embedding model', () => {
  test('the tokenizer cuts words into WordPiece tokens, Chinese a character each', () => {
    const wp = new WordPiece('[PAD]\n[UNK]\n[CLS]\n[SEP]\nfs\n##ync\n持\n久\n');
    assert.deepEqual(wp.encode('FSYNC 持久?'), [2, 4, 5, 6, 7, 1, 3]);
    assert.deepEqual([...pool(new Float32Array([3, 0, 0, 4]), [1, 2, 2])].map((x) => +x.toFixed(3)), [0.6, 0.8]);
  });

  test('an entry is cut into its title and its items, with their paths', () => {
    assert.deepEqual(entryChunks('9:00 2025-09-01\nstorage, wal\n1, a\nmore of a\n1), b\n(1), c\n2, d\n').map((c) => [c.path, c.text]), [
      ['', 'storage, wal'],
      ['1', '1, a\nmore of a'],
      ['1.1', '1), b'],
      ['1.1.1', '(1), c'],
      ['2', '2, d'],
    ]);
  });

  test('vectors are built, kept in step after an append, and fused after the exact hits', async () => {
    const dir = tempDir();
    const model = await loadModel(writeTinyModel(path.join(dir, 'model')));
    assert.equal(model.dims, 4);
    const file = path.join(dir, 'j.txt');
    fs.writeFileSync(file, JOURNAL);
    const index = openIndex(path.join(dir, 'i.sqlite'));
    try {
      await syncIndex(index, [{ path: file, shown: 'j.txt' }]);
      const first = await prepareNear(index, model, 'durability');
      assert.equal(first.embedded, 2);
      assert.equal(currentCells(index.db), undefined, 'a few vectors are not split in cells');
      assert.equal(vectorCount(index.db), 2 + 3);
      const r = searchJournalByMeaning(index.db, { query: 'durability' }, today, first.options);
      assert.equal(r.hits[0]?.moment, '2025-09-01 09:00');
      assert.equal(r.hits[0]?.meaning?.[0]?.via, 'model');
      assert.match(r.hits[0]!.meaning![0]!.why, /cosine similarity [01]\.\d{3} of (the title|item 1)/);
      assert.ok(!r.hits.some((h) => h.moment === '2025-09-01 12:00'), 'lunch is near nothing of durability');
      assert.equal(r.meaning?.model, model.dir);
      // Chinese to the same place: 持久 is near fsync.
      assert.equal(searchJournalByMeaning(index.db, { query: '持久' }, today, (await prepareNear(index, model, '持久')).options).hits[0]?.moment, '2025-09-01 09:00');

      fs.appendFileSync(file, APPENDED);
      await syncIndex(index, [{ path: file, shown: 'j.txt' }]);
      const second = await prepareNear(index, model, 'durability');
      // The appended entry, and the one before it, which the index reads again after an append (a new id).
      assert.ok(second.embedded >= 1 && second.embedded <= 2, `${second.embedded} entries embedded`);
      assert.equal(vectorCount(index.db), 5 + 2, 'the vectors of the entries as they are now, no more');
      const after = searchJournalByMeaning(index.db, { query: 'durability' }, today, second.options);
      assert.deepEqual(after.hits.map((h) => h.moment).sort(), ['2025-09-01 09:00', '2025-09-02 09:00']);

      // An edit in the middle: that entry's vectors are made again, the old ones taken out.
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('fsync stalls while the log is flushed', 'noodles again'));
      await syncIndex(index, [{ path: file, shown: 'j.txt' }]);
      const third = await prepareNear(index, model, '午饭');
      assert.ok(third.embedded >= 1);
      assert.equal(vectorCount(index.db), 7);
      const edited = searchJournalByMeaning(index.db, { query: '午饭' }, today, third.options);
      assert.ok(edited.hits.some((h) => h.moment === '2025-09-01 09:00' && h.meaning?.some((m) => m.via === 'model' && m.word === '1')), 'the edited item is near 午饭 now');
      fs.writeFileSync(file, JOURNAL + APPENDED);
      await syncIndex(index, [{ path: file, shown: 'j.txt' }]);
      await prepareNear(index, model, 'fsync');

      // An exact hit stays first: "fsync" is in the text.
      const exact = searchJournalByMeaning(index.db, { query: 'fsync' }, today, (await prepareNear(index, model, 'fsync')).options);
      assert.equal(exact.hits[0]?.meaning, undefined);
      assert.equal(exact.hits[0]?.moment, '2025-09-01 09:00');
      assert.equal(exact.hits[1]?.meaning?.[0]?.via, 'model');
    } finally {
      closeIndex(index);
    }
  });

  test('a text the model knows no token of gets zeros: such a chunk is not stored, and such a query finds nothing by the model', async () => {
    const dir = tempDir();
    // Only these words are known; punctuation, "storage", "wal", "lunch" and the Chinese are not, and unknown tokens are zeros.
    const model = await loadModel(writeWordModel(path.join(dir, 'model'), 'fsync stalls while the log is flushed', 8));
    const file = path.join(dir, 'j.txt');
    fs.writeFileSync(file, JOURNAL);
    const index = openIndex(path.join(dir, 'i.sqlite'));
    try {
      await syncIndex(index, [{ path: file, shown: 'j.txt' }]);
      const { options } = await prepareNear(index, model, 'qqqq');
      // Of the five chunks, "1, fsync stalls..." and "1, noodles with the team" hold a known word.
      assert.equal(vectorCount(index.db), 2);
      const r = searchJournalByMeaning(index.db, { query: 'qqqq' }, today, options);
      assert.ok(!r.hits.some((h) => h.meaning?.some((m) => m.via === 'model')), 'zeros are near nothing');
      const known = searchJournalByMeaning(index.db, { query: 'flushed stalls' }, today, (await prepareNear(index, model, 'log stalls')).options);
      assert.ok(known.hits.some((h) => h.moment === '2025-09-01 09:00'));
    } finally {
      closeIndex(index);
    }
  });

  test('the command line reads the model from the config, and answers the same queries without one', () => {
    const dir = tempDir();
    writeTinyModel(path.join(dir, 'model'));
    const file = path.join(dir, 'j.txt');
    fs.writeFileSync(file, JOURNAL);
    fs.writeFileSync(path.join(dir, 'with.json'), JSON.stringify({ journal: file, model: 'model' }));
    fs.writeFileSync(path.join(dir, 'without.json'), JSON.stringify({ journal: file }));
    const index = path.join(dir, 'i.sqlite');
    const withModel = daybook(['search', '--meaning', 'durability', '--config', path.join(dir, 'with.json'), '--index', index, '--json'], { env: { DAYBOOK_PROGRESS_SECONDS: '0' } });
    assert.equal(withModel.status, 0, withModel.stderr);
    // The first embedding is shown as the indexing is (a line at each update when DAYBOOK_PROGRESS_SECONDS=0).
    assert.match(withModel.stderr, /daybook: embedding: 100% \(2 of 2 entries, \d+ s\)\ndaybook: embedding: done in [\d.]+ s\n/);
    const again = daybook(['search', '--meaning', 'durability', '--config', path.join(dir, 'with.json'), '--index', index, '--json'], { env: { DAYBOOK_PROGRESS_SECONDS: '0' } });
    assert.doesNotMatch(again.stderr, /embedding/, 'nothing to embed, nothing shown');
    const out = JSON.parse(withModel.stdout);
    assert.equal(out.meaning.model, path.join(dir, 'model'));
    assert.equal(out.hits[0].meaning[0].via, 'model');
    assert.ok(fs.existsSync(`${index}-vectors`));
    for (const query of ['durability', 'noodles', '午饭']) {
      const r = daybook(['search', '--meaning', query, '--config', path.join(dir, 'without.json'), '--index', path.join(dir, 'j2.sqlite'), '--json']);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const json = JSON.parse(r.stdout);
      assert.equal(json.meaning.model, undefined);
      assert.ok(json.hits.every((h: { meaning?: { via: string }[] }) => (h.meaning ?? []).every((m) => m.via !== 'model')));
    }
  });

  test('the web app and the assistants use the configured model too, as the command line does', async () => {
    const dir = tempDir();
    writeTinyModel(path.join(dir, 'model'));
    fs.mkdirSync(path.join(dir, 'journal'));
    fs.writeFileSync(path.join(dir, 'journal', 'j.txt'), JOURNAL);
    const config = path.join(dir, 'with.json');
    fs.writeFileSync(config, JSON.stringify({ model: 'model' }));
    const cli = JSON.parse(daybook(['search', '--meaning', 'durability', '--journal', path.join(dir, 'journal'), '--config', config, '--index', path.join(dir, 'c.sqlite'), '--json']).stdout) as { hits: { moment: string; meaning?: { via: string }[] }[] };
    const byModel = (hits: { moment: string; meaning?: { via: string }[] }[]) => hits.filter((h) => h.meaning?.some((m) => m.via === 'model')).map((h) => h.moment);
    assert.deepEqual(byModel(cli.hits), ['2025-09-01T09:00']);

    // The web app: daybook serve with the same config.
    const { url, proc } = await serveCommand([path.join(dir, 'journal'), '--config', config, '--port', '0', '--index', path.join(dir, 'w.sqlite')], { HOME: dir });
    try {
      const web = (await (await fetch(`${url}api/search?q=durability&meaning=1`)).json()) as { hits: { moment: string; meaning?: { via: string }[] }[] };
      assert.deepEqual(byModel(web.hits), ['2025-09-01 09:00']);
      const plain = (await (await fetch(`${url}api/search?q=durability`)).json()) as { hits: unknown[] };
      assert.equal(plain.hits.length, 0, 'without the switch, the exact search alone');
      const empty = await fetch(`${url}api/search?q=&meaning=1`);
      assert.equal(empty.status, 400, 'an empty query by meaning is refused with an example');
    } finally {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGTERM');
        await exited;
      }
    }

    // A model directory that is not there stops either server before it starts, with an example.
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ model: 'no-such-model' }));
    for (const command of ['serve', 'mcp']) {
      const r = daybook([command, '--journal', path.join(dir, 'journal'), '--config', bad, '--index', path.join(dir, 'b.sqlite')], { env: { HOME: dir } });
      assert.equal(r.status, 2, `${command}: ${r.stderr}`);
      assert.match(r.stderr, /no-such-model[\s\S]*e\.g\./, command);
    }

    // The assistants: daybook mcp with the same config.
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.join(ROOT, 'bin', 'daybook.js'), 'mcp', '--journal', path.join(dir, 'journal'), '--config', config, '--index', path.join(dir, 'm.sqlite')],
      env: { PATH: process.env.PATH ?? '', HOME: dir },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'daybook-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const r = (await client.callTool({ name: 'search', arguments: { query: 'durability', meaning: true } })) as { content: { text: string }[] };
      const mcp = JSON.parse(r.content.map((c) => c.text).join('')) as { hits: { moment: string; meaning?: { via: string }[] }[] };
      assert.deepEqual(byModel(mcp.hits).map((m) => m.replace('T', ' ')), ['2025-09-01 09:00']);
    } finally {
      await client.close();
    }
  });

  test('a file that is not an ONNX model is refused with an example', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'model.onnx'), 'not a model');
    fs.writeFileSync(path.join(dir, 'vocab.txt'), '[UNK]\n');
    await assert.rejects(loadModel(dir), /cannot be loaded[\s\S]*/);
  });
});

/** A unit vector of `dims` random numbers. */
function randomUnit(rand: () => number, dims: number): Float32Array {
  const v = Float32Array.from({ length: dims }, () => rand() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const dot = (a: Float32Array, cells: Cells, c: number) => a.reduce((sum, x, d) => sum + x * cells.centroids[c * cells.dims + d]!, 0);

/** The vectors as stored: rowid, cell, vector. */
function storedVectors(db: Database.Database): { cell: number; v: Float32Array }[] {
  return (db.prepare('SELECT cell, embedding FROM vectors.vec').all() as { cell: number; embedding: Buffer }[]).map((r) => ({ cell: r.cell, v: new Float32Array(new Uint8Array(r.embedding).buffer) }));
}

describe('the cells of the vectors', () => {
  test('k-means finds the clusters; a vector goes to the cell of its nearest centroid, grouped or not; the same vectors give the same cells', () => {
    const rand = rng(3);
    const dims = 24;
    const centres = Array.from({ length: 400 }, () => randomUnit(rand, dims));
    const vectors = Array.from({ length: 6000 }, (_, i) => {
      const noise = randomUnit(rand, dims);
      const v = centres[i % centres.length]!.map((x, d) => x + 0.15 * noise[d]!);
      const norm = Math.hypot(...v);
      return v.map((x) => x / norm);
    });
    const cells = trainCells(vectors, 400, dims);
    assert.equal(cells.count, 400);
    assert.ok(cells.groups, 'as many cells as this are grouped');
    const exact: Cells = { ...cells, groups: undefined };
    let same = 0;
    for (const v of vectors) {
      const best = nearestCell(exact, v);
      // The exact nearest cell is the best of all centroids, and the first of the nearest cells.
      for (let c = 0; c < exact.count; c++) assert.ok(dot(v, exact, c) <= dot(v, exact, best) + 1e-6);
      assert.equal(nearestCells(exact, v, 5)[0], best);
      if (nearestCell(cells, v) === best) same++;
    }
    assert.ok(same / vectors.length >= 0.99, `${same} of ${vectors.length} in their nearest cell through the groups`);
    // The clusters are found: vectors of one cluster share their cell.
    const owner = new Map<number, Set<number>>();
    vectors.forEach((v, i) => owner.set(i % centres.length, (owner.get(i % centres.length) ?? new Set()).add(nearestCell(exact, v))));
    const split = [...owner.values()].filter((s) => s.size > 1).length;
    assert.ok(split <= centres.length * 0.1, `${split} of ${centres.length} clusters split over cells`);
    assert.deepEqual(trainCells(vectors, 400, dims).centroids, cells.centroids);
  });

  test("a large journal's vectors are split in cells, kept in step after an append, and split again as the journal grows", async () => {
    const dir = tempDir();
    const whole = path.join(dir, 'whole.txt');
    generateJournal(whole, 1_200_000, 5, 'small');
    const text = fs.readFileSync(whole, 'utf8');
    const file = path.join(dir, 'j.txt');
    const cut = text.indexOf('\n\n', 300_000) + 2;
    fs.writeFileSync(file, text.slice(0, cut));
    const model = await loadModel(writeWordModel(path.join(dir, 'model'), text, 32));
    const policy = { cells: { from: 1000, regrow: 3 } };
    const index = openIndex(path.join(dir, 'i.sqlite'));
    const sources = [{ path: file, shown: 'j.txt' }];
    const inTheirCells = (label: string) => {
      const cells = currentCells(index.db)!;
      const stored = storedVectors(index.db);
      assert.equal(stored.length, vectorCount(index.db));
      const misplaced = stored.filter((s) => s.cell !== nearestCell(cells, s.v) + 1).length;
      assert.equal(misplaced, 0, `${label}: every vector in the cell of its nearest centroid`);
      return cells;
    };
    const recall = async () => {
      let found = 0;
      let wanted = 0;
      for (const v of await model.embed(['review', 'latency', '延迟', 'cache', '测试', 'deploy the fix', 'lock', '问题 bug'])) {
        const exact = nearestChunks(index.db, v, 50, true);
        const approx = nearestChunks(index.db, v, 50);
        const last = exact[exact.length - 1]!.similarity;
        found += approx.filter((c) => c.similarity >= last - 1e-6).length;
        wanted += exact.length;
      }
      return found / wanted;
    };
    try {
      await syncIndex(index, sources);
      await prepareNear(index, model, 'review', policy);
      const count = vectorCount(index.db);
      assert.ok(count > 1000, `${count} chunks`);
      const cells = inTheirCells('first');
      // Made when the chunks first reached 1,000 (after a batch of entries): about √(3 × the chunks then) cells.
      const trained = () => Number(index.db.prepare("SELECT value FROM vectors.meta WHERE key = 'trained'").pluck().get());
      const first = trained();
      assert.ok(first >= 1000 && first <= count, `trained at ${first} chunks`);
      assert.equal(cells.count, Math.round(Math.sqrt(first * 3)));
      const r1 = await recall();
      // Cells picked at random would find about a third (32 of about 95 cells looked in); these vectors spread as evenly as a random model's do.
      assert.ok(r1 >= 0.8, `recall ${r1}`);

      // An append: its vectors go to their cells; the cells stay.
      const more = text.indexOf('\n\n', cut + 20_000) + 2;
      fs.appendFileSync(file, text.slice(cut, more));
      await syncIndex(index, sources);
      const appended = await prepareNear(index, model, 'review', policy);
      assert.ok(appended.embedded > 10 && vectorCount(index.db) > count);
      assert.equal(currentCells(index.db), cells, 'the same cells');
      inTheirCells('after an append');

      // Grown three times over: the cells are made again, more of them, every vector moved.
      fs.appendFileSync(file, text.slice(more));
      await syncIndex(index, sources);
      await prepareNear(index, model, 'review', policy);
      const grown = vectorCount(index.db);
      assert.ok(grown >= count * 3, `${grown} chunks`);
      const again = inTheirCells('grown');
      assert.notEqual(again, cells);
      assert.ok(trained() >= first * 3, `made again at ${trained()} chunks`);
      assert.equal(again.count, Math.round(Math.sqrt(trained() * 3)));
      const r2 = await recall();
      assert.ok(r2 >= 0.8, `recall ${r2}`);
      // An item of the last entries, as the model reads it, is found through the cells: itself, first.
      const header = /\n\n(?=\d{1,2}:\d{2} \d{4}-\d{2}-\d{2}\n)/g;
      header.lastIndex = text.length - 3000;
      const start = header.exec(text)!.index + 2;
      const item = entryChunks(text.slice(start, header.exec(text)!.index + 1))[1]!;
      const [v] = await model.embed([item.text]);
      const near = nearestChunks(index.db, v!, 5)[0]!;
      assert.deepEqual([near.line, near.path], [text.slice(0, start).split('\n').length, item.path]);
      assert.ok(near.similarity > 0.999, `similarity ${near.similarity}`);
    } finally {
      closeIndex(index);
    }
  });
});
