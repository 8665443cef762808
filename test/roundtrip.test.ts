/**
 * Losslessness, as properties over generated input: for every string,
 * `print(parse(text)) === text`, the leaves tile the text exactly, the model
 * reads it without throwing, and the byte reader agrees with the string reader.
 * Over 10,000 inputs per run: journal-like fragments, arbitrary Unicode
 * (lone surrogates included), and mutations of real journals.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic } from '../src/model/diagnostic.js';
import { checkEntry, readEntry } from '../src/model/entry.js';
import { buildJournal } from '../src/model/journal.js';
import type { Entry } from '../src/model/types.js';
import { parseBytes } from '../src/syntax/bytes.js';
import { parse, print, type Document } from '../src/syntax/parse.js';
import { walk } from '../src/syntax/tree.js';
import { EXAMPLE, SAMPLE } from './helpers.js';

const FRAGMENTS = [
  '\n', '\n', '\n', '\r\n', '\r', '\n\n', '\uFEFF', '\0', '\t', ' ', '  ',
  '10:25 2013-02-04', '9:07 2013-2-22', '9:05 2025-9-1', '25:61 2013-02-30', ' 10:25 2013-02-04', '10:25  2013-02-04', '100:25 2013-02-04',
  '(16:56 2013-02-22)', '(9:1 2013-2-2)', 'GTD', '0, ', '1, ', '2), ', '(1), ', '1,', '11, ', '3)', 'today', 'cont', 'cont3', 'cont20', ', ', '; ', ',', ';',
  'see"', 'ref"', '"11:07 2013-2-16"', '"11:07 2013-2-16"5', '"3)"', '"(2)"', '2.1', '.', '\\TODO', '\\TODO:', '\\DONE', '\\',
  '"A B <a@example.org>"_email_"Subject"_20130201_1747', 'Name_email_"S"', '"N"_email_"S"_2013', '_email_',
  '9:00-9:40', '14:30-', '-17:32', '11:30', "30'", '2.5h', '3h', 'nap 30\'', 'Summary:',
  '模型', '中文测试', '试试能否用上io_uring', 'é', '😀', '\uD800', '\uDC00', 'x'.repeat(900), 'http://example.org/a', '`ls`', '$x', 'a=b', '"', '(', ')', 'word',
];

const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));

/** Every node's children tile it exactly, and no leaf is empty. */
function assertTiles(doc: Document, text: string): void {
  const tree = doc.tree();
  assert.equal(tree.from, 0);
  assert.equal(tree.to, text.length);
  walk(tree, (node) => {
    if (!node.children) {
      assert.ok(node.to > node.from, `empty ${node.kind} leaf at ${node.from}`);
      return;
    }
    if (node.children.length === 0) return;
    assert.equal(node.children[0]!.from, node.from, `${node.kind} starts with its first child`);
    for (let i = 1; i < node.children.length; i++) assert.equal(node.children[i]!.from, node.children[i - 1]!.to, `children of ${node.kind} are contiguous`);
    assert.equal(node.children[node.children.length - 1]!.to, node.to, `${node.kind} ends with its last child`);
  });
}

/** Everything one input must satisfy. */
function checkText(text: string): void {
  const doc = parse(text);
  assert.equal(print(doc), text);
  assertTiles(doc, text);
  const journal = buildJournal([{ path: 'gen.txt', doc }], { check: true });
  for (const d of journal.diagnostics) {
    assert.ok(d.from >= 0 && d.to <= text.length && d.from <= d.to, `diagnostic ${d.code} inside the text`);
  }
  // The model read by entry heads, its check pass run later, finds what the pass run at once finds.
  const lazy = buildJournal([{ path: 'gen.txt', doc: parse(text) }]);
  const head = (e: Entry) => [e.from, e.to, e.headerTo, e.moment?.code, e.titleFrom, e.titleTo, e.untitled, e.isGtd, e.openerHash, e.thread && [e.thread.key, e.thread.part, e.thread.partFrom, e.thread.partTo, e.thread.subtitle, e.thread.parents]];
  assert.deepEqual(lazy.entries.map(head), journal.entries.map(head));
  assert.deepEqual(lazy.diagnostics, journal.diagnostics);
  assert.deepEqual(lazy.stats, journal.stats);
  assert.deepEqual(lazy.entries.map((e) => e.itemPaths), journal.entries.map((e) => e.itemPaths));
  // The journal's light pass finds exactly what a full read of each entry finds.
  const file = journal.files[0]!;
  const light: Diagnostic[] = [];
  const full: Diagnostic[] = [];
  doc.forEachChunk((chunk, chunkText) => {
    if (chunk.preamble) return;
    const a = checkEntry({ file, diagnostics: light }, chunk, chunkText);
    const b = readEntry({ file, diagnostics: full }, chunk, chunkText);
    assert.equal(a.references.length, b.references.length);
    assert.equal(a.entry.itemPaths, b.entry.itemPaths);
  });
  assert.deepEqual(light, full);
  if (text.isWellFormed()) {
    const fromBytes = parseBytes(Buffer.from(text, 'utf8')).doc;
    fromBytes.forEachChunk();
    assert.deepEqual(
      fromBytes.chunks.map((c) => [c.base + c.from, c.base + c.to, c.line, c.preamble]),
      doc.chunks.map((c) => [c.base + c.from, c.base + c.to, c.line, c.preamble]),
    );
    assert.equal(print(fromBytes), text);
  }
}

/** A random edit of a real journal: insert, delete or replace at a random place. */
const mutation = fc.record({ at: fc.nat(), len: fc.nat({ max: 40 }), insert: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 4 }) });

function mutate(base: string, window: number, edits: { at: number; len: number; insert: string[] }[], start: number): string {
  let text = base.slice(start % Math.max(1, base.length - window), (start % Math.max(1, base.length - window)) + window);
  for (const e of edits) {
    const at = e.at % (text.length + 1);
    text = text.slice(0, at) + e.insert.join('') + text.slice(at + e.len);
  }
  return text;
}

describe('print(parse(text)) === text', () => {
  test('for 5,000 journal-like strings built from headers, markers, references and line endings', () => {
    fc.assert(fc.property(fragmentText, checkText), { numRuns: 5000 });
  });

  test('for 3,000 arbitrary Unicode strings, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkText), { numRuns: 3000 });
  });

  test('for 2,000 mutated windows of the example journal', () => {
    const example = fs.readdirSync(EXAMPLE).map((f) => fs.readFileSync(path.join(EXAMPLE, f), 'utf8')).join('');
    fc.assert(fc.property(fc.nat(), fc.array(mutation, { maxLength: 6 }), (start, edits) => checkText(mutate(example, 3000, edits, start))), { numRuns: 2000 });
  });

  test('for 1,000 mutated windows of the sample journal (read in place), or of the example without it', () => {
    const base = fs.existsSync(SAMPLE) ? fs.readFileSync(SAMPLE, 'utf8') : fs.readFileSync(path.join(EXAMPLE, '2025-09.txt'), 'utf8');
    fc.assert(fc.property(fc.nat(), fc.array(mutation, { maxLength: 6 }), (start, edits) => checkText(mutate(base, 4000, edits, start))), { numRuns: 1000 });
  });

  test('for the whole example journal and the whole sample, byte for byte', () => {
    for (const f of fs.readdirSync(EXAMPLE)) checkText(fs.readFileSync(path.join(EXAMPLE, f), 'utf8'));
    if (fs.existsSync(SAMPLE)) {
      const bytes = fs.readFileSync(SAMPLE);
      checkText(bytes.toString('utf8'));
      assert.ok(Buffer.from(print(parseBytes(bytes).doc), 'utf8').equals(bytes));
    }
  });

  test('for the edge cases: empty text, only a BOM, only line endings, a NUL, a header with no line end', () => {
    for (const text of ['', '\uFEFF', '\n', '\r', '\r\n', '\n\r', '\0', '10:25 2013-02-04', '\uFEFF10:25 2013-02-04', '\n\n\n10:25 2013-02-04\r']) checkText(text);
  });
});
