/**
 * Search by meaning: an English query finds the Chinese entries that mean it,
 * and back, with the dictionary alone; the exact hits still come first; bad
 * input is refused with an example. The judged set (test/fixtures/meaning/
 * judged.json) holds queries and the moments of the entries that answer
 * them, judged by reading the entries; the sample is read in place.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { closeIndex, openIndex, syncIndex, type Index } from '../src/indexing/index.js';
import { listJournalFiles } from '../src/journal/read.js';
import { searchJournalByMeaning } from '../src/query/meaning.js';
import { searchJournal } from '../src/query/search.js';
import { readDictionary, cleanSense } from '../src/meaning/dictionary.js';
import { translateQuery } from '../src/meaning/translate.js';
import { daybook, EXAMPLE, ROOT, SAMPLE, sampleText, tempDir, fingerprint } from './helpers.js';

interface Judged {
  query: string;
  direction: 'en-zh' | 'zh-en';
  journal: 'seeds' | 'examples';
  expect: string[];
}

const JUDGED: Judged[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'meaning', 'judged.json'), 'utf8')).queries;
const today = () => 20130301;

async function indexOf(journal: string): Promise<Index> {
  const index = openIndex(path.join(tempDir(), 'index.sqlite'));
  await syncIndex(index, listJournalFiles(journal, journal).map((f) => ({ path: path.resolve(f), shown: f })));
  return index;
}

/** The share of the expected moments among the first 10 hits. */
function recall(moments: string[], expect: string[]): number {
  const top = new Set(moments.slice(0, 10));
  return expect.filter((m) => top.has(m)).length / expect.length;
}

describe('the judged set', () => {
  test('has at least 40 queries, half English to Chinese and half Chinese to English, and holds no journal text', () => {
    assert.ok(JUDGED.length >= 40);
    const en = JUDGED.filter((j) => j.direction === 'en-zh').length;
    const zh = JUDGED.filter((j) => j.direction === 'zh-en').length;
    assert.ok(en >= 20 && zh >= 20, `${en} en-zh, ${zh} zh-en`);
    for (const j of JUDGED) {
      assert.equal(j.direction === 'en-zh', /^[a-z ]+$/.test(j.query), j.query);
      for (const m of j.expect) assert.match(m, /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    }
  });

  test('recall in the top 10 is at least 0.8 with the dictionary alone; exact search alone finds next to none of them', async (t) => {
    if (sampleText(t) === undefined) return;
    const indexes = { seeds: await indexOf(path.dirname(SAMPLE)), examples: await indexOf(EXAMPLE) };
    try {
      let meaning = 0;
      let exact = 0;
      const missed: string[] = [];
      for (const j of JUDGED) {
        const db = indexes[j.journal].db;
        const r = searchJournalByMeaning(db, { query: j.query, limit: '10' }, today);
        const got = recall(r.hits.map((h) => h.moment), j.expect);
        meaning += got;
        if (got < 1) missed.push(`${j.query} ${got.toFixed(2)}`);
        let plain: string[] = [];
        try {
          plain = searchJournal(db, { query: j.query, limit: '10' }, today).hits.map((h) => h.moment);
        } catch {
          // nothing found
        }
        exact += recall(plain, j.expect);
        // The exact hits come first, in their own order.
        assert.deepEqual(r.hits.slice(0, plain.length).map((h) => h.moment), plain, j.query);
        assert.ok(r.hits.slice(0, plain.length).every((h) => h.meaning === undefined));
        assert.ok(r.hits.slice(plain.length).every((h) => h.meaning !== undefined && h.meaning.length > 0));
      }
      meaning /= JUDGED.length;
      exact /= JUDGED.length;
      console.log(`# judged set: ${JUDGED.length} queries, recall@10 by meaning (dictionary) ${meaning.toFixed(3)}, exact only ${exact.toFixed(3)}; not all found: ${missed.join(', ')}`);
      assert.ok(meaning >= 0.8, `recall@10 ${meaning}`);
      assert.ok(exact < 0.3, `exact recall@10 ${exact}`);
    } finally {
      closeIndex(indexes.seeds);
      closeIndex(indexes.examples);
    }
  });
});

describe('search by meaning', () => {
  test('an English word finds the Chinese entry, saying which word matched and why', async () => {
    const index = await indexOf(EXAMPLE);
    try {
      const r = searchJournalByMeaning(index.db, { query: 'compression' }, today);
      const hit = r.hits.find((h) => h.moment === '2025-09-04 16:40');
      assert.ok(hit?.meaning, 'found through a translation');
      assert.equal(hit.meaning[0]!.word, '压缩');
      assert.equal(hit.meaning[0]!.from, 'compression');
      assert.equal(hit.meaning[0]!.via, 'dictionary');
      assert.match(hit.meaning[0]!.why, /CC-CEDICT: 压缩/);
      assert.ok(hit.snippet.marks.length > 0, 'the translated word is marked in the snippet');
      assert.ok(r.meaning!.translations.some((m) => m.word === '压缩'));
    } finally {
      closeIndex(index);
    }
  });

  test('a Chinese query is segmented and its common words left out', async () => {
    const index = await indexOf(EXAMPLE);
    try {
      const r = searchJournalByMeaning(index.db, { query: '修改调用的问题' }, today);
      const words = r.meaning!.translations.map((m) => m.word);
      for (const w of ['modify', 'invoke', 'problem', '修改', '调用', '问题']) assert.ok(words.includes(w), `${w} in ${words.join(', ')}`);
      assert.ok(!words.includes('的'));
    } finally {
      closeIndex(index);
    }
  });

  test('filters and left-out words hold for the translations too', async () => {
    const index = await indexOf(EXAMPLE);
    try {
      const all = searchJournalByMeaning(index.db, { query: '延迟', limit: '0' }, today);
      const since = searchJournalByMeaning(index.db, { query: '延迟', limit: '0', since: '2025-10' }, today);
      assert.ok(since.hits.length > 0 && since.hits.length < all.hits.length);
      assert.ok(since.hits.every((h) => h.moment >= '2025-10'));
    } finally {
      closeIndex(index);
    }
  });

  test('the dictionary reads CC-CEDICT lines both ways', () => {
    const dict = readDictionary('# comment\n修改 修改 [xiu1 gai3] /to amend/to alter/to modify/\n內存 内存 [nei4 cun2] /internal storage/computer memory/random access memory (RAM)/\n鎖 锁 [suo3] /to lock up/to lock/lock/CL:把[ba3]/\n');
    assert.deepEqual(dict.senses('修改'), ['amend', 'alter', 'modify']);
    assert.deepEqual(dict.senses('內存'), dict.senses('内存'));
    assert.deepEqual(dict.chinese('modify').map((r) => r.zh), ['修改']);
    assert.deepEqual([...new Set(dict.chinese('memory').map((r) => `${r.zh} ${r.exact}`))], ['内存 false']);
    assert.equal(cleanSense('CL:把[ba3]'), undefined);
    assert.equal(cleanSense('(computing) to invoke (a command, an application etc)'), 'invoke');
    const seg = { words: (s: string) => (s === '修改内存' ? ['修改', '内存'] : [s]), count: () => 1 };
    const t = translateQuery(['修改内存'], dict, seg);
    assert.deepEqual(t.filter((x) => x.via === 'dictionary').map((x) => x.word), ['amend', 'alter', 'modify', 'internal storage', 'storage', 'computer memory', 'memory']);
    assert.deepEqual(t.filter((x) => x.via === 'segment').map((x) => x.word), ['修改', '内存']);
  });
});

describe('daybook search --meaning', () => {
  test('prints the exact hits, then the others with the word that found them; --json carries the matches', () => {
    const r = daybook(['search', '--meaning', 'compression', '--journal', EXAMPLE, '--index', path.join(tempDir(), 'i.sqlite'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.ok(out.meaning.translations.length > 0);
    assert.ok(out.hits.some((h: { meaning?: { word: string }[] }) => h.meaning?.[0]?.word === '压缩'));
    const text = daybook(['search', '--meaning', 'compression', '--journal', EXAMPLE, '--index', path.join(tempDir(), 'i.sqlite')]);
    assert.match(text.stdout, /by meaning: 压缩 for compression/);
  });

  test('an empty query is refused with an example, exit 2, and no index is made', () => {
    const dir = tempDir();
    const r = daybook(['search', '--meaning', '', '--journal', EXAMPLE, '--index', path.join(dir, 'i.sqlite')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--meaning needs a query/);
    assert.match(r.stderr, /daybook search --meaning modify/);
  });

  test('a model directory in the config that is missing or incomplete is refused with an example; nothing is touched', () => {
    const dir = tempDir();
    const journal = path.join(dir, 'j.txt');
    fs.copyFileSync(path.join(EXAMPLE, '2025-09.txt'), journal);
    const before = fingerprint(journal);
    for (const [model, why] of [
      [path.join(dir, 'nowhere'), /no such directory/],
      [dir, /model\.onnx/],
    ] as const) {
      const config = path.join(dir, `config-${path.basename(model)}.json`);
      fs.writeFileSync(config, JSON.stringify({ journal, model }));
      const index = path.join(dir, 'i.sqlite');
      const r = daybook(['search', '--meaning', 'compression', '--config', config, '--index', index]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, why);
      assert.match(r.stderr, /"model": /);
      assert.equal(fs.existsSync(index), false);
    }
    assert.equal(fingerprint(journal), before);
  });
});
