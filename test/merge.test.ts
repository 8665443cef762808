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
import { align } from '../src/sync/align.js';
import { mergeJournal, mergeTwoWay, mergeWhole } from '../src/sync/merge.js';
import { cutBytes, lastChunkStart } from '../src/syntax/cuts.js';
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
    const whole = mergeWhole(...([b, o, t].map((x) => Buffer.from(x, 'latin1')) as [Buffer, Buffer, Buffer]));
    assert.equal(r.text, whole.bytes.toString('latin1'), `cutting only where the versions differ changed the merge, ${where}`);
    assert.deepEqual([r.conflicts, r.r.added, r.r.changed], [whole.conflicts, whole.added, whole.changed], `cutting only where the versions differ changed what the merge says, ${where}`);
  }
  console.log(`# merge property: ${runs} histories passed, ${conflicted} of them with conflicts left`);
});

test('cutting only where versions differ: the same merge as cutting the whole files, on edits of the sample journal', (t) => {
  const sample = sampleText(t);
  if (sample === undefined) return;
  const text = Buffer.from(sample, 'utf8').toString('latin1');
  const seed = Number(process.env.DAYBOOK_MERGE_SEED ?? Date.now() % 1_000_000);
  const rnd = prng(seed + 1);
  const moment = () => `${9 + Math.floor(rnd() * 10)}:${String(Math.floor(rnd() * 60)).padStart(2, '0')} 2013-02-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  // Lines added, changed, removed; entries added in the middle, at the end, with a moment another entry has; runs of lines removed.
  const edit = (from: string): string => {
    const ls = from.split('\n');
    for (let ops = 1 + Math.floor(rnd() * 6); ops > 0; ops--) {
      const at = Math.floor(rnd() * ls.length);
      const r = rnd();
      if (r < 0.3) ls.splice(at, 0, `a line added ${Math.floor(rnd() * 1e6)}`);
      else if (r < 0.45) ls[at] = `changed ${ls[at]}`;
      else if (r < 0.55) ls.splice(at, 1);
      else if (r < 0.7) ls.splice(at, 0, '', moment(), 'new, entry', `1, body ${Math.floor(rnd() * 1e6)}`);
      else if (r < 0.8) ls.push('', `9:${String(Math.floor(rnd() * 60)).padStart(2, '0')} 2013-03-01`, 'appended', '');
      else if (r < 0.9) {
        const header = ls.find((l, k) => k > at && /^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\s*$/.test(l));
        if (header) ls.splice(at, 0, '', header, 'the same moment, another entry', '');
      } else ls.splice(at, Math.floor(rnd() * 20));
    }
    return ls.join('\n');
  };
  let cut = 0;
  for (let run = 0; run < 300; run++) {
    const base = rnd() < 0.5 ? text : edit(text);
    const crlf = rnd() < 0.2;
    const ours = edit(base);
    const theirs = rnd() < 0.1 ? ours : edit(base);
    const [b, o, th] = [base, ours, theirs].map((x) => Buffer.from(crlf ? x.replace(/\n/g, '\r\n') : x, 'latin1')) as [Buffer, Buffer, Buffer];
    const fast = mergeJournal(b, o, th);
    const whole = mergeWhole(b, o, th);
    const where = `run ${run} of seed ${seed} (DAYBOOK_MERGE_SEED)`;
    assert.ok(fast.bytes.equals(whole.bytes), `the merges differ, ${where}`);
    assert.deepEqual([fast.conflicts, fast.added, fast.changed], [whole.conflicts, whole.added, whole.changed], where);
    if (align(b, o).length > 1) cut++;
  }
  // The edits leave runs to pass over: the test is about the path that cuts only where versions differ.
  assert.ok(cut > 100, `only ${cut} of 300 merges had runs to pass over`);
});

test('align: runs of whole entries with the same bytes; a change, an added and a removed entry are passed over', () => {
  const entry = (h: string, body: string) => `${h}\ntopic, ${h}\n1, ${body}\n\n`;
  const a = Buffer.from('\n' + ['9:00', '10:00', '11:00', '12:00', '13:00'].map((h) => entry(`${h} 2025-10-02`, 'as written')).join(''), 'latin1');
  const b = Buffer.from(
    '\n' + [entry('9:00 2025-10-02', 'as written'), entry('10:00 2025-10-02', 'changed'), entry('10:30 2025-10-02', 'added'), entry('11:00 2025-10-02', 'as written'), entry('13:00 2025-10-02', 'as written')].join(''),
    'latin1',
  );
  const runs = align(a, b);
  const text = (buf: Buffer, from: number, length: number) => buf.toString('latin1', from, from + length);
  for (const r of runs) assert.equal(text(a, r.a, r.length), text(b, r.b, r.length));
  // Every run starts and ends at the start of an entry (or of the file, or at its end).
  const starts = (buf: Buffer) => new Set([0, ...cutBytes(buf).starts, buf.length]);
  for (const r of runs) {
    assert.ok(starts(a).has(r.a) && starts(a).has(r.a + r.length), JSON.stringify(r));
    assert.ok(starts(b).has(r.b) && starts(b).has(r.b + r.length), JSON.stringify(r));
  }
  const kept = runs.map((r) => text(a, r.a, r.length)).join('');
  assert.ok(kept.includes('9:00 2025-10-02') && kept.includes('11:00 2025-10-02') && kept.includes('13:00 2025-10-02'), kept);
  assert.ok(!kept.includes('10:00 2025-10-02') && !kept.includes('12:00 2025-10-02'), kept);
});

test('cutBytes over a range and lastChunkStart agree with the cut of the whole file', () => {
  const rnd = prng(7);
  const pieces = ['\n', '\r\n', '\r', ' ', '\t', '9:07 2013-2-22', '10:00 2013-02-22 ', '25:61 2013-02-30', 'text', '1, item', '\xef\xbb\xbf', 'x'];
  for (let run = 0; run < 20_000; run++) {
    let s = rnd() < 0.1 ? '\xef\xbb\xbf' : '';
    for (let n = Math.floor(rnd() * 30); n > 0; n--) s += pieces[Math.floor(rnd() * pieces.length)];
    const bytes = Buffer.from(s, 'latin1');
    const whole = cutBytes(bytes);
    const entries = whole.starts.filter((_, i) => !(i === 0 && whole.preamble));
    const where = JSON.stringify(s);
    if (entries.length > 0) {
      const i = Math.floor(rnd() * entries.length);
      const j = i + Math.floor(rnd() * (entries.length - i + 1));
      const [from, to] = [entries[i]!, entries[j] ?? bytes.length];
      assert.deepEqual(cutBytes(bytes, from, to).starts, whole.starts.filter((x) => x >= from && x < to), `${where} [${from}, ${to})`);
    }
    const from = [0, ...entries][Math.floor(rnd() * (entries.length + 1))]!;
    const before = from + Math.floor(rnd() * (bytes.length - from + 1));
    const lineEnd = (q: number) => {
      let e = q;
      while (e < bytes.length && bytes[e] !== 10 && bytes[e] !== 13) e++;
      return e;
    };
    const expected = entries.filter((q) => q > from && q < before && lineEnd(q) < before).pop() ?? from;
    assert.equal(lastChunkStart(bytes, from, before), expected, `${where} from ${from} before ${before}`);
  }
});
