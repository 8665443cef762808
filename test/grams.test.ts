/**
 * The trigram lists (src/indexing/grams.ts, lists.ts): the code of a
 * list read back as written; the entries the lists give for a word are
 * exactly those whose lower-cased text holds each of its trigrams (checked
 * against a scan of the texts), through segments, entries taken out, and
 * merges; and an id taken out is never given again.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, test } from 'node:test';
import { closeIndex, openIndex, syncIndex } from '../src/indexing/index.js';
import { addSegment, gramTables, lastListId, listEntries, partsTable, removeFromLists, tendLists, writeParts } from '../src/indexing/lists.js';
import { GramBuilder, wordGrams } from '../src/indexing/grams.js';
import { bitCount, bitIds, decodeIds, decodeInto, encodeList, encodeParts, PART_BYTES } from '../src/indexing/rice.js';
import { tempDir } from './helpers.js';
import { fillGrams } from '../src/indexing/grams-worker.js';
import { createGrams } from '../src/indexing/schema.js';
import fs from 'node:fs';

const GRAMS = gramTables();
const gramEntries = (db: Database.Database, keys: number[], notWorth?: number) => listEntries(db, GRAMS, keys, notWorth);

/** Writes the trigram lists of some entries as a segment. */
function writeSegment(db: Database.Database, ids: Int32Array, text: (i: number) => string): void {
  const table = partsTable(db, GRAMS);
  addSegment(db, GRAMS, { first: ids[0]!, last: ids[ids.length - 1]!, entries: ids.length });
  writeParts(db, table, new GramBuilder(ids, text).lists());
}

/** A small PRNG, so that a failure can be run again. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the code of a list', () => {
  test('ids read back as written: sparse, dense, one, huge gaps, ids near 2^31', () => {
    const rnd = prng(7);
    const cases: number[][] = [[1], [2 ** 31 - 1], [1, 2, 3, 4, 5], [5, 2 ** 30, 2 ** 31 - 2], Array.from({ length: 50_000 }, (_, i) => i + 1), Array.from({ length: 20_000 }, (_, i) => 1 + i * 997)];
    for (let t = 0; t < 400; t++) {
      const n = Math.floor(rnd() ** 2 * 3000) + 1;
      const mean = 1 + rnd() ** 3 * 5000;
      const ids: number[] = [];
      let id = 0;
      for (let i = 0; i < n; i++) {
        id += 1 + Math.floor(-Math.log(1 - rnd()) * mean);
        ids.push(id);
      }
      cases.push(ids);
    }
    for (const ids of cases) {
      const list = encodeList(Int32Array.from(ids));
      assert.deepEqual([...decodeIds(list)], ids);
      // Cut in parts that fit a page, read back in order: the same ids.
      const parts = encodeParts(Int32Array.from(ids));
      assert.ok(parts.every(([, p]) => p.length <= PART_BYTES));
      assert.deepEqual(parts.map(([first]) => first), parts.map(([, p]) => decodeIds(p)[0]));
      assert.deepEqual(parts.flatMap(([, p]) => [...decodeIds(p)]), ids);
      if (ids[ids.length - 1]! < 1 << 22) {
        const bits = new Uint32Array((ids[ids.length - 1]! >>> 5) + 1);
        decodeInto(list, bits);
        assert.deepEqual([...bitIds(bits)], ids);
        assert.equal(bitCount(bits), ids.length);
      }
    }
  });

  test('a dense list costs about a bitmap, a sparse one a little over its gaps', () => {
    const every = Int32Array.from({ length: 100_000 }, (_, i) => i + 1);
    assert.ok(encodeList(every).length <= 100_000 / 8 + 8, `every id: ${encodeList(every).length} bytes`);
    const sparse = Int32Array.from({ length: 1000 }, (_, i) => (i + 1) * 1000);
    assert.ok(encodeList(sparse).length <= 1000 * 11 / 8 + 8, `a gap of 1000: ${encodeList(sparse).length} bytes`);
  });
});

/** Texts in English and Chinese, with case, tabs, non-breaking spaces, astral characters and emoji. */
function texts(rnd: () => number, n: number): string[] {
  const words = ['Checkpoint', 'wal', 'WAL', 'stall', 'İstanbul', 'ΟΔΟΣ', '压缩', '延迟高', '用上ao_how', '𠀀𠀁', '😀ok', 'fsync()', 'x', 'ab', '4096'];
  const spaces = [' ', ' ', '\t', '\n', '\u00a0', '\u3000', ''];
  return Array.from({ length: n }, () => {
    let s = '';
    const k = 1 + Math.floor(rnd() * 12);
    for (let i = 0; i < k; i++) s += words[Math.floor(rnd() * words.length)]! + spaces[Math.floor(rnd() * spaces.length)]!;
    return s;
  });
}

/** The oracle: ids whose (lower-cased) text holds every trigram of the word. */
function holding(all: Map<number, string>, word: string): number[] {
  const grams: string[] = [];
  for (let i = 0; i + 3 <= word.length; i++) grams.push(word.slice(i, i + 3));
  return [...all].filter(([, lower]) => grams.every((g) => lower.includes(g))).map(([id]) => id).sort((a, b) => a - b);
}

const QUERIES = ['checkpoint', 'wal', 'point', 'istanbul', 'i̇stanbul', 'οδος', '压缩', '延迟高', '缩延', 'ao_how', '上ao', '𠀀𠀁', '😀ok', 'fsync()', '4096', 'nothing', 'wal压', 'allw'];

describe('the lists find what the texts hold', () => {
  test('through segments, entries taken out, and merges, the answer is a scan of the texts', () => {
    const file = path.join(tempDir(), 'i.sqlite');
    const index = openIndex(file);
    try {
      const db = index.db;
      const rnd = prng(42);
      const all = new Map<number, string>();
      let next = 1;
      const check = (when: string) => {
        for (const q of QUERIES) {
          const word = q.toLowerCase();
          if (word.length < 3) continue;
          const exact = holding(all, word);
          assert.deepEqual([...bitIds(gramEntries(db, wordGrams(word), Infinity))], exact, `${when}: ${q}`);
          // Without the lists not worth reading: every entry that holds them all, and only entries that hold the rarest.
          const quick = [...bitIds(gramEntries(db, wordGrams(word)))];
          assert.ok(exact.every((id) => quick.includes(id)), `${when}: ${q} (quick)`);
          const rarest = [...wordGrams(word)].map((k) => holding(all, String.fromCharCode(Math.floor(k / 2 ** 32), Math.floor(k / 65536) % 65536, k % 65536))).sort((a, b) => a.length - b.length)[0]!;
          assert.ok(quick.every((id) => rarest.includes(id)), `${when}: ${q} (quick, rarest)`);
        }
      };
      const merges = new Set<string>();
      for (let round = 0; round < 60; round++) {
        const added = texts(rnd, round === 0 ? 2000 : 1 + Math.floor(rnd() * 20));
        const ids = Int32Array.from(added, () => next++);
        db.transaction(() => {
          writeSegment(db, ids, (i) => added[i]!);
          added.forEach((t, i) => all.set(ids[i]!, t.toLowerCase()));
          const gone = [...all.keys()].filter(() => rnd() < 0.002);
          removeFromLists(db, GRAMS, gone);
          for (const id of gone) all.delete(id);
          merges.add(tendLists(db, GRAMS));
        })();
        check(`round ${round}`);
        assert.equal(lastListId(db, GRAMS), next - 1);
      }
      assert.ok(merges.has('small') && merges.has('all'), `both kinds of merge happened: ${[...merges].join(', ')}`);
    } finally {
      closeIndex(index);
    }
  });

  test('a list many times longer than the entries left is not read; what it would have left out is only what the text check drops', () => {
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      // "qzx" in 3 entries, "abc" in 1000 (one of them with qzx too), "qzxabc" in none.
      const texts = Array.from({ length: 1000 }, (_, i) => (i < 2 ? 'qzx and' : i === 2 ? 'qzx abc' : `abc ${i}`));
      const ids = Int32Array.from(texts, (_, i) => i + 1);
      index.db.transaction(() => writeSegment(index.db, ids, (i) => texts[i]!))();
      const keys = wordGrams('qzxabc');
      assert.deepEqual([...bitIds(gramEntries(index.db, keys, Infinity))], []);
      // A trigram in no entry (zxa) leaves nothing, whatever else is read.
      assert.deepEqual([...bitIds(gramEntries(index.db, keys))], []);
      assert.deepEqual([...bitIds(gramEntries(index.db, wordGrams('qzx'), Infinity))], [1, 2, 3]);
      // "qzx" and "abc" as one query: abc's list (1000) is not read once qzx left 3.
      const both = [...wordGrams('qzx'), ...wordGrams('abc')];
      assert.deepEqual([...bitIds(gramEntries(index.db, both, Infinity))], [3]);
      assert.deepEqual([...bitIds(gramEntries(index.db, both))], [1, 2, 3]);
    } finally {
      closeIndex(index);
    }
  });

  test("the builder's lists are each trigram's entries: chains of blocks of every size, gaps of every width, a pool that grows", () => {
    const rnd = prng(9);
    // A small alphabet (common trigrams, in thousands of entries: chains to the largest blocks), ids with gaps up to 2^30
    // (varints of 1 to 5 bytes, at every place in a block), white space of every kind, and the pool started small.
    const alphabet = ['a', 'b', 'C', 'd', '压', '缩', 'İ', '𠀀', ' ', '\u3000', '\t'];
    const n = 12_000;
    const texts = Array.from({ length: n }, () => Array.from({ length: 3 + Math.floor(rnd() ** 2 * 200) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
    const ids = new Int32Array(n);
    let id = 0;
    for (let i = 0; i < n; i++) ids[i] = id += 1 + (rnd() < 0.01 ? Math.floor(rnd() * 2 ** 30 / n) : Math.floor(rnd() ** 4 * 300));
    const expected = new Map<number, number[]>();
    texts.forEach((t, i) => {
      const lower = t.toLowerCase();
      for (let j = 2; j < lower.length; j++) {
        if (/\s/.test(lower[j - 2]!) || /\s/.test(lower[j - 1]!) || /\s/.test(lower[j]!)) continue;
        const key = (lower.charCodeAt(j - 2) * 65536 + lower.charCodeAt(j - 1)) * 65536 + lower.charCodeAt(j);
        const list = expected.get(key) ?? [];
        if (list[list.length - 1] !== ids[i]) list.push(ids[i]!);
        expected.set(key, list);
      }
    });
    const builder = new GramBuilder(ids, (i) => texts[i]!, 1);
    const got = new Map<number, number[]>();
    let previous = -1;
    for (const [key, parts] of builder.lists()) {
      assert.ok(key > previous, 'keys ascend');
      previous = key;
      got.set(key, parts.flatMap(([, p]) => [...decodeIds(p)]));
    }
    assert.equal(builder.trigrams, expected.size);
    assert.deepEqual(got, expected);
    assert.ok(Math.max(...[...expected.values()].map((l) => l.length)) > 4000, "some trigram is in thousands of entries (its chain reaches the largest blocks)");
  });

  test("the worker of a first indexing reads the bytes the main thread shares, not the file again", () => {
    const dir = tempDir();
    const texts = ['Checkpoint stall', '压缩 延迟高', 'fsync() wal'];
    const file = path.join(dir, 'j.txt');
    fs.writeFileSync(file, texts.join(''));
    const bytes = Buffer.from(new SharedArrayBuffer(64), 8, Buffer.byteLength(texts.join('')));
    bytes.write(texts.join(''));
    let at = 0;
    const places = texts.map((t) => [at, (at += Buffer.byteLength(t))] as const);
    const lists = (job: Parameters<typeof fillGrams>[0]['jobs'][number]) => {
      const gramsPath = path.join(dir, `g${Math.random()}.sqlite`);
      const db = new Database(gramsPath);
      createGrams(db);
      db.close();
      fillGrams({ gramsPath, jobs: [job] }, () => undefined);
      const back = new Database(gramsPath, { readonly: true });
      try {
        return back.prepare('SELECT key, first, hex(list) AS list FROM gram ORDER BY key, first').all();
      } finally {
        back.close();
      }
    };
    const ids = Int32Array.of(1, 2, 3);
    const from = Float64Array.from(places, ([a]) => a);
    const to = Float64Array.from(places, ([, b]) => b);
    const fromDisk = lists({ path: file, ids, from, to });
    // The file is gone and its path names nothing: the lists come from the shared bytes alone, and are the same.
    fs.rmSync(file);
    const shared = lists({ path: file, ids, from, to, bytes: { buffer: bytes.buffer as SharedArrayBuffer, offset: bytes.byteOffset, length: bytes.length } });
    assert.ok(fromDisk.length > 10);
    assert.deepEqual(shared, fromDisk);
  });

  test('ids ascend within a segment, and a segment may not reach below the last id', () => {
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      assert.throws(() => new GramBuilder(Int32Array.from([2, 1]), () => 'abc'), /ascend/);
      index.db.transaction(() => writeSegment(index.db, Int32Array.from([5]), () => 'abcd'))();
      assert.throws(() => writeSegment(index.db, Int32Array.from([5]), () => 'abcd'), /overlap/);
    } finally {
      closeIndex(index);
    }
  });

  test('an entry edited away and the last entry deleted: the next entries get new ids, and the old text is never found', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, '9:00 2024-03-04\nops\n1, the checkpoint stalls.\n\n10:00 2024-03-04\nops\n1, quorum lost on shard.\n');
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    const sources = [{ path: file, shown: 'a.txt' }];
    const hits = (word: string) => [...bitIds(gramEntries(index.db, wordGrams(word)))];
    try {
      await syncIndex(index, sources);
      const [first, second] = index.db.prepare('SELECT id FROM main.entry ORDER BY id').pluck().all() as number[];
      assert.deepEqual(hits('quorum'), [second]);
      // The last entry (the highest id) taken out: its id is not given to the next entry.
      fs.writeFileSync(file, '9:00 2024-03-04\nops\n1, the checkpoint stalls.\n\n');
      await syncIndex(index, sources);
      assert.deepEqual(hits('quorum'), []);
      fs.appendFileSync(file, '11:00 2024-03-04\nops\n1, fencing token reused.\n');
      await syncIndex(index, sources);
      const ids = index.db.prepare('SELECT id FROM main.entry ORDER BY id').pluck().all() as number[];
      // An append reads the last indexed entry again: it, too, gets a new id.
      assert.ok(ids.every((id) => id > second!), `new ids (${ids.join(', ')}) above the one taken out (${second})`);
      assert.deepEqual(hits('checkpoint'), [ids[0]]);
      assert.ok(!hits('checkpoint').includes(first!));
      assert.deepEqual(hits('quorum'), []);
      assert.deepEqual(hits('fencing'), [ids[1]]);
    } finally {
      closeIndex(index);
    }
  });
});
