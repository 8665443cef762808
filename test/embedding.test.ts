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
import { vectorCount } from '../src/indexing/vectors.js';
import { entryChunks } from '../src/meaning/chunks.js';
import { loadModel, pool, WordPiece } from '../src/meaning/model.js';
import { prepareNear, searchJournalByMeaning } from '../src/query/meaning.js';
import { daybook, tempDir } from './helpers.js';
import { writeTinyModel } from './tiny-model.js';

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

  test('the command line reads the model from the config, and answers the same queries without one', () => {
    const dir = tempDir();
    writeTinyModel(path.join(dir, 'model'));
    const file = path.join(dir, 'j.txt');
    fs.writeFileSync(file, JOURNAL);
    fs.writeFileSync(path.join(dir, 'with.json'), JSON.stringify({ journal: file, model: 'model' }));
    fs.writeFileSync(path.join(dir, 'without.json'), JSON.stringify({ journal: file }));
    const index = path.join(dir, 'i.sqlite');
    const withModel = daybook(['search', '--meaning', 'durability', '--config', path.join(dir, 'with.json'), '--index', index, '--json']);
    assert.equal(withModel.status, 0, withModel.stderr);
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

  test('a file that is not an ONNX model is refused with an example', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'model.onnx'), 'not a model');
    fs.writeFileSync(path.join(dir, 'vocab.txt'), '[UNK]\n');
    await assert.rejects(loadModel(dir), /cannot be loaded[\s\S]*/);
  });
});
