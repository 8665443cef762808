/**
 * The trigram index: for every three UTF-16 code units that occur together
 * in an entry's lower-cased text (white space excluded), the ids of the
 * entries that hold them. A term of three units or more occurs in an entry
 * only if every trigram of its words does, so the entries holding all of a
 * term's trigrams are a superset of its hits, which search then checks in the
 * text itself. Both sides are lower-cased by the same `toLowerCase`, so the
 * index and the check never disagree on case.
 *
 * Our own format rather than SQLite's FTS5 trigram table: a query never asks
 * for a trigram with white space in it (query words have none), so such
 * trigrams are not kept; a common trigram's list is kept as bitmaps where that
 * is smaller than its gaps; and the lists are built in one plain pass over
 * typed arrays, without a tokenizer call per trigram.
 *
 * Storage (lists.ts): `gram(key, first, list)`, a trigram's list per
 * segment, cut in parts that fit a page, each named by its first id. A sync
 * that adds entries writes one segment of their lists; entries always get ids
 * above every id in an earlier segment, so a trigram's parts in order of
 * their first ids are its ids in order. An entry taken out is put in
 * `gram_dead` until segments are merged (its id is never given again). Small
 * segments are merged when there are many, and everything into one when the
 * small ones, or the dead, grow.
 */
import { Chains, nextClass } from './chains.js';
import { encodeParts } from './rice.js';

/** 1 for the code units JavaScript's `\s` matches: a trigram holding one is never looked for. */
const SPACE = new Uint8Array(65536);
for (const u of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) SPACE[u] = 1;
for (let u = 0x2000; u <= 0x200a; u++) SPACE[u] = 1;

/** A trigram's key: its three code units as one number below 2^48. */
const keyOf = (a: number, b: number, c: number): number => (a * 65536 + b) * 65536 + c;

/** The keys of the trigrams of a (lower-cased) word, each once; a query word has no white space. */
export function wordGrams(word: string): number[] {
  const keys = new Set<number>();
  for (let i = 0; i + 3 <= word.length; i++) keys.add(keyOf(word.charCodeAt(i), word.charCodeAt(i + 1), word.charCodeAt(i + 2)));
  return [...keys];
}

/** The slot of a trigram in a table of `mask + 1` slots: where its probe starts. */
export const hashOf = (a: number, b: number, c: number, mask: number): number => {
  const h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 0;
  return (h ^ (h >>> 15)) & mask;
};

/** The fields of a slot, `STRIDE` 32-bit words a slot in one array (a quarter of a cache line). */
const STRIDE = 4;
const LOW = 0; // the trigram's second and third units, (b << 16) | c
const HIGH = 1; // its first unit plus 1, and the size class of its last block above bit 17; 0 for an empty slot
const LAST = 2; // the last entry id seen with it: an entry counts once
const POS = 3; // where its next gap goes in the pool; 0 before its first block
const UNIT = 0x1ffff;
const CLASS_SHIFT = 17;

/** A trigram's first block of gaps (chains.ts): 16 bytes, room for a varint of 5. */
const FIRST_BLOCK = 16;
const GAP_BYTES = 5;

/**
 * The trigram lists of a run of entries (ids ascending), built in one pass
 * over their lower-cased texts: each trigram has a slot in a table (open
 * addressing over one typed array), and each entry that holds it adds its
 * gap from the one before, as a varint, to the trigram's chain of blocks
 * (chains.ts). `lists()` then gives each trigram's list, encoded.
 */
export class GramBuilder {
  private slots = new Int32Array(STRIDE << 10);
  private mask = (1 << 10) - 1;
  private size = 0;
  private readonly chains: Chains;
  /** Where each slot's first block is, by slot. */
  private heads = new Int32Array(1 << 10);

  /**
   * Builds the lists of `ids.length` entries; `text(i)` gives the text of
   * the i-th (called once for each, and not kept). `bytes`: about how many
   * bytes of gaps to expect (the pool starts that large and doubles when
   * it must; pages not written cost nothing).
   */
  constructor(private readonly ids: Int32Array, text: (i: number) => string, bytes = 0) {
    for (let i = 1; i < ids.length; i++) if (ids[i]! <= ids[i - 1]!) throw new Error(`grams: entry ids must ascend (${ids[i]} after ${ids[i - 1]})`);
    this.chains = new Chains(FIRST_BLOCK, GAP_BYTES, bytes);
    for (let i = 0; i < ids.length; i++) this.scan(ids[i]!, text(i).toLowerCase());
  }

  get entries(): number {
    return this.ids.length;
  }

  /** How many trigrams have lists. */
  get trigrams(): number {
    return this.size;
  }

  /** Adds an entry's trigrams, each once. */
  private scan(id: number, lower: string): void {
    let a = 0x20;
    let b = 0x20;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      if (SPACE[c] === 0 && SPACE[b] === 0 && SPACE[a] === 0 && i >= 2) {
        const o = this.slot(a, b, c) * STRIDE;
        const slots = this.slots;
        const prev = slots[o + LAST]!;
        if (prev !== id) {
          slots[o + LAST] = id;
          let p = slots[o + POS]!;
          const k = slots[o + HIGH]! >>> CLASS_SHIFT;
          if (this.chains.full(p, k)) p = this.nextBlock(o, p, k);
          const pool = this.chains.pool;
          let n = id - prev;
          while (n >= 0x80) {
            pool[p++] = (n & 0x7f) | 0x80;
            n >>>= 7;
          }
          pool[p++] = n;
          slots[o + POS] = p;
        }
      }
      a = b;
      b = c;
    }
  }

  /** Starts a slot's next block (its first when `p` is 0); returns where the next gap goes. */
  private nextBlock(o: number, p: number, k: number): number {
    const start = this.chains.grow(p, k);
    const slots = this.slots;
    if (p === 0) this.heads[o / STRIDE] = start;
    slots[o + HIGH] = (slots[o + HIGH]! & UNIT) | (nextClass(p, k) << CLASS_SHIFT);
    return start;
  }

  /** The slot of a trigram, made when new (`add`; when finding only, -1 if it is not there). */
  private slot(a: number, b: number, c: number, add = true): number {
    const low = (b << 16) | c;
    const high = a + 1;
    const mask = this.mask;
    const slots = this.slots;
    let h = hashOf(a, b, c, mask);
    for (;;) {
      const got = slots[h * STRIDE + HIGH]! & UNIT;
      if (got === high && slots[h * STRIDE + LOW] === low) return h;
      if (got === 0) break;
      h = (h + 1) & mask;
    }
    if (!add) return -1;
    const o = h * STRIDE;
    slots[o + HIGH] = high;
    slots[o + LOW] = low;
    if (++this.size * 2 <= mask + 1) return h;
    this.grow();
    return this.slot(a, b, c, false);
  }

  private grow(): void {
    const old = this.slots;
    const oldHeads = this.heads;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array((this.mask + 1) * STRIDE);
    this.heads = new Int32Array(this.mask + 1);
    for (let o = 0; o < old.length; o += STRIDE) {
      const high = old[o + HIGH]! & UNIT;
      if (high === 0) continue;
      const low = old[o + LOW]!;
      let h = hashOf(high - 1, low >>> 16, low & 0xffff, this.mask);
      while (this.slots[h * STRIDE + HIGH] !== 0) h = (h + 1) & this.mask;
      this.slots.set(old.subarray(o, o + STRIDE), h * STRIDE);
      this.heads[h] = oldHeads[o / STRIDE]!;
    }
  }

  /** The lists, in ascending key order, each in parts (see `encodeParts`). */
  *lists(): Generator<[key: number, parts: [first: number, list: Uint8Array][]]> {
    const slots = this.slots;
    const order = new Float64Array(this.size);
    let n = 0;
    for (let o = 0; o < slots.length; o += STRIDE) {
      const high = slots[o + HIGH]! & UNIT;
      if (high !== 0) order[n++] = (high - 1) * 4294967296 + (slots[o + LOW]! >>> 0);
    }
    order.sort();
    const ids = new Int32Array(Math.max(1, this.ids.length));
    const out = [ids];
    for (const key of order) {
      const s = this.slot(Math.floor(key / 4294967296), Math.floor(key / 65536) % 65536, key % 65536, false);
      const count = this.chains.read(this.heads[s]!, slots[s * STRIDE + POS]!, out);
      yield [key, encodeParts(ids.subarray(0, count))];
    }
  }
}
