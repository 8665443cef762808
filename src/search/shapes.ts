/**
 * The shapes of a search's answer, as plain data. This module has no imports
 * and no code: the web client's types come from here too (through
 * src/web/api.ts), compiled without Node's types.
 */

/** A piece of an entry's text, with the hits in it as [from, to) offsets into `text`. */
export interface Snippet {
  text: string;
  marks: [number, number][];
  /** 0-based line of the snippet within the entry. */
  line: number;
}

/** One entry found. */
export interface SearchHit {
  file: string;
  /** 1-based line of the entry's header in its file. */
  line: number;
  /** The moment, in normal form (`2013-02-16 11:07`), or as written when impossible. */
  moment: string;
  title: string | null;
  /** BM25 score on whole words; 0 when the terms occur only inside longer words. */
  score: number;
  snippet: Snippet & { fileLine: number };
  /**
   * Present only on the hits of a search by meaning that are not exact hits:
   * the words that found it, each with the word of the query it comes from
   * and why (the dictionary's senses, or the model's similarity), best first.
   */
  meaning?: MeaningMatch[];
}

/** A word (or a model's nearness) that found an entry for a word of the query. */
export interface MeaningMatch {
  /** `dictionary`: a translation; `segment`: a word of a query of several; `model`: near in the embedding model's space. */
  via: 'dictionary' | 'segment' | 'model';
  /** The word looked for (`修改`, `modify`), or for the model the item path that was near (`1.2`, or `` for the title). */
  word: string;
  /** The word of the query it comes from (the whole query for the model). */
  from: string;
  /** Why, in words: the dictionary's entry, or the model's cosine similarity. */
  why: string;
}

/** What a search by meaning looked for besides the query itself. */
export interface MeaningInfo {
  /** The translations, in the order they were fused. */
  translations: MeaningMatch[];
  /** The embedding model's directory, when one is configured. */
  model?: string;
}

/** The hits, and how many there are in all. */
export interface SearchResult {
  hits: SearchHit[];
  total: number;
  /** False when `total` counts candidates not all checked: the true number is at most that. */
  exact: boolean;
  /**
   * Present only when some candidates were left out because their file
   * changed since the index was synced (their text is not the one indexed):
   * how many. Sync and search again to see them.
   */
  stale?: number;
  /** Present only for a search by meaning: what it looked for. Exact hits come first, then the others fused by rank. */
  meaning?: MeaningInfo;
}
