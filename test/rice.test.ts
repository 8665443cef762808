/**
 * The stored lists, written and read in WebAssembly (src/indexing/rice.wat,
 * used through rice.ts): its compiled bytes are the .wat's; it writes the
 * bytes the first (JavaScript) encoder wrote; it reads back what it wrote
 * (ids, counts, into bitmaps of any size); a damaged list
 * gives the index's damage error, never another error or a hang; and the
 * bitmap work of a query (and, count, ids) agrees with a plain loop.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { bitCount, bitIds, decodeCounted, decodeIds, decodeInto, encodeList, encodeParts, encodeShort, idsInAll, PART_BYTES } from '../src/indexing/rice.js';
import { ROOT } from './helpers.js';

/** A small PRNG, so that a failure can be run again. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

/** Ascending ids with gaps of a random mean, from 1 up. */
function randomIds(rnd: () => number, n: number, mean: number): Int32Array {
  const ids = new Int32Array(n);
  let id = 0;
  for (let i = 0; i < n; i++) ids[i] = id += 1 + Math.floor(-Math.log(1 - rnd()) * mean);
  return ids;
}

/** The varint length the reference uses. */
const varintLength = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

// The encoder as the format was first written, in JavaScript (src/indexing/grams.ts before rice.wat wrote lists):
// the lists of every index built before must be what the WebAssembly writer makes, byte for byte.
function referenceList(ids: Int32Array, base = 0, counts?: Int32Array): Uint8Array {
  const n = ids.length;
  const span = n > 0 ? ids[n - 1]! - base : 0;
  // The best k is near log2 of the mean gap; the cost of the three around it is counted exactly, in one pass.
  const k0 = Math.max(0, Math.floor(Math.log2(Math.max(1, span / Math.max(1, n)))) - 1);
  let h0 = 0;
  let h1 = 0;
  let h2 = 0;
  let prev = base;
  for (let i = 0; i < n; i++) {
    const gap = ids[i]! - prev - 1;
    prev = ids[i]!;
    h0 += gap >>> k0;
    h1 += gap >>> (k0 + 1);
    h2 += gap >>> (k0 + 2);
  }
  const c0 = h0 + n * (k0 + 1);
  const c1 = h1 + n * (k0 + 2);
  const c2 = h2 + n * (k0 + 3);
  const k = c0 <= c1 && c0 <= c2 ? k0 : c1 <= c2 ? k0 + 1 : k0 + 2;
  let bits = Math.min(c0, c1, c2);
  if (counts) for (let i = 0; i < n; i++) bits += counts[i]!;
  // The size is known to the bit: the list is made at its length (no copy, no view).
  const out = new Uint8Array(varintLength(n) + varintLength(base) + 1 + Math.ceil(bits / 8));
  let p = putVarint(out, 0, n);
  p = putVarint(out, p, base);
  out[p++] = counts ? k | 0x40 : k;
  const writer = new BitWriter(out, p);
  prev = base;
  for (let i = 0; i < n; i++) {
    const gap = ids[i]! - prev - 1;
    prev = ids[i]!;
    writer.unary(gap >>> k);
    // k is at most 30: the low bits go in two halves so that the buffer never holds more than 31 bits.
    if (k > 0) {
      const r = gap & (2 ** k - 1);
      const half = Math.min(k, 15);
      writer.bits(r & ((1 << half) - 1), half);
      if (k > half) writer.bits(r >>> half, k - half);
    }
    // Its count less one in unary, when the list has counts.
    if (counts) writer.unary(counts[i]! - 1);
  }
  writer.end();
  return out;
}

/** Bits written least significant first: they gather in `acc` (its low `used` bits) and leave it a byte at a time. */
class BitWriter {
  private acc = 0;
  private used = 0;

  constructor(
    private readonly out: Uint8Array,
    private p: number,
  ) {}

  /** `q` 1 bits, then a 0. */
  unary(q: number): void {
    while (q > 0) {
      const ones = Math.min(q, 16);
      this.bits((1 << ones) - 1, ones);
      q -= ones;
    }
    this.bits(0, 1);
  }

  /** The low `count` bits of `value` (`count` at most 16). */
  bits(value: number, count: number): void {
    this.acc |= value << this.used;
    this.used += count;
    while (this.used >= 8) {
      this.out[this.p++] = this.acc & 0xff;
      this.acc >>>= 8;
      this.used -= 8;
    }
  }

  end(): void {
    if (this.used > 0) this.out[this.p++] = this.acc & 0xff;
  }
}

/** Writes a varint at `p`; returns where the next byte goes. */
function putVarint(out: Uint8Array, p: number, v: number): number {
  while (v >= 0x80) {
    out[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[p++] = v;
  return p;
}

/** At most this many bytes a stored list: a longer one is cut in parts, so that each stays in its b-tree page (no overflow page half empty). */

/** Reads a list every way there is; the damage error or a result, nothing else. */
function readAllWays(list: Uint8Array): 'read' | 'damaged' {
  try {
    decodeIds(list);
    decodeCounted(list);
    decodeInto(list, new Uint32Array(64));
    return 'read';
  } catch (err) {
    assert.equal((err as { code?: string }).code, 'SQLITE_CORRUPT', String(err));
    assert.match((err as Error).message, /a list of the index is damaged/);
    return 'damaged';
  }
}

describe('stored lists in WebAssembly (rice.wat)', () => {
  test('src/indexing/rice-wasm.ts is rice.wat compiled (node scripts/wasm.mjs makes it again)', async () => {
    const { compileWat, moduleSource } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'wasm.mjs')).href)) as {
      compileWat(file: string): Promise<Buffer>;
      moduleSource(bytes: Buffer): string;
    };
    const bytes = await compileWat(path.join(ROOT, 'src', 'indexing', 'rice.wat'));
    assert.equal(fs.readFileSync(path.join(ROOT, 'src', 'indexing', 'rice-wasm.ts'), 'utf8'), moduleSource(bytes), 'run node scripts/wasm.mjs');
  });

  test('lists written byte for byte as the first (JavaScript) encoder wrote them, whole and in parts', () => {
    const rnd = prng(17);
    const cases: Int32Array[] = [Int32Array.of(1), Int32Array.of(2 ** 31 - 1), Int32Array.of(5, 2 ** 30, 2 ** 31 - 2), Int32Array.from({ length: 30_000 }, (_, i) => i + 1)];
    for (let t = 0; t < 300; t++) cases.push(randomIds(rnd, 1 + Math.floor(rnd() ** 2 * 4000), 1 + rnd() ** 4 * 100_000));
    for (const ids of cases) {
      const counts = Int32Array.from(ids, () => 1 + Math.floor(rnd() ** 6 * 1000));
      const base = Math.floor(rnd() * ids[0]!);
      assert.deepEqual(encodeList(ids, base), referenceList(ids, base));
      assert.deepEqual(encodeList(ids, 0, counts), referenceList(ids, 0, counts));
      // In parts: each fits a page (or holds one id), starts where the one before ends, and is the reference's list of its ids.
      for (const c of [undefined, counts]) {
        const parts = encodeParts(ids, c);
        let from = 0;
        for (const [first, part] of parts) {
          const n = decodeIds(part).length;
          assert.equal(first, ids[from]);
          assert.ok(part.length <= PART_BYTES || n === 1);
          assert.deepEqual(part, referenceList(ids.subarray(from, from + n), from > 0 ? ids[from - 1]! : 0, c?.subarray(from, from + n)));
          from += n;
        }
        assert.equal(from, ids.length);
      }
    }
  });

  test('short lists, written in JavaScript rather than by the module: the same bytes, or none when they would not fit a part', () => {
    const rnd = prng(23);
    let tooLong = 0;
    for (let t = 0; t < 5000; t++) {
      const n = 1 + Math.floor(rnd() * 24);
      // Gaps of every scale, up to ids near 2^31; counts of 1 mostly, and now and then so many that the list passes a part.
      const ids = randomIds(rnd, n, 1 + rnd() ** 6 * (2 ** 31 / (n + 1)));
      if (ids.some((id, i) => id <= (i > 0 ? ids[i - 1]! : 0))) continue; // past 2^31: wrapped
      const counts = Int32Array.from(ids, () => (rnd() < 0.05 ? 1 + Math.floor(rnd() * 3000) : 1 + Math.floor(rnd() ** 4 * 20)));
      const base = rnd() < 0.5 ? 0 : Math.floor(rnd() * ids[0]!);
      for (const c of [undefined, counts]) {
        const short = encodeShort(ids, base, c);
        const wasm = encodeList(ids, base, c);
        assert.deepEqual(wasm, referenceList(ids, base, c));
        if (short === undefined) {
          assert.ok(wasm.length > PART_BYTES, `left to the module only when longer than a part (${wasm.length} bytes)`);
          tooLong++;
        } else assert.deepEqual(short, wasm, `ids ${[...ids]} base ${base} counts ${c ? [...c] : '-'}`);
        // encodeParts takes this way for short lists: its parts are the reference's.
        const parts = encodeParts(ids, c);
        if (parts.length === 1) assert.deepEqual(parts[0]![1], referenceList(ids, 0, c));
        assert.deepEqual(parts.flatMap(([, p]) => [...decodeIds(p)]), [...ids]);
      }
    }
    assert.ok(tooLong > 10, `some lists passed a part (${tooLong})`);
  });

  test('ids and counts read back as written, with and without counts, and into bitmaps smaller than the ids', () => {
    const rnd = prng(11);
    for (let t = 0; t < 300; t++) {
      const ids = randomIds(rnd, 1 + Math.floor(rnd() ** 2 * 2000), 1 + rnd() ** 3 * 3000);
      const counts = Int32Array.from(ids, () => 1 + Math.floor(rnd() ** 4 * 300));
      const base = Math.floor(rnd() * ids[0]!);
      assert.deepEqual([...decodeIds(encodeList(ids, base))], [...ids]);
      const back = decodeCounted(encodeList(ids, 0, counts));
      assert.deepEqual([...back.ids], [...ids]);
      assert.deepEqual([...back.counts], [...counts]);
      assert.deepEqual([...decodeCounted(encodeList(ids)).counts], Array.from(ids, () => 1), 'a list without counts: 1 each');
      // A bitmap that holds only the lower ids: the others are left out, and bits already set stay.
      const words = 1 + Math.floor(rnd() * ((ids[ids.length - 1]! >>> 5) + 2));
      const bits = new Uint32Array(words);
      bits[0] = 1;
      decodeInto(encodeParts(ids).map(([, p]) => p), bits);
      assert.deepEqual([...bitIds(bits)], [...new Set([0, ...[...ids].filter((id) => id < words * 32)])]);
    }
  });

  test('a list cut short, with bytes changed, or of random bytes: the damage error or a reading, never another error or a hang', () => {
    const rnd = prng(5);
    let damaged = 0;
    for (let t = 0; t < 400; t++) {
      const ids = randomIds(rnd, 1 + Math.floor(rnd() * 300), 1 + rnd() * 2000);
      const list = rnd() < 0.5 ? encodeList(ids) : encodeList(ids, 0, Int32Array.from(ids, () => 1 + Math.floor(rnd() * 9)));
      // Every byte counts: a list without its last byte cannot be read.
      assert.equal(readAllWays(list.subarray(0, list.length - 1 - Math.floor(rnd() * (list.length - 1)))), 'damaged');
      const changed = Uint8Array.from(list);
      for (let k = 0; k < 1 + rnd() * 4; k++) changed[Math.floor(rnd() * changed.length)] = Math.floor(rnd() * 256);
      if (readAllWays(changed) === 'damaged') damaged++;
      readAllWays(Uint8Array.from({ length: Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256)));
    }
    assert.ok(damaged > 0, 'some changed lists were found damaged');
    // The count says more ids than the list has bits; a k over 30; an id over 2^31 - 1.
    assert.equal(readAllWays(Uint8Array.from([0xff, 0xff, 0x7f, 0, 0, 0])), 'damaged');
    assert.equal(readAllWays(Uint8Array.from([1, 0, 31, 0, 0, 0, 0, 0])), 'damaged');
    assert.equal(readAllWays(Uint8Array.from([1, 0xff, 0xff, 0xff, 0xff, 0x07, 0, 0])), 'damaged');
    assert.deepEqual([...decodeIds(Uint8Array.from([1, 0xfe, 0xff, 0xff, 0xff, 0x07, 0, 0]))], [2 ** 31 - 1], 'the largest id is read');
  });

  test('the bitmaps of a query: and, count and ids as a plain loop has them', () => {
    const rnd = prng(3);
    const plainIds = (bits: Uint32Array) => [...bits].flatMap((w, i) => Array.from({ length: 32 }, (_, b) => ((w >>> b) & 1 ? i * 32 + b : -1)).filter((id) => id >= 0));
    for (let t = 0; t < 60; t++) {
      const words = 1 + Math.floor(rnd() * 3000);
      const lists = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => randomIds(rnd, 1 + Math.floor(rnd() * 5000), 1 + rnd() * 40));
      const asked: [number, number][] = [];
      const stopAt = 1 + Math.floor(rnd() * lists.length);
      const got = idsInAll(lists.map((ids) => encodeParts(ids).map(([, p]) => p)), words, (i, left) => (asked.push([i, left]), i < stopAt));
      // What the lists read (the first stopAt of them) have in common, within the bitmap.
      const read = lists.slice(0, stopAt).map((ids) => new Set(ids));
      const expected = [...read[0]!].filter((id) => id < words * 32 && read.every((s) => s.has(id)));
      assert.deepEqual([...bitIds(got)], expected);
      assert.deepEqual(plainIds(got), expected);
      assert.equal(bitCount(got), expected.length);
      // Asked before each list after the first, with what was left then.
      assert.deepEqual(asked.map(([i]) => i), Array.from({ length: Math.min(stopAt, lists.length - 1) }, (_, i) => i + 1));
      const last = asked[asked.length - 1];
      if (last && last[0] === stopAt) assert.equal(last[1], expected.length);
    }
  });
});
