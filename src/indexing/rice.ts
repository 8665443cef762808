/**
 * Reading stored lists (their code: see encodeList in grams.ts) with the
 * reader in rice.wat: ids into a bitmap, or ids and counts into arrays; and
 * the bitmaps of a query (the entries in every list, their ids, how many).
 * A list that cannot be read as written throws SQLite's error of a damaged
 * database, so that the command moves the index aside and builds it again.
 */
import { RICE_WASM } from './rice-wasm.js';

interface Reader {
  memory: WebAssembly.Memory;
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
