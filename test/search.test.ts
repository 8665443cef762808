/**
 * Search: exactly the entries that hold the query, on a generated mixed
 * journal and on the sample; the query language, dates, and the index kept
 * in step with the journal.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generateJournal } from '../bench/generate.js';
import { closeIndex, openIndex, syncIndex, type Index, type SyncReport } from '../src/indexing/index.js';
import { readRange } from '../src/calendar/index.js';
import { parseQuery, search, type SearchResult } from '../src/search/index.js';
import { parseBytes } from '../src/syntax/bytes.js';
import { decodeCounted } from '../src/indexing/rice.js';
import { Moment } from '../src/model/moment.js';
import { SAMPLE, sampleText, tempDir } from './helpers.js';

/** Every entry of a file: its header's 1-based line and its text. */
function entriesOf(file: string): { line: number; text: string }[] {
  const { doc } = parseBytes(fs.readFileSync(file));
  const out: { line: number; text: string }[] = [];
  doc.forEachChunk((chunk, text) => {
    if (!chunk.preamble) out.push({ line: chunk.line + 1, text });
  });
  return out;
}

/** The oracle: lines of the entries holding every term and none of the left-out ones, ignoring case. */
function oracle(entries: { line: number; text: string }[], query: string): number[] {
  const terms = parseQuery(query);
  return entries
    .filter((e) => {
      const lower = e.text.toLowerCase();
      return terms.every((t) => lower.includes(t.text) !== t.negate);
    })
    .map((e) => e.line)
    .sort((a, b) => a - b);
}

const lines = (r: SearchResult) => r.hits.map((h) => h.line).sort((a, b) => a - b);

/** Every word list of an index, as its ids and counts, each entry's length in words, and the segments' counts. */
function wordLists(index: Index): { lists: Record<string, number[]>; lengths: number[]; segments: unknown[] } {
  const lists: Record<string, number[]> = {};
  for (const [key, , list] of index.db.prepare('SELECT key, first, list FROM main.word UNION ALL SELECT key, first, list FROM main.word_tail ORDER BY key, first').raw().iterate() as IterableIterator<[string, number, Uint8Array]>) {
    const { ids, counts } = decodeCounted(list);
    (lists[key] ??= []).push(...Array.from(ids, (id, i) => id * 1000 + counts[i]!));
  }
  const lengths: number[] = [];
  for (const [first, row] of index.db.prepare('SELECT first, lengths FROM main.word_length ORDER BY first').raw().iterate() as IterableIterator<[number, Buffer]>) {
    for (let i = 0; i < row.length / 2; i++) lengths.push(first + i, row.readUInt16LE(i * 2));
  }
  const segments = index.db.prepare('SELECT min(first_id) AS first, max(last_id) AS last, sum(entries) AS entries, sum(words) AS words FROM main.word_segment').all();
  return { lists, lengths, segments };
}

async function indexOf(file: string, options: { parallelBytes?: number; workerWords?: number } = {}): Promise<{ index: Index; report: SyncReport }> {
  const index = openIndex(path.join(tempDir(), 'index.sqlite'));
  const report = await syncIndex(index, [{ path: file, shown: path.basename(file) }], undefined, options);
  return { index, report };
}

/** Queries taken from a text: words and Chinese of each kind it holds. */
function queriesFrom(text: string): string[] {
  const queries = new Set<string>();
  const glued = /[\u4e00-\u9fff]([a-z][a-z_]{2,})/g;
  let found = 0;
  for (const m of text.matchAll(glued)) {
    if (found++ > 3) break;
    queries.add(m[0]); // Chinese with the Latin word glued to it
    queries.add(m[1]!); // the Latin word alone
  }
  const runs = [...text.matchAll(/[\u4e00-\u9fff]{3,}/g)].map((m) => m[0]);
  for (const run of runs.slice(0, 40).filter((_, i) => i % 8 === 0)) {
    queries.add(run.slice(0, 1));
    queries.add(run.slice(0, 2));
    queries.add(run.slice(1, 3));
    queries.add(run.slice(0, 3));
  }
  return [...queries];
}

describe('search finds exactly the entries that hold the query', () => {
  const dir = tempDir();
  const file = path.join(dir, 'mixed.txt');
  generateJournal(file, 1_500_000, 7);
  const text = fs.readFileSync(file, 'utf8');
  const entries = entriesOf(file);
  const fixed = ['migration', 'MIGRATION', '\\TODO', 'wal', 'go', '"wrote 4096"', '压缩策略', '写放大', '延迟', '模', 'replica-7 checkpoint', 'migration -写放大', 'kernel -the'];

  test('on a generated journal of English and Chinese, for every kind of term', async () => {
    const { index } = await indexOf(file);
    try {
      const queries = [...fixed, ...queriesFrom(text)];
      assert.ok(queries.length > 25);
      let nonEmpty = 0;
      for (const q of queries) {
        const expected = oracle(entries, q);
        const got = search(index.db, { terms: parseQuery(q), limit: 0 });
        assert.deepEqual(lines(got), expected, `query ${q}`);
        assert.equal(got.total, expected.length);
        assert.ok(got.exact);
        if (expected.length) nonEmpty++;
      }
      assert.ok(nonEmpty >= queries.length - 2, 'the queries find something');
    } finally {
      closeIndex(index);
    }
  });

  test('the top hits of a limited search are hits, and the count bounds the truth', async () => {
    const { index } = await indexOf(file);
    try {
      for (const q of ['migration', '压缩策略', 'the', '模']) {
        const all = oracle(entries, q);
        const got = search(index.db, { terms: parseQuery(q), limit: 20 });
        assert.equal(got.hits.length, Math.min(20, all.length));
        for (const h of got.hits) assert.ok(all.includes(h.line), `${q}: line ${h.line} holds it`);
        assert.ok(got.total >= all.length);
        if (got.exact) assert.equal(got.total, all.length);
        const newest = search(index.db, { terms: parseQuery(q), limit: 5, newest: true });
        const moments = newest.hits.map((h) => h.moment);
        assert.deepEqual(moments, [...moments].sort().reverse());
      }
    } finally {
      closeIndex(index);
    }
  });

  test('a first indexing in two threads (the worker writing the word lists of none, some or most entries) finds the same, ranked the same, as one in one thread; its word lists are the same', async () => {
    const serial = await indexOf(file);
    try {
      assert.equal(serial.report.parallel, false);
      for (const workerWords of [0, undefined, 0.9]) {
        const parallel = await indexOf(file, { parallelBytes: 0, workerWords });
        try {
          assert.equal(parallel.report.parallel, true);
          for (const q of fixed) assert.deepEqual(search(parallel.index.db, { terms: parseQuery(q), limit: 0 }), search(serial.index.db, { terms: parseQuery(q), limit: 0 }), `${workerWords}: ${q}`);
          assert.deepEqual(wordLists(parallel.index), wordLists(serial.index), `the word lists (${workerWords})`);
          // The worker's word lists came through a file of their own, gone now; the grams database holds no pages they left free.
          assert.ok(!fs.existsSync(`${parallel.index.gramsPath}-words`));
          assert.equal(parallel.index.db.pragma('grams.freelist_count', { simple: true }), 0);
          assert.equal(parallel.index.db.pragma('main.freelist_count', { simple: true }), 0);
        } finally {
          closeIndex(parallel.index);
        }
      }
    } finally {
      closeIndex(serial.index);
    }
  });

  test('snippets show the line with the terms, marked', async () => {
    const { index } = await indexOf(file);
    try {
      for (const h of search(index.db, { terms: parseQuery('replica-7 lag'), limit: 5 }).hits) {
        assert.ok(h.snippet.marks.length >= 1);
        const marked = h.snippet.marks.map(([a, b]) => h.snippet.text.slice(a, b).toLowerCase());
        assert.ok(marked.every((m) => m.includes('replica-7') || m.includes('lag')), marked.join());
        assert.equal(text.split('\n')[h.snippet.fileLine - 1]!.includes('replica-7'), true);
      }
    } finally {
      closeIndex(index);
    }
  });

  test('word* finds the term only where a word starts', async () => {
    const j = path.join(tempDir(), 'j.txt');
    fs.writeFileSync(j, '9:00 2024-01-02\nstorage\n1, compaction ran\n\n10:00 2024-01-02\nstorage\n1, decompress the page\n\n11:00 2024-01-02\nstorage\n1, 压缩compile\n');
    const { index } = await indexOf(j);
    try {
      assert.deepEqual(lines(search(index.db, { terms: parseQuery('comp*'), limit: 0 })), [1, 9]);
      assert.deepEqual(lines(search(index.db, { terms: parseQuery('comp'), limit: 0 })), [1, 5, 9]);
    } finally {
      closeIndex(index);
    }
  });
});

describe('a phrase is its words in order, whatever the white space between them', () => {
  const TEXT =
    '9:00 2024-01-02\nfax\n1, Fax:   +49 30 1234\n\n' + // spaces
    '10:00 2024-01-02\nfax\n1, Fax:\t+49 30 5678\n\n' + // a tab
    '11:00 2024-01-02\nfax\n1, call the Fax:\n  +49 30 9999 after lunch\n\n' + // a line break and an indent
    '12:00 2024-01-02\nfax\n1, Fax:+49 glued, no space at all\n\n' + // no white space: not the phrase
    '13:00 2024-01-02\nfax\n1, +49 before Fax: is the wrong order\n\n' +
    '14:00 2024-01-02\nfax\n1, Fax: +49 written as in the query\n';

  test('found with spaces, a tab, a line break; not glued, not in the other order; the index narrows by each word alone', async () => {
    const j = path.join(tempDir(), 'j.txt');
    fs.writeFileSync(j, TEXT);
    const { index } = await indexOf(j);
    try {
      for (const q of ['"Fax: +49"', '"fax:    +49"']) assert.deepEqual(lines(search(index.db, { terms: parseQuery(q), limit: 0 })), [1, 5, 9, 22], q);
      assert.deepEqual(lines(search(index.db, { terms: parseQuery('"Fax:\t+49 30"'), limit: 0 })), [1, 5, 9]);
      // A limited search (ranked first, then the rest) finds the same.
      assert.deepEqual(lines(search(index.db, { terms: parseQuery('"Fax: +49"'), limit: 2 })).length, 2);
      assert.deepEqual(lines(search(index.db, { terms: parseQuery('"+49 30 9999 after"'), limit: 0 })), [9]);
      assert.deepEqual(lines(search(index.db, { terms: parseQuery('x "Fax: +49" -lunch'), limit: 0 })), [1, 5, 22]);
      assert.deepEqual(lines(search(index.db, { terms: parseQuery('"30 1234 9999"'), limit: 0 })), []);
    } finally {
      closeIndex(index);
    }
  });

  test('the snippet marks the matched text, its white space included, and the part on the line shown of a phrase over a line break', async () => {
    const j = path.join(tempDir(), 'j.txt');
    fs.writeFileSync(j, TEXT);
    const { index } = await indexOf(j);
    try {
      const hits = search(index.db, { terms: parseQuery('"Fax: +49"'), limit: 0 }).hits;
      const marked = (h: (typeof hits)[number]) => h.snippet.marks.map(([a, b]) => h.snippet.text.slice(a, b));
      const byLine = new Map(hits.map((h) => [h.line, h]));
      assert.deepEqual(marked(byLine.get(1)!), ['Fax:   +49']);
      assert.deepEqual(marked(byLine.get(5)!), ['Fax: +49'], 'the tab is shown as a space, and marked');
      const broken = byLine.get(9)!;
      assert.equal(broken.snippet.text, '1, call the Fax:');
      assert.deepEqual(marked(broken), ['Fax:'], 'the part of the phrase on the line shown');
      assert.equal(broken.snippet.fileLine, 11);
    } finally {
      closeIndex(index);
    }
  });

  test('parseQuery keeps a phrase as its words with one space between them', () => {
    assert.deepEqual(parseQuery('"  Fax:\t  +49 "').map((t) => t.text), ['fax: +49']);
  });
});

describe('on the sample (read in place)', () => {
  test('Chinese words and mixed tokens find exactly the entries that hold them', async (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const { index } = await indexOf(SAMPLE);
    try {
      const entries = entriesOf(SAMPLE);
      const queries = queriesFrom(text.toLowerCase());
      assert.ok(queries.length >= 10, `queries from the sample: ${queries.length}`);
      for (const q of [...queries, '\\TODO', 'todo']) {
        const expected = oracle(entries, q);
        assert.ok(expected.length > 0, q);
        assert.deepEqual(lines(search(index.db, { terms: parseQuery(q), limit: 0 })), expected, `query ${q}`);
      }
    } finally {
      closeIndex(index);
    }
  });
});

describe('the query language', () => {
  test('words, phrases, -word and word*', () => {
    assert.deepEqual(parseQuery('WAL "Short write" -draft comp* 压缩'), [
      { text: 'wal', negate: false, prefix: false, phrase: false },
      { text: 'short write', negate: false, prefix: false, phrase: true },
      { text: 'draft', negate: true, prefix: false, phrase: false },
      { text: 'comp', negate: false, prefix: true, phrase: false },
      { text: '压缩', negate: false, prefix: false, phrase: false },
    ]);
    assert.deepEqual(parseQuery('-"a b"')[0], { text: 'a b', negate: true, prefix: false, phrase: true });
    assert.deepEqual(parseQuery('a - b').map((t) => t.text), ['a', '-', 'b']);
  });

  test('bad queries say what was expected', () => {
    assert.throws(() => parseQuery(''), /the query is empty[\s\S]*/);
    assert.throws(() => parseQuery('   '), /the query is empty/);
    assert.throws(() => parseQuery('wal "short write'), /quote at column 5 of the query is not closed/);
    assert.throws(() => parseQuery('say"hi"'), /a quote inside a word/);
    assert.throws(() => parseQuery('""'), /an empty term/);
    assert.throws(() => parseQuery('"a"b'), /text right after the closing quote/);
  });
});

describe('dates', () => {
  const today = 20130220; // a Wednesday
  test('every form names its days', () => {
    assert.deepEqual(readRange('2013-02-16', today, '--on'), { from: 20130216, to: 20130216 });
    assert.deepEqual(readRange('2013-2-6', today, '--on'), { from: 20130206, to: 20130206 });
    assert.deepEqual(readRange('2013-02', today, '--on'), { from: 20130201, to: 20130228 });
    assert.deepEqual(readRange('2012-2', today, '--on'), { from: 20120201, to: 20120229 });
    assert.deepEqual(readRange('2013', today, '--on'), { from: 20130101, to: 20131231 });
    assert.deepEqual(readRange('2013-W08', today, '--on'), { from: 20130218, to: 20130224 });
    assert.deepEqual(readRange('2015-w53', today, '--on'), { from: 20151228, to: 20160103 });
    assert.deepEqual(readRange('2013-W01', today, '--on'), { from: 20121231, to: 20130106 });
    assert.deepEqual(readRange('today', today, '--on'), { from: 20130220, to: 20130220 });
    assert.deepEqual(readRange('Yesterday', today, '--on'), { from: 20130219, to: 20130219 });
    assert.deepEqual(readRange('this week', today, '--on'), { from: 20130218, to: 20130224 });
    assert.deepEqual(readRange('last  week', today, '--on'), { from: 20130211, to: 20130217 });
    assert.deepEqual(readRange('last month', 20130110, '--on'), { from: 20121201, to: 20121231 });
    assert.deepEqual(readRange('this month', today, '--on'), { from: 20130201, to: 20130228 });
  });

  test('impossible and unknown dates are refused with the forms to use', () => {
    for (const [bad, why] of [
      ['2013-02-30', /2013-02 has no day 30/],
      ['2013-13-01', /no month 13/],
      ['2013-13', /no month 13/],
      ['2013-W54', /2013 has no week 54/],
      ['2013-W00', /no week 0/],
      ['tomorrow-ish', /not a date daybook knows/],
      ['', /empty/],
      ['16.2.2013', /not a date/],
    ] as const) {
      assert.throws(() => readRange(bad, today, '--since'), (err: Error & { hint?: string }) => why.test(err.message) && err.message.startsWith('--since') && /2013-W08/.test(err.hint ?? ''), bad);
    }
  });
});

describe('search filters, checked against the journal model', async () => {
  const { readJournal } = await import('../src/journal/read.js');
  const { readDetail } = await import('../src/model/entry.js');
  const { EXAMPLE } = await import('./helpers.js');
  const journal = readJournal([EXAMPLE], path.dirname(EXAMPLE));
  const files = fs.readdirSync(EXAMPLE).sort().map((f) => ({ path: path.join(EXAMPLE, f), shown: f }));
  const key = (e: (typeof journal.entries)[number]) => `${path.basename(e.file.path)}:${e.chunk.line + 1}`;
  const day = (e: (typeof journal.entries)[number]) => (e.moment?.valid ? e.moment.year * 10000 + e.moment.month * 100 + e.moment.day : -1);
  const hitKeys = (r: SearchResult) => r.hits.map((h) => `${h.file}:${h.line}`).sort();
  const run = async (req: Omit<Parameters<typeof search>[1], 'limit'>) => {
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      await syncIndex(index, files);
      return search(index.db, { limit: 0, ...req });
    } finally {
      closeIndex(index);
    }
  };

  test('--gtd --on a week: the GTD days of that week', async () => {
    const r = await run({ terms: [], gtd: true, days: readRange('2025-W41', 20251201, '--on') });
    const expected = journal.entries.filter((e) => e.isGtd && day(e) >= 20251006 && day(e) <= 20251012).map(key).sort();
    assert.ok(expected.length >= 2);
    assert.deepEqual(hitKeys(r), expected);
    // Filters alone list the entries newest first.
    const moments = r.hits.map((h) => h.moment);
    assert.deepEqual(moments, [...moments].sort().reverse());
  });

  test('--thread: its parts and opener, and the parts and openers of its sub-threads', async () => {
    const within = (k: string | undefined, thread: string) => k !== undefined && (k === thread || k.startsWith(`${thread} / `));
    for (const thread of journal.threads.values()) {
      const r = await run({ terms: [], thread: thread.key });
      const expected = journal.entries.filter((e) => within(e.thread?.key, thread.key) || within(readDetail(e).openerKey, thread.key)).map(key).sort();
      assert.ok(expected.length >= thread.parts.length);
      assert.deepEqual(hitKeys(r), expected, thread.key);
    }
  });

  test('--topic with a query, --todo, and --since/--until', async () => {
    const withTopic = journal.entries.filter((e) => readDetail(e).topics.some((t) => t.name.toLowerCase() === 'tidepool'));
    const text = (e: (typeof journal.entries)[number]) => e.file.doc.chunkText(e.chunk).slice(e.chunk.from, e.chunk.to).toLowerCase();
    let r = await run({ terms: parseQuery('the'), topic: 'TidePool' });
    assert.deepEqual(hitKeys(r), withTopic.filter((e) => text(e).includes('the')).map(key).sort());
    assert.ok(r.hits.length > 3);
    r = await run({ terms: [], todo: true });
    assert.deepEqual(hitKeys(r), journal.entries.filter((e) => readDetail(e).todos.some((t) => t.state === 'open')).map(key).sort());
    r = await run({ terms: parseQuery('wal'), days: { from: 20251001, to: 20251031 } });
    const expected = journal.entries.filter((e) => day(e) >= 20251001 && day(e) <= 20251031 && text(e).includes('wal')).map(key).sort();
    assert.ok(expected.length >= 2);
    assert.deepEqual(hitKeys(r), expected);
  });

  test('--newest sorts by moment; ranking puts whole words first', async () => {
    const r = await run({ terms: parseQuery('wal'), newest: true });
    const moments = r.hits.map((h) => h.moment);
    assert.deepEqual(moments, [...moments].sort().reverse());
    const ranked = await run({ terms: parseQuery('wal') });
    const scores = ranked.hits.map((h) => h.score);
    const firstZero = scores.indexOf(0);
    assert.ok(firstZero === -1 || scores.slice(firstZero).every((s) => s === 0), 'scored hits come before unscored ones');
    assert.deepEqual([...scores.slice(0, firstZero === -1 ? undefined : firstZero)], [...scores.slice(0, firstZero === -1 ? undefined : firstZero)].sort((a, b) => b - a));
  });
});

describe('a word in more entries than are ranked', () => {
  test('the newest 1,000 whole-word hits are ranked, the older follow newest first, and nothing is lost', async () => {
    // 4,000 entries, 1,500 of them with "wal"; the oldest of those holds it five times (the best score of all), the newest-but-ten three times.
    const dir = tempDir();
    const file = path.join(dir, 'j.txt');
    let text = '\n';
    const moment = (i: number) => `${Math.floor(i / 60) % 24}:${String(i % 60).padStart(2, '0')} 2014-${String(1 + Math.floor(i / 1440)).padStart(2, '0')}-01`;
    const key = (i: number) => new Moment(2014, 1 + Math.floor(i / 1440), 1, Math.floor(i / 60) % 24, i % 60).key;
    const withWal: number[] = [];
    for (let i = 0; i < 4000; i++) {
      if (i % 8 >= 3) {
        text += `${moment(i)}\ntopic\n1, nothing of the kind in entry ${i}\n\n`;
        continue;
      }
      const k = withWal.push(i) - 1;
      const body = k === 0 ? 'wal wal wal wal wal' : k === 1489 ? 'wal wal wal' : `wal and some other words of entry ${i}`;
      text += `${moment(i)}\ntopic\n1, ${body}\n\n`;
    }
    fs.writeFileSync(file, text);
    const { index } = await indexOf(file);
    try {
      const top = search(index.db, { terms: parseQuery('wal'), limit: 20 });
      assert.equal(top.hits[0]!.moment, key(withWal[1489]!), 'the best of the newest 1,000 comes first');
      assert.ok(!top.hits.some((h) => h.moment === key(0)), 'the oldest, outside the window, is not among the top 20');
      const all = search(index.db, { terms: parseQuery('wal'), limit: 0 });
      assert.equal(all.total, 1500);
      assert.equal(all.exact, true);
      assert.equal(new Set(all.hits.map((h) => h.moment)).size, 1500, 'every entry once');
      const scored = all.hits.filter((h) => h.score > 0);
      assert.equal(scored.length, 1000, 'exactly the window is scored');
      assert.ok(all.hits.slice(0, 1000).every((h) => h.score > 0), 'the scored come first');
      const rest = all.hits.slice(1000).map((h) => h.moment);
      assert.deepEqual(rest, [...rest].sort().reverse(), 'the older follow newest first');
      assert.equal(rest.at(-1), key(0));
    } finally {
      closeIndex(index);
    }
  });
});
