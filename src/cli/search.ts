/**
 * `daybook search QUERY`: entries that hold every term, ranked, with a
 * highlighted snippet each.
 */
import { searchJournal, type SearchInput } from '../query/search.js';
import { readNow, todayOf, type Day } from '../calendar/index.js';
import type { Index } from '../indexing/open.js';
import type { SearchResult } from '../search/run.js';
import { topicNames } from '../search/names.js';
import { didYouMean } from '../query/nearest.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import { STALE, withIndex } from './index-arg.js';
import { styles, useColor, type Io } from './io.js';

export const help = `daybook search QUERY [--topic T] [--thread T] [--since D] [--until D] [--on D]
               [--gtd] [--todo] [--limit N] [--newest] [--meaning] [--journal PATH] [--index PATH] [--json]

Finds the entries that hold every term of QUERY, ranked by relevance (or, with
--newest, newest first), each with its moment, title and a snippet.

  words        each found as a substring, ignoring case: wal finds "WAL" and "walk"
  "a phrase"   the words in that order, any white space between them
  -word        leave out the entries that hold it
  word*        only where a word starts so: comp* finds "compaction", not "decomp"
  中文         Chinese (and Chinese glued to Latin: 用上ao_how) is found as written

Ranking puts entries where the terms are whole words first (BM25, among the
newest 1,000 of them), then the others newest first. Terms of one or two Latin
letters are not in the index: they are found by reading the entries (slower on
a large journal).

  --topic T    entries with that topic on their title line (ignoring case)
  --thread T   entries of that thread ("wal, cont3" is part 3 of thread "wal")
  --since D, --until D, --on D
               dates: 2013-02-16, 2013-2-16, 2013-02, 2013, 2013-W08, today,
               yesterday, friday (the latest), last friday (before today),
               3 days ago, this week, last week, 2 weeks ago, this month,
               last month, 2 months ago
  --gtd        GTD day entries only       --todo   entries with an open \\TODO
  --limit N    at most N entries (default 20; 0 for all, counted exactly)
  --meaning    also the entries that say it in the other language: the exact
               hits first, then those found through the query's translations
               (CC-CEDICT, English to Chinese and back; Chinese segmented with
               jieba), fused by rank, each saying which word found it and why;
               with "model" in the config, also the items nearest in the
               model's space (see "Search by meaning" in the README)

The first search builds the index (see "daybook help index"); later ones
update it with what changed. "Today" is the clock's: DAYBOOK_NOW="2013-03-01
09:00" fixes it for every command (DAYBOOK_TODAY=2013-03-01, the older name,
is the same day at 12:00).`;

export const options = {
  ...JOURNAL_OPTIONS,
  index: { type: 'string' },
  topic: { type: 'string' },
  thread: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  on: { type: 'string' },
  gtd: { type: 'boolean' },
  todo: { type: 'boolean' },
  limit: { type: 'string' },
  newest: { type: 'boolean' },
  meaning: { type: 'boolean' },
} as const;

/** Runs `daybook search`. */
export async function search(args: string[], io: Io): Promise<number> {
  // "-word" leaves a word out: it is a term of the query, not a flag. It is
  // hidden from the flag parser, except where it is the value of a flag
  // (`--limit -1`, `--topic -x`): that value stays as typed, for the flag's own check.
  const negated: string[] = [];
  const marked: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      marked.push(...args.slice(i).map((b) => (/^-[^-]/.test(b) ? `\u0000${negated.push(b) - 1}` : b)));
      break;
    }
    const next = args[i + 1];
    // Given as --flag=VALUE, which the flag parser takes even when VALUE starts with "-".
    if (takesValue(a) && next !== undefined && /^-[^-]/.test(next) && next !== '-h') {
      marked.push(`${a}=${next}`);
      i++;
    } else marked.push(/^-[^-]/.test(a) && a !== '-h' ? `\u0000${negated.push(a) - 1}` : a);
  }
  const flags = flagsOrHelp('search', marked, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  const query = flags.positionals.map((p) => (p.startsWith('\u0000') ? negated[Number(p.slice(1))]! : p)).join(' ');
  const input = { query, topic: v.topic, thread: v.thread, since: v.since, until: v.until, on: v.on, gtd: v.gtd, todo: v.todo, newest: v.newest, limit: v.limit };
  // The clock is read only when a date is given.
  const today = () => todayOf(readNow(io.env));
  const limit = v.limit !== undefined && /^\d+$/.test(v.limit) ? Number(v.limit) : 20;
  // Entries whose file changed while the search ran are left out by the search; it then runs
  // again on an index synced anew (twice at most), and says so if some are still left out.
  let tries = 0;
  let topicNote: string | undefined;
  // A search by meaning loads its packages (the dictionary, jieba, the model) only when asked for.
  const byMeaning = v.meaning ? await meaningSearcher(io, v, query) : undefined;
  const result = await withIndex(io, v, async (index) => {
    const r = byMeaning ? await byMeaning(index, input, today) : searchJournal(index.db, input, today);
    if (r.stale !== undefined && ++tries < 3) throw Object.assign(new Error('the journal changed while it was searched'), { code: STALE });
    // Nothing found with a topic no entry has: say so, with the nearest topics (a typo is not "no entries").
    if (r.hits.length === 0 && v.topic !== undefined) {
      const topics = topicNames(index.db, '', 20_000);
      const wanted = v.topic.trim().toLowerCase();
      if (!topics.some((t) => t.toLowerCase() === wanted)) topicNote = `no entry has the topic "${v.topic.trim()}"${((near) => (near ? `; ${near}` : ''))(didYouMean(v.topic, topics))}`;
    }
    return r;
  });
  if (topicNote) io.stderr.write(`daybook: ${topicNote}\n  "daybook topics" lists the topics\n`);
  if (result.stale !== undefined) {
    io.stderr.write(`daybook: ${result.stale} ${result.stale === 1 ? 'entry' : 'entries'} left out: the journal changed while it was searched\n  search again when it is saved\n`);
    delete result.stale;
  }
  // Nothing found is exit 1, with --json as without (which then prints no hits).
  if (v.json) printJson(io, result, { root: journalRoot(io, v) });
  else printHits(io, result, limit);
  return result.hits.length > 0 ? 0 : 1;
}

/** The search by meaning of the command line: the query layer's, with the config's model when there is one. */
async function meaningSearcher(io: Io, v: { config?: string | undefined }, query: string) {
  const { searchJournalByMeaning, checkMeaningQuery } = await import('../query/meaning.js');
  checkMeaningQuery(query);
  const { meaningModel } = await import('./meaning-model.js');
  const model = await meaningModel(io, v.config);
  return async (index: Index, input: SearchInput, today: () => Day) => searchJournalByMeaning(index.db, input, today, model ? await model.options(index, input.query) : {});
}

/** True for `--flag` (without `=`) of a flag that takes a value: the next argument is that value. */
function takesValue(arg: string): boolean {
  const name = /^--([^=]+)$/.exec(arg)?.[1];
  return name !== undefined && (options as Record<string, { type: string }>)[name]?.type === 'string';
}

function printHits(io: Io, result: SearchResult, limit: number): void {
  const s = styles(useColor(io));
  for (const h of result.hits) {
    io.stdout.write(`${s.cyan(h.moment)}  ${s.bold(h.title ?? '(untitled)')}  ${s.dim(`${h.file}:${h.snippet.fileLine}`)}\n`);
    if (h.meaning) io.stdout.write(`    ${s.dim(`by meaning: ${h.meaning.map((m) => (m.via === 'model' ? `the model (${m.why})` : `${m.word} for ${m.from}`)).join(', ')}`)}\n`);
    let text = '';
    let at = 0;
    for (const [a, b] of h.snippet.marks) {
      text += h.snippet.text.slice(at, a) + s.yellow(s.bold(h.snippet.text.slice(a, b)));
      at = b;
    }
    text += h.snippet.text.slice(at);
    if (text) io.stdout.write(`    ${text}\n`);
  }
  const shown = result.hits.length;
  const count = result.exact ? `${result.total}` : `at most ${result.total}`;
  if (shown === 0) io.stderr.write('no entries found\n');
  else if (shown < result.total || !result.exact) io.stderr.write(`${shown} of ${count} entries${limit > 0 ? ` (--limit 0 shows${result.exact ? '' : ' and counts'} them all)` : ''}\n`);
  else io.stderr.write(`${shown} ${shown === 1 ? 'entry' : 'entries'}\n`);
}
