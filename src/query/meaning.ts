/**
 * A search by meaning as the shells take it (`daybook search --meaning`, the
 * web app's "by meaning" switch, the assistants' `search` tool with
 * `meaning: true`): the query read as for an exact search, translated through
 * the dictionary, and, when a model is configured, embedded and compared with
 * the vectors of the journal's items. One function every shell calls.
 */
import type Database from 'better-sqlite3';
import { InputError } from '../errors.js';
import type { Day } from '../calendar/index.js';
import { cedict } from '../meaning/dictionary.js';
import { chineseWords, wordCount } from '../meaning/segment.js';
import { translateQuery, type Segmenter } from '../meaning/translate.js';
import { searchByMeaning, type RankedHits } from '../search/meaning.js';
import { search, type SearchRequest } from '../search/run.js';
import type { SearchResult } from '../search/shapes.js';
import { readTexts } from '../search/texts.js';
import { attachVectors, CELLS, nearestChunks, planVectors, storeVectors, tendCells, type CellPolicy, type NearChunk } from '../indexing/vectors.js';
import type { Index } from '../indexing/open.js';
import { isUnit } from '../meaning/cells.js';
import { entryChunks, type Chunk } from '../meaning/chunks.js';
import type { EmbeddingModel } from '../meaning/model.js';
import { readSearch, type SearchInput } from './search.js';

/** jieba, as the translations use it. */
export const jiebaSegmenter: Segmenter = { words: chineseWords, count: wordCount };

/** What a search by meaning may use besides the dictionary. */
export interface MeaningOptions {
  /** The model's ranked hits for the query's text (see `prepareNear`), when a model is configured. */
  near?: (query: string, req: SearchRequest) => RankedHits | undefined;
  /** The model's directory, to say in the answer. */
  model?: string;
}

/** Throws an `InputError` for an empty query: a search by meaning needs words to translate. */
export function checkMeaningQuery(query: string): void {
  if (query.trim() === '') throw new InputError('search: --meaning needs a query to translate', `expected words to look for, e.g. daybook search --meaning modify, or daybook search --meaning 修改`);
}

/**
 * Reads a search as typed and runs it by meaning. An empty query is an
 * `InputError` (a search by meaning needs words to translate).
 *
 * ```ts
 * searchJournalByMeaning(index.db, { query: 'modify' }, today); // exact hits, then 修改 / 改动 / ...
 * ```
 */
export function searchJournalByMeaning(db: Database.Database, input: SearchInput, today: () => Day, options: MeaningOptions = {}): SearchResult {
  checkMeaningQuery(input.query);
  const req = readSearch(db, input, today);
  const words = req.terms.filter((t) => !t.negate).map((t) => t.text);
  const lists = translateQuery(words, cedict(), jiebaSegmenter).map(({ weight, stem, ...match }) => (stem !== undefined ? { match, weight, stem } : { match, weight }));
  const result = searchByMeaning(db, req, lists, () => {
    const near = options.near?.(words.join(' '), req);
    return near ? [near] : [];
  });
  if (options.model !== undefined && result.meaning) result.meaning.model = options.model;
  return result;
}

/** At most this many chunks are asked of the vectors, and this many entries kept. */
const NEAR_CHUNKS = 100;
const NEAR_ENTRIES = 20;
/** Chunks less similar than this to the query are not near it (cosine similarity; unrelated sentences of a multilingual MiniLM score about 0.1 to 0.3). */
const NEAR_MIN = 0.35;
/** Entries embedded at a time (and between two calls of `progress`). */
const EMBED_BATCH = 500;

/**
 * Brings the model's vectors in step with the index (the entries appended or
 * changed since are embedded, chunk by chunk; those gone are taken out; the
 * vectors split in cells when `cells` says so, see `../indexing/vectors.ts`),
 * and embeds the query: the options of a search by meaning that fuses the
 * entries nearest the query. Returns how many entries were embedded.
 *
 * ```ts
 * const { options } = await prepareNear(index, await loadModel(dir), 'modify');
 * searchJournalByMeaning(index.db, { query: 'modify' }, today, options);
 * ```
 */
export async function prepareNear(
  index: Index,
  model: EmbeddingModel,
  query: string,
  { progress, cells = CELLS }: { progress?: (done: number, of: number) => void; cells?: CellPolicy } = {},
): Promise<{ options: MeaningOptions; embedded: number }> {
  let embedded = 0;
  attachVectors(index, model.key, model.dims);
  const plan = planVectors(index.db);
  const stale = plan.todo;
  // In batches, so that a first embedding of a large journal holds a batch's texts at a time.
  for (let from = 0; from < stale.length; from += EMBED_BATCH) {
    const batch = stale.slice(from, from + EMBED_BATCH);
    const texts = readTexts(batch);
    const todo: { id: number; sha1: string; chunks: Chunk[] }[] = [];
    batch.forEach((e, i) => {
      const text = texts[i];
      if (text !== undefined) todo.push({ id: e.id, sha1: e.sha1, chunks: entryChunks(text) });
    });
    const vectors = await model.embed(todo.flatMap((e) => e.chunks.map((c) => c.text)));
    let at = 0;
    storeVectors(index.db, todo.map((e) => ({ id: e.id, sha1: e.sha1, chunks: e.chunks.map((c) => ({ path: c.path, vector: vectors[at++]! })) })));
    embedded += todo.length;
    tendCells(index.db, cells);
    progress?.(from + batch.length, stale.length);
  }
  plan.done();
  const [queryVector] = await model.embed([query]);
  // Zeros (none of the query's tokens known to the model) would be as near every chunk as any other: the model has nothing to add.
  const known = isUnit(queryVector!);
  const near = (_query: string, req: SearchRequest): RankedHits | undefined => {
    if (!known) return undefined;
    const best = new Map<string, NearChunk>();
    for (const c of nearestChunks(index.db, queryVector!, NEAR_CHUNKS)) {
      if (!(c.similarity >= NEAR_MIN)) continue;
      const key = `${c.file}\u0000${c.line}`;
      if (!best.has(key) && best.size < NEAR_ENTRIES) best.set(key, c);
    }
    if (best.size === 0) return undefined;
    // The entries' hits, with the query's filters and left-out words, in the model's order.
    const found = search(index.db, { ...req, terms: req.terms.filter((t) => t.negate), ids: [...best.values()].map((c) => c.entryId), limit: 0, newest: false });
    const byPlace = new Map(found.hits.map((h) => [`${h.file}\u0000${h.line}`, h]));
    const hits: RankedHits['hits'] = [];
    for (const [key, c] of best) {
      const hit = byPlace.get(key);
      if (hit) hits.push({ hit, match: { via: 'model', word: c.path, from: _query, why: `cosine similarity ${c.similarity.toFixed(3)} of ${c.path === '' ? 'the title' : `item ${c.path}`}` } });
    }
    return { hits, weight: 1 };
  };
  return { options: { near, model: model.dir }, embedded };
}
