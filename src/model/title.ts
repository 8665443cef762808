/**
 * The title line: topics, the `;` qualifier clause, and the entry's place in
 * a thread (`a, b, cont20, c, cont1`).
 */
import type { LeafKind } from '../syntax/tree.js';
import type { Span, ThreadPosition, Topic } from './types.js';

/** Separator between the segments of a thread key: `a, b / c`. */
export const THREAD_SEPARATOR = ' / ';

/**
 * How deep threads nest, at most: `a, cont1, b, cont2` is depth 2. Real
 * titles nest two or three deep; each level makes a key that holds all
 * before it, so 32,000 nested `cont1` would make keys of quadratic size.
 * A `contN` past this depth is read as a topic phrase.
 */
export const MAX_THREAD_DEPTH = 16;

/**
 * The highest part number read as one: beyond it a number is no longer
 * exact in a double (`cont999999999999999999999` would be followed by
 * itself), so such a `contN` is a topic phrase.
 */
export const MAX_PART = Number.MAX_SAFE_INTEGER;

const NO_PARENTS: { key: string; part: number }[] = [];

/**
 * A 53-bit hash of a thread key (two FNV-1a hashes), never 0: entries keep it
 * instead of the key. At a million entries and as many threads, the chance
 * that two different keys share a hash is about one in ten million.
 */
export function hashKey(key: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 11) & 0x1fffff) || 1;
}

/**
 * Collects a title line's phrases as the scanner reports them: topics,
 * qualifiers, the thread position and the key of the sub-thread it may open.
 *
 * ```text
 * virtualization, libvirt, cont2, modify for xen4.2, cont1
 * -> topics virtualization, libvirt, modify for xen4.2
 * -> part 1 of "virtualization, libvirt / modify for xen4.2", inside part 2 of "virtualization, libvirt"
 * ```
 */
export class TitleReader {
  private qualifier = false;
  private segment: string[] = [];
  private segments: string[] = [];
  private parents: { key: string; part: number }[] = [];
  /** The thread this title makes the entry a part of. */
  thread: ThreadPosition | undefined;
  /** The key of the sub-thread this entry would open (its phrases without the contN parts). */
  openerKey: string | undefined;
  readonly topics: Topic[] = [];
  readonly qualifiers: Topic[] = [];

  /** With `full` false only the thread and the opener key are read, not the topics. */
  constructor(private readonly full = true) {}

  /** Readies a reader (not a full one) for another title line. */
  reset(): this {
    this.qualifier = false;
    this.segment.length = 0;
    this.segments.length = 0;
    this.parents.length = 0;
    this.thread = undefined;
    this.openerKey = undefined;
    return this;
  }

  /** A `;` (starts the qualifier clause) or `,`. */
  separator(char: string): void {
    if (char === ';') this.qualifier = true;
  }

  /** A topic phrase; a trailing period is not part of its name. */
  topic(written: string, span: Span): void {
    let name = written;
    while (name.endsWith('.')) name = name.slice(0, -1);
    name = name.trim() || written;
    if (this.qualifier) {
      if (this.full) this.qualifiers.push({ from: span.from, to: span.to, name });
      return;
    }
    if (this.full) this.topics.push({ from: span.from, to: span.to, name });
    this.segment.push(name);
  }

  /** A `contN` phrase: the entry is part N of the thread named by everything before it. */
  part(n: number, span: Span, written = `cont${n}`): void {
    if (this.qualifier) return;
    if (!(n <= MAX_PART) || this.segments.length >= MAX_THREAD_DEPTH) {
      this.topic(written, span);
      return;
    }
    this.segments.push(this.segment.join(', '));
    this.segment = [];
    if (this.thread) this.parents.push({ key: this.thread.key, part: this.thread.part });
    this.thread = { key: this.segments.join(THREAD_SEPARATOR), part: n, parents: this.parents.length > 0 ? [...this.parents] : NO_PARENTS, partFrom: span.from, partTo: span.to };
  }

  /** The line ended: phrases after the last `contN` are the subtitle, or the key of a sub-thread this entry may open. */
  finish(): void {
    if (this.segment.length === 0) return;
    const tail = this.segment.join(', ');
    if (this.thread) this.thread.subtitle = tail;
    this.openerKey = [...this.segments, tail].join(THREAD_SEPARATOR);
  }
}

/** Hands one title token to a title reader. */
export function feedTitle(reader: TitleReader, kind: LeafKind, written: string, span: Span): void {
  if (kind === 'topic') reader.topic(written, span);
  else if (kind === 'thread-part') reader.part(Number(written.slice(4)), span, written);
  else if (kind === 'punctuation') reader.separator(written);
}
