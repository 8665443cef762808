/**
 * The search language: words, "phrases in quotes", -word to leave out,
 * word* for a word that starts so. Every term is matched as a substring,
 * case-insensitively, so a word glued to Chinese ("用上ao_how") is found
 * like any other, and Chinese needs no word breaking.
 */
import { InputError } from '../errors.js';

/** One term of a query. */
export interface Term {
  /** The term, lower-cased, without its quotes, `-` or `*`; a phrase's words with one space between them. */
  text: string;
  /** `-word`: entries holding it are left out. */
  negate: boolean;
  /** `word*`: the term must start a word (not follow a letter or digit). */
  prefix: boolean;
  /** Written in quotes. */
  phrase: boolean;
}

const EXAMPLE = `e.g. daybook search 'checkpoint "short write" -draft 压缩'`;

/**
 * Reads a query. Throws an `InputError` saying what was expected for an
 * empty query, a quote left open, or a term with nothing in it.
 *
 * ```ts
 * parseQuery('wal "short write" -draft comp*');
 * ```
 */
export function parseQuery(query: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    while (i < n && /\s/.test(query[i]!)) i++;
    if (i >= n) break;
    const start = i;
    let negate = false;
    if (query[i] === '-' && i + 1 < n && !/\s/.test(query[i + 1]!)) {
      negate = true;
      i++;
    }
    let text: string;
    let phrase = false;
    if (query[i] === '"') {
      const close = query.indexOf('"', i + 1);
      if (close === -1) throw new InputError(`search: the quote at column ${i + 1} of the query is not closed: ${query}`, `expected a closing " after the phrase, ${EXAMPLE}`);
      text = query.slice(i + 1, close);
      phrase = true;
      i = close + 1;
      if (i < n && !/\s/.test(query[i]!) && query[i] !== '*') throw new InputError(`search: text right after the closing quote at column ${i} of the query: ${query}`, `expected a space between a "phrase" and the next term, ${EXAMPLE}`);
    } else {
      const from = i;
      while (i < n && !/\s/.test(query[i]!)) {
        if (query[i] === '"') throw new InputError(`search: a quote inside a word at column ${i + 1} of the query: ${query}`, `expected quotes around a whole phrase, ${EXAMPLE}`);
        i++;
      }
      text = query.slice(from, i);
    }
    let prefix = false;
    if (query[i] === '*') {
      prefix = true;
      i++;
    } else if (!phrase && text.length > 1 && text.endsWith('*')) {
      prefix = true;
      text = text.slice(0, -1);
    }
    if (text.trim() === '') throw new InputError(`search: an empty term at column ${start + 1} of the query: ${query}`, `expected a word or a "phrase", ${EXAMPLE}`);
    // A phrase is its words in order, whatever the white space between them: kept with one space between words.
    terms.push({ text: (phrase ? text.trim().split(/\s+/).join(' ') : text).toLowerCase(), negate, prefix, phrase });
  }
  if (terms.length === 0) throw new InputError('search: the query is empty', `expected words to look for, ${EXAMPLE}`);
  return terms;
}

/**
 * Where a term may occur: its words in order with any white space between
 * them (spaces, tabs, line breaks), so `"fax: +49"` matches `Fax:   +49` and
 * `Fax:` at a line's end with `+49` on the next. Global, for `exec` loops.
 */
export function termPattern(text: string): RegExp {
  return new RegExp(text.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'gu');
}

/**
 * Every place a (lower-cased) term occurs in a lower-cased text, as
 * [from, to) spans; `starts` decides whether a place may begin a match.
 */
export function termSpans(lower: string, term: string, starts: (text: string, at: number) => boolean = () => true): [number, number][] {
  const spans: [number, number][] = [];
  if (!term.includes(' ')) {
    for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) if (starts(lower, at)) spans.push([at, at + term.length]);
    return spans;
  }
  const re = termPattern(term);
  for (let m = re.exec(lower); m; m = re.exec(lower)) {
    if (starts(lower, m.index)) spans.push([m.index, m.index + m[0].length]);
    re.lastIndex = m.index + 1;
  }
  return spans;
}
