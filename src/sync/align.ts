/**
 * Where two versions of a journal file agree, found without cutting all of
 * them: the bytes are compared from the start; where they first differ, the
 * versions are cut into entries only until an entry with the same moment and
 * the same bytes is found in both, and the comparison goes on from there. The
 * work grows with the changes, not with the file: a 30 MB journal with a few
 * hundred changed entries is compared in one pass of `memcmp`.
 */
import { ChunkScanner, lastChunkStart } from '../syntax/cuts.js';
import { headerCode } from './units.js';

/** A run of whole entries with the same bytes in both versions: `a[a, a + length)` and `b[b, b + length)`. */
export interface Run {
  a: number;
  b: number;
  length: number;
}

/**
 * The runs where two versions agree, in order. Each run starts at the start
 * of the file or of an entry, and ends at the start of an entry or the end of
 * the file, in both versions; what lies between runs is where they differ.
 */
export function align(a: Buffer, b: Buffer): Run[] {
  const runs: Run[] = [];
  // A point where both versions are at the start of the file or of an entry.
  let pa = 0;
  let pb = 0;
  // The end of an entry known to agree after that point (found by `resync`).
  let known = 0;
  for (;;) {
    const d = commonLength(a, pa, b, pb);
    if (pa + d === a.length && pb + d === b.length) {
      if (d > 0) runs.push({ a: pa, b: pb, length: d });
      return runs;
    }
    const end = Math.max(lastChunkStart(a, pa, pa + d), known);
    if (end > pa) runs.push({ a: pa, b: pb, length: end - pa });
    const next = resync(a, end, b, pb + (end - pa));
    if (!next) return runs;
    [pa, pb, known] = next;
  }
}

/**
 * From two entry starts where the versions differ, the first entries of the
 * same moment and the same bytes in both: their starts, and the end of that
 * entry in the first version. Both versions are cut one entry at a time, in
 * turn, so that entries added or removed on one side are passed over.
 */
function resync(a: Buffer, fromA: number, b: Buffer, fromB: number): [number, number, number] | undefined {
  const sides = [new Side(a, fromA), new Side(b, fromB)] as const;
  for (let turn = 0; !sides[0].done || !sides[1].done; turn ^= 1) {
    const me = sides[turn]!.done ? sides[turn ^ 1]! : sides[turn]!;
    const other = me === sides[0] ? sides[1] : sides[0];
    const unit = me.step();
    if (!unit) continue;
    for (const o of other.seen.get(unit.key) ?? []) {
      if (me.bytes.compare(other.bytes, o.from, o.to, unit.from, unit.to) === 0) {
        const [ua, ub] = me === sides[0] ? [unit, o] : [o, unit];
        return [ua.from, ub.from, ua.to];
      }
    }
  }
  return undefined;
}

interface Unit {
  from: number;
  to: number;
  /** Its moment and its length: only entries alike in both are compared. */
  key: string;
}

/** One version cut entry by entry from a point on. */
class Side {
  readonly seen = new Map<string, Unit[]>();
  done = false;
  private readonly scanner: ChunkScanner;
  private at: number;

  constructor(
    readonly bytes: Buffer,
    from: number,
  ) {
    this.scanner = new ChunkScanner(bytes, from, bytes.length);
    this.at = this.scanner.next();
    if (this.at === -1) this.done = true;
  }

  /** The next entry (or the preamble), or undefined at the end. */
  step(): Unit | undefined {
    if (this.done) return undefined;
    const from = this.at;
    const preamble = this.scanner.preamble && from === this.scanner.first;
    this.at = this.scanner.next();
    const to = this.at === -1 ? this.bytes.length : this.at;
    if (this.at === -1) this.done = true;
    const unit = { from, to, key: `${preamble ? 'preamble' : headerCode(this.bytes, from)}/${to - from}` };
    const list = this.seen.get(unit.key);
    if (list) list.push(unit);
    else this.seen.set(unit.key, [unit]);
    return unit;
  }
}

/** How many bytes `a` from `pa` and `b` from `pb` have in common: compared in blocks by `memcmp`, then halved. */
export function commonLength(a: Buffer, pa: number, b: Buffer, pb: number): number {
  const max = Math.min(a.length - pa, b.length - pb);
  let n = 0;
  let block = 4096;
  while (n < max) {
    const len = Math.min(block, max - n);
    if (a.compare(b, pb + n, pb + n + len, pa + n, pa + n + len) !== 0) {
      // The first difference is in this block: halve it.
      let lo = 0;
      let hi = len;
      while (hi - lo > 16) {
        const mid = (lo + hi) >> 1;
        if (a.compare(b, pb + n + lo, pb + n + mid, pa + n + lo, pa + n + mid) === 0) lo = mid;
        else hi = mid;
      }
      let i = n + lo;
      while (i < n + hi && a[pa + i] === b[pb + i]) i++;
      return i;
    }
    n += len;
    if (block < 1 << 20) block *= 2;
  }
  return max;
}
