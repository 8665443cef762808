/**
 * Finding entries by name (completion of references, workspace symbols):
 * the prefilter by the longest word and the heap of the best return exactly
 * what scoring and sorting every entry returns.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { readJournal } from '../src/journal/read.js';
import { bestEntries, wordMatcher } from '../src/lsp/match.js';
import { labelOf } from '../src/model/labels.js';
import type { Journal } from '../src/model/journal.js';
import type { Entry } from '../src/model/types.js';
import { EXAMPLE, SAMPLE, sampleText } from './helpers.js';

/** Every entry scored, sorted by score, then newest, then journal order: the ranking the fast path must equal. */
function naive(journal: Journal, query: string, count: number): Entry[] {
  const score = wordMatcher(query);
  const all: { e: Entry; s: number; code: number; i: number }[] = [];
  journal.entries.forEach((e, i) => {
    const s = score(labelOf({ entry: e }));
    if (s > 0) all.push({ e, s, code: e.moment?.valid ? e.moment.code : -Infinity, i });
  });
  all.sort((a, b) => b.s - a.s || b.code - a.code || a.i - b.i);
  return all.slice(0, count).map((f) => f.e);
}

const QUERIES = ['t', 'e', 'ti', 'wal', 'tidepool wal', 'wal tidepool', 'tw', '2025-10', '9:', 'zz', 'libxl lock', 'vlx', 'xen4.2', '写放大', '检查', 'a b c', ''];

for (const [name, where] of [['the example journal', EXAMPLE], ['the sample', SAMPLE]] as const) {
  test(`${name}: the best entries by name equal a ranking of every entry, for each query and count`, (t) => {
    if (where === SAMPLE && sampleText(t) === undefined) return;
    const files = fs.statSync(where).isDirectory() ? fs.readdirSync(where).map((f) => path.join(where, f)) : [where];
    const journal = readJournal(files, path.dirname(where));
    for (const q of QUERIES) {
      for (const count of [1, 5, 500]) {
        const got = bestEntries(journal, q, count);
        assert.deepEqual(got.map((e) => `${e.file.path}:${e.line}`), naive(journal, q, count).map((e) => `${e.file.path}:${e.line}`), `"${q}", ${count}`);
      }
    }
    assert.ok(bestEntries(journal, 'vlx', 5).length > 0 || where === EXAMPLE, 'initials find the sample\'s entries');
  });
}
