/**
 * The pieces of an entry that the embedding model reads: its title, and each
 * outline item (its own lines, up to the next marker of any level), with the
 * item's path (`1`, `1.2`, `1.2.3`; `` for the title). A model reads at most
 * 128 tokens, so a long item is cut at 1,000 characters.
 */
import { HEADER, MARKER, STAMP_LINE } from '../syntax/patterns.js';

/** One piece of an entry's text. */
export interface Chunk {
  /** The item's path, or `` for the title. */
  path: string;
  text: string;
}

const MAX_CHARS = 1000;

/**
 * The chunks of an entry's text.
 *
 * ```ts
 * entryChunks('9:00 2013-02-16\nlibvirt, lock\n1, 修改\n1), test\n'); // [{path: '', text: 'libvirt, lock'}, {path: '1', text: '1, 修改'}, {path: '1.1', text: '1), test'}]
 * ```
 */
export function entryChunks(text: string): Chunk[] {
  const lines = text.split(/\r\n|\r|\n/);
  const chunks: Chunk[] = [];
  let i = 0;
  if (lines[0] !== undefined && HEADER.test(lines[0])) i++;
  while (i < lines.length && STAMP_LINE.test(lines[i]!)) i++;
  const title = lines[i] ?? '';
  if (title.trim() !== '' && !MARKER.test(title)) {
    chunks.push({ path: '', text: title.trim().slice(0, MAX_CHARS) });
    i++;
  }
  const counts = [0, 0, 0];
  let current: Chunk | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const m = MARKER.exec(line);
    if (m) {
      const level = m[1] !== undefined ? 0 : m[2] !== undefined ? 1 : 2;
      counts[level]!++;
      for (let l = level + 1; l < 3; l++) counts[l] = 0;
      current = { path: counts.slice(0, level + 1).map((n) => Math.max(n, 1)).join('.'), text: line };
      chunks.push(current);
    } else if (current && current.text.length < MAX_CHARS && line.trim() !== '') current.text += '\n' + line;
  }
  for (const c of chunks) c.text = c.text.slice(0, MAX_CHARS);
  if (chunks.length === 0) chunks.push({ path: '', text: lines.slice(1).join('\n').trim().slice(0, MAX_CHARS) });
  return chunks;
}
