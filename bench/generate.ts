/**
 * Generates a large journal in the format, for benchmarks: entries with
 * English and Chinese prose, pasted logs, GTD days, threads, references,
 * TODOs and mail clips, in time order. Deterministic for a given seed.
 *
 *   node dist/bench/generate.js OUT.txt SIZE_MB [real|small]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small deterministic PRNG (mulberry32): numbers in [0, 1), the same for a seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The most frequent words: the journal's own technical vocabulary. */
const COMMON = 'the a to of and is in it for on with not write ahead log commit latency checkpoint compaction table index replica node disk fsync page cache kernel patch test review plan build deploy canary rollback metric alert query lock thread buffer queue retry timeout migration schema catalog backup restore'.split(' ');
const ZH_COMMON = ['试试能不能用上', '写放大', '压缩策略', '检查点', '延迟', '测试通过', '需要确认', '明天继续', '问题复现了', '性能下降', '模型', '日志里面没有'];
const SYLLABLES = 'ba be bi bo bu ka ke ki ko ku ra re ri ro ru sa se si so su ta te ti to tu na ne ni no nu ma me mi mo mu la le li lo lu pa pe pi po pu da de di do du ga ge gi go gu va ve vi vo vu xa xe xi zo zu an en in on un ar er ir or ur st tr pl gr fl sh ch th'.split(' ');

/**
 * `real`: a vocabulary the size of a real one, drawn with Zipf's law, so that
 * most words are rare and a few are everywhere: searches then hit as many
 * entries as they would in a real journal, not a third of all of them.
 * `small`: a few hundred words and Chinese words of 120 characters, so that
 * every common word fills thousands of entries (the hardest case for search).
 */
export type Vocabulary = 'real' | 'small';

function vocabulary(rand: () => number, size: Vocabulary): { latin: string[]; zh: string[] } {
  const [latinSize, charCount, zhSize] = size === 'small' ? [400, 120, 300] : [20000, 2500, 6000];
  const latin = new Set(COMMON);
  while (latin.size < latinSize) {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (rand() < 0.05) w += '_' + SYLLABLES[Math.floor(rand() * SYLLABLES.length)]!;
    latin.add(w);
  }
  const chars: string[] = [];
  for (let i = 0; i < charCount; i++) chars.push(String.fromCodePoint(0x4e00 + Math.floor(rand() * 0x5000)));
  const zh = new Set(ZH_COMMON);
  while (zh.size < zhSize) {
    const n = 1 + Math.floor(rand() * 3.5);
    let w = '';
    for (let i = 0; i < n; i++) w += chars[Math.floor(Math.pow(rand(), 2) * chars.length)];
    zh.add(w);
  }
  return { latin: [...latin], zh: [...zh] };
}

/** Draws indexes 0..n-1 with probability proportional to 1/(rank+1). */
function zipf(n: number, rand: () => number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative[i] = sum += 1 / (i + 1);
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const TOPICS = ['storage', 'tidepool', 'wal', 'compaction', 'ops', 'meeting', 'review', 'kernel', 'network', 'migration', '存储', '笔记'];
const LOG = ['wal: short write: wanted 8192, wrote 4096', 'checkpoint: wrote 31877 pages in 2211 ms', 'compaction: level 2 -> 3, 14 files, 812 MB', 'replica-7: lag 12 ms', 'kernel: EXT4-fs (sdb1): mounted filesystem with ordered data mode'];

/** Writes a journal of about `bytes` bytes to `file`. */
export function generateJournal(file: string, bytes: number, seed = 42, size: Vocabulary = 'real'): { entries: number; bytes: number; latin: string[]; zh: string[] } {
  const rand = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const { latin, zh } = vocabulary(rand, size);
  const latinRank = zipf(latin.length, rand);
  const zhRank = zipf(zh.length, rand);
  const sentence = (n: number): string => {
    let s = '';
    let afterZh = false;
    for (let i = 0; i < n; i++) {
      const r = rand();
      if (r < 0.15) {
        s += zh[zhRank()]!;
        afterZh = true;
      } else {
        // Half the time a Latin word is glued to the Chinese before it, as people write.
        if (i > 0 && !(afterZh && r < 0.6)) s += ' ';
        s += latin[latinRank()]!;
        afterZh = false;
      }
    }
    return s;
  };
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let entries = 0;
  let t = Date.UTC(2010, 0, 4, 9, 0);
  const moments: string[] = [];
  let buf = '\n';
  const fmt = (ms: number): string => {
    const d = new Date(ms);
    return `${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')} ${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  };
  const threads = new Map<string, number>();
  while (written + buf.length < bytes) {
    t += Math.floor(20 + rand() * 200) * 60_000;
    const m = fmt(t);
    const lines: string[] = [m];
    const r = rand();
    if (r < 0.12) {
      lines.push('GTD', `0, 9:${String(Math.floor(rand() * 50) + 10)}-12:30 13:30-18:${String(Math.floor(rand() * 50) + 10)}`, '', '1, today');
      const n = 2 + Math.floor(rand() * 4);
      for (let i = 1; i <= n; i++) lines.push(`${i}), ${10 + i}:00-${10 + i}:45 ${sentence(5)}. see"${pick(moments) ?? m}".`);
      lines.push(`${n + 1}), Summary: ${sentence(12)}`);
    } else {
      const topic = [pick(TOPICS), pick(TOPICS), pick(TOPICS)].join(', ');
      if (rand() < 0.3) {
        const part = (threads.get(topic) ?? 0) + 1;
        threads.set(topic, part);
        lines.push(`${topic}, cont${part}`);
      } else lines.push(topic);
      const items = 1 + Math.floor(rand() * 5);
      for (let i = 1; i <= items; i++) {
        lines.push(`${i}, ${sentence(6 + Math.floor(rand() * 10))}`);
        if (rand() < 0.3) lines.push(`1), ${sentence(8)} see"${pick(moments) ?? m}"${rand() < 0.3 ? '1' : ''}.`);
        if (rand() < 0.25) for (let k = 0; k < 1 + rand() * 12; k++) lines.push(`${pick(LOG)} (${Math.floor(rand() * 1e6)})`);
        if (rand() < 0.05) lines.push(`\\TODO: ${sentence(6)}`);
        if (rand() < 0.03) lines.push(`"Ann Lee <ann@example.org>"_email_"${sentence(4)}"_${m.slice(-10).replace(/-/g, '')}_0800`, sentence(12), '', sentence(10));
      }
    }
    moments.push(m);
    if (moments.length > 200) moments.shift();
    buf += lines.join('\n') + '\n\n';
    entries++;
    if (buf.length > 1 << 20) {
      written += fs.writeSync(fd, buf);
      buf = '';
    }
  }
  written += fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return { entries, bytes: fs.statSync(file).size, latin, zh };
}

/** A journal of `mb` megabytes generated in a new temp dir (`daybook-bench-NAME-...`): how each benchmark starts. */
export function benchJournal(name: string, mb: number): { dir: string; file: string; entries: number; bytes: number; latin: string[]; zh: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `daybook-bench-${name}-`));
  const file = path.join(dir, 'journal.txt');
  return { dir, file, ...generateJournal(file, mb * 1024 * 1024) };
}

if (process.argv[1]?.endsWith('generate.js')) {
  const [out, mb, size] = process.argv.slice(2);
  if (!out || (size !== undefined && size !== 'real' && size !== 'small')) {
    console.error('usage: node dist/bench/generate.js OUT.txt [SIZE_MB] [real|small]');
    process.exit(2);
  }
  const { entries, bytes } = generateJournal(out, Number(mb ?? 100) * 1024 * 1024, 42, (size ?? 'real') as Vocabulary);
  console.log({ entries, bytes });
}
