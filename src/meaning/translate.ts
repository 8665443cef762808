/**
 * A query's translations, through the dictionary: its English words to the
 * Chinese words that mean them, its Chinese words (segmented, the common
 * ones left out) to their English senses. Each translation says which word
 * of the query it comes from and why, so that a hit can say it.
 *
 * ```ts
 * translateQuery(['modify'], cedict()); // [{ word: '修改', from: 'modify', via: 'dictionary', why: 'CC-CEDICT: 修改 "amend / alter / modify"', ... }, ...]
 * ```
 */
import type { MeaningMatch } from '../search/shapes.js';
import { senseWords, type Dictionary } from './dictionary.js';

/** A word to look for, found from a word of the query. */
export interface Translation extends MeaningMatch {
  /** How much its hits count in the fusion (1 for a word's best translation, less for the others). */
  weight: number;
  /** English: found where a word starts with `stem` (`modif` finds modify, modified, modification). */
  stem?: string;
}

/** How Chinese words are segmented and how common they are (jieba, or a stand-in in the tests). */
export interface Segmenter {
  words(text: string): string[];
  count(word: string): number;
}

/** At most this many translations of one word of the query. */
const PER_WORD = 6;
const EN_STOP = new Set('a an the to of in on at for by with and or is are was were be been it its this that these those not no do does did how what why when where which who i we you he she they my our your me us about from into as if then than so but can could should would will'.split(' '));
const HAN = /\p{Script=Han}/u;

/** English word forms to look up: the word, and without the endings of plurals and tenses. */
export function englishForms(word: string): string[] {
  const forms = [word];
  const add = (f: string) => f.length > 2 && !forms.includes(f) && forms.push(f);
  if (word.endsWith('ies')) add(word.slice(0, -3) + 'y');
  if (word.endsWith('es')) add(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) add(word.slice(0, -1));
  if (word.endsWith('ed')) (add(word.slice(0, -2)), add(word.slice(0, -1)));
  if (word.endsWith('ing')) (add(word.slice(0, -3)), add(word.slice(0, -3) + 'e'));
  return forms;
}

/** The start of an English word that its forms share: `modify` gives `modif`, `compile` gives `compil`. */
export function englishStem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(e|y|es|s)$/, '');
}

/** The Chinese words of an English word (or phrase), best first. */
function toChinese(en: string, dict: Dictionary, seg: Segmenter): Translation[] {
  const found = new Map<string, { score: number; gloss: string }>();
  // One character is found inside unrelated words (试 in 试试, 尝试): only when the word is its first or second sense (锁: lock).
  const mainSense = new Set<string>();
  for (const form of englishForms(en)) {
    for (const r of dict.chinese(form)) {
      // Exact senses before a word of one, early senses before late ones; one character matches inside
      // unrelated words, so it counts for less. Then the common words first (jieba's counts, below).
      let score = ((r.exact ? 1 : 0.6) * (r.computing ? 2 : 1)) / (1 + 0.1 * r.rank);
      if (Array.from(r.zh).length === 1) score *= 0.5;
      if (r.exact && r.rank <= 1) mainSense.add(r.zh);
      if (form !== en) score *= 0.9;
      const had = found.get(r.zh);
      if (!had || had.score < score) found.set(r.zh, { score, gloss: r.gloss });
    }
  }
  // Only the likeliest are counted (a count is a look-up in jieba's dictionary).
  const likely = [...found.entries()].sort((a, b) => b[1].score - a[1].score).slice(0, 24);
  found.clear();
  for (const [zh, f] of likely) found.set(zh, { ...f, score: f.score * Math.log10(2 + seg.count(zh)) });
  const best = [...found.entries()].filter(([zh]) => Array.from(zh).length > 1 || mainSense.has(zh)).sort((a, b) => b[1].score - a[1].score).slice(0, PER_WORD);
  return best.map(([zh, { gloss }], i) => ({
    via: 'dictionary',
    word: zh,
    from: en,
    why: `CC-CEDICT: ${zh} "${dict.senses(zh).slice(0, 4).join(' / ')}" (${gloss === en ? en : `"${gloss}" holds ${en}`})`,
    weight: 1 / (1 + 0.5 * i),
  }));
}

/** The English senses of a Chinese word, as words to look for. */
function toEnglish(zh: string, dict: Dictionary): Translation[] {
  const out: Translation[] = [];
  for (const sense of dict.senses(zh)) {
    if (out.length >= PER_WORD) break;
    const words = sense.split(' ');
    if (words.length > 2 || senseWords(sense).length === 0 || (words.length === 1 && (EN_STOP.has(sense) || sense.length < 3))) continue;
    const why = `CC-CEDICT: ${zh} "${dict.senses(zh).slice(0, 4).join(' / ')}"`;
    const t: Translation = { via: 'dictionary', word: sense, from: zh, why, weight: 1 / (1 + 0.5 * out.length) };
    if (words.length === 1) t.stem = englishStem(sense);
    out.push(t);
    // A two-word sense is also looked for by its last word, its head ("computer memory": memory), for less.
    const head = words.length === 2 ? words[1]! : undefined;
    if (head !== undefined && head.length > 2 && !EN_STOP.has(head) && !out.some((o) => o.word === head)) {
      out.push({ via: 'dictionary', word: head, from: zh, why: `${why} ("${sense}")`, weight: 0.5 / (1 + 0.5 * out.length), stem: englishStem(head) });
    }
  }
  return out;
}

/**
 * The translations of a query's words (the words as the search language
 * reads them: `parseQuery`'s positive terms). A word the dictionary does
 * not hold has none. A query of several words also looks for each of its
 * words alone (`via: 'segment'`), so that 修改调用 finds the entries that
 * hold 调用 without 修改.
 */
export function translateQuery(words: string[], dict: Dictionary, seg: Segmenter): Translation[] {
  const out: Translation[] = [];
  const push = (t: Translation) => {
    if (!out.some((o) => o.word === t.word)) out.push(t);
  };
  const english: string[] = [];
  const pieces: string[] = [];
  for (const w of words) {
    // Chinese and Latin glued together are looked up apart: 用上ao_how gives 用上 and ao_how.
    for (const part of w.split(/(\p{Script=Han}+)/u)) {
      if (part.trim() === '') continue;
      if (HAN.test(part)) pieces.push(...seg.words(part).map((z) => `zh:${z}`));
      else for (const e of part.toLowerCase().split(/[^\p{L}\p{N}_.+#-]+/u)) if (e.length > 1 && !EN_STOP.has(e)) pieces.push(`en:${e}`), english.push(e);
    }
  }
  // An English phrase the dictionary holds as a sense ("memory leak") is translated whole first.
  if (english.length > 1) for (const t of toChinese(english.join(' '), dict, seg)) push({ ...t, weight: t.weight * 1.5 });
  for (const piece of pieces) {
    const text = piece.slice(3);
    // A word the dictionary does not hold is looked up as the words that start with it (回调: 回调函数, "callback").
    if (piece.startsWith('zh:')) (dict.senses(text).length > 0 ? [text] : dict.longer(text)).forEach((zh) => toEnglish(zh, dict).forEach((t) => push({ ...t, from: text })));
    else toChinese(text, dict, seg).forEach(push);
  }
  if (pieces.length > 1) {
    for (const piece of pieces) {
      const text = piece.slice(3);
      const t: Translation = { via: 'segment', word: text, from: words.join(' '), why: `a word of the query`, weight: 0.5 };
      if (piece.startsWith('en:')) t.stem = englishStem(text);
      push(t);
    }
  }
  return out;
}
