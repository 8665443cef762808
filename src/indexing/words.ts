/**
 * The word lists, for ranking: for every word of the entries' lower-cased
 * text, the entries holding it and how often (grams.ts's list format, with
 * counts), and each entry's length in words; with them, BM25.
 *
 * A word is a run of letters, digits and combining marks; a Chinese (or
 * Japanese, Korean) character is a word of its own, and two such characters
 * side by side are also a word (a bigram), so that a Chinese word of two
 * characters is one word here and one of three or more is its bigrams.
 * `_`, punctuation and white space part words: `ao_how` is `ao` and `how`.
 */
import type Database from 'better-sqlite3';
import { isCjk } from './cjk.js';
import { Chains, nextClass } from './chains.js';
import { bitCount, decodeCounted, encodeParts, listLength } from './rice.js';
import { keysStarting, listEntries, listStats, readPartsInOrder, WORD_TABLES } from './lists.js';

/** What a code unit is: 0 not yet known, 1 apart of words, 2 a letter, digit or mark, 3 a CJK character, 4 a high surrogate. */
const classes = new Uint8Array(65536);
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

function classOf(u: number): number {
  let c = classes[u]!;
  if (c !== 0) return c;
  if (u >= 0xd800 && u <= 0xdbff) c = 4;
  else {
    const ch = String.fromCharCode(u);
    c = isCjk(ch) ? 3 : WORD_CHAR.test(ch) ? 2 : 1;
  }
  classes[u] = c;
  return c;
}

/**
 * The class of the astral character whose high surrogate is at `i`, and its
 * width, as `class | width << 3`: a lone surrogate is apart of words.
 */
function astral(text: string, i: number): number {
  const low = text.charCodeAt(i + 1);
  if (!(low >= 0xdc00 && low <= 0xdfff)) return 1 | (1 << 3);
  const high = text.charCodeAt(i);
  // The supplementary ideographs (U+20000 to U+2FFFF, as cjk.ts has them) are CJK; other astral characters are letters or not.
  if (high >= 0xd840 && high <= 0xd87f) return 3 | (2 << 3);
  return (WORD_CHAR.test(text.slice(i, i + 2)) ? 2 : 1) | (2 << 3);
}

/** FNV-1a over code units: a word's hash, as `forEachWordAt` gives it and the dictionary keeps it. */
const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Calls `visit` with the place of every word of a lower-cased text, and
 * the hash of its code units, in order (a bigram's two characters lie side
 * by side); returns how many.
 */
function forEachWordAt(lower: string, visit: (from: number, to: number, hash: number) => void): number {
  let count = 0;
  let i = 0;
  let previousCjk = -1;
  let previousHash = 0;
  let start = -1;
  let h = 0;
  const n = lower.length;
  while (i < n) {
    const u = lower.charCodeAt(i);
    let cls = classes[u]! || classOf(u);
    let width = 1;
    if (cls === 4) {
      const both = astral(lower, i);
      cls = both & 7;
      width = both >> 3;
    }
    if (cls === 2) {
      if (start < 0) {
        start = i;
        h = FNV_BASIS;
      }
      h = Math.imul(h ^ u, FNV_PRIME);
      if (width === 2) h = Math.imul(h ^ lower.charCodeAt(i + 1), FNV_PRIME);
      previousCjk = -1;
      i += width;
      continue;
    }
    if (start >= 0) {
      visit(start, i, h);
      count++;
      start = -1;
    }
    if (cls === 3) {
      let one = Math.imul(FNV_BASIS ^ u, FNV_PRIME);
      if (width === 2) one = Math.imul(one ^ lower.charCodeAt(i + 1), FNV_PRIME);
      visit(i, i + width, one);
      count++;
      if (previousCjk >= 0) {
        // The bigram's hash goes on from its first character's.
        let two = Math.imul(previousHash ^ u, FNV_PRIME);
        if (width === 2) two = Math.imul(two ^ lower.charCodeAt(i + 1), FNV_PRIME);
        visit(previousCjk, i + width, two);
        count++;
      }
      previousCjk = i;
      previousHash = one;
    } else previousCjk = -1;
    i += width;
  }
  if (start >= 0) {
    visit(start, n, h);
    count++;
  }
  return count;
}

/**
 * The words seen, each with a number: open addressing over a typed array
 * of (hash, number + 1) pairs, looked up by the word's place in a text and
 * its hash (`forEachWordAt`), so that a word seen before costs no new
 * string, and a slot of another word is passed without reading its string.
 */
class Dictionary {
  readonly words: string[] = [];
  private table = new Int32Array(2 << 10);

  /** The number of the word at [from, to) of `text` whose hash is `h`, made when new. */
  id(text: string, from: number, to: number, h: number): number {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let at = (h ^ (h >>> 16)) & mask; ; at = (at + 1) & mask) {
      const w = table[2 * at + 1]! - 1;
      if (w === -1) {
        const id = this.words.length;
        this.words.push(text.slice(from, to));
        table[2 * at] = h;
        table[2 * at + 1] = id + 1;
        if (this.words.length * 4 > table.length) this.rehash();
        return id;
      }
      if (table[2 * at] !== h) continue;
      const word = this.words[w]!;
      if (word.length !== to - from) continue;
      let same = true;
      for (let i = 0; i < word.length; i++) {
        if (word.charCodeAt(i) !== text.charCodeAt(from + i)) {
          same = false;
          break;
        }
      }
      if (same) return w;
    }
  }

  private rehash(): void {
    const old = this.table;
    const table = (this.table = new Int32Array(old.length * 2));
    const mask = (table.length >> 1) - 1;
    for (let o = 0; o < old.length; o += 2) {
      if (old[o + 1] === 0) continue;
      const h = old[o]!;
      let at = (h ^ (h >>> 16)) & mask;
      while (table[2 * at + 1] !== 0) at = (at + 1) & mask;
      table[2 * at] = h;
      table[2 * at + 1] = old[o + 1]!;
    }
  }
}

/** The words of a (lower-cased) query term, in order. */
export function termWords(text: string): string[] {
  const words: string[] = [];
  forEachWordAt(text, (from, to) => words.push(text.slice(from, to)));
  return words;
}

/** Bytes of postings gathered before they are written out as lists (a first index of 100 MB holds about 40 MB). */
const BATCH = 256 * 1024 * 1024;

/** A slot's state in the word builder: the last entry id seen with its word, its count in the entry being read, where its chain's next posting goes, where its chain starts. */
const STATE = 4;
const LAST = 0;
const COUNT = 1;
const PLACE = 2;
const HEAD = 3;

/** A word's first block of postings (chains.ts): 32 bytes; a posting is two varints, its gap and its count. */
const FIRST_BLOCK = 32;
const POSTING_BYTES = 10;

/**
 * The word lists of a run of entries (ids ascending), gathered in one pass
 * and given out in batches: each entry appends, to the chain of blocks of
 * each word it holds (chains.ts), its gap from the entry before and its
 * count there. `full` says when to take them (`take()`), so that a large
 * journal never holds all its postings at once. A word in many batches has
 * a part from each.
 */
export class WordBuilder {
  private readonly dictionary = new Dictionary();
  /** Per slot, `STATE` numbers side by side (one cache line): see `LAST` and the others. */
  private state: Int32Array = new Int32Array(STATE << 10);
  /** Per slot: the size class of its chain's last block. */
  private classes: Uint8Array = new Uint8Array(1024);
  private readonly chains: Chains;
  /** The slots the current entry touched, and each one's gap from the entry before (reused from entry to entry). */
  private touched: Int32Array = new Int32Array(1024);
  private gaps: Int32Array = new Int32Array(1024);
  private touchedCount = 0;
  private id = 0;
  /** Entries added since the last take. */
  private batchEntries = 0;
  private lower = '';
  /** The visitor of `forEachWordAt`, made once. */
  private readonly visit = (from: number, to: number, hash: number): void => {
    const s = this.dictionary.id(this.lower, from, to, hash);
    if (s >= this.classes.length) this.make(s + 1);
    const o = s * STATE;
    const state = this.state;
    if (state[o + LAST] !== this.id) {
      if (this.touchedCount === this.touched.length) {
        this.touched = grow(this.touched, this.touchedCount + 1);
        this.gaps = grow(this.gaps, this.touchedCount + 1);
      }
      this.gaps[this.touchedCount] = this.id - state[o + LAST]!;
      this.touched[this.touchedCount++] = s;
      state[o + LAST] = this.id;
      state[o + COUNT] = 0;
    }
    state[o + COUNT]!++;
  };
  /** Every entry added: its id and its length in words. */
  readonly lengths: [id: number, words: number][] = [];
  totalWords = 0;

  /**
   * `batch`: the bytes of postings that make a batch full (smaller for
   * tests); `texts`: about how many bytes of text will be added (the pool
   * starts at about their postings' size, so that it is not copied as it
   * grows; pages not written cost nothing).
   */
  constructor(
    private readonly batch = BATCH,
    texts = 0,
  ) {
    this.chains = new Chains(FIRST_BLOCK, POSTING_BYTES, Math.min(batch, texts / 2));
  }

  /** Room for `need` slots. */
  private make(need: number): void {
    this.state = grow(this.state, need * STATE);
    const classes = new Uint8Array(this.state.length / STATE);
    classes.set(this.classes);
    this.classes = classes;
  }

  add(id: number, text: string): void {
    const before = this.lengths[this.lengths.length - 1]?.[0] ?? 0;
    if (id <= before) throw new Error(`words: entry ids must ascend (${id} after ${before})`);
    this.lower = text.toLowerCase();
    this.id = id;
    this.touchedCount = 0;
    this.batchEntries++;
    const length = forEachWordAt(this.lower, this.visit);
    const chains = this.chains;
    const state = this.state;
    for (let i = 0; i < this.touchedCount; i++) {
      const s = this.touched[i]!;
      const o = s * STATE;
      let p = state[o + PLACE]!;
      const k = this.classes[s]!;
      if (chains.full(p, k)) {
        const start = chains.grow(p, k);
        if (p === 0) state[o + HEAD] = start;
        this.classes[s] = nextClass(p, k);
        p = start;
      }
      const pool = chains.pool;
      for (let n = this.gaps[i]!, twice = 0; twice < 2; n = state[o + COUNT]!, twice++) {
        while (n >= 0x80) {
          pool[p++] = (n & 0x7f) | 0x80;
          n >>>= 7;
        }
        pool[p++] = n;
      }
      state[o + PLACE] = p;
    }
    this.lengths.push([id, length]);
    this.totalWords += length;
  }

  /** True when the batch should be taken. */
  get full(): boolean {
    return this.chains.used >= this.batch;
  }

  /** The batch's lists, in word order, each in parts; the batch is then empty. */
  *take(): Generator<[word: string, parts: [first: number, list: Uint8Array][]]> {
    const words = this.dictionary.words;
    const order: number[] = [];
    const state = this.state;
    for (let s = 0; s < words.length; s++) if (state[s * STATE + PLACE] !== 0) order.push(s);
    order.sort((a, b) => (words[a]! < words[b]! ? -1 : 1));
    const ids = new Int32Array(Math.max(1, this.batchEntries));
    const counts = new Int32Array(ids.length);
    const chains = this.chains;
    const out = [ids, counts];
    try {
      for (const s of order) {
        const n = chains.read(state[s * STATE + HEAD]!, state[s * STATE + PLACE]!, out);
        yield [words[s]!, encodeParts(ids.subarray(0, n), counts.subarray(0, n))];
      }
    } finally {
      // The next batch starts afresh: its gaps count from 0 again.
      chains.clear();
      state.fill(0);
      this.batchEntries = 0;
    }
  }
}

function grow(a: Int32Array, need: number): Int32Array {
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** The word lists the worker of a first indexing wrote (see grams-worker.ts): its entries' ids, how many, and their words in all. */
export interface WordShare {
  first: number;
  last: number;
  entries: number;
  words: number;
}

/** The tables where that worker leaves its word lists and lengths for the main thread, in a database file of their own (`INDEX-grams-words`). */
export const WORD_SHARE = { lists: 'word_share', lengths: 'word_length_share' } as const;

/** The lengths of entries in words, as rows of up to this many consecutive ids (two bytes each). */
const LENGTHS_ROW = 4096;

/** Writes entries' lengths in words (into `table`, `main.word_length` unless told): runs of consecutive ids, each at most `LENGTHS_ROW`, lengths over 65,535 kept as 65,535. */
export function writeLengths(db: Database.Database, lengths: [id: number, words: number][], table = 'main.word_length'): void {
  const insert = db.prepare(`INSERT OR REPLACE INTO ${table} (first, lengths) VALUES (?, ?)`);
  let i = 0;
  while (i < lengths.length) {
    let j = i + 1;
    while (j < lengths.length && j - i < LENGTHS_ROW && lengths[j]![0] === lengths[j - 1]![0] + 1) j++;
    const row = Buffer.alloc((j - i) * 2);
    for (let k = i; k < j; k++) row.writeUInt16LE(Math.min(65535, lengths[k]![1]), (k - i) * 2);
    insert.run(lengths[i]![0], row);
    i = j;
  }
}

/** The lengths in words of some entries (by id); an entry without one (none recorded) counts as the mean. */
function readLengths(db: Database.Database, ids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  const row = db.prepare('SELECT first, lengths FROM main.word_length WHERE first <= ? ORDER BY first DESC LIMIT 1').raw();
  let cached: [number, Buffer] | undefined;
  for (const id of ids) {
    if (!cached || id < cached[0] || id >= cached[0] + cached[1].length / 2) cached = row.get(id) as [number, Buffer] | undefined;
    if (cached && id >= cached[0] && id < cached[0] + cached[1].length / 2) out.set(id, cached[1].readUInt16LE((id - cached[0]) * 2));
  }
  return out;
}

/** A term as ranking sees it: its words, the last one a prefix for `word*`. */
export interface RankTerm {
  words: string[];
  prefix: boolean;
}

/** BM25's constants, as SQLite's FTS5 has them. */
const K1 = 1.2;
const B = 0.75;

/** The keys of a term's words for `listEntries`: a prefix word stands for every word so starting (none: nothing matches). */
function termKeys(db: Database.Database, term: RankTerm): string[][] {
  return term.words.map((w, i) => (term.prefix && i === term.words.length - 1 ? keysStarting(db, WORD_TABLES, w) : [w]));
}

/**
 * The newest `size` entries (by id) that hold every word of every term, as
 * [id, score] best first (ties newest first): BM25 over the terms' words,
 * each word's count in the entry against its share of the entries and the
 * entry's length. A phrase counts as its words; that they stand in order is
 * for the text check to say. `within`, a bitmap over ids, leaves out the
 * entries not in it.
 */
export function rankWindow(db: Database.Database, terms: RankTerm[], size: number, within?: Uint32Array): [id: number, score: number][] {
  const groups = terms.flatMap((t) => termKeys(db, t));
  if (groups.length === 0 || groups.some((g) => g.length === 0)) return [];
  // The entries holding every word, the longest lists perhaps not read (see listEntries): an entry of the window that lacks
  // a word is found so below (its count is 0) and left out of the window, to follow the ranked ones with the others.
  const bits = listEntries(db, WORD_TABLES, groups);
  // Only entries the caller has not ruled out (the trigrams of the terms: a phrase's words must also stand together).
  if (within) for (let w = 0; w < bits.length; w++) bits[w]! &= within[w] ?? 0;
  const window: number[] = [];
  for (let w = bits.length - 1; w >= 0 && window.length < size; w--) {
    // Only the bits set, highest first (a cold process would otherwise test all 32 bits of every word: 196,800 at 100 MB).
    for (let word = bits[w]! | 0; word !== 0 && window.length < size; ) {
      const b = 31 - Math.clz32(word);
      window.push(w * 32 + b);
      word &= ~(1 << b);
    }
  }
  if (window.length === 0) return [];
  window.reverse();
  const { entries, words } = listStats(db, WORD_TABLES);
  const mean = entries > 0 ? words / entries : 1;
  const lengths = readLengths(db, window);
  const scores = new Float64Array(window.length);
  // How many of the groups each entry of the window holds.
  const held = new Int32Array(window.length);
  for (const group of groups) {
    // The word's count in each entry of the window, and how many entries hold it: a word's list says so at its head;
    // a prefix's words may share entries, counted once in a bitmap.
    const counts = new Float64Array(window.length);
    const holding = group.length > 1 ? new Uint32Array(bits.length) : undefined;
    let n = 0;
    for (const key of group) {
      const parts = readPartsInOrder(db, WORD_TABLES, key);
      for (let p = 0; p < parts.length; p++) {
        const [, part] = parts[p]!;
        n += listLength(part);
        // A part whose next part starts at or below the window holds none of it: the window is the newest ids.
        if (!holding && p + 1 < parts.length && parts[p + 1]![0] <= window[0]!) continue;
        const { ids, counts: c } = decodeCounted(part);
        let j = 0;
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i]!;
          if (holding && id >>> 5 < holding.length) holding[id >>> 5]! |= 1 << (id & 31);
          while (j < window.length && window[j]! < id) j++;
          if (j < window.length && window[j] === id) counts[j]! += c[i]!;
        }
      }
    }
    if (holding) n = bitCount(holding);
    const idf = Math.max(1e-6, Math.log((entries - n + 0.5) / (n + 0.5)));
    for (let j = 0; j < window.length; j++) {
      const tf = counts[j]!;
      if (tf > 0) held[j]!++;
      const length = lengths.get(window[j]!) ?? mean;
      scores[j]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / mean));
    }
  }
  return window
    .map((id, j) => [id, scores[j]!] as [number, number])
    .filter((_, j) => held[j] === groups.length)
    .sort((a, b) => b[1] - a[1] || b[0] - a[0]);
}
