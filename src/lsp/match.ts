/**
 * Finding entries by what the user remembers of them: words of the title or
 * topics in any order (`libxl lock`), parts of the moment (`2-16`), or the
 * initials of the title's words (`vlx` for `virtualization, libvirt, xen`).
 * Completion of references and workspace symbols rank with it.
 *
 * ```ts
 * const score = wordMatcher('lock libxl');
 * score('virtualization, libvirt, xen, libxl, lock\u000011:03 2013-02-19\u00002013-02-19 11:03'); // > 0
 * ```
 */
import type { Journal } from '../model/journal.js';
import type { Entry } from '../model/types.js';

/** The words of a query: lower case, split at spaces and commas. */
export function queryWords(query: string): string[] {
  return query
    .toLowerCase()
    .replace(/[\u0000\u0001]/g, ' ')
    .split(/[\s,;]+/)
    .filter((w) => w !== '');
}

const LETTER = /[\p{L}\p{N}]/u;

/**
 * A scorer of labels (`title\0moment as written\0normal form\0initials`, as
 * the journal labels entries) for a query: 0 when some word is found
 * nowhere; else more for words at the start of a title word than inside one.
 */
export function wordMatcher(query: string): (label: string) => number {
  const words = queryWords(query);
  // Positions in the label, not slices of it: a search of a large journal scores a hundred thousand labels.
  return (label) => {
    if (words.length === 0) return 1;
    const cut = label.indexOf('\u0000');
    const last = label.lastIndexOf('\u0000');
    const titleEnd = cut < 0 ? label.length : cut;
    let score = 0;
    for (const w of words) {
      let at = label.indexOf(w);
      let best = 0;
      while (at !== -1 && at + w.length <= titleEnd) {
        const start = at === 0 || !LETTER.test(label[at - 1]!);
        const end = at + w.length >= titleEnd || !LETTER.test(label[at + w.length]!);
        best = Math.max(best, start ? (end ? 4 : 3) : 1);
        if (best === 4) break;
        at = label.indexOf(w, at + 1);
      }
      if (best === 0 && cut >= 0) {
        const m = label.indexOf(w, cut);
        if (m !== -1 && m < last) best = 2;
        else if (w.length >= 2 && label.indexOf(w, last + 1) !== -1) best = 2;
      }
      if (best === 0) return 0;
      score += best;
    }
    return score;
  };
}

/** A found entry: its score, its moment's code, and the order it was found in (the last of ties). */
interface Found {
  e: Entry;
  s: number;
  code: number;
  i: number;
}

/** True when `a` ranks below `b`: a lower score, else older, else found later. */
const below = (a: Found, b: Found) => a.s < b.s || (a.s === b.s && (a.code < b.code || (a.code === b.code && a.i > b.i)));

/**
 * The entries that match a query, best first: by score, then the newest
 * first. Every entry of the journal is looked at (any age); `count` are kept,
 * in a heap of `count` (a one-letter query matches most of a journal, and
 * sorting every match cost more than finding them).
 */
export function bestEntries(journal: Journal, query: string, count: number): Entry[] {
  const score = wordMatcher(query);
  const heap: Found[] = [];
  let i = 0;
  // Every match holds each word somewhere in its label (title, moments or initials): only the entries holding the
  // longest word are scored, found with indexOf in the joined labels.
  const longest = queryWords(query).reduce((a, w) => (w.length > a.length ? w : a), '');
  journal.forEachLabelHolding(longest, (e, label) => {
    const s = score(label);
    if (s === 0 || count <= 0) return;
    const f: Found = { e, s, code: e.moment?.valid ? e.moment.code : -Infinity, i: i++ };
    if (heap.length < count) {
      heap.push(f);
      siftUp(heap, heap.length - 1);
    } else if (below(heap[0]!, f)) {
      heap[0] = f;
      siftDown(heap, 0);
    }
  });
  return heap.sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0)).map((f) => f.e);
}

/** The heap's root is the lowest-ranked of what is kept. */
function siftUp(heap: Found[], at: number): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!below(heap[at]!, heap[parent]!)) return;
    [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
    at = parent;
  }
}

function siftDown(heap: Found[], at: number): void {
  for (;;) {
    const l = 2 * at + 1;
    const r = l + 1;
    let low = at;
    if (l < heap.length && below(heap[l]!, heap[low]!)) low = l;
    if (r < heap.length && below(heap[r]!, heap[low]!)) low = r;
    if (low === at) return;
    [heap[at], heap[low]] = [heap[low]!, heap[at]!];
    at = low;
  }
}
