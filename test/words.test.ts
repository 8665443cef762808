/**
 * The word lists (src/indexing/words.ts): what a word is (Chinese characters
 * one by one and two by two), counts read back as written, the ranking
 * window (the newest entries holding every word, by BM25) checked against a
 * scan, and the lists kept through syncs that add, change and remove entries.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { bitIds, decodeCounted, encodeList } from '../src/indexing/rice.js';
import { closeIndex, openIndex, syncIndex } from '../src/indexing/index.js';
import { listEntries, WORD_TABLES } from '../src/indexing/lists.js';
import { rankWindow, termWords, WordBuilder } from '../src/indexing/words.js';
import { parseQuery, search } from '../src/search/index.js';
import { tempDir } from './helpers.js';

describe('words', () => {
  test('a word is a run of letters, digits and marks; Chinese characters one by one and two by two', () => {
    assert.deepEqual(termWords('checkpoint wal_x, fsync() 4096'), ['checkpoint', 'wal', 'x', 'fsync', '4096']);
    assert.deepEqual(termWords('用上ao_how'), ['用', '上', '用上', 'ao', 'how']);
    assert.deepEqual(termWords('压缩延迟'), ['压', '缩', '压缩', '延', '缩延', '迟', '延迟']);
    assert.deepEqual(termWords('café naïve'), ['café', 'naïve']);
    assert.deepEqual(termWords('𠀀𠀁 😀ok'), ['𠀀', '𠀁', '𠀀𠀁', 'ok']);
    assert.deepEqual(termWords('\\todo: ---'), ['todo']);
    // A lone surrogate parts words and is no word.
    assert.deepEqual(termWords('ab\ud800cd'), ['ab', 'cd']);
  });

  test('a builder\'s lists, in many batches or in one, chains of blocks of every size: every word\'s entries and counts as a count of each entry\'s words has them', () => {
    const vocabulary = ['wal', 'fsync', 'checkpoint', '压缩', '延迟', '用', 'café', '4096', 'x'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const texts = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => vocabulary[Math.floor(rnd() * vocabulary.length)]).join(rnd() < 0.5 ? ' ' : ''));
    // Counts of more than one byte.
    texts[1500] = `${'wal '.repeat(300)}${'压缩'.repeat(200)}`;
    const want = new Map<string, string[]>();
    texts.forEach((text, i) => {
      const counts = new Map<string, number>();
      for (const w of termWords(text.toLowerCase())) counts.set(w, (counts.get(w) ?? 0) + 1);
      for (const [w, c] of counts) want.set(w, [...(want.get(w) ?? []), `${i + 1}x${c}`]);
    });
    // A batch of 1 byte: taken after every entry; of 300,000: after many.
    for (const batch of [undefined, 1, 300_000]) {
      const builder = new WordBuilder(batch);
      let takes = 0;
      const got = new Map<string, string[]>();
      const takeAll = () => {
        let previous = '';
        for (const [word, parts] of builder.take()) {
          assert.ok(previous === '' || previous < word, `words in code unit order: ${previous}, ${word}`);
          previous = word;
          for (const [, list] of parts) {
            const { ids, counts } = decodeCounted(list);
            got.set(word, [...(got.get(word) ?? []), ...[...ids].map((id, k) => `${id}x${counts[k]}`)]);
          }
        }
      };
      texts.forEach((text, i) => {
        builder.add(i + 1, text);
        if (builder.full) {
          takeAll();
          takes++;
        }
      });
      takeAll();
      if (batch === undefined) assert.equal(takes, 0, 'one batch');
      else if (batch === 1) assert.equal(takes, texts.length, 'a batch an entry');
      else assert.ok(takes > 2 && takes < texts.length / 10, `taken ${takes} times`);
      assert.deepEqual(new Map([...got].sort()), new Map([...want].sort()), `batch ${batch}`);
    }
  });

  test('counts are read back as written', () => {
    const ids = Int32Array.from([3, 4, 90, 1000, 1001]);
    const counts = Int32Array.from([1, 2, 40, 1, 300]);
    const back = decodeCounted(encodeList(ids, 0, counts));
    assert.deepEqual([...back.ids], [...ids]);
    assert.deepEqual([...back.counts], [...counts]);
  });
});

/** A journal of entries with these bodies, one a day, each four lines long (its header on line 4i + 1). */
function journal(entries: string[]): string {
  return entries.map((body, i) => `9:00 2024-01-${String(i + 1).padStart(2, '0')}\nops\n${body}\n\n`).join('');
}

describe('the word lists rank what the text holds', () => {
  test('the window is the entries holding every word, newest first cut, scored by BM25', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.txt');
    const bodies = [
      '1, checkpoint checkpoint checkpoint stalls.', // the word three times
      '1, the checkpoint stalls once.',
      '1, checkpointing is another word.', // not the word
      '1, 压缩 and the checkpoint.',
      '1, nothing here.',
      '1, checkpoint, then a very long entry that says a great many other things about many other subjects and goes on and on and on.',
    ];
    fs.writeFileSync(file, journal(bodies));
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      await syncIndex(index, [{ path: file, shown: 'a.txt' }]);
      const ids = index.db.prepare('SELECT id FROM main.entry ORDER BY line').pluck().all() as number[];
      const window = rankWindow(index.db, [{ words: ['checkpoint'], prefix: false }], 1000);
      assert.deepEqual(window.map(([id]) => id).sort((a, b) => a - b), [ids[0], ids[1], ids[3], ids[5]]);
      // Three times in a short entry first; the long one last.
      assert.equal(window[0]![0], ids[0]);
      assert.equal(window[window.length - 1]![0], ids[5]);
      // The window keeps the newest: two of the four.
      assert.deepEqual(rankWindow(index.db, [{ words: ['checkpoint'], prefix: false }], 2).map(([id]) => id).sort((a, b) => a - b), [ids[3], ids[5]]);
      // A prefix stands for every word so starting.
      assert.equal(rankWindow(index.db, [{ words: ['checkpoint'], prefix: true }], 1000).length, 5);
      // A Chinese word of two characters is one word.
      assert.deepEqual([...bitIds(listEntries(index.db, WORD_TABLES, termWords('压缩')))], [ids[3]]);
      assert.deepEqual(rankWindow(index.db, [{ words: ['nowhere'], prefix: false }], 1000), []);
      // Search ranks the same way: the whole word first, by score; "checkpointing" after.
      const hits = search(index.db, { terms: parseQuery('checkpoint'), limit: 0 }).hits;
      assert.equal(hits.length, 5);
      assert.equal(hits[0]!.line, 1);
      assert.equal(hits[hits.length - 1]!.line, 9, 'checkpointing follows the whole-word hits');
    } finally {
      closeIndex(index);
    }
  });

  test('BM25 as the texts give it: a word in thousands of entries (its list in many parts), the window its newest entries', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.txt');
    // 6,000 entries, "alpha" in every third (1 to 3 times), filler of varied length.
    const bodies = Array.from({ length: 6000 }, (_, i) => `1, ${i % 3 === 0 ? 'alpha '.repeat(1 + (i % 7) % 3) : 'gamma '}${'filler '.repeat(i % 11)}end`);
    const days = (i: number) => `${2001 + Math.floor(i / 336)}-${String(1 + Math.floor((i % 336) / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const texts = bodies.map((b, i) => `9:00 ${days(i)}\nops\n${b}\n\n`);
    fs.writeFileSync(file, texts.join(''));
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      await syncIndex(index, [{ path: file, shown: 'a.txt' }]);
      const parts = index.db.prepare("SELECT count(*) FROM main.word WHERE key = 'alpha'").pluck().get() as number;
      assert.ok(parts > 1, `alpha's list is in ${parts} parts`);
      const ids = index.db.prepare('SELECT id FROM main.entry ORDER BY line').pluck().all() as number[];
      const lengths = texts.map((t) => termWords(t.toLowerCase()).length);
      const mean = lengths.reduce((a, b) => a + b, 0) / texts.length;
      const holding = bodies.filter((b) => b.includes('alpha')).length;
      const idf = Math.log((texts.length - holding + 0.5) / (holding + 0.5));
      const score = (i: number) => {
        const tf = termWords(texts[i]!).filter((w) => w === 'alpha').length;
        return (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * lengths[i]!) / mean));
      };
      const window = rankWindow(index.db, [{ words: ['alpha'], prefix: false }], 30);
      const newest = bodies.map((_, i) => i).filter((i) => bodies[i]!.includes('alpha')).slice(-30);
      assert.deepEqual(window.map(([id]) => id).sort((a, b) => a - b), newest.map((i) => ids[i]));
      for (const [id, got] of window) {
        const i = ids.indexOf(id);
        assert.ok(Math.abs(got - score(i)) < 1e-9, `entry ${i}: ${got} against ${score(i)}`);
      }
    } finally {
      closeIndex(index);
    }
  });

  test('through syncs that add, change and remove entries, the lists find what a scan of the texts finds', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.txt');
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    const words = ['wal', 'quorum', '压缩', '延迟', 'fencing', 'token', 'raft'];
    let seed = 5;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const body = () => `1, ${Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => words[Math.floor(rnd() * words.length)]).join(' ')}.`;
    let bodies = Array.from({ length: 40 }, body);
    try {
      for (let round = 0; round < 30; round++) {
        if (round > 0) {
          const r = rnd();
          if (r < 0.4) bodies.push(body());
          else if (r < 0.7) bodies[Math.floor(rnd() * bodies.length)] = body();
          else bodies = bodies.filter((_, i) => i !== Math.floor(rnd() * bodies.length));
        }
        fs.writeFileSync(file, journal(bodies));
        await syncIndex(index, [{ path: file, shown: 'a.txt' }]);
        const lineOf = new Map(index.db.prepare('SELECT id, line FROM main.entry').raw().all() as [number, number][]);
        for (const w of words) {
          const want = bodies.flatMap((b, i) => (termWords(b).includes(w) ? [i * 4] : []));
          const got = [...bitIds(listEntries(index.db, WORD_TABLES, termWords(w), Infinity))].map((id) => lineOf.get(id)).sort((a, b) => a! - b!);
          assert.deepEqual(got, want, `round ${round}: ${w}`);
        }
      }
    } finally {
      closeIndex(index);
    }
  });
});
