/**
 * The title line: topics, the `;` qualifier clause, and the entry's place in
 * a thread (`a, b, cont20, c, cont1`).
 */
import type { SyntaxNode } from '../syntax/tree.js';
import type { Entry, Topic } from './types.js';

/** Separator between the segments of a thread key: `a, b / c`. */
export const THREAD_SEPARATOR = ' / ';

/**
 * Fills an entry's title, topics, qualifiers and thread position from its
 * title node.
 *
 * ```text
 * virtualization, libvirt, cont2, modify for xen4.2, cont1
 * -> topics virtualization, libvirt, modify for xen4.2
 * -> part 1 of "virtualization, libvirt / modify for xen4.2", inside part 2 of "virtualization, libvirt"
 * ```
 */
export function readTitle(entry: Entry, node: SyntaxNode, text: (span: { from: number; to: number }) => string): void {
  const parts = node.children!;
  const last = parts[parts.length - 1]!;
  const end = last.kind === 'newline' ? last.from : node.to;
  entry.title = { from: node.from, to: end, text: text({ from: node.from, to: end }).trim() };
  entry.untitled = false;

  let qualifier = false;
  let segment: string[] = [];
  const segments: string[] = [];
  const parents: { key: string; part: number }[] = [];
  for (const p of parts) {
    if (p.kind === 'punctuation' && text(p) === ';') qualifier = true;
    if (p.kind === 'topic') {
      const name = text(p).replace(/\.+$/, '').trim() || text(p);
      const topic: Topic = { from: p.from, to: p.to, name };
      if (qualifier) entry.qualifiers.push(topic);
      else {
        entry.topics.push(topic);
        segment.push(name);
      }
    } else if (p.kind === 'thread-part' && !qualifier) {
      segments.push(segment.join(', '));
      segment = [];
      const key = segments.join(THREAD_SEPARATOR);
      const part = Number(text(p).slice(4));
      if (entry.thread) parents.push({ key: entry.thread.key, part: entry.thread.part });
      entry.thread = { key, part, parents: [...parents], partSpan: { from: p.from, to: p.to } };
    }
  }
  if (segment.length > 0) {
    if (entry.thread) entry.thread.subtitle = segment.join(', ');
    entry.openerKey = [...segments, segment.join(', ')].join(THREAD_SEPARATOR);
  }
}
