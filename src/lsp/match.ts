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

/** The initials of a title's words (`virtualization, libvirt, xen` gives `vlx`). */
export function initials(title: string): string {
  let out = '';
  let inWord = false;
  for (const ch of title) {
    const letter = LETTER.test(ch);
    if (letter && !inWord) out += ch;
    inWord = letter;
  }
  return out;
}

/**
 * Each entry's initials, made once for its title: a query whose word is in
 * no title asks for the initials of every entry, and making them is most of
 * a scan of a large journal. An entry whose title changed is made again.
 */
const INITIALS = new WeakMap<Entry, { title: string; initials: string }>();
function initialsOf(e: Entry, title: string): string {
  const kept = INITIALS.get(e);
  if (kept && kept.title === title) return kept.initials;
  const made = initials(title);
  INITIALS.set(e, { title, initials: made });
  return made;
}

/**
 * A scorer of labels (`title\0moment as written\0normal form`, as the
 * journal labels entries) for a query: 0 when some word is found nowhere;
 * else more for words at the start of a title word than inside one.
 */
export function wordMatcher(query: string): (label: string, initialsOf?: (title: string) => string) => number {
  const words = queryWords(query);
  return (label, initialsOf = initials) => {
    if (words.length === 0) return 1;
    const cut = label.indexOf('\u0000');
    const title = cut < 0 ? label : label.slice(0, cut);
    const moment = cut < 0 ? '' : label.slice(cut);
    let score = 0;
    let letters: string | undefined;
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
      if (best === 0 && w.length >= 2 && (letters ??= initialsOf(title)).includes(w)) best = 2;
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
  journal.forEachLabel((e, label) => {
    const s = score(label, (title) => initialsOf(e, title));
    if (s > 0) found.push({ e, s, code: e.moment?.valid ? e.moment.code : -Infinity });
  });
  found.sort((a, b) => b.s - a.s || b.code - a.code);
  return found.slice(0, count).map((f) => f.e);
}
