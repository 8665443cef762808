/**
 * Bytes that are not UTF-8: read with a diagnostic, never silently replaced
 * on the way out: any write refuses.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RefusedWriteError } from '../src/errors.js';
import { assertWritable, readJournal } from '../src/journal/read.js';
import { buildJournal } from '../src/model/journal.js';
import fc from 'fast-check';
import { parseBytes } from '../src/syntax/bytes.js';
import { utf16Length } from '../src/syntax/utf8.js';
import { print } from '../src/syntax/parse.js';
import { EXAMPLE, ROOT, tempFile } from './helpers.js';

describe('bytes that are not UTF-8', () => {
  test('each bad run is listed with its byte offset and its place in the decoded text', () => {
    const bytes = Buffer.concat([Buffer.from('10:00 2013-02-01\na\n中'), Buffer.from([0xc3]), Buffer.from('x\n\n11:00 2013-02-01\nb '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n')]);
    const { doc } = parseBytes(bytes);
    doc.forEachChunk();
    const invalid = doc.invalid;
    assert.deepEqual(invalid.map((i) => [i.byte, i.length]), [[22, 1], [45, 3]]);
    const text = print(doc);
    assert.equal(text[invalid[0]!.offset], '\uFFFD');
    assert.equal(text[invalid[1]!.offset], '\uFFFD');
    assert.equal(doc.chunks.length, 2);
  });

  test('a file with bad bytes is read, but a write to it is refused with a message that says why', () => {
    const file = tempFile('bad.txt', Buffer.concat([Buffer.from('10:00 2013-02-01\na\n'), Buffer.from([0xff]), Buffer.from('\n')]));
    const journal = readJournal([file], ROOT);
    assert.equal(journal.entries.length, 1);
    assert.equal(journal.files[0]!.writable, false);
    assert.throws(() => assertWritable(journal.files[0]!), (err: unknown) => err instanceof RefusedWriteError && /not written, because it holds bytes that are not UTF-8/.test(err.message));
  });

  test('a clean file may be written', () => {
    const journal = readJournal([EXAMPLE], ROOT);
    for (const f of journal.files) assert.doesNotThrow(() => assertWritable(f));
    assert.equal(buildJournal([]).entries.length, 0);
  });

  test('a UTF-8 byte order mark is kept, and the text after it parses as usual', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('10:00 2013-02-01\na\n')]);
    const { doc } = parseBytes(bytes);
    assert.equal(doc.bom, true);
    assert.equal(doc.chunks[0]!.preamble, false);
    assert.ok(Buffer.from(print(doc), 'utf8').equals(bytes));
  });
});

describe('the length of UTF-8 in UTF-16 units, counted without decoding', () => {
  test('equals the decoded length: any text, any place in its buffer, any range between characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.nat({ max: 7 }), fc.nat(), fc.nat(), (text, shift, x, y) => {
        const encoded = Buffer.from(text, 'utf8');
        // A copy at `shift` bytes into a larger buffer: the words read four bytes at a time are not aligned with it.
        const big = Buffer.alloc(encoded.length + 16, 0xf0);
        encoded.copy(big, shift);
        const bytes = big.subarray(shift, shift + encoded.length);
        const words = new Uint32Array(bytes.buffer, 0, bytes.buffer.byteLength >>> 2);
        // Ranges that start and end between characters, as chunks do.
        const starts = [0];
        for (const ch of text) starts.push(starts[starts.length - 1]! + Buffer.byteLength(ch, 'utf8'));
        const [a, b] = [starts[x % starts.length]!, starts[y % starts.length]!].sort((p, q) => p - q) as [number, number];
        assert.equal(utf16Length(bytes, words, a, b), bytes.toString('utf8', a, b).length);
      }),
      { numRuns: 2000 },
    );
  });
});
