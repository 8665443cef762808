/**
 * The entry-aware merge (src/sync/merge.ts): examples, then a property test
 * over generated two-sided histories (appends, edits inside entries,
 * deletions, CRLF files, entries sharing a moment, files without a final line
 * break). The seed is printed; DAYBOOK_MERGE_SEED=S repeats a run,
 * DAYBOOK_MERGE_RUNS=N sets the count (default 10,000).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { mergeJournal, mergeTwoWay } from '../src/sync/merge.js';
import { sampleText } from './helpers.js';

const m = (b: string, o: string, t: string) => {
  const r = mergeJournal(Buffer.from(b, 'latin1'), Buffer.from(o, 'latin1'), Buffer.from(t, 'latin1'));
  return { text: r.bytes.toString('latin1'), conflicts: r.conflicts, r };
};
const u = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

const BASE = u('\n8:30 2025-10-02\nreview, wal patch\n1, first pass\n2, second pass\n\n11:00 2025-10-02\nGTD\n0, 8:20-12:00\n1, today\n1), 8:30-10:00 review\n');

test('one side changed: the result is that side, byte for byte', () => {
  const ours = BASE + u('\n13:00 2025-10-02\nlunch, 想法\n1, 写下来\n');
  assert.equal(m(BASE, ours, BASE).text, ours);
  assert.equal(m(BASE, BASE, ours).text, ours);
});

test('an entry with no final line break gets one blank line before an entry added after it, nothing else changes', () => {
  const base = BASE.replace(/\n$/, '');
  const theirs = base + '\n\n14:00 2025-10-02\nafternoon\n';
  const ours = base.replace('first pass', 'first pass, done');
  const r = m(base, ours, theirs);
  assert.equal(r.conflicts.length, 0);
  assert.equal(r.text, theirs.replace('first pass', 'first pass, done'));
});

test('CRLF files stay CRLF, markers too; bytes that are not UTF-8 are kept', () => {
  const base = BASE.replace(/\n/g, '\r\n') + 'x\xff\xfey\r\n';
  const ours = base.replace('second pass', 'second pass (ours)');
  const theirs = base.replace('second pass', 'second pass (theirs)');
  const r = m(base, ours, theirs);
  assert.equal(r.conflicts.length, 1);
  assert.match(r.text, /\r\n<<<<<<< ours \(2025-10-02 08:30\)\r\n2, second pass \(ours\)\r\n=======\r\n2, second pass \(theirs\)\r\n>>>>>>> theirs\r\n/);
  assert.ok(r.text.includes('x\xff\xfey\r\n'));
  assert.doesNotMatch(r.text.replace(/\r\n/g, ''), /\n/);
});

test('a byte order mark stays first, with no blank line added after it', () => {
  const base = '\xef\xbb\xbf' + BASE.slice(1);
  const ours = base + '\n12:00 2025-10-02\nnoon\n';
  const theirs = base.replace('first pass', 'first pass!');
  const r = m(base, ours, theirs);
  assert.equal(r.text, ours.replace('first pass', 'first pass!'));
});

test('deleted on one side, changed on the other: a conflict holding the changed entry', () => {
  const ours = BASE.replace(/\n8:30 2025-10-02\n[^]*?\n\n/, '\n');
  const theirs = BASE.replace('first pass', 'first pass, again');
  const r = m(BASE, ours, theirs);
  assert.equal(r.conflicts.length, 1);
  assert.match(r.text, /<<<<<<< ours \(2025-10-02 08:30 deleted by ours\)\n=======\n8:30 2025-10-02\n/);
  // Deleted on one side, untouched on the other: gone.
  assert.equal(m(BASE, ours, BASE).text, ours);
});

test('two-way merge of a conflict copy: entries only in the copy are added in time order', () => {
  const file = BASE + '\n15:00 2025-10-02\nlate\n';
  const copy = BASE + '\n14:00 2025-10-02\n手机, 备忘\n1, 从手机上加的\n';
  const r = mergeTwoWay(Buffer.from(u(file), 'latin1'), Buffer.from(u(copy), 'latin1'));
  assert.equal(r.conflicts.length, 0);
  const text = r.bytes.toString('utf8');
  assert.ok(text.indexOf('14:00 2025-10-02') < text.indexOf('15:00 2025-10-02'), text);
});

test('the sample journal: a copy with a changed entry and an added one merges into its file', (t) => {
  const sample = sampleText(t);
  if (sample === undefined) return;
  const bytes = Buffer.from(sample, 'utf8');
  const latin = bytes.toString('latin1');
  const ours = latin + '\n9:00 2013-03-01\nmerge, test\n1, added on one side\n';
  const at = latin.indexOf('\n', latin.length / 2);
  const theirs = latin.slice(0, at) + '\nan added line on the other side' + latin.slice(at);
  const r = m(latin, ours, theirs);
  assert.equal(r.conflicts.length, 0);
  assert.equal(r.text, theirs + '\n9:00 2013-03-01\nmerge, test\n1, added on one side\n');
  assert.equal(m(latin, latin, latin).text, latin);
  void fs;
});

/** A seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface GenEntry {
  minute: number;
  padded: boolean;
  lines: string[];
}

const WORDS = ['wal', 'fsync', 'compaction', 'review', '压缩', '日志', 'latency', '测试', 'rollout', 'patch'];

test('property: over generated two-sided histories, every added or kept line is in the result, clean merges hold no markers, identical changes merge clean', () => {
  const runs = Number(process.env.DAYBOOK_MERGE_RUNS ?? 10_000);
  const seed = Number(process.env.DAYBOOK_MERGE_SEED ?? Date.now() % 1_000_000);
  console.log(`# merge property: ${runs} histories, seed ${seed} (DAYBOOK_MERGE_SEED=${seed} repeats it)`);
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  let unique = 0;
  const line = () => `${pick(['1, ', '2), ', '(3), ', '', '> '])}${pick(WORDS)} ${pick(WORDS)} #${unique++}`;
  const entry = (minute: number): GenEntry => ({ minute, padded: rnd() < 0.5, lines: [`${pick(WORDS)}, ${pick(WORDS)} #${unique++}`, ...Array.from({ length: 1 + Math.floor(rnd() * 4) }, line)] });
  const render = (entries: GenEntry[], eol: string, finalBreak: boolean): string => {
    const parts = entries.map((e) => {
      const h = Math.floor(e.minute / 60) % 24;
      const mm = String(e.minute % 60).padStart(2, '0');
      const header = `${e.padded ? String(h).padStart(2, '0') : h}:${mm} 2025-10-0${1 + Math.floor(e.minute / 1440)}`;
      return [header, ...e.lines].join(eol) + eol;
    });
    const text = eol + parts.join(eol);
    return u(finalBreak ? text : text.slice(0, -eol.length));
  };
  const mutate = (base: GenEntry[], last: number): GenEntry[] => {
    const out = base.map((e) => ({ ...e, lines: [...e.lines] }));
    let end = last;
    const ops = Math.floor(rnd() * 5);
    for (let i = 0; i < ops; i++) {
      const op = rnd();
      if (op < 0.35 || out.length === 0) {
        end += rnd() < 0.15 ? 0 : 1 + Math.floor(rnd() * 120);
        out.push(entry(end));
      } else {
        const e = pick(out);
        if (op < 0.55) e.lines[1 + Math.floor(rnd() * (e.lines.length - 1))] = line();
        else if (op < 0.75) e.lines.splice(1 + Math.floor(rnd() * e.lines.length), 0, line());
        else if (op < 0.85) out.splice(out.indexOf(e), 1);
        else e.lines.push(line());
      }
    }
    return out;
  };
  let conflicted = 0;
  for (let run = 0; run < runs; run++) {
    const eol = rnd() < 0.25 ? '\r\n' : '\n';
    const finalBreak = rnd() < 0.85;
    let minute = Math.floor(rnd() * 600);
    const base: GenEntry[] = [];
    for (let n = Math.floor(rnd() * 6); n > 0; n--) {
      base.push(entry(minute));
      minute += rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 90);
    }
    const ours = mutate(base, minute);
    const theirs = rnd() < 0.1 ? ours : mutate(base, minute);
    const [b, o, t] = [base, ours, theirs].map((x) => render(x, eol, finalBreak)) as [string, string, string];
    const r = m(b, o, t);
    const where = `run ${run} of seed ${seed}:\n--- base\n${b}\n--- ours\n${o}\n--- theirs\n${t}\n--- result\n${r.text}`;
    const result = new Set(r.text.split(/\r\n|\n/));
    const lines = (s: string) => new Set(s.split(/\r\n|\n/).filter((l) => l.trim() !== ''));
    const [bl, ol, tl] = [lines(b), lines(o), lines(t)];
    for (const l of ol) if (!bl.has(l) || tl.has(l)) assert.ok(result.has(l), `ours' line ${JSON.stringify(l)} is lost, ${where}`);
    for (const l of tl) if (!bl.has(l) || ol.has(l)) assert.ok(result.has(l), `theirs' line ${JSON.stringify(l)} is lost, ${where}`);
    const markers = (r.text.match(/^<<<<<<< /gm) ?? []).length;
    assert.equal(markers, r.conflicts.length, `markers and conflicts disagree, ${where}`);
    if (r.conflicts.length === 0) assert.doesNotMatch(r.text, /^(<<<<<<<|=======|>>>>>>>)/m, `a clean merge holds markers, ${where}`);
    else conflicted++;
    if (o === t) assert.equal(r.text, o, `identical changes did not merge to themselves, ${where}`);
    if (t === b) assert.equal(r.text, o, `a one-sided change is not taken as it is, ${where}`);
    if (eol === '\r\n') assert.doesNotMatch(r.text.replace(/\r\n/g, ''), /\n/, `a bare LF in a CRLF file, ${where}`);
  }
  console.log(`# merge property: ${runs} histories passed, ${conflicted} of them with conflicts left`);
});
