/**
 * `thread`: the parts of a thread in order, with dates and subtitles, the
 * parts this journal lacks, the next free `contN`, and the sub-threads that
 * live inside its parts.
 */
import { NotFoundError } from '../errors.js';
import type { Journal } from '../model/journal.js';
import { formatMoment } from '../model/moment.js';
import type { Thread } from '../model/threads.js';
import { hashKey, THREAD_SEPARATOR } from '../model/title.js';
import { findTarget, readRefArg } from './ref.js';
import type { ThreadPart, ThreadView } from './shapes.js';

export type { ThreadPart, ThreadView };

/**
 * The thread a name or a reference names: a thread key (`a, b / c`), a
 * unique part of one (`lock`), or the moment of one of its entries.
 */
export function findThread(journal: Journal, nameOrRef: string): Thread {
  const byRef = /^\s*"?\d{1,2}:\d{1,2} \d{4}-|^\s*\d{4}-\d{1,2}-\d{1,2}[ T]\d/.test(nameOrRef);
  if (byRef) {
    const { entry } = findTarget(journal, readRefArg(nameOrRef));
    const own = entry.thread ? journal.threads.get(entry.thread.key) : undefined;
    if (own) return own;
    for (const t of journal.threads.values()) if (t.opener === entry || hashKey(t.key) === entry.openerHash) return t;
    throw new NotFoundError(`entry "${formatMoment(entry.moment!)}" is in no thread: its title has no contN and no later entry continues it`);
  }
  const name = nameOrRef.trim();
  const exact = journal.threads.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  const matches = [...journal.threads.values()].filter((t) => t.key.toLowerCase().includes(lower));
  const direct = matches.filter((t) => t.parts.length > 0);
  const inLast = direct.filter((t) => t.key.slice(t.key.lastIndexOf(THREAD_SEPARATOR) + 1).toLowerCase().includes(lower));
  const pick = inLast.length > 0 ? inLast : direct.length > 0 ? direct : matches;
  if (pick.length === 1) return pick[0]!;
  if (pick.length === 0) throw new NotFoundError(`no thread is named like "${name}"`, `name part of a thread's title before a contN, e.g. "${[...journal.threads.keys()][0] ?? 'project, topic'}", or give the moment of one of its entries`);
  throw new NotFoundError(`${pick.length} threads are named like "${name}": ${pick.slice(0, 8).map((t) => `"${t.key}"`).join(', ')}${pick.length > 8 ? ', ...' : ''}`, 'give more of the name, or the moment of one of its entries');
}

/**
 * The view of a thread: its parts in order (missing ones marked), its
 * opener, and its sub-threads under the parts they live in.
 */
export function viewThread(journal: Pick<Journal, 'threads'>, thread: Thread): ThreadView {
  const children = new Map<string, Thread[]>();
  for (const t of journal.threads.values()) {
    if (!t.parent) continue;
    const k = `${t.parent.key}\u0000${t.parent.part}`;
    children.set(k, [...(children.get(k) ?? []), t]);
  }
  const view = (t: Thread): ThreadView => {
    const parts: ThreadPart[] = [];
    if (t.opener) parts.push(present(0, t.opener));
    const numbers = new Set<number>([...t.parts.map((p) => p.part), ...t.missing]);
    for (const t2 of children.keys()) if (t2.startsWith(`${t.key}\u0000`)) numbers.add(Number(t2.slice(t.key.length + 1)));
    for (const n of [...numbers].sort((a, b) => a - b)) {
      const here = t.parts.filter((p) => p.part === n);
      if (here.length === 0) parts.push({ part: n, present: false, threads: [] });
      for (const p of here) parts.push(present(n, p.entry));
      const inside = children.get(`${t.key}\u0000${n}`) ?? [];
      const last = parts[parts.length - 1]!;
      last.threads = inside.map(view);
    }
    const max = Math.max(0, ...numbers);
    const v: ThreadView = { key: t.key, parts, next: max + 1 };
    if (t.parent) v.parent = t.parent;
    return v;
  };
  return view(thread);
}

function present(part: number, entry: Thread['parts'][number]['entry']): ThreadPart {
  const p: ThreadPart = { part, present: true, moment: formatMoment(entry.moment!), file: entry.file.path, line: entry.file.doc.position(entry.from).line + 1, threads: [] };
  const subtitle = part === 0 ? undefined : entry.thread?.subtitle;
  if (subtitle !== undefined) p.subtitle = subtitle;
  return p;
}
