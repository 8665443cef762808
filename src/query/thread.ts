/**
 * Threads as the shells ask for them: finding a thread by a name or by one
 * of its entries, its parts in order (with the parts this journal lacks and
 * the sub-threads inside them), the next free `contN`, and the title that
 * continues it. `daybook thread`, `new --continue`, `search --thread`, the
 * web app and the editor all find threads here.
 */
import { InputError, NotFoundError } from '../errors.js';
import { didYouMean } from './nearest.js';
import type { Journal } from '../model/journal.js';
import { formatMoment } from '../model/moment.js';
import type { Thread } from '../model/threads.js';
import { hashKey, THREAD_SEPARATOR } from '../model/title.js';
import type { Entry } from '../model/types.js';
import { findTarget, readRefArg } from './ref.js';
import type { ThreadPart, ThreadView } from './shapes.js';

export type { ThreadPart, ThreadView };

/** A name as thread keys write it: phrases joined by `, `, segments by ` / `, in lower case. */
function normalName(name: string): string {
  return name
    .trim()
    .replace(/\s*\/\s*/g, THREAD_SEPARATOR)
    .replace(/\s*,\s*/g, ', ')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/**
 * The key of the thread a name names, among `keys`: the whole key, or the
 * end of exactly one key from a phrase on (`xen4.2 support` names
 * `virtualization, libvirt, xen4.2 support`; `final version test` names
 * `..., xen4.2 support / final version test`). Case and the spaces around
 * `,` and `/` do not count. A name that fits several threads is refused
 * with the candidates (exit 2); a name that fits none is not found (exit 1),
 * with the threads whose keys hold it.
 *
 * ```ts
 * resolveThreadName(['a, b', 'a, b / c'], 'c'); // 'a, b / c'
 * ```
 */
export function resolveThreadName(keys: Iterable<string>, name: string): string {
  const all = [...keys];
  const wanted = normalName(name);
  if (wanted === '') throw new InputError('the thread name is empty', `expected a thread's name, e.g. "${all[0] ?? 'storage, wal'}", or the moment of one of its entries`);
  const whole = all.filter((k) => normalName(k) === wanted);
  if (whole.length === 1) return whole[0]!;
  const ends = whole.length > 1 ? whole : all.filter((k) => {
    const n = normalName(k);
    return n.endsWith(`, ${wanted}`) || n.endsWith(`${THREAD_SEPARATOR}${wanted}`);
  });
  if (ends.length === 1) return ends[0]!;
  if (ends.length > 1) throw new InputError(`${ends.length} threads are named "${name.trim()}": ${listKeys(ends)}`, 'give more of the name (its whole key), or the moment of one of its entries');
  const holding = all.filter((k) => normalName(k).includes(wanted));
  if (holding.length > 0) throw new NotFoundError(`no thread is named "${name.trim()}"; ${holding.length === 1 ? 'one thread holds it' : `${holding.length} threads hold it`}: ${listKeys(holding)}`, "give a thread's whole key or the phrases it ends with, or the moment of one of its entries");
  // The nearest by the phrases keys end with (`fsync latncy` is near `fsync latency`), shown as whole keys.
  const byEnd = new Map<string, string>();
  for (const k of all) {
    const tokens = k.split(/(, | \/ )/);
    for (let i = tokens.length - 1; i >= 0; i -= 2) if (!byEnd.has(tokens.slice(i).join(''))) byEnd.set(tokens.slice(i).join(''), k);
  }
  const near = didYouMean(name.trim(), byEnd.keys(), (end) => `"${byEnd.get(end)!}"`);
  throw new NotFoundError(`no thread is named "${name.trim()}"${near ? `; ${near}` : ''}`, `give a thread's whole key or the phrases it ends with, e.g. "${all[0] ?? 'storage, wal'}", or the moment of one of its entries`);
}

function listKeys(keys: string[]): string {
  const sorted = [...keys].sort();
  return `${sorted.slice(0, 8).map((k) => `"${k}"`).join(', ')}${sorted.length > 8 ? `, and ${sorted.length - 8} more` : ''}`;
}

/** True when a command-line argument is the moment of an entry rather than a name. */
function looksLikeMoment(text: string): boolean {
  return /^\s*"?\d{1,2}:\d{1,2} \d{4}-|^\s*\d{4}-\d{1,2}-\d{1,2}[ T]\d/.test(text);
}

/**
 * The thread a name or a reference names: a name (see `resolveThreadName`),
 * or the moment of one of its entries (a part, or the entry that opened it).
 */
export function findThread(journal: Journal, nameOrRef: string): Thread {
  if (looksLikeMoment(nameOrRef)) {
    const { entry } = findTarget(journal, readRefArg(nameOrRef));
    const own = entry.thread ? journal.threads.get(entry.thread.key) : undefined;
    if (own) return own;
    for (const t of journal.threads.values()) if (t.opener === entry || hashKey(t.key) === entry.openerHash) return t;
    throw new NotFoundError(`entry "${formatMoment(entry.moment!)}" is in no thread: its title has no contN and no later entry continues it`);
  }
  return journal.threads.get(resolveThreadName(journal.threads.keys(), nameOrRef))!;
}

/**
 * The view of a thread: its parts in order (missing ones marked), its
 * opener, and its sub-threads under the parts they live in.
 */
export function viewThread(journal: Pick<Journal, 'threads'>, thread: Thread): ThreadView {
  // The threads inside each part of each thread: parent key -> part -> threads.
  const children = new Map<string, Map<number, Thread[]>>();
  for (const t of journal.threads.values()) {
    if (!t.parent) continue;
    let byPart = children.get(t.parent.key);
    if (!byPart) children.set(t.parent.key, (byPart = new Map()));
    const list = byPart.get(t.parent.part);
    if (list) list.push(t);
    else byPart.set(t.parent.part, [t]);
  }
  const view = (t: Thread): ThreadView => {
    const parts: ThreadPart[] = [];
    if (t.opener) parts.push(present(0, t.opener));
    const inside = children.get(t.key);
    const byNumber = new Map<number, Entry[]>();
    for (const p of t.parts) {
      const list = byNumber.get(p.part);
      if (list) list.push(p.entry);
      else byNumber.set(p.part, [p.entry]);
    }
    // Missing parts come as runs (one row each), so the view grows with the parts written, not with their numbers.
    const numbers = [...new Set([...byNumber.keys(), ...(inside?.keys() ?? [])])].sort((x, y) => x - y);
    const rows: [from: number, to: number][] = numbers.map((n) => [n, n]);
    let i = 0;
    for (const [from, to] of t.missing) {
      // A run is cut where a sub-thread lives in one of its parts.
      let start = from;
      while (i < numbers.length && numbers[i]! < from) i++;
      for (; i < numbers.length && numbers[i]! <= to; i++) {
        if (numbers[i]! > start) rows.push([start, numbers[i]! - 1]);
        start = numbers[i]! + 1;
      }
      if (start <= to) rows.push([start, to]);
    }
    rows.sort((x, y) => x[0] - y[0]);
    for (const [n, to] of rows) {
      const here = byNumber.get(n) ?? [];
      if (here.length === 0) {
        const row: ThreadPart = { part: n, present: false, threads: [] };
        if (to > n) row.to = to;
        parts.push(row);
      }
      for (const e of here) parts.push(present(n, e));
      if (to === n) parts[parts.length - 1]!.threads = (inside?.get(n) ?? []).map(view);
    }
    const v: ThreadView = { key: t.key, parts, next: t.next };
    if (t.parent) v.parent = t.parent;
    return v;
  };
  return view(thread);
}

function present(part: number, entry: Entry): ThreadPart {
  const p: ThreadPart = { part, present: true, moment: formatMoment(entry.moment!), file: entry.file.path, line: entry.line, threads: [] };
  const subtitle = part === 0 ? undefined : entry.thread?.subtitle;
  if (subtitle !== undefined) p.subtitle = subtitle;
  return p;
}

/**
 * The title line that continues a thread with its next part: the title of
 * its highest part as written, up to its `contN`, then `cont<next>`. A
 * thread with no part of its own (only sub-threads live in it) is written
 * from its key and the parts it lives in: `a, b, cont20, c, cont5`.
 */
export function continueTitle(journal: Pick<Journal, 'threads'>, thread: Thread): string {
  const last = [...thread.parts].sort((a, b) => a.part - b.part).pop()?.entry;
  if (last && last.thread && last.titleFrom >= 0) return `${last.file.doc.textOf({ from: last.titleFrom, to: last.thread.partFrom }).trimStart()}cont${thread.next}`;
  let title = `cont${thread.next}`;
  let key = thread.key;
  let parent = thread.parent;
  while (parent && key.startsWith(parent.key + THREAD_SEPARATOR)) {
    title = `cont${parent.part}, ${key.slice(parent.key.length + THREAD_SEPARATOR.length)}, ${title}`;
    key = parent.key;
    parent = journal.threads.get(key)?.parent;
  }
  return `${key}, ${title}`;
}
