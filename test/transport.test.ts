/**
 * The language server's reading of messages: framing in chunks cut
 * anywhere, headers that cannot be read; a `textDocument/didOpen` whose
 * text is long is kept as UTF-8 bytes, and every message means what
 * `JSON.parse` says it means, whichever way it was read.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.js';
import { PassThrough } from 'node:stream';
import type { Message } from 'vscode-languageserver/node.js';
import { BIG_TEXT, decodeMessage, MessageStreamReader, openedBytes } from '../src/lsp/transport.js';

/** A didOpen message as JSON.stringify writes it, with its text padded past `BIG_TEXT`. */
function didOpen(text: string, stringify: (s: string) => string = JSON.stringify): Buffer {
  return Buffer.from(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///j.txt","languageId":"daybook","version":1,"text":${stringify(text)}}}}`, 'utf8');
}

/** JSON.stringify, but every UTF-16 unit escaped as `\uXXXX` (as some editors write what is not ASCII). */
const escapingAll = (s: string): string => `"${Array.from({ length: s.length }, (_, i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;

const pad = (s: string): string => s + '\n' + 'x'.repeat(BIG_TEXT);

function decoded(body: Buffer): { message: { params: { textDocument: { text: string } } }; bytes: Buffer | undefined } {
  const message = decodeMessage(body) as unknown as { params: { textDocument: { text: string } } };
  return { message, bytes: openedBytes(message.params.textDocument) };
}

describe('a large didOpen is kept as bytes', () => {
  test('src/lsp/unescape-wasm.ts is unescape.wat compiled (node scripts/wasm.mjs makes it again)', async () => {
    const { compileWat, moduleSource, MODULES } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'wasm.mjs')).href)) as {
      compileWat(file: string): Promise<Buffer>;
      moduleSource(bytes: Buffer, m: unknown): string;
      MODULES: { wat: string; ts: string }[];
    };
    const m = MODULES.find((x) => x.wat.endsWith('unescape.wat'))!;
    assert.equal(fs.readFileSync(path.join(ROOT, m.ts), 'utf8'), moduleSource(await compileWat(path.join(ROOT, m.wat)), m), 'run node scripts/wasm.mjs');
  });

  test('escapes of every kind, Chinese, four-byte characters: the bytes are the text, the text is JSON.parse\'s; an escaped surrogate goes the ordinary way', async () => {
    const plain = pad('9:00 2025-12-01\r\nwork, "quoted" \\ back/slash\t\b\f 模型 é\n1, see"9:00 2025-12-01"1.2\n');
    const astral = plain.replace('模型', '模型 😀');
    for (const [body, kept] of [[didOpen(plain), true], [didOpen(plain, escapingAll), true], [didOpen(astral), true], [didOpen(astral, escapingAll), false]] as const) {
      // (The body is unescaped in place: what JSON.parse makes of it is taken first.)
      const want = JSON.parse(body.toString('utf8')) as { params: { textDocument: { text: string } } };
      const { message, bytes } = decoded(body);
      assert.equal(bytes !== undefined, kept);
      if (bytes) assert.equal(bytes.toString('utf8'), want.params.textDocument.text);
      assert.deepEqual(JSON.parse(JSON.stringify(message)), want);
      assert.ok(message.params.textDocument.text === plain || message.params.textDocument.text === astral);
    }
  });

  test('any text: the same message as JSON.parse gives, kept as bytes unless it holds an escaped surrogate', async () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.boolean(), (a, b, escaped) => {
        const text = a + 'y'.repeat(BIG_TEXT) + b;
        const body = didOpen(text, escaped ? escapingAll : JSON.stringify);
        const want = JSON.parse(body.toString('utf8')) as { params: { textDocument: { text: string } } };
        const { message, bytes } = decoded(body);
        assert.equal(message.params.textDocument.text, want.params.textDocument.text);
        assert.deepEqual(JSON.parse(JSON.stringify(message)), JSON.parse(JSON.stringify(want)));
        // JSON.stringify escapes a lone surrogate; escapingAll every one.
        const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
        assert.equal(bytes === undefined, escaped ? /[\uD800-\uDFFF]/.test(text) : lone);
        if (bytes) assert.equal(bytes.toString('utf8'), text);
      }),
      { numRuns: 16 },
    );
  });

  test('a body that is not JSON is refused as JSON.parse refuses it: a raw control character, a bad escape, no closing quote, a broken envelope', async () => {
    const long = 'z'.repeat(BIG_TEXT);
    const envelope = (text: string) => Buffer.from(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///j.txt","text":"${text}"}}}`, 'utf8');
    for (const body of [envelope(`${long}\u0001`), envelope(`${long}\\x`), envelope(`${long}\\u12`), Buffer.from(`{"method":"textDocument/didOpen","params":{"textDocument":{"text":"${long}`), Buffer.from(`{"method":"textDocument/didOpen","params":{"textDocument":{"text":"${long}"}}`)]) {
      assert.throws(() => JSON.parse(body.toString('utf8')), SyntaxError);
      assert.throws(() => decodeMessage(body), SyntaxError);
    }
  });

  test('other messages with long strings, and short didOpens, are read the ordinary way', async () => {
    const long = 'w'.repeat(BIG_TEXT);
    const change = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///j.txt', version: 2 }, contentChanges: [{ text: long }] } }));
    const m = decodeMessage(change) as unknown as { params: { contentChanges: { text: string }[] } };
    assert.equal(m.params.contentChanges[0]!.text, long);
    const open = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///j.txt', languageId: 'daybook', version: 1, text: 'short\n' } } }));
    const { message, bytes } = decoded(open);
    assert.equal(bytes, undefined);
    assert.equal(message.params.textDocument.text, 'short\n');
    // The text long, but under another key than textDocument.text: a string like any other.
    const other = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///j.txt', text: 'a' }, note: long } }));
    const o = decoded(other);
    assert.equal(o.bytes, undefined);
    assert.equal((o.message.params as unknown as { note: string }).note, long);
    // A long key, a long string deep in arrays, bytes that are not UTF-8 beside escapes: what JSON.parse of the decoded body gives.
    const deep = '['.repeat(20000) + JSON.stringify(long) + ']'.repeat(20000);
    const bad = Buffer.concat([Buffer.from(`{"method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///j.txt","text":"${long}`), Buffer.from([0xe4, 0xb8]), Buffer.from('\\n'), Buffer.from([0xff]), Buffer.from('\\u4e2d'), Buffer.from([0x80, 0xf0, 0x9f]), Buffer.from('\\t"}}}')]);
    let inner: unknown = decodeMessage(Buffer.from(deep));
    for (let k = 0; k < 20000; k++) inner = (inner as unknown[])[0];
    assert.equal(inner, long);
    for (const body of [Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'x', params: { [long]: [1, long] } })), bad]) {
      const want: unknown = JSON.parse(body.toString('utf8'));
      const got = decodeMessage(body) as unknown as { params?: { textDocument?: object } };
      assert.deepEqual(got, want);
      if (got.params?.textDocument) assert.equal(openedBytes(got.params.textDocument), undefined);
    }
  });
});

/** Frames a message as an editor sends it. */
const frame = (body: string | Buffer): Buffer => Buffer.concat([Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n`), Buffer.from(body)]);

/** Feeds `bytes` to a reader in the chunks `cuts` make; the messages and errors it gave. */
async function readAll(bytes: Buffer, cuts: number[], known: Buffer[] = []): Promise<{ messages: Message[]; errors: Error[] }> {
  const input = new PassThrough();
  const reader = new MessageStreamReader(input);
  reader.expect(() => known);
  const messages: Message[] = [];
  const errors: Error[] = [];
  reader.onError((e) => errors.push(e));
  reader.listen((m) => messages.push(m));
  const ended = new Promise((r) => input.on('end', r));
  let at = 0;
  for (const c of [...cuts.map((x) => x % (bytes.length + 1)), bytes.length].sort((a, b) => a - b)) {
    if (c > at) input.write(bytes.subarray(at, c));
    at = Math.max(at, c);
  }
  input.end();
  await ended;
  return { messages, errors };
}

describe('framing', () => {
  const bodies = [{ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, text: 'é 模型 😀 \r\n' } }, { jsonrpc: '2.0', method: 'initialized', params: {} }, { jsonrpc: '2.0', id: 2, method: 'workspace/symbol', params: { query: '' } }];
  const stream = Buffer.concat(bodies.map((b) => frame(JSON.stringify(b))));

  test('messages cut into chunks anywhere, even inside a header or a character, arrive whole and in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (cuts) => {
        const { messages, errors } = await readAll(stream, cuts);
        assert.deepEqual(errors, []);
        assert.deepEqual(messages, bodies);
      }),
      { numRuns: 300 },
    );
    // One byte at a time.
    const { messages } = await readAll(stream, Array.from({ length: stream.length }, (_, i) => i));
    assert.deepEqual(messages, bodies);
  });

  test('a large didOpen in chunks: its text kept as bytes, the messages around it as they were', async () => {
    const text = `9:00 2025-12-01\n模型 "x"\n${'v'.repeat(BIG_TEXT)}`;
    const open = { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///j.txt', languageId: 'daybook', version: 1, text } } };
    const all = Buffer.concat([frame(JSON.stringify(bodies[0])), frame(JSON.stringify(open)), frame(JSON.stringify(bodies[2]))]);
    const cuts = Array.from({ length: 40 }, (_, i) => Math.floor((all.length * i) / 40) + (i % 3));
    const { messages, errors } = await readAll(all, cuts);
    assert.deepEqual(errors, []);
    assert.equal(messages.length, 3);
    const td = (messages[1] as unknown as typeof open).params.textDocument;
    assert.equal(openedBytes(td)?.toString('utf8'), text);
    assert.deepEqual(JSON.parse(JSON.stringify(messages)), [bodies[0], open, bodies[2]]);
  });

  test('a large didOpen in pieces cut anywhere, escapes cut too: the message JSON.parse gives, its text as bytes unless it holds an escaped surrogate', async () => {
    const chars = fc.constantFrom('a', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0001', '\u001f', 'é', '模', '😀', '\ud800', '\udc00', '\u2028', ' ');
    await fc.assert(
      fc.asyncProperty(fc.array(chars, { maxLength: 80 }), fc.array(chars, { maxLength: 80 }), fc.boolean(), fc.boolean(), fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), async (a, b, escaped, dense, cuts) => {
        // The middle plain (read sixteen bytes at a time), or the start's characters again and again (escapes everywhere, at every place in a vector).
        const again = `${a.join('')}z`;
        const text = a.join('') + (dense ? again.repeat(Math.ceil(BIG_TEXT / again.length)) : 'q'.repeat(BIG_TEXT)) + b.join('');
        const body = didOpen(text, escaped ? escapingAll : JSON.stringify);
        const want = JSON.parse(body.toString('utf8')) as { params: { textDocument: { text: string } } };
        // Cuts near the text's two ends, where its escapes are, and anywhere.
        const near = cuts.map((c, i) => (i % 3 === 0 ? 100 + (c % 900) : i % 3 === 1 ? body.length - 20 - (c % 900) : c));
        const framed = frame(body);
        const head = framed.length - body.length;
        const { messages, errors } = await readAll(framed, near.map((c) => c + head));
        assert.deepEqual(errors, []);
        const td = (messages[0] as unknown as typeof want).params.textDocument;
        assert.equal(td.text, want.params.textDocument.text);
        assert.deepEqual(JSON.parse(JSON.stringify(messages[0])), JSON.parse(JSON.stringify(want)));
        const bytes = openedBytes(td);
        const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
        assert.equal(bytes === undefined, escaped ? /[\uD800-\uDFFF]/.test(text) : lone);
        if (bytes) assert.equal(bytes.toString('utf8'), text);
      }),
      { numRuns: 60 },
    );
  });

  test('a large didOpen equal to a text the server read already is that very buffer, compared as it arrives; one that differs anywhere is a copy', async () => {
    const text = `9:00 2025-12-01\n模型 "x" \\ 😀\n${'v'.repeat(BIG_TEXT)}\nend 末\n`;
    const same = Buffer.from(text);
    const known = [Buffer.from(text.replace('模型', '模板')), same, Buffer.from(`${text}more`)];
    const variants = [text, `X${text.slice(1)}`, text.replace('x', 'y'), `${text.slice(0, -2)}?\n`, `${text}\n`, text.slice(0, -1), text.replace('😀', '\ud83d')];
    for (const [k, variant] of variants.entries()) {
      for (const pieces of [1, 7, 300]) {
        const body = frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///j.txt', languageId: 'daybook', version: 1, text: variant } } }));
        const { messages, errors } = await readAll(body, Array.from({ length: pieces }, (_, i) => Math.floor((body.length * i) / pieces) + (i % 5)), known);
        assert.deepEqual(errors, []);
        const td = (messages[0] as unknown as { params: { textDocument: { text: string } } }).params.textDocument;
        const bytes = openedBytes(td);
        if (k === variants.length - 1) assert.equal(bytes, undefined, 'a lone surrogate: a string');
        else {
          assert.equal(bytes?.toString('utf8'), variant);
          assert.equal(bytes === same, k === 0, `variant ${k}, ${pieces} pieces`);
          assert.ok(!known.some((b, i) => i !== 1 && b === bytes));
        }
        assert.equal(td.text, variant);
      }
    }
  });

  test('what waits for a large body to arrive (the read-ahead) goes on once it is given, or refused; at once when none is arriving', async () => {
    const text = `9:00 2025-12-01\n${'v'.repeat(BIG_TEXT)}`;
    const open = frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///j.txt', languageId: 'daybook', version: 1, text } } }));
    for (const [name, body, given] of [
      ['a didOpen', open, 1],
      ['a body that is not JSON', frame(`{"a":"${'v'.repeat(BIG_TEXT)}`), 0],
    ] as const) {
      const input = new PassThrough();
      const reader = new MessageStreamReader(input);
      const order: string[] = [];
      reader.onError(() => order.push('error'));
      reader.listen(() => order.push('message'));
      reader.whenReceived(() => order.push('idle at first'));
      const wrote = (bytes: Buffer) => new Promise<void>((r) => input.write(bytes, () => setImmediate(r)));
      await wrote(body.subarray(0, 1000));
      reader.whenReceived(() => order.push('after the body'));
      reader.whenReceived(() => order.push('after it too'));
      await wrote(body.subarray(1000, body.length - 10));
      assert.deepEqual(order, ['idle at first'], `${name}: nothing while the body arrives`);
      await wrote(body.subarray(body.length - 10));
      assert.deepEqual(order, ['idle at first', given ? 'message' : 'error', 'after the body', 'after it too'], name);
    }
  });

  test('a header that cannot be read: an error that says why, and nothing read after it', async () => {
    for (const [bad, why] of [
      ['Content-Length: abc\r\n\r\n{}', /Content-Length value must be a number/],
      ['Content-Type: application/vscode-jsonrpc\r\n\r\n{}', /must provide a Content-Length/],
      ['Content-Length 12\r\n\r\n{"jsonrpc":1}', /must separate key and value/],
      ['Content-Length: 99999999999999999999\r\n\r\n', /must be a number/],
      ['Content-Length: 999999999999999\r\n\r\n', /is more than the 1073741824 bytes a message may have/],
      [`X-Long: ${'y'.repeat(70 * 1024)}`, /a header of more than/],
    ] as const) {
      const { messages, errors } = await readAll(Buffer.concat([frame(JSON.stringify(bodies[0])), Buffer.from(bad), frame(JSON.stringify(bodies[2]))]), [5, 50, 200]);
      assert.deepEqual(messages, [bodies[0]], bad.slice(0, 40));
      assert.equal(errors.length, 1);
      assert.match(errors[0]!.message, why);
    }
  });

  test('a body that is not JSON: a SyntaxError, and the next message is read', async () => {
    const { messages, errors } = await readAll(Buffer.concat([frame('{not json'), frame(JSON.stringify(bodies[2]))]), [3]);
    assert.deepEqual(messages, [bodies[2]]);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof SyntaxError);
  });
});
