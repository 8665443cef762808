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
