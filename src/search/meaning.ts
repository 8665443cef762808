/**
 * A search by meaning: the exact hits first, exactly as `search` returns
 * them, then the entries found through the query's translations (and, when a
 * model is configured, the entries whose items are nearest in its space),
 * fused by reciprocal rank: an entry's score is the sum, over the lists that
 * hold it, of `weight / (K + rank)`. An entry found by several translations,
 * or by a translation and the model, rises above one found by one.
 *
 * Each translation is one search of the index (the same narrowing, checking
 * and snippets as an exact one, the query's filters and left-out words
 * kept), at most `PER_LIST` hits deep.
 */
import type Database from 'better-sqlite3';
import { search, type SearchRequest } from './run.js';
import type { MeaningMatch, SearchHit, SearchResult } from './shapes.js';
import type { Term } from './query.js';

/** The reciprocal rank fusion's constant (the usual 60). */
const K = 60;
/** How deep each translation's list is read. */
const PER_LIST = 30;

/** A word to look for, and how much its list counts. */
export interface MeaningList {
  match: MeaningMatch;
  weight: number;
  /** English: found where a word starts so (a prefix term); otherwise the word as a substring. */
  stem?: string;
}

/** A ranked list of hits found otherwise (the model's), fused like a translation's. */
export interface RankedHits {
  hits: { hit: SearchHit; match: MeaningMatch }[];
  weight: number;
}

/** The term a translation is looked for as. */
function termOf(list: MeaningList): Term {
  const text = (list.stem ?? list.match.word).toLowerCase();
  return { text, negate: false, prefix: list.stem !== undefined, phrase: text.includes(' ') };
}

const keyOf = (h: SearchHit): string => `${h.file}\u0000${h.line}`;

/**
 * Searches by meaning. `lists` are the translations (see `translateQuery`);
 * `extra` gives the model's ranked hits, when there is a model (asked only
 * when the exact hits leave room).
 *
 * ```ts
 * searchByMeaning(index.db, { terms: parseQuery('modify'), limit: 20 }, lists);
 * ```
 */
export function searchByMeaning(db: Database.Database, req: SearchRequest, lists: MeaningList[], extra: () => RankedHits[] = () => []): SearchResult {
  const exact = search(db, req);
  const room = req.limit > 0 ? Math.max(0, req.limit - exact.hits.length) : Infinity;
  const translations = lists.map((l) => l.match);
  // The exact hits fill the page: the others would all come after it.
  if (room === 0) return { ...exact, exact: false, meaning: { translations } };
  // Fewer exact hits than the limit: these are all of them.
  const taken = new Set(exact.hits.map(keyOf));
  const negative = req.terms.filter((t) => t.negate);
  const fused = new Map<string, { hit: SearchHit; score: number; matches: MeaningMatch[] }>();
  let stale = exact.stale ?? 0;
  let deeper = false;
  const add = (hit: SearchHit, rank: number, weight: number, match: MeaningMatch): void => {
    const key = keyOf(hit);
    if (taken.has(key)) return;
    const had = fused.get(key);
    const score = weight / (K + rank);
    if (had) {
      had.score += score;
      if (!had.matches.some((m) => m.word === match.word && m.via === match.via)) had.matches.push(match);
    } else fused.set(key, { hit, score, matches: [match] });
  };
  for (const list of lists) {
    const r = search(db, { ...req, terms: [termOf(list), ...negative], limit: PER_LIST, count: false, newest: false });
    if (r.stale) stale += r.stale;
    if (r.hits.length >= PER_LIST) deeper = true;
    r.hits.forEach((hit, rank) => add(hit, rank, list.weight, list.match));
  }
  for (const list of extra()) list.hits.forEach(({ hit, match }, rank) => add(hit, rank, list.weight, match));
  const others = [...fused.values()].sort((a, b) => b.score - a.score || (a.hit.moment < b.hit.moment ? 1 : a.hit.moment > b.hit.moment ? -1 : 0));
  const hits = [...exact.hits, ...others.slice(0, room).map(({ hit, matches, score }) => ({ ...hit, score: Math.round(score * 1e5) / 1e5, meaning: matches }))];
  const total = exact.total + others.length;
  const result: SearchResult = { hits, total, exact: exact.exact && !deeper, meaning: { translations } };
  if (stale > 0) result.stale = stale;
  return result;
}
