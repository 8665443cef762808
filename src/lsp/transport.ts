/**
 * How the language server reads the editor's messages: each framed by a
 * `Content-Length` header, its body copied as it arrives into a buffer of
 * that length, and decoded from JSON, except one kind of message. When an
 * editor opens a large document, its whole text arrives in one
 * `textDocument/didOpen`; decoding it to a string and parsing the JSON
 * around it would take longer than reading the journal by its entries'
 * heads. Such a text is taken out of the message as the UTF-8 bytes it
 * stands for (`openedBytes`), and the service reads the document from them,
 * decoding an entry's text only when it is asked for.
 *
 * A message means what `JSON.parse` says it means either way: what this
 * reading cannot hold as UTF-8 (an escaped surrogate) goes the ordinary
 * way, and what is not JSON is refused with a `SyntaxError` (tested against
 * `JSON.parse` on random texts).
 */
import { isUtf8 } from 'node:buffer';
import { AbstractMessageReader, Disposable, type DataCallback, type Message, type MessageReader } from 'vscode-languageserver/node.js';

/** A string of the message this long (in bytes) or longer is kept as bytes. */
export const BIG_TEXT = 1 << 20;

/** A message header longer than this is not one. */
const MAX_HEADER = 64 * 1024;

/** The longest message taken (1 GiB; a string of JavaScript holds at most about 512 million characters). */
const MAX_BODY = 1 << 30;

/** The UTF-8 bytes of the text of an opened document, for the `textDocument` of a message read by `decodeMessage`. */
const OPENED = new WeakMap<object, Buffer>();

/**
 * The bytes of the text of a `textDocument/didOpen` whose text this reader
 * kept as bytes; undefined for any other (its `text` is a string). The
 * `text` property of such a message still gives the string, decoded when
 * first asked for.
 */
export function openedBytes(textDocument: object): Buffer | undefined {
  return OPENED.get(textDocument);
}

/**
 * Reads messages from a stream (the server's standard input). A header that
 * cannot be read is an error (`onError`), after which nothing more is read:
 * the stream is at an unknown place. A body that is not JSON is an error
 * too (a `SyntaxError`), and reading goes on with the next message.
 */
export class MessageStreamReader extends AbstractMessageReader implements MessageReader {
  /** The start of a header, while its end has not arrived. */
  private head?: Buffer;
  /** The body being read, and how much of it has arrived. */
  private body?: Buffer;
  private filled = 0;
  private broken = false;

  constructor(private readonly input: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string): void => this.take(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk, callback);
    const onError = (err: Error): void => this.fireError(err);
    const onClose = (): void => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('close', onClose);
    return Disposable.create(() => {
      this.input.off('data', onData);
      this.input.off('error', onError);
      this.input.off('close', onClose);
    });
  }

  private take(chunk: Buffer, callback: DataCallback): void {
    let data = chunk;
    while (data.length > 0 && !this.broken) {
      const body = this.body;
      if (body) {
        const n = Math.min(data.length, body.length - this.filled);
        data.copy(body, this.filled, 0, n);
        this.filled += n;
        data = data.subarray(n);
        if (this.filled === body.length) this.deliver(callback);
        continue;
      }
      const head = this.head ? Buffer.concat([this.head, data]) : data;
      const end = head.indexOf('\r\n\r\n');
      if ((end === -1 ? head.length : end) > MAX_HEADER) {
        this.fail(`a header of more than ${MAX_HEADER} bytes`);
        return;
      }
      if (end === -1) {
        this.head = Buffer.from(head);
        return;
      }
      this.head = undefined;
      const length = this.contentLength(head.toString('latin1', 0, end));
      if (length === undefined) return;
      this.body = Buffer.allocUnsafe(length);
      this.filled = 0;
      data = head.subarray(end + 4);
      if (length === 0) this.deliver(callback);
    }
  }

  /** The length a header gives, or undefined (and the reader broken) when it cannot be read. */
  private contentLength(header: string): number | undefined {
    let length: number | undefined;
    for (const line of header.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon === -1) return this.fail(`Message header must separate key and value using ':' (${JSON.stringify(line.slice(0, 80))})`);
      if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
      const value = line.slice(colon + 1).trim();
      if (!/^\d{1,15}$/.test(value)) return this.fail(`Content-Length value must be a number. Got ${JSON.stringify(value.slice(0, 80))}`);
      length = Number(value);
      // (The buffer is made at this length before the bytes arrive: a length no message has is refused.)
      if (length > MAX_BODY) return this.fail(`Content-Length ${value} is more than the ${MAX_BODY} bytes a message may have`);
    }
    return length ?? this.fail('Header must provide a Content-Length property.');
  }

  private fail(reason: string): undefined {
    this.broken = true;
    this.head = undefined;
    this.body = undefined;
    this.fireError(new Error(reason));
    return undefined;
  }

  private deliver(callback: DataCallback): void {
    const body = this.body!;
    this.body = undefined;
    let message: Message;
    try {
      message = decodeMessage(body);
    } catch (err) {
      this.fireError(err);
      return;
    }
    try {
      callback(message);
    } catch (err) {
      this.fireError(err);
    }
  }
}

/** The message of a body: JSON, a long didOpen's text kept as bytes (`openedBytes`). Throws `SyntaxError` when it is not JSON. */
export function decodeMessage(body: Buffer): Message {
  return (body.length >= BIG_TEXT ? withLongString(body) : undefined) ?? (JSON.parse(body.toString('utf8')) as Message);
}

/** Room for the strings before a long one (keys, a URI); a string longer than this is the long one. */
const SCRATCH = 64 * 1024;

/**
 * Reads a message that holds a long string: the string is unescaped in
 * place, into its UTF-8 bytes (no second buffer of the body's size is
 * written: that took longer than the unescaping), and the rest of the
 * message is parsed by `JSON.parse` around a placeholder. A didOpen's text
 * is kept as bytes; any other long string is decoded and put back where it
 * was. Undefined, the body untouched, when the message is better read the
 * ordinary way: no long string, a string before it that JSON would refuse
 * or that holds a lone surrogate, or an escaped surrogate after it (UTF-8
 * cannot hold a lone one). Once the body is changed, what is not JSON is
 * refused here with a `SyntaxError`, as `JSON.parse` refuses it: the long
 * string was valid or the message was not, and the rest is `JSON.parse`'s
 * to judge.
 */
function withLongString(body: Buffer): Message | undefined {
  const scratch = Buffer.allocUnsafe(SCRATCH);
  let at = body.indexOf(0x22);
  while (at !== -1) {
    const r = unescapeString(body, at + 1, scratch, SCRATCH - 8);
    if (r === undefined) return undefined;
    if (r === LONG) break;
    at = body.indexOf(0x22, r.end + 1);
  }
  if (at === -1 || body.indexOf('\\ud', at) !== -1 || body.indexOf('\\uD', at) !== -1) return undefined;
  const r = unescapeString(body, at + 1, body.subarray(at + 1));
  if (r === undefined || r === LONG) throw new SyntaxError('daybook lsp: a message holds a string that JSON does not allow (a raw control character, an unknown escape, or no closing quote)');
  const text = body.subarray(at + 1, at + 1 + r.length);
  // Random, so that no string of the message can be taken for it.
  const placeholder = `\u0000daybook: kept apart ${Math.random()} ${Math.random()}\u0000`;
  const message = JSON.parse(`${body.toString('utf8', 0, at)}${JSON.stringify(placeholder)}${body.toString('utf8', r.end + 1)}`) as { method?: unknown; params?: { textDocument?: { text?: unknown } } };
  const textDocument = message?.params?.textDocument;
  if (message?.method === 'textDocument/didOpen' && typeof textDocument === 'object' && textDocument !== null && textDocument.text === placeholder && isUtf8(text)) {
    OPENED.set(textDocument, text);
    Object.defineProperty(textDocument, 'text', {
      enumerable: true,
      configurable: true,
      get(): string {
        const s = text.toString('utf8');
        Object.defineProperty(textDocument, 'text', { value: s, enumerable: true, configurable: true, writable: true });
        return s;
      },
    });
    return message as Message;
  }
  // (Bytes that are not UTF-8 decode to what JSON.parse of the decoded body gives: escapes make ASCII or whole characters.)
  return putBack(message, placeholder, text.toString('utf8')) as Message;
}

/** Puts `text` where `placeholder` stands, as a value or a key, in a parsed message (without recursion: nesting may be deep). */
function putBack(message: unknown, placeholder: string, text: string): unknown {
  if (message === placeholder) return text;
  const stack: unknown[] = [message];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const v = o[key];
      if (v === placeholder) o[key] = text;
      else stack.push(v);
      if (key === placeholder) {
        o[text] = o[key];
        delete o[key];
      }
    }
  }
  return message;
}

/** The escapes of one character: `\n` and the like. */
const SIMPLE = new Int16Array(128).fill(-1);
for (const [c, v] of [['"', 0x22], ['\\', 0x5c], ['/', 0x2f], ['b', 8], ['f', 12], ['n', 10], ['r', 13], ['t', 9]] as const) SIMPLE[c.charCodeAt(0)] = v;

/**
 * Writes the UTF-8 bytes of the JSON string whose text starts at `from` to
 * `out`: where its closing quote is and how many bytes it wrote. Never more
 * bytes than it read, so `out` may be the body itself, from `from` on.
 * `LONG` when the string goes on past `limit` bytes (what was written is
 * then of no use). Undefined when the string is not one JSON takes (a raw
 * control character, a bad escape, no end), or holds a lone surrogate,
 * which UTF-8 cannot hold.
 */
export function unescapeString(body: Buffer, from: number, out: Buffer, limit = Infinity): { end: number; length: number } | typeof LONG | undefined {
  const n = Math.min(body.length, from + limit);
  let j = 0;
  let i = from;
  for (; i < n; i++) {
    const b = body[i]!;
    if (b !== 0x5c) {
      if (b === 0x22) return { end: i, length: j };
      if (b < 0x20) return undefined;
      out[j++] = b;
      continue;
    }
    const e = body[++i] ?? 0;
    const simple = e < 128 ? SIMPLE[e]! : -1;
    if (simple >= 0) {
      out[j++] = simple;
      continue;
    }
    if (e !== 0x75) return undefined;
    let u = hex4(body, i + 1);
    if (u < 0) return undefined;
    i += 4;
    if (u >= 0xd800 && u <= 0xdfff) {
      // A surrogate pair, written as two escapes; a lone surrogate is left to JSON.parse.
      if (u > 0xdbff || body[i + 1] !== 0x5c || body[i + 2] !== 0x75) return undefined;
      const low = hex4(body, i + 3);
      if (low < 0xdc00 || low > 0xdfff) return undefined;
      i += 6;
      u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
      out[j++] = 0xf0 | (u >> 18);
      out[j++] = 0x80 | ((u >> 12) & 0x3f);
      out[j++] = 0x80 | ((u >> 6) & 0x3f);
      out[j++] = 0x80 | (u & 0x3f);
    } else if (u < 0x80) out[j++] = u;
    else if (u < 0x800) {
      out[j++] = 0xc0 | (u >> 6);
      out[j++] = 0x80 | (u & 0x3f);
    } else {
      out[j++] = 0xe0 | (u >> 12);
      out[j++] = 0x80 | ((u >> 6) & 0x3f);
      out[j++] = 0x80 | (u & 0x3f);
    }
  }
  return n < body.length ? LONG : undefined;
}

/** What `unescapeString` returns for a string longer than its limit. */
const LONG = -1;

/** The value of four hex digits at `at`, or -1. */
function hex4(body: Buffer, at: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = body[at + k] ?? 0;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}
