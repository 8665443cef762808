/**
 * The title line: topics, the `;` qualifier clause, and the entry's place in
 * a thread (`a, b, cont20, c, cont1`).
 */
import type { Entry, EntryDetail, Span, ThreadPosition, Topic } from './types.js';

/** Separator between the segments of a thread key: `a, b / c`. */
export const THREAD_SEPARATOR = ' / ';

/**
 * Collects a title line's phrases as the scanner reports them and fills the
 * entry's topics, qualifiers and thread position.
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
  private thread: ThreadPosition | undefined;

  constructor(
    private readonly entry: Entry,
    private readonly detail: EntryDetail,
    /** False when only the thread is wanted, not the topics. */
    private readonly full = true,
  ) {}

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
      if (this.full) this.detail.qualifiers.push({ from: span.from, to: span.to, name } satisfies Topic);
      return;
    }
    if (this.full) this.detail.topics.push({ from: span.from, to: span.to, name } satisfies Topic);
    this.segment.push(name);
  }

  /** A `contN` phrase: the entry is part N of the thread named by everything before it. */
  part(n: number, span: Span): void {
    if (this.qualifier) return;
    this.segments.push(this.segment.join(', '));
    this.segment = [];
    if (this.thread) this.parents.push({ key: this.thread.key, part: this.thread.part });
    this.thread = { key: this.segments.join(THREAD_SEPARATOR), part: n, parents: [...this.parents], partSpan: span };
  }

  /** The line ended: phrases after the last `contN` are the subtitle, or the key of a sub-thread this entry may open. */
  finish(): void {
    const thread = this.thread;
    if (this.segment.length > 0) {
      const tail = this.segment.join(', ');
      if (thread) thread.subtitle = tail;
      this.entry.openerKey = [...this.segments, tail].join(THREAD_SEPARATOR);
    }
    if (thread) this.entry.thread = thread;
  }
}
