/**
 * Running a search on the index.
 *
 * Finding: every term must occur in an entry as a substring, ignoring case.
 * The index narrows the entries down (the trigram lists for a term of three
 * UTF-16 code units or more, the `words` table for a one- or two-character Chinese
 * term); the text of each entry shown is then read from the journal and
 * checked, so a hit is never a near miss. A one- or two-letter Latin term has
 * nothing to narrow it: it reads every entry the other terms and filters left.
 *
 * Ranking: BM25 on the `words` table (whole words, and Chinese words as
 * phrases of their characters), so an entry where the term is a word of its
 * own ranks above one where it is only part of a longer word; those follow,
 * newest first. Only the newest 1,000 whole-word hits (by their place in the
 * index) are scored: a word in tens of thousands of entries would otherwise be
 * scored in every one of them to show 20; the older ones follow the ranked
 * ones, newest first. `newest` sorts every hit by moment instead.
 *
 * Counting: the total is exact when every candidate was checked (few of
 * them, or no limit); otherwise it is the number of candidates, an upper
 * bound, and `exact` is false.
 */
import type Database from 'better-sqlite3';
import { isCjk } from '../indexing/cjk.js';
import { wordGrams } from '../indexing/grams.js';
import { bitIds } from '../indexing/rice.js';
import { gramTables, listEntries, WORD_TABLES } from '../indexing/lists.js';
import { rankWindow, termWords, type RankTerm } from '../indexing/words.js';
import { Moment } from '../model/moment.js';
import type { DayRange } from '../calendar/range.js';
import { THREAD_SEPARATOR } from '../model/title.js';
import { termSpans, type Term } from './query.js';
import type { SearchHit, SearchResult } from './shapes.js';
import { makeSnippet } from './snippet.js';
import { readTexts } from './texts.js';

export type { SearchHit, SearchResult };

/** What to search for, and in which entries. */
export interface SearchRequest {
  terms: Term[];
  /** Entries with this topic (or qualifier) on their title line, ignoring case. */
  topic?: string;
  /** Entries of this thread: a key (see `threadKeys` and `resolveThreadName`); its parts and opener, and its sub-threads'. */
  thread?: string;
  days?: DayRange;
  gtd?: boolean;
  todo?: boolean;
  /** At most this many hits; 0 for all. */
  limit: number;
  newest?: boolean;
  /** False to skip counting the candidates (the total is then the hits checked so far, and not exact). */
  count?: boolean;
  /** Only these entries (by index id): the entries an embedding model found near the query. */
  ids?: number[];
}

interface Row {
  id: number;
  path: string;
  shown: string;
  byte_from: number;
  byte_to: number;
  line: number;
  moment: number;
  header: string;
  title: string | null;
  score: number;
  sha1: string;
  size: number;
  mtime_ms: number;
  ctime_ms: number;
  ino: number;
}

/** Whole-word hits are ranked by BM25 among the newest this many of them; the older ones follow, newest first. */
const RANK_WINDOW = 1000;

/** Stands in a statement's parameters for the ids the trigram lists gave, until the statement runs. */
const GRAM_IDS = Symbol('gram ids');

/** Up to this many candidates are all checked, so that the total is exact. */
const CHECK_ALL = 120;

/**
 * The trigram keys of a term's words of three code units or more (none when
 * it has no such word). A phrase's trigrams never span the white space
 * between its words, which may be written otherwise in the text.
 */
function termGrams(term: Term): number[] {
  return term.text.split(' ').flatMap(wordGrams);
}

/** The term as ranking sees it (its words), or undefined when it holds no word at all. */
function rankTerm(term: Term): RankTerm | undefined {
  const words = termWords(term.text);
  return words.length > 0 ? { words, prefix: term.prefix } : undefined;
}

/** True when `at` starts a word in `text`: no letter, digit or `_` just before it (CJK characters start words). */
export function startsWord(text: string, at: number): boolean {
  if (at === 0) return true;
  let before = text.codePointAt(at - 1)!;
  if (before >= 0xdc00 && before <= 0xdfff && at >= 2) before = text.codePointAt(at - 2)!;
  const ch = String.fromCodePoint(before);
  return !/[\p{L}\p{N}_]/u.test(ch) || isCjk(ch);
}

/** True when the term occurs in the (lower-cased) text: a phrase's words in order, any white space between them. */
function occurs(lower: string, term: Term): boolean {
  if (!term.prefix && !term.text.includes(' ')) return lower.includes(term.text);
  return termSpans(lower, term.text, term.prefix ? startsWord : undefined).length > 0;
}

/**
 * The keys of every thread the index knows: those entries are parts of,
 * and the threads they live in (`a, b` of `a, b / c`).
 */
export function threadKeys(db: Database.Database): string[] {
  const keys = new Set<string>();
  for (const [key] of db.prepare('SELECT DISTINCT thread_key FROM main.entry WHERE thread_key IS NOT NULL').raw().iterate() as IterableIterator<[string]>) {
    keys.add(key);
    for (let at = key.lastIndexOf(THREAD_SEPARATOR); at > 0; at = key.lastIndexOf(THREAD_SEPARATOR, at - 1)) keys.add(key.slice(0, at));
  }
  return [...keys];
}

/**
 * Searches the index. `db` is the main database with the grams database
 * attached (see `openIndex`).
 *
 * ```ts
 * search(index.db, { terms: parseQuery('checkpoint 压缩'), limit: 20 });
 * ```
 */
export function search(db: Database.Database, req: SearchRequest): SearchResult {
  const positive = req.terms.filter((t) => !t.negate);
  const negative = req.terms.filter((t) => t.negate);

  // What narrows the candidates down: trigrams of the longer terms, the words of the short Chinese ones (a character, or two as one word).
  const grams = [...new Set(positive.flatMap(termGrams))];
  const shortCjk = [...new Set(positive.flatMap((t) => t.text.split(' ')).filter((w) => Array.from(w).length < 3 && isCjk(w)).flatMap(termWords))];
  const narrowed = grams.length > 0 || shortCjk.length > 0;
  // The entry filters, and the whole candidate filter.
  const entryWhere: string[] = [];
  const entryParams: unknown[] = [];
  if (req.topic !== undefined) {
    entryWhere.push('e.id IN (SELECT entry_id FROM main.topic WHERE name_id = (SELECT id FROM main.topic_name WHERE name = ?))');
    entryParams.push(req.topic);
  }
  if (req.thread !== undefined) {
    // Its parts, its opener, and the parts and openers of its sub-threads.
    const below = `${req.thread.replace(/[\\%_]/g, '\\$&')} / %`;
    entryWhere.push("(e.thread_key = ? OR e.thread_key LIKE ? ESCAPE '\\' OR e.opener_key = ? OR e.opener_key LIKE ? ESCAPE '\\')");
    entryParams.push(req.thread, below, req.thread, below);
  }
  if (req.days) {
    entryWhere.push('e.day BETWEEN ? AND ?');
    entryParams.push(req.days.from, req.days.to);
  }
  if (req.ids !== undefined) {
    entryWhere.push('e.id IN (SELECT value FROM json_each(?))');
    entryParams.push(JSON.stringify(req.ids));
  }
  if (req.gtd) entryWhere.push('e.gtd = 1');
  if (req.todo) entryWhere.push('e.open_todos > 0');
  const where = [...entryWhere];
  const params: unknown[] = [...entryParams];
  // The entries holding every trigram and every short Chinese word, from the lists (see indexing/grams.ts and words.ts).
  let bits = grams.length ? listEntries(db, gramTables(), grams) : undefined;
  if (shortCjk.length) {
    const more = listEntries(db, WORD_TABLES, shortCjk);
    if (bits) for (let w = 0; w < bits.length; w++) bits[w]! &= more[w] ?? 0;
    else bits = more;
  }
  const gramIds = bits ? bitIds(bits) : undefined;
  // Written out (as JSON, for json_each) only for a statement that uses it: a common word's tens of thousands of ids cost milliseconds.
  let gramJson: string | undefined;
  const bind = (values: unknown[]): unknown[] => values.map((v) => (v === GRAM_IDS ? (gramJson ??= `[${gramIds!.join(',')}]`) : v));
  if (gramIds) {
    where.unshift('e.id IN (SELECT value FROM json_each(?))');
    params.unshift(GRAM_IDS);
  }
  const filter = where.length ? where.join(' AND ') : '1';
  const columns = 'e.id, fl.path, fl.shown, e.byte_from, e.byte_to, e.line, e.moment, e.header, e.title, e.sha1, fl.size, fl.mtime_ms, fl.ctime_ms, fl.ino';

  const candidates =
    req.count === false && req.limit > 0
      ? Infinity
      : gramIds && !entryWhere.length
      ? gramIds.length
      : (db.prepare(`SELECT count(*) AS n FROM main.entry e WHERE ${filter}`).get(...bind(params)) as { n: number }).n;
  const checkAll = req.limit === 0 || (narrowed && candidates <= CHECK_ALL);

  const hits: SearchHit[] = [];
  let verified = 0;
  let stale = 0;
  // Set when a stream is left before its end: candidates remain unchecked.
  let stopped = false;
  const words = positive.map((t) => t.text);
  const prefixOnly = positive.length > 0 && positive.every((t) => t.prefix);
  const done = (): boolean => !checkAll && hits.length >= req.limit;
  const check = (batch: Row[]): void => {
    // Only the text the index describes: an entry of a file changed since the sync is left out (and counted), never shown with another text's snippet or line.
    const texts = readTexts(batch.map((r) => ({ path: r.path, byteFrom: r.byte_from, byteTo: r.byte_to, sha1: r.sha1, file: { size: r.size, mtimeMs: r.mtime_ms, ctimeMs: r.ctime_ms, ino: r.ino } })));
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i]!;
      const text = texts[i];
      if (text === undefined) {
        stale++;
        continue;
      }
      const lower = text.toLowerCase();
      if (!positive.every((t) => occurs(lower, t)) || negative.some((t) => occurs(lower, t))) continue;
      verified++;
      if (req.limit > 0 && hits.length >= req.limit) continue;
      const snippet = makeSnippet(text, words, 120, prefixOnly ? startsWord : undefined);
      hits.push({
        file: r.shown,
        line: r.line + 1,
        moment: r.moment >= 0 ? Moment.fromCode(r.moment).key : r.header,
        title: r.title,
        score: Math.round(r.score * 1000) / 1000,
        snippet: { ...snippet, fileLine: r.line + 1 + snippet.line },
      });
    }
  };

  // First the entries where every term is a whole word (a Chinese word: its characters, two by two), by BM25.
  const rankTerms = positive.map(rankTerm);
  const ranked = !req.newest && positive.length > 0 && rankTerms.every((t) => t !== undefined) ? rankTerms : undefined;
  // Ranked among the newest RANK_WINDOW of them (by their place in the index): a word in 60,000 entries is not scored 60,000 times for 20 hits.
  const order = ranked !== undefined ? rankWindow(db, ranked, RANK_WINDOW, bits) : [];
  if (order.length > 0) {
    const byId = db.prepare(`SELECT ${columns}, 0 AS score FROM main.entry e JOIN main.file fl ON fl.id = e.file_id WHERE e.id IN (SELECT value FROM json_each(?))${entryWhere.length ? ` AND ${entryWhere.join(' AND ')}` : ''}`);
    for (let at = 0, size = 24; at < order.length; at += size, size = Math.min(size * 2, 4096)) {
      const batch = order.slice(at, at + size);
      const scores = new Map(batch);
      const rows = (byId.all(JSON.stringify(batch.map((b) => b[0])), ...entryParams) as Row[]).map((r) => ({ ...r, score: scores.get(r.id)! }));
      rows.sort((a, b) => b.score - a.score || b.moment - a.moment);
      check(rows);
      if (done() && at + size < order.length) {
        stopped = true;
        break;
      }
    }
  }
  // Then the others, newest first.
  if (done()) stopped = true;
  else {
    const rest = order.length > 0 ? `${filter} AND e.id NOT IN (SELECT value FROM json_each(?))` : filter;
    const it = db.prepare(`SELECT ${columns}, 0 AS score FROM main.entry e JOIN main.file fl ON fl.id = e.file_id WHERE ${rest} ORDER BY e.moment DESC, e.id DESC`).iterate(...bind(params), ...(order.length > 0 ? [JSON.stringify(order.map((o) => o[0]))] : [])) as IterableIterator<Row>;
    let batch: Row[] = [];
    let size = 24;
    for (const row of it) {
      batch.push(row);
      if (batch.length < size) continue;
      check(batch);
      batch = [];
      size = Math.min(size * 2, 4096);
      if (done()) {
        it.return?.();
        stopped = true;
        break;
      }
    }
    if (batch.length) check(batch);
  }
  // Every candidate checked (a limit never reached): the count is exact.
  const exact = checkAll || !stopped;
  const result: SearchResult = { hits, total: exact ? verified : Number.isFinite(candidates) ? Math.max(candidates, verified) : verified, exact };
  if (stale > 0) result.stale = stale;
  return result;
}
