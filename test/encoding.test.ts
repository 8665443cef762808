/**
 * Bytes that are not UTF-8: read with a diagnostic, never silently replaced
 * on the way out: any write refuses.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RefusedWriteError } from '../src/errors.js';
import { assertWritable, readJournal } from '../src/journal/read.js';
import { buildJournal } from '../src/model/journal.js';
import { parseBytes } from '../src/syntax/bytes.js';
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
