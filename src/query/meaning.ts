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
import type { SearchResult } from '../search/shapes.js';
import { readSearch, type SearchInput } from './search.js';

/** jieba, as the translations use it. */
export const jiebaSegmenter: Segmenter = { words: chineseWords, count: wordCount };

/** What a search by meaning may use besides the dictionary. */
export interface MeaningOptions {
  /** The model's ranked hits for the query's text (see `nearHits`), when a model is configured. */
  near?: (query: string, req: ReturnType<typeof readSearch>) => RankedHits | undefined;
  /** The model's directory, to say in the answer. */
  model?: string;
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
  if (input.query.trim() === '') throw new InputError('search: --meaning needs a query to translate', `expected words to look for, e.g. daybook search --meaning modify, or daybook search --meaning 修改`);
  const req = readSearch(db, input, today);
  const words = req.terms.filter((t) => !t.negate).map((t) => t.text);
  const lists = translateQuery(words, cedict(), jiebaSegmenter).map(({ weight, stem, ...match }) => (stem !== undefined ? { match, weight, stem } : { match, weight }));
  const near = options.near?.(words.join(' '), req);
  const result = searchByMeaning(db, req, lists, near ? [near] : []);
  if (options.model !== undefined && result.meaning) result.meaning.model = options.model;
  return result;
}
