/**
 * Finding bytes that are not UTF-8, so they can be reported at their place
 * and never silently replaced on a write.
 */

/** Where a file holds bytes that are not UTF-8. */
export interface InvalidBytes {
  /** Byte offset of the first bad byte of the run. */
  byte: number;
  /** Offset in the decoded text (where U+FFFD stands in for it). */
  offset: number;
  /** How many bad bytes in a row. */
  length: number;
}

/** At most this many runs are listed per file. */
export const MAX_INVALID = 100;

/** Lists the runs of bad bytes in `bytes[from, to)`, with their offsets in the text decoded from `from` at `textBase`. */
export function findInvalid(bytes: Buffer, from: number, to: number, textBase: number, out: InvalidBytes[]): void {
  let i = from;
  let validFrom = from;
  let textOffset = textBase;
  while (i < to && out.length < MAX_INVALID) {
    const len = sequenceLength(bytes, i, to);
    if (len > 0) {
      i += len;
      continue;
    }
    textOffset += bytes.toString('utf8', validFrom, i).length;
    let j = i + 1;
    while (j < to && sequenceLength(bytes, j, to) === 0) j++;
    out.push({ byte: i, offset: textOffset, length: j - i });
    textOffset += bytes.toString('utf8', i, j).length;
    i = j;
    validFrom = j;
  }
}

/** The length of the valid UTF-8 sequence at `i`, or 0 if the byte there starts none. */
function sequenceLength(b: Buffer, i: number, to: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number): boolean => i + k < to && (b[i + k]! & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * The length in UTF-16 units of the text that `bytes[from, to)` decode to,
 * for bytes that are all UTF-8, without decoding them: the count of bytes
 * that start a character, plus one for each character of four bytes (a
 * surrogate pair). Four bytes at a time, through `words` (a view of all of
 * `bytes.buffer` as 32-bit words).
 */
export function utf16Length(bytes: Buffer, words: Uint32Array, from: number, to: number): number {
  let n = 0;
  let i = from;
  const at = bytes.byteOffset;
  const w0 = (at + from + 3) >>> 2;
  const w1 = (at + to) >>> 2;
  if (w1 > w0) {
    for (; at + i < w0 * 4; i++) n += unitsOfByte(bytes[i]!);
    let cont = 0;
    let four = 0;
    for (let k = w0; k < w1; k++) {
      const w = words[k]!;
      if ((w & 0x80808080) === 0) continue;
      // Continuation bytes (10xxxxxx) and the first bytes of four (11110xxx), counted a word at a time.
      const c = w & ~(w << 1) & 0x80808080;
      cont += Math.imul(c >>> 7, 0x01010101) >>> 24;
      const f = w & (w << 1) & (w << 2) & (w << 3) & 0x80808080;
      if (f !== 0) four += Math.imul(f >>> 7, 0x01010101) >>> 24;
    }
    n += (w1 - w0) * 4 - cont + four;
    i = w1 * 4 - at;
  }
  for (; i < to; i++) n += unitsOfByte(bytes[i]!);
  return n;
}

/** What one byte of UTF-8 adds to the length in UTF-16 units. */
function unitsOfByte(x: number): number {
  return (x & 0xc0) === 0x80 ? 0 : x >= 0xf0 ? 2 : 1;
}
