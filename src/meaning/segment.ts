/**
 * Chinese word segmentation for a search by meaning, with jieba (the
 * optional package `@node-rs/jieba`, its own dictionary): a query such as
 * 修改调用的问题 is cut into 修改 / 调用 / 的 / 问题, and the common words
 * (particles, pronouns, conjunctions, prepositions, adverbs, numbers) are
 * left out. Its dictionary's word counts also tell which of several Chinese
 * words for one English word is the common one.
 */
import fs from 'node:fs';
import { requireOptional, resolveOptional } from './packages.js';

interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): Jieba };
}
interface Jieba {
  tag(sentence: string, hmm?: boolean): { word: string; tag: string }[];
}

/** Part-of-speech tags (jieba's, from the PFR corpus) of the words left out: particles, pronouns, conjunctions, prepositions, numerals, measure words, interjections, punctuation. */
const COMMON_TAGS = /^(u|uj|ul|uz|ud|ug|uv|r|rr|rz|c|p|m|q|mq|y|e|o|x|w|zg|f)$/;
/** Adverbs are left out when common (已经, 非常, 马上), not when rare (异步, "asynchronous", is tagged an adverb). */
const ADVERB = /^(d|ad)$/;
const COMMON_ADVERB = 1000;
/** Common words jieba tags otherwise. */
const COMMON_WORDS = new Set(['是', '有', '没有', '在', '要', '会', '能', '可以', '还', '就', '都', '也', '很', '做', '看', '说', '去', '来', '到', '让', '给', '被', '把', '得', '一下', '一些', '现在', '今天', '明天', '昨天', '时候', '东西', '事情', '阿', '啊']);

let jieba: Jieba | undefined;
const counts = new Map<string, number>();
let dictText: Buffer | undefined;

function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba } = requireOptional<JiebaModule>('@node-rs/jieba');
    jieba = Jieba.withDict(fs.readFileSync(resolveOptional('@node-rs/jieba', 'dict.txt')));
  }
  return jieba;
}

/**
 * The words of a Chinese text worth looking up, in order, each once: the
 * common words left out.
 *
 * ```ts
 * chineseWords('修改调用的问题'); // ['修改', '调用', '问题']
 * ```
 */
export function chineseWords(text: string): string[] {
  const words: string[] = [];
  for (const { word, tag } of segmenter().tag(text, true)) {
    if (!/\p{Script=Han}/u.test(word) || COMMON_TAGS.test(tag) || COMMON_WORDS.has(word)) continue;
    if (ADVERB.test(tag) && (Array.from(word).length === 1 || wordCount(word) >= COMMON_ADVERB)) continue;
    if (!words.includes(word)) words.push(word);
  }
  return words;
}

/** How often jieba's dictionary saw a word (0 when it does not hold it); looked up in its text, and remembered. */
export function wordCount(word: string): number {
  // Its bytes, searched as they are (nothing decoded but the count found).
  if (dictText === undefined) dictText = Buffer.concat([Buffer.from('\n'), fs.readFileSync(resolveOptional('@node-rs/jieba', 'dict.txt'))]);
  let n = counts.get(word);
  if (n === undefined) {
    const needle = Buffer.from(`\n${word} `, 'utf8');
    const at = dictText.indexOf(needle);
    n = at === -1 ? 0 : Number.parseInt(dictText.toString('latin1', at + needle.length, at + needle.length + 12), 10) || 0;
    counts.set(word, n);
  }
  return n;
}
