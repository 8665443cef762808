/**
 * The text of indexed entries, read from the journal files at the byte
 * ranges the index holds (the index keeps no copy of the text). Reads that
 * lie close together in a file are made as one.
 */
import fs from 'node:fs';

/** Where an entry's bytes are. */
export interface TextPlace {
  path: string;
  byteFrom: number;
  byteTo: number;
}

/** Reads the texts of many entries; `texts[i]` belongs to `places[i]`. */
export function readTexts(places: TextPlace[]): string[] {
  const texts = new Array<string>(places.length);
  const order = places.map((_, i) => i).sort((a, b) => (places[a]!.path < places[b]!.path ? -1 : places[a]!.path > places[b]!.path ? 1 : places[a]!.byteFrom - places[b]!.byteFrom));
  let buffer = Buffer.allocUnsafe(1 << 16);
  let k = 0;
  while (k < order.length) {
    const path = places[order[k]!]!.path;
    const fd = fs.openSync(path, 'r');
    try {
      while (k < order.length && places[order[k]!]!.path === path) {
        // One read for a run of entries that lie within 64 KiB of each other.
        const first = places[order[k]!]!;
        let end = k + 1;
        let to = first.byteTo;
        while (end < order.length) {
          const p = places[order[end]!]!;
          if (p.path !== path || p.byteFrom - to > 4096 || p.byteTo - first.byteFrom > 1 << 16) break;
          to = Math.max(to, p.byteTo);
          end++;
        }
        const size = to - first.byteFrom;
        if (buffer.length < size) buffer = Buffer.allocUnsafe(size);
        const got = fs.readSync(fd, buffer, 0, size, first.byteFrom);
        for (let j = k; j < end; j++) {
          const p = places[order[j]!]!;
          texts[order[j]!] = buffer.toString('utf8', p.byteFrom - first.byteFrom, Math.min(got, p.byteTo - first.byteFrom));
        }
        k = end;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  return texts;
}
