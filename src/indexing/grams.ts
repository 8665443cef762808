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
 * is smaller than its gaps; and the lists are built in two plain passes over
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

const varintLength = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

/** The slot of a trigram in a table of `mask + 1` slots: where its probe starts. */
const hashOf = (a: number, b: number, c: number, mask: number): number => {
  const h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 0;
  return (h ^ (h >>> 15)) & mask;
};

/** The fields of a slot, `STRIDE` 32-bit words a slot in one array (one cache line holds all of it). */
const STRIDE = 4;
const LOW = 0; // the trigram's second and third units, (b << 16) | c
const HIGH = 1; // its first unit; -1 for an empty slot
const LAST = 2; // the last entry id seen with it: an entry counts once
const BYTES = 3; // the bytes of its gaps (first pass); where the next gap goes (second pass)

/**
 * The trigram lists of a run of entries (ids ascending), built in two passes
 * over their lower-cased texts: the first finds each trigram a slot in a
 * table (open addressing over one typed array) and counts the bytes of its
 * gaps as varints; the second writes the gaps into one buffer at known
 * places. `lists()` then gives each trigram's list, encoded.
 */
export class GramBuilder {
  private slots = new Int32Array(STRIDE << 10).fill(-1);
  private mask = (1 << 10) - 1;
  private size = 0;
  private gaps = new Uint8Array(0);
  /** Where each slot's gaps start in `gaps`, by slot. */
  private starts = new Int32Array(0);

  /**
   * Builds the lists of `ids.length` entries; `text(i)` gives the text of
   * the i-th (called twice for each, so that no text is kept).
   */
  constructor(private readonly ids: Int32Array, text: (i: number) => string) {
    for (let i = 1; i < ids.length; i++) if (ids[i]! <= ids[i - 1]!) throw new Error(`grams: entry ids must ascend (${ids[i]} after ${ids[i - 1]})`);
    for (let i = 0; i < ids.length; i++) this.scan(ids[i]!, text(i).toLowerCase(), true);
    const slots = this.slots;
    this.starts = new Int32Array(this.mask + 1);
    let total = 0;
    for (let s = 0; s <= this.mask; s++) {
      const o = s * STRIDE;
      if (slots[o + HIGH] === -1) continue;
      this.starts[s] = total;
      total += slots[o + BYTES]!;
      slots[o + BYTES] = this.starts[s]!;
      slots[o + LAST] = 0;
    }
    this.gaps = new Uint8Array(total);
    for (let i = 0; i < ids.length; i++) this.scan(ids[i]!, text(i).toLowerCase(), false);
  }

  get entries(): number {
    return this.ids.length;
  }

  /** One pass over an entry's text: counting (`first`), or writing the gaps. */
  private scan(id: number, lower: string, first: boolean): void {
    let a = 0x20;
    let b = 0x20;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      if (SPACE[c] === 0 && SPACE[b] === 0 && SPACE[a] === 0 && i >= 2) {
        const o = this.slot(a, b, c, first) * STRIDE;
        const slots = this.slots;
        const prev = slots[o + LAST]!;
        if (prev !== id) {
          slots[o + LAST] = id;
          if (first) slots[o + BYTES]! += varintLength(id - prev);
          else {
            let n = id - prev;
            let p = slots[o + BYTES]!;
            while (n >= 0x80) {
              this.gaps[p++] = (n & 0x7f) | 0x80;
              n >>>= 7;
            }
            this.gaps[p++] = n;
            slots[o + BYTES] = p;
          }
        }
      }
      a = b;
      b = c;
    }
  }

  /** The slot of a trigram, made when `add` (the second pass only finds). */
  private slot(a: number, b: number, c: number, add: boolean): number {
    const low = (b << 16) | c;
    const mask = this.mask;
    const slots = this.slots;
    let h = hashOf(a, b, c, mask);
    for (;;) {
      const high = slots[h * STRIDE + HIGH]!;
      if (high === a && slots[h * STRIDE + LOW] === low) return h;
      if (high === -1) break;
      h = (h + 1) & mask;
    }
    if (!add) throw new Error('grams: a trigram of the second pass was not seen in the first');
    const o = h * STRIDE;
    slots[o + HIGH] = a;
    slots[o + LOW] = low;
    slots[o + LAST] = 0;
    slots[o + BYTES] = 0;
    if (++this.size * 2 <= mask + 1) return h;
    this.grow();
    return this.slot(a, b, c, false);
  }

  private grow(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array((this.mask + 1) * STRIDE).fill(-1);
    for (let o = 0; o < old.length; o += STRIDE) {
      const a = old[o + HIGH]!;
      if (a === -1) continue;
      const low = old[o + LOW]!;
      let h = hashOf(a, low >>> 16, low & 0xffff, this.mask);
      while (this.slots[h * STRIDE + HIGH] !== -1) h = (h + 1) & this.mask;
      this.slots.set(old.subarray(o, o + STRIDE), h * STRIDE);
    }
  }

  /** The lists, in ascending key order, each in parts (see `encodeParts`). */
  *lists(): Generator<[key: number, parts: [first: number, list: Uint8Array][]]> {
    const slots = this.slots;
    const order = new Float64Array(this.size);
    let n = 0;
    for (let o = 0; o < slots.length; o += STRIDE) if (slots[o + HIGH] !== -1) order[n++] = slots[o + HIGH]! * 4294967296 + (slots[o + LOW]! >>> 0);
    order.sort();
    const ids = new Int32Array(Math.max(1, this.ids.length));
    const gaps = this.gaps;
    for (const key of order) {
      const s = this.slot(Math.floor(key / 4294967296), Math.floor(key / 65536) % 65536, key % 65536, false);
      let p = this.starts[s]!;
      const end = slots[s * STRIDE + BYTES]!;
      let id = 0;
      let count = 0;
      while (p < end) {
        let byte = gaps[p++]!;
        let gap = byte & 0x7f;
        for (let shift = 7; byte & 0x80; shift += 7) {
          byte = gaps[p++]!;
          gap += (byte & 0x7f) * 2 ** shift;
        }
        id += gap;
        ids[count++] = id;
      }
      yield [key, encodeParts(ids.subarray(0, count))];
    }
  }
}
