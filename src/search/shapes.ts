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
}
