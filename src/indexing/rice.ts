/**
 * The stored lists of ids (the trigram and word lists), written and read by
 * the module of rice.wat: a list from ids (and counts), cut in parts that
 * fit a page; ids into a bitmap, or ids and counts into arrays; and the
 * bitmaps of a query (the entries in every list, their ids, how many). A
 * list that cannot be read as written throws SQLite's error of a damaged
 * database, so that the command moves the index aside and builds it again.
 *
 * A list: a varint of how many ids, a varint of `base`, a byte `k` (0x40
 * set when each id has a count), then each gap less one (the first from
 * `base`) in Rice code, followed by its count less one in unary when there
 * are counts. Rice code: its high part in unary (that many 1 bits, then a
 * 0), its `k` low bits as they are, least significant bit first. `k` is
 * chosen for the least bits: a list as dense as a bitmap costs about what
 * the bitmap would (a bit or two an id), a sparse one a few bits over its
 * gaps' logarithm.
 */
import { RICE_WASM } from './rice-wasm.js';

interface Reader {
  memory: WebAssembly.Memory;
  plan(ids: number, n: number, base: number, counts: number, counted: number): number;
  write(ids: number, n: number, base: number, counts: number, counted: number, out: number): number;
  decode(list: number, length: number, out: number, mode: number, words: number): number;
  and(a: number, b: number, words: number): number;
  count(a: number, words: number): number;
  ids(a: number, words: number, out: number): number;
}

const BITS = 0;
const IDS = 1;
const IDS_AND_COUNTS = 2;

let reader: Reader | undefined;

/** The reader, compiled at its first use (under a millisecond). */
function theReader(): Reader {
  if (!reader) {
    const module = new WebAssembly.Module(Buffer.from(RICE_WASM, 'base64'));
    reader = new WebAssembly.Instance(module).exports as unknown as Reader;
  }
  return reader;
}

/** The reader's memory, at least `bytes` long, as bytes. */
function memory(r: Reader, bytes: number): Uint8Array {
  const short = bytes - r.memory.buffer.byteLength;
  if (short > 0) r.memory.grow(Math.ceil(short / 65536));
  return new Uint8Array(r.memory.buffer);
}

/** At most this many bytes a stored list: a longer one is cut in parts, so that each stays in its b-tree page (no overflow page half empty). */
export const PART_BYTES = 960;

/** Copies ids (and counts after them) into the reader's memory from 0; returns where the counts are. */
function putIds(r: Reader, ids: Int32Array, counts: Int32Array | undefined, room: number): number {
  const at = ids.length * 4;
  const mem = memory(r, (counts ? 2 * at : at) + room);
  new Int32Array(mem.buffer, 0, ids.length).set(ids);
  if (counts) new Int32Array(mem.buffer, at, ids.length).set(counts.subarray(0, ids.length));
  return at;
}

/** The size of the list of ids [from, to) of those in the reader's memory (see `putIds`); `write` then writes it with the k this chose. */
function planRange(r: Reader, from: number, to: number, base: number, counts: number | undefined): number {
  return r.plan(from * 4, to - from, base, counts === undefined ? 0 : counts + from * 4, counts === undefined ? 0 : 1);
}

/** Writes the list of ids [from, to) at `out` and returns it; `planned`, its size when `planRange` was the last call for the same range. */
function writeRange(r: Reader, from: number, to: number, base: number, counts: number | undefined, out: number, planned?: number): Uint8Array {
  const size = planned ?? planRange(r, from, to, base, counts);
  memory(r, out + size);
  if (r.write(from * 4, to - from, base, counts === undefined ? 0 : counts + from * 4, counts === undefined ? 0 : 1, out) !== size) throw new Error('lists: a list was not written at the size planned');
  const list = output(size);
  list.set(new Uint8Array(r.memory.buffer, out, size));
  return list;
}

/**
 * Where written lists go: views of a slab shared by many lists (a buffer
 * of its own for each of a first indexing's 1.3 million lists cost about
 * 1.5 µs a list). A view keeps its slab alive, 256 KiB at most.
 */
const SLAB = 1 << 18;
let slab = new Uint8Array(0);
let slabAt = 0;

/** A fresh view of `size` bytes. */
function output(size: number): Uint8Array {
  if (slabAt + size > slab.length) {
    if (size > SLAB / 4) return new Uint8Array(size);
    slab = new Uint8Array(SLAB);
    slabAt = 0;
  }
  const view = slab.subarray(slabAt, slabAt + size);
  slabAt += size;
  return view;
}

/** Lists of at most this many ids are written here rather than by the module: calling it costs more than their code. */
const SHORT = 24;

const varintSize = (v: number): number => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);

/**
 * A short list (ids ascending, above `base`), the bytes the module's
 * `plan` and `write` give (a test compares them); undefined when it would
 * not fit one part.
 */
export function encodeShort(ids: Int32Array, base: number, counts?: Int32Array): Uint8Array | undefined {
  const n = ids.length;
  // k as the module chooses it: the least bits of k0, k0 + 1, k0 + 2, k0 from the mean gap.
  const span = n > 0 ? (ids[n - 1]! - base) >>> 0 : 0;
  const mean = Math.floor(span / Math.max(1, n)) || 1;
  const k0 = Math.max(0, 31 - Math.clz32(mean) - 1);
  let h0 = 0;
  let h1 = 0;
  let h2 = 0;
  let bits = 0;
  let prev = base;
  for (let i = 0; i < n; i++) {
    const gap = (ids[i]! - prev - 1) >>> 0;
    prev = ids[i]!;
    h0 += gap >>> k0;
    h1 += k0 + 1 < 32 ? gap >>> (k0 + 1) : 0;
    h2 += k0 + 2 < 32 ? gap >>> (k0 + 2) : 0;
    if (counts) bits += counts[i]! >>> 0;
  }
  const c0 = h0 + n * (k0 + 1);
  const c1 = h1 + n * (k0 + 2);
  const c2 = h2 + n * (k0 + 3);
  const k = c0 <= c1 && c0 <= c2 ? k0 : c1 <= c2 ? k0 + 1 : k0 + 2;
  bits += k === k0 ? c0 : k === k0 + 1 ? c1 : c2;
  const size = varintSize(n) + varintSize(base) + 1 + Math.ceil(bits / 8);
  if (size > PART_BYTES) return undefined;
  const list = output(size);
  let q = 0;
  const varint = (v: number): void => {
    while (v >= 0x80) {
      list[q++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    list[q++] = v;
  };
  varint(n);
  varint(base);
  list[q++] = k | (counts ? 0x40 : 0);
  // The bits not yet written, lowest first: fewer than 8 between calls.
  let acc = 0;
  let used = 0;
  const put = (value: number, count: number): void => {
    acc += value * 2 ** used;
    used += count;
    while (used >= 8) {
      list[q++] = acc & 0xff;
      acc = Math.floor(acc / 256);
      used -= 8;
    }
  };
  const unary = (ones: number): void => {
    for (; ones > 0; ones -= Math.min(ones, 24)) put(2 ** Math.min(ones, 24) - 1, Math.min(ones, 24));
    put(0, 1);
  };
  prev = base;
  for (let i = 0; i < n; i++) {
    const gap = (ids[i]! - prev - 1) >>> 0;
    prev = ids[i]!;
    unary(Math.floor(gap / 2 ** k));
    if (k > 0) put(gap % 2 ** k, k);
    if (counts) unary((counts[i]! >>> 0) - 1);
  }
  if (used > 0) list[q++] = acc & 0xff;
  if (q !== size) throw new Error('lists: a list was not written at the size planned');
  return list;
}

/** Encodes ascending ids above `base` (below 2^31) as a list, with their counts (each at least 1) when given. */
export function encodeList(ids: Int32Array, base = 0, counts?: Int32Array): Uint8Array {
  const r = theReader();
  const at = putIds(r, ids, counts, 0);
  return writeRange(r, 0, ids.length, base, counts && at, counts ? 2 * at : at);
}

/** Encodes ascending ids as parts of at most `PART_BYTES`, each with the id before its first as its base. */
export function encodeParts(ids: Int32Array, counts?: Int32Array): [first: number, list: Uint8Array][] {
  if (ids.length <= SHORT) {
    const list = encodeShort(ids, 0, counts);
    if (list) return [[ids[0]!, list]];
  }
  const r = theReader();
  const at = putIds(r, ids, counts, 0);
  const countsAt = counts ? at : undefined;
  const out = counts ? 2 * at : at;
  const whole = planRange(r, 0, ids.length, 0, countsAt);
  if (whole <= PART_BYTES) return [[ids[0]!, writeRange(r, 0, ids.length, 0, countsAt, out, whole)]];
  const parts: [number, Uint8Array][] = [];
  // As many ids a part as fit at the whole list's bits an id, less a margin; a part that still does not fit is halved.
  const each = Math.max(1, Math.floor((ids.length * (PART_BYTES - 16)) / whole));
  const cut = (from: number, to: number): void => {
    const base = from > 0 ? ids[from - 1]! : 0;
    const size = planRange(r, from, to, base, countsAt);
    if (size <= PART_BYTES || to - from === 1) parts.push([ids[from]!, writeRange(r, from, to, base, countsAt, out, size)]);
    else {
      const mid = (from + to) >>> 1;
      cut(from, mid);
      cut(mid, to);
    }
  };
  for (let from = 0; from < ids.length; from += each) cut(from, Math.min(ids.length, from + each));
  return parts;
}

/**
 * The error of a list that cannot be read as written (cut short, or not a
 * list): SQLite's code for a damaged database, so that the command moves
 * the index aside and builds it again, as for any damage.
 */
export function damaged(): Error {
  return Object.assign(new Error('a list of the index is damaged'), { code: 'SQLITE_CORRUPT' });
}

/** How many ids a list holds (its first varint). */
export function listLength(list: Uint8Array): number {
  let n = 0;
  for (let p = 0, shift = 0; ; shift += 7) {
    const byte = list[p++];
    if (byte === undefined || shift > 35) throw damaged();
    n += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return n;
  }
}

/** Sets the bits of the ids of some lists in `bits` (bit `id` of the array of 32-bit words); ids beyond it are left out. */
export function decodeInto(lists: Uint8Array | readonly Uint8Array[], bits: Uint32Array): void {
  const r = theReader();
  const mem = memory(r, bits.byteLength);
  new Uint32Array(mem.buffer, 0, bits.length).set(bits);
  readParts(r, lists instanceof Uint8Array ? [lists] : lists, 0, bits.length, bits.byteLength);
  bits.set(new Uint32Array(r.memory.buffer, 0, bits.length));
}

/** Sets the bits of the ids of `parts` in the bitmap of `words` words at `bitmap` of the reader's memory, the parts copied from `at` on. */
function readParts(r: Reader, parts: readonly Uint8Array[], bitmap: number, words: number, at: number): void {
  const mem = memory(r, at + parts.reduce((n, l) => n + l.length, 0));
  for (const part of parts) {
    mem.set(part, at);
    if (r.decode(at, part.length, bitmap, BITS, words) < 0) throw damaged();
    at += part.length;
  }
}

/**
 * The ids in every one of `lists` (each a list in parts), as a bitmap of
 * `words` words (ids beyond it left out): the lists are read in the order
 * given, each only while `worth(list, left)` says so, `left` being how many
 * ids the lists read so far have in common.
 */
export function idsInAll(lists: readonly (readonly Uint8Array[])[], words: number, worth: (list: number, left: number) => boolean): Uint32Array {
  const r = theReader();
  // The bitmap of the answer at 0, the one of the list being read after it, then that list's parts.
  const size = words * 4;
  memory(r, 2 * size);
  new Uint32Array(r.memory.buffer, 0, 2 * words).fill(0);
  let left = 0;
  for (let i = 0; i < lists.length; i++) {
    if (i > 0 && !worth(i, left)) break;
    const into = i === 0 ? 0 : size;
    if (i > 1) new Uint32Array(r.memory.buffer, size, words).fill(0);
    readParts(r, lists[i]!, into, words, 2 * size);
    left = i === 0 ? r.count(0, words) : r.and(0, size, words);
  }
  return new Uint32Array(r.memory.buffer.slice(0, size));
}

/** How many bits are set. */
export function bitCount(bits: Uint32Array): number {
  const r = theReader();
  new Uint32Array(memory(r, bits.byteLength).buffer, 0, bits.length).set(bits);
  return r.count(0, bits.length);
}

/** The ids set in a bitmap, ascending. */
export function bitIds(bits: Uint32Array): Int32Array {
  const r = theReader();
  const n = bitCount(bits);
  memory(r, bits.byteLength + n * 4);
  r.ids(0, bits.length, bits.byteLength);
  return new Int32Array(r.memory.buffer.slice(bits.byteLength, bits.byteLength + n * 4));
}

/** Reads a list into arrays: its ids, and with `counted` their counts after them. */
function decodeArrays(list: Uint8Array, counted: boolean): { ids: Int32Array; counts: Int32Array } {
  const n = listLength(list);
  if (n > list.length * 8) throw damaged();
  const r = theReader();
  // The list, then the ids (on a 4-byte boundary), then the counts.
  const out = (list.length + 3) & ~3;
  const mem = memory(r, out + n * (counted ? 8 : 4));
  mem.set(list, 0);
  if (r.decode(0, list.length, out, counted ? IDS_AND_COUNTS : IDS, 0) !== n) throw damaged();
  const ids = new Int32Array(mem.buffer.slice(out, out + n * 4));
  const counts = counted ? new Int32Array(mem.buffer.slice(out + n * 4, out + n * 8)) : new Int32Array(0);
  return { ids, counts };
}

/** The ids of a list, ascending. */
export function decodeIds(list: Uint8Array): Int32Array {
  return decodeArrays(list, false).ids;
}

/** The ids of a list and their counts (1 each for a list without counts). */
export function decodeCounted(list: Uint8Array): { ids: Int32Array; counts: Int32Array } {
  return decodeArrays(list, true);
}
