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
export { initials } from '../model/labels.js';
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
  return (label) => {
    if (words.length === 0) return 1;
    const cut = label.indexOf('\u0000');
    const last = label.lastIndexOf('\u0000');
    const title = cut < 0 ? label : label.slice(0, cut);
    const moment = cut < 0 ? '' : label.slice(cut, last);
    const letters = last < 0 ? '' : label.slice(last + 1);
    let score = 0;
    for (const w of words) {
      let at = title.indexOf(w);
      let best = 0;
      while (at !== -1) {
        const start = at === 0 || !LETTER.test(title[at - 1]!);
        const end = at + w.length >= title.length || !LETTER.test(title[at + w.length]!);
        best = Math.max(best, start ? (end ? 4 : 3) : 1);
        if (best === 4) break;
        at = title.indexOf(w, at + 1);
      }
      if (best === 0 && moment.includes(w)) best = 2;
      if (best === 0 && w.length >= 2 && letters.includes(w)) best = 2;
      if (best === 0) return 0;
      score += best;
    }
    return score;
  };
}

/**
 * The entries that match a query, best first: by score, then the newest
 * first. Every entry of the journal is looked at (any age); `count` are kept.
 */
export function bestEntries(journal: Journal, query: string, count: number): Entry[] {
  const score = wordMatcher(query);
  const found: { e: Entry; s: number; code: number }[] = [];
  // Every match holds each word somewhere in its label (title, moments or initials): only the entries holding the
  // longest word are scored, found with indexOf in the joined labels.
  const longest = queryWords(query).reduce((a, w) => (w.length > a.length ? w : a), '');
  journal.forEachLabelHolding(longest, (e, label) => {
    const s = score(label);
    if (s > 0) found.push({ e, s, code: e.moment?.valid ? e.moment.code : -Infinity });
  });
  found.sort((a, b) => b.s - a.s || b.code - a.code);
  return found.slice(0, count).map((f) => f.e);
}
