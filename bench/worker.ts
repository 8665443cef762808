/**
 * One measured run, in a process of its own so its peak memory is its own:
 *
 *   node dist/bench/worker.js baseline|parse|model|check FILE
 *
 * prints {ms, maxRssBytes, entries} as JSON.
 */
import fs from 'node:fs';
import { readSourceFile } from '../src/journal/read.js';
import { buildJournal } from '../src/model/journal.js';
import { parseBytes } from '../src/syntax/bytes.js';

const [mode, file] = process.argv.slice(2);
if (!file || !['baseline', 'parse', 'model', 'check', 'empty'].includes(mode ?? '')) {
  console.error('usage: node dist/bench/worker.js baseline|parse|model|check|empty FILE');
  process.exit(2);
}

const start = process.hrtime.bigint();
let entries = 0;
if (mode === 'baseline') {
  // The baseline the issue names: read the file and split it at header lines.
  const text = fs.readFileSync(file, 'utf8');
  entries = text.split(/\n(?=\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}[ \t]*\r?\n)/).length;
} else if (mode === 'parse') {
  // Cut into entries and decode each one, as the model pass does, without reading meaning.
  const { doc } = parseBytes(fs.readFileSync(file));
  doc.forEachChunk(() => entries++);
} else if (mode === 'model') {
  // The journal model: every entry's head read, entries by moment, threads.
  const journal = buildJournal([readSourceFile(file, file)]);
  entries = journal.entries.length;
} else if (mode === 'check') {
  // The model and the check pass (every entry read whole: findings and counts), as `check` and `stats` read it.
  const journal = buildJournal([readSourceFile(file, file)], { check: true });
  entries = journal.stats.entries;
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
console.log(JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, entries }));
