/**
 * Reading a file once, in blocks, hashing it on the way: how the index and
 * the journal kept in step with its files tell an append (the old bytes
 * unchanged, more after them) from any other change without holding a
 * second copy of the file.
 */
import type Crypto from 'node:crypto';
import fs from 'node:fs';

/**
 * Node's crypto module, loaded when first asked for: loading it takes 5 ms,
 * a twentieth of a whole `daybook search`, whose index is ready and whose
 * texts are those indexed (see search/texts.ts) and which hashes nothing.
 */
export const crypto = (): typeof Crypto => process.getBuiltinModule('node:crypto') as typeof Crypto;

/**
 * The SHA-1 (hex) of a short string's UTF-8, in JavaScript: the name of the
 * default index is made of it at every start of a command, and loading
 * `node:crypto` for it took 5 ms of a search of 150. The same digest as
 * `sha1(text, 'hex')` (tested).
 */
export function sha1OfText(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const n = bytes.length;
  // The message, a 1 bit, zeros, and its length in bits: whole blocks of 16 big-endian words.
  const words = (((n + 8) >>> 6) + 1) * 16;
  const w = new Int32Array(words);
  for (let i = 0; i < n; i++) w[i >> 2]! |= bytes[i]! << (24 - (i & 3) * 8);
  w[n >> 2]! |= 0x80 << (24 - (n & 3) * 8);
  w[words - 2] = Math.floor((n * 8) / 2 ** 32);
  w[words - 1] = (n * 8) | 0;
  const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
  const h = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0];
  const m = new Int32Array(80);
  for (let block = 0; block < words; block += 16) {
    for (let t = 0; t < 16; t++) m[t] = w[block + t]!;
    for (let t = 16; t < 80; t++) m[t] = rotl(m[t - 3]! ^ m[t - 8]! ^ m[t - 14]! ^ m[t - 16]!, 1);
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t++) {
      const f = t < 20 ? (b & c) | (~b & d) : t < 40 ? b ^ c ^ d : t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc | 0 : 0xca62c1d6 | 0;
      const next = (rotl(a, 5) + f + e + k + m[t]!) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = next;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
  }
  return h.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

/** The SHA-1 of some bytes (or of a string's UTF-8), in base64 or hex. */
export function sha1(data: Uint8Array | string, encoding: 'base64' | 'hex' = 'base64'): string {
  return crypto().hash('sha1', data, encoding);
}

/** A file read and hashed. */
export interface HashedFile {
  /** The bytes kept: from `bytesFrom` to the end. */
  bytes: Buffer;
  bytesFrom: number;
  /** SHA-1 (base64) of the whole file as read, and of its first `prefixSize` bytes. */
  whole: string;
  prefix?: string;
  /** The open file's stat: the size read. */
  stat: fs.Stats;
}

/**
 * Hashes a file as it is read in blocks (no copy of it all in memory): the
 * whole, and its first `prefixSize` bytes when given; keeps the bytes from
 * `keepFrom` on when `prefixSize` is given (the tail an append needs), else
 * all of them. Reads what the open file holds when it is opened.
 */
export function hashFile(file: string, prefixSize: number | undefined, keepFrom: number): HashedFile {
  return finish(hashSteps(file, prefixSize, keepFrom));
}

/**
 * `hashFile` for a program that answers others while it reads (the web
 * app): it lets other work run between blocks, so a large file's hash never
 * holds the event loop for more than a few milliseconds at a time.
 */
export function hashFileAsync(file: string, prefixSize: number | undefined, keepFrom: number, shared = false): Promise<HashedFile> {
  return finishAsync(hashSteps(file, prefixSize, keepFrom, shared));
}

/** Work done in steps: it yields where other work may run. */
export type Steps<T> = Generator<void, T, void>;

/** Runs steps to the end at once. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs steps, letting the event loop answer others every few steps. */
export async function finishAsync<T>(steps: Steps<T>, every = 4): Promise<T> {
  for (let n = 1; ; n++) {
    const r = steps.next();
    if (r.done) return r.value;
    if (n % every === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * The reading and hashing of `hashFile`, one block a step. `shared`: the
 * bytes kept are in a `SharedArrayBuffer` (a worker thread reads them
 * without a copy).
 */
export function* hashSteps(file: string, prefixSize: number | undefined, keepFrom: number, shared = false): Steps<HashedFile> {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const size = stat.size;
    const from = prefixSize === undefined ? 0 : Math.min(keepFrom, prefixSize);
    const bytes = shared ? Buffer.from(new SharedArrayBuffer(size - from)) : Buffer.allocUnsafe(size - from);
    const block = Buffer.allocUnsafe(1 << 20);
    const hash = crypto().createHash('sha1');
    let prefix: string | undefined;
    let at = 0;
    while (at < size) {
      const want = Math.min(block.length, size - at, prefixSize !== undefined && at < prefixSize ? prefixSize - at : Infinity);
      const n = fs.readSync(fd, block, 0, want, at);
      if (n === 0) break;
      hash.update(block.subarray(0, n));
      const end = at + n;
      if (end > from) block.copy(bytes, Math.max(0, at - from), Math.max(0, from - at), n);
      at = end;
      if (prefixSize !== undefined && at === prefixSize) prefix = hash.copy().digest('base64');
      yield;
    }
    const out: HashedFile = { bytes: bytes.subarray(0, Math.max(0, at - from)), bytesFrom: from, whole: hash.digest('base64'), stat };
    if (prefix !== undefined) out.prefix = prefix;
    return out;
  } finally {
    fs.closeSync(fd);
  }
}
