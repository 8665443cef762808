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
 * Anything this reading does not take exactly as JSON would (a lone
 * surrogate, a raw control character, bytes that are not UTF-8) goes the
 * ordinary way, so a message means what it says either way.
 */
import { isUtf8 } from 'node:buffer';
import { AbstractMessageReader, Disposable, type DataCallback, type Message, type MessageReader } from 'vscode-languageserver/node.js';

/** A string of the message this long (in bytes) or longer is kept as bytes. */
export const BIG_TEXT = 1 << 20;

/** A message header longer than this is not one. */
const MAX_HEADER = 64 * 1024;

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

/** Stands in for the kept text while the rest of the message is parsed. */
const PLACEHOLDER = '\u0000daybook: the text is kept as bytes\u0000';

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
    callback(message);
  }
}

/** The message of a body: JSON, a long didOpen's text kept as bytes (`openedBytes`). Throws `SyntaxError` when it is not JSON. */
export function decodeMessage(body: Buffer): Message {
  return (body.length >= BIG_TEXT ? openedAsBytes(body) : undefined) ?? (JSON.parse(body.toString('utf8')) as Message);
}

/**
 * Reads a `textDocument/didOpen` whose text is long, keeping the text as
 * bytes. Undefined for any other message, or when the text holds what is
 * better decoded the ordinary way.
 */
export function openedAsBytes(body: Buffer): Message | undefined {
  // Strings are unescaped into one buffer, each over the last, until one is long: that one is kept.
  const out = Buffer.allocUnsafe(body.length);
  let kept = false;
  let keptFrom = -1;
  let keptTo = -1;
  let length = 0;
  for (let i = body.indexOf(0x22); i !== -1; ) {
    let end: number;
    if (!kept) {
      const r = unescapeString(body, i + 1, out);
      if (r === undefined) return undefined;
      end = r.end;
      if (end - i >= BIG_TEXT) {
        kept = true;
        length = r.length;
        keptFrom = i;
        keptTo = end + 1;
      }
    } else end = stringEnd(body, i + 1);
    if (end === -1) return undefined;
    i = body.indexOf(0x22, end + 1);
  }
  if (!kept) return undefined;
  const text = out.subarray(0, length);
  if (!isUtf8(text)) return undefined;
  let message: { method?: unknown; params?: { textDocument?: { text?: unknown } } };
  try {
    message = JSON.parse(`${body.toString('utf8', 0, keptFrom)}${JSON.stringify(PLACEHOLDER)}${body.toString('utf8', keptTo)}`) as typeof message;
  } catch {
    return undefined;
  }
  const textDocument = message?.params?.textDocument;
  if (message?.method !== 'textDocument/didOpen' || typeof textDocument !== 'object' || textDocument === null || textDocument.text !== PLACEHOLDER) return undefined;
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

/** The offset of the closing quote of the string whose text starts at `from`, or -1. */
function stringEnd(body: Buffer, from: number): number {
  for (let i = from; i < body.length; i++) {
    const b = body[i]!;
    if (b === 0x22) return i;
    if (b === 0x5c) i++;
  }
  return -1;
}

/** The escapes of one character: `\n` and the like. */
const SIMPLE = new Int16Array(128).fill(-1);
for (const [c, v] of [['"', 0x22], ['\\', 0x5c], ['/', 0x2f], ['b', 8], ['f', 12], ['n', 10], ['r', 13], ['t', 9]] as const) SIMPLE[c.charCodeAt(0)] = v;

/**
 * Writes the UTF-8 bytes of the JSON string whose text starts at `from` to
 * `out`: where its closing quote is and how many bytes it wrote. Undefined
 * when the string is not one JSON takes (a raw control character, a bad
 * escape, no end), or holds a lone surrogate, which UTF-8 cannot hold.
 */
export function unescapeString(body: Buffer, from: number, out: Buffer): { end: number; length: number } | undefined {
  const n = body.length;
  let j = 0;
  for (let i = from; i < n; i++) {
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
  return undefined;
}

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
