/**
 * The text of indexed entries, read from the journal files at the byte
 * ranges the index holds (the index keeps no copy of the text). Reads that
 * lie close together in a file are made as one.
 *
 * A text is given only when it is the text the index describes: the file is
 * still the one indexed (size, mtime, ctime and inode of the open file, as
 * the sync itself tells an unchanged file, before the read and after it),
 * or the bytes read hash as the entry's did (the same file grown: an entry
 * appended since the sync, which the index takes in a moment later; or a
 * file whose ctime the index does not know). A file replaced or edited since
 * the index was synced (or while it is read) gives `undefined` for its
 * entries, never another text's snippet or line.
 */
import fs from 'node:fs';
import { sha1 } from '../journal/hash.js';

/** Where an entry's bytes are, and (optionally) what the index knows of them. */
export interface TextPlace {
  path: string;
  byteFrom: number;
  byteTo: number;
  /** The sha1 (base64) of the entry's bytes as indexed. */
  sha1?: string;
  /** The file as indexed: a file that differs is not read. */
  file?: { size: number; mtimeMs: number; ctimeMs: number; ino: number };
}

/** Reads the texts of many entries; `texts[i]` belongs to `places[i]`, undefined when it is not the indexed text. */
export function readTexts(places: TextPlace[]): (string | undefined)[] {
  const texts = new Array<string | undefined>(places.length);
  const order = places.map((_, i) => i).sort((a, b) => (places[a]!.path < places[b]!.path ? -1 : places[a]!.path > places[b]!.path ? 1 : places[a]!.byteFrom - places[b]!.byteFrom));
  let buffer = Buffer.allocUnsafe(1 << 16);
  let k = 0;
  while (k < order.length) {
    const path = places[order[k]!]!.path;
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch {
      // Gone (or unreadable) since it was indexed: none of its texts.
      while (k < order.length && places[order[k]!]!.path === path) k++;
      continue;
    }
    try {
      const st = fs.fstatSync(fd);
      const same = (f: TextPlace['file']) => f === undefined || (f.size === st.size && f.mtimeMs === st.mtimeMs && (f.ctimeMs === 0 || f.ctimeMs === st.ctimeMs) && f.ino === st.ino);
      // The file as indexed, its ctime known: its bytes are those indexed, as the sync holds (checked again after the reads).
      const known = (f: TextPlace['file']) => f !== undefined && f.ctimeMs !== 0 && same(f);
      // Grown since the sync: its entries' bytes are still where they were if they still hash the same (an append
      // between a save and the index's sync must not make every search read every candidate and find none fresh).
      const grown = (p: TextPlace) => p.file !== undefined && p.sha1 !== undefined && p.file.ino === st.ino && st.size > p.file.size && p.byteTo <= p.file.size;
      // The texts given on the file's stat alone: taken back if the file changes while it is read.
      const trusted: number[] = [];
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
          const from = p.byteFrom - first.byteFrom;
          const bytes = buffer.subarray(from, Math.max(from, Math.min(got, p.byteTo - first.byteFrom)));
          const whole = bytes.length === p.byteTo - p.byteFrom;
          const onStat = whole && known(p.file);
          const fresh = onStat || ((same(p.file) || grown(p)) && (p.sha1 === undefined || (whole && sha1(bytes) === p.sha1)));
          texts[order[j]!] = fresh ? bytes.toString('utf8') : undefined;
          if (onStat) trusted.push(order[j]!);
        }
        k = end;
      }
      if (trusted.length > 0) {
        const after = fs.fstatSync(fd);
        if (after.size !== st.size || after.mtimeMs !== st.mtimeMs || after.ctimeMs !== st.ctimeMs) for (const i of trusted) texts[i] = undefined;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  return texts;
}
