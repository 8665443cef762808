/**
 * Lists that grow by appending, in one pool of bytes: the trigram and word
 * builders (grams.ts, words.ts) append each entry's record (varints) to the
 * list of each trigram or word it holds, in one pass over the texts, and
 * read each list back once, when it is written out.
 *
 * A list is a chain of blocks of `first`, 2 × `first` ... up to
 * 256 × `first` bytes, each ending in 4 bytes that say where the next one
 * is. A block of size `z` is aligned to `z` (each size is cut from regions
 * of its own, aligned to `REGION`), so the end of the block that holds a
 * place is known from the place and the block's size class alone. A record
 * that would not fit before that end goes into the next block, and the
 * bytes it leaves are 0: a record must never begin with a 0 byte (a varint
 * of 1 or more does not).
 */

/** Regions of this many bytes are cut into blocks of one size each. */
const REGION = 1 << 16;

/** The largest size class: blocks of `first << LAST_CLASS` bytes. */
export const LAST_CLASS = 8;

/** The bytes of a link to the next block, at the end of each. */
const LINK = 4;

/** The size class of the block after one of class `k` that holds `p`: 0 for a chain's first block (`p` 0), then one up to `LAST_CLASS`. */
export function nextClass(p: number, k: number): number {
  return p === 0 ? 0 : Math.min(LAST_CLASS, k + 1);
}

export class Chains {
  /** The blocks; offset 0 is never a block's (a place of 0 says no block yet). */
  pool: Uint8Array;
  private top = REGION;
  /** Per size class: where its next block is cut, and where its region ends. */
  private readonly cut = new Int32Array(LAST_CLASS + 1);
  private readonly cutEnd = new Int32Array(LAST_CLASS + 1);

  /**
   * `first`: the size of a first block (a power of two, at most `REGION` /
   * 256); `room`: the most bytes a record takes; `bytes`: about how many
   * bytes to expect (the pool starts that large and doubles when it must;
   * pages not written cost nothing).
   */
  constructor(
    readonly first: number,
    readonly room: number,
    bytes = 0,
  ) {
    this.pool = new Uint8Array(Math.max(4 * REGION, Math.ceil(bytes / REGION) * REGION));
  }

  /** The bytes the pool holds so far. */
  get used(): number {
    return this.top;
  }

  /** True when a record does not fit at `p` in its block of class `k` (or `p` is 0: no block yet). */
  full(p: number, k: number): boolean {
    const z = this.first << k;
    return p === 0 || (p & (z - 1)) > z - LINK - this.room;
  }

  /**
   * Starts the next block of a chain whose last block, of class `k`, holds
   * `p` (its first block when `p` is 0), linked from that one; returns where
   * it starts. Its class is `k + 1` (at most `LAST_CLASS`), 0 for a first.
   */
  grow(p: number, k: number): number {
    const next = nextClass(p, k);
    const size = this.first << next;
    if (this.cut[next]! + size > this.cutEnd[next]!) {
      if (this.top + REGION > this.pool.length) {
        if (this.pool.length * 2 > 2 ** 31) throw new Error('index: more than 2 GB of lists in one sync (index the journal in parts)');
        const pool = new Uint8Array(this.pool.length * 2);
        pool.set(this.pool);
        this.pool = pool;
      }
      this.cut[next] = this.top;
      this.cutEnd[next] = this.top += REGION;
    }
    const start = this.cut[next]!;
    this.cut[next] = start + size;
    if (p !== 0) {
      const z = this.first << k;
      const link = (p & -z) + z - LINK;
      const pool = this.pool;
      pool[link] = start & 0xff;
      pool[link + 1] = (start >>> 8) & 0xff;
      pool[link + 2] = (start >>> 16) & 0xff;
      pool[link + 3] = start >>> 24;
    }
    return start;
  }

  /**
   * Reads the records of a chain: the chain that starts at `head` and whose
   * next record would go at `last`, each record `out.length` varints, the
   * first a gap from the record before (added up from 0), the others as
   * they are; into `out`, one array a field. Returns how many records.
   */
  read(head: number, last: number, out: Int32Array[]): number {
    const pool = this.pool;
    const fields = out.length;
    const ids = out[0]!;
    let n = 0;
    let id = 0;
    let p = head;
    let z = this.first;
    for (;;) {
      const link = p + z - LINK;
      const end = last >= p && last <= link ? last : link;
      // To the block's end, or to its first 0 (what a record that did not fit left).
      while (p < end && pool[p] !== 0) {
        for (let f = 0; f < fields; f++) {
          let byte = pool[p++]!;
          let v = byte & 0x7f;
          for (let shift = 7; byte & 0x80; shift += 7) {
            byte = pool[p++]!;
            v += (byte & 0x7f) * 2 ** shift;
          }
          if (f === 0) ids[n] = id += v;
          else out[f]![n] = v;
        }
        n++;
      }
      if (end === last) return n;
      p = pool[link]! | (pool[link + 1]! << 8) | (pool[link + 2]! << 16) | (pool[link + 3]! << 24);
      if (z < this.first << LAST_CLASS) z *= 2;
    }
  }

  /** Empties the pool (its buffer kept, zeroed where it was used). */
  clear(): void {
    this.pool.fill(0, 0, this.top);
    this.top = REGION;
    this.cut.fill(0);
    this.cutEnd.fill(0);
  }
}
