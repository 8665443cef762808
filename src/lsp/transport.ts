/**
 * How the language server reads the editor's messages: each framed by a
 * `Content-Length` header, its body copied as it arrives into a buffer of
 * that length, and decoded from JSON, except one kind of message. When an
 * editor opens a large document, its whole text arrives in one
 * `textDocument/didOpen`; decoding it to a string and parsing the JSON
 * around it would take longer than reading the journal by its entries'
 * heads. Such a body is read as it arrives (`BigBody`): the text is
 * unescaped piece by piece into the UTF-8 bytes it stands for
 * (`openedBytes`), and the service reads the document from them, decoding
 * an entry's text only when it is asked for. A text equal to a file the
 * server read from disk already (`expect`) is that file's buffer: compared
 * as it arrives, never copied.
 *
 * A message means what `JSON.parse` says it means either way: a text that
 * UTF-8 cannot hold as it is (an escaped surrogate) is given as a string,
 * and what is not JSON is refused with a `SyntaxError` (tested against
 * `JSON.parse` on random texts, cut into pieces anywhere).
 */
import { isUtf8 } from 'node:buffer';
import { AbstractMessageReader, Disposable, type DataCallback, type Message, type MessageReader } from 'vscode-languageserver/node.js';
import { UNESCAPE_WASM } from './unescape-wasm.js';

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
  /** The body being read, and how much of it has arrived; a large one is read as it arrives. */
  private body?: Buffer;
  private filled = 0;
  private big?: BigBody;
  private broken = false;
  /** The texts a large open may be equal to (see `expect`). */
  private known: () => Buffer[] = () => [];
  /** What waits for a large body to have arrived (`whenReceived`). */
  private waiting: (() => void)[] = [];

  constructor(private readonly input: NodeJS.ReadableStream) {
    super();
  }

  /**
   * Tells the reader which texts an editor may open as they are (the
   * journal's files read from disk already): a large didOpen whose text
   * equals one of them gives that buffer as its bytes, compared as it
   * arrives and never copied.
   */
  expect(known: () => Buffer[]): void {
    this.known = known;
  }

  /**
   * Calls `f` once no large body (`BIG_TEXT` bytes or more) is arriving: at
   * once when none is, else after it is given (or refused). The server
   * holds its read-ahead meanwhile: the body arrives as fast as the pipe
   * gives it, and the document it opens is the one to read.
   */
  whenReceived(f: () => void): void {
    if (this.big) this.waiting.push(f);
    else f();
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
      const big = this.big;
      if (big) {
        data = data.subarray(big.take(data));
        if (big.done) this.deliverBig(callback);
        continue;
      }
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
      data = head.subarray(end + 4);
      if (length >= BIG_TEXT) {
        this.big = new BigBody(length, this.known);
        continue;
      }
      this.body = Buffer.allocUnsafe(length);
      this.filled = 0;
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
    this.big = undefined;
    this.fireError(new Error(reason));
    return undefined;
  }

  /** Calls what waited for a large body. */
  private received(): void {
    for (const f of this.waiting.splice(0)) f();
  }

  private deliver(callback: DataCallback): void {
    const body = this.body!;
    this.body = undefined;
    // (A body of `BIG_TEXT` bytes or more is read as it arrives: see `deliverBig`.)
    this.give(callback, () => decodeMessage(body));
  }

  private deliverBig(callback: DataCallback): void {
    const big = this.big!;
    this.big = undefined;
    this.give(callback, () => big.message());
    this.received();
  }

  private give(callback: DataCallback, decode: () => Message): void {
    let message: Message;
    try {
      message = decode();
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
  if (body.length < BIG_TEXT) return JSON.parse(body.toString('utf8')) as Message;
  const big = new BigBody(body.length, () => []);
  big.take(body);
  return big.message();
}

/** Room for the strings before a long one (keys, a URI); a string longer than this is the long one. */
const SCRATCH = 64 * 1024;

/** How much of a large body is read before its long string is looked for: one that starts later is read the ordinary way. */
const PREFIX = 256 * 1024;

const refused = (): SyntaxError => new SyntaxError('daybook lsp: a message holds a string that JSON does not allow (a raw control character, an unknown escape, or no closing quote)');

/**
 * A body of `BIG_TEXT` bytes or more, read as it arrives. Its first
 * `PREFIX` bytes are kept; the first string in them that goes on past
 * `SCRATCH` bytes is the long one, and from there on the body is not kept:
 * the string is unescaped into its UTF-8 bytes as its pieces arrive
 * (`StringReader`), and compared with the known texts (`TextBytes`), so
 * that an editor's open of a file read from disk already costs no copy of
 * it. The rest of the message is parsed by `JSON.parse` around a
 * placeholder. A didOpen's text is kept as bytes; any other long string is
 * decoded and put back where it was. A body whose strings before the long
 * one are not ones JSON takes, or that has no long string in its first
 * `PREFIX` bytes, is read whole and the ordinary way.
 */
class BigBody {
  /** The body's first bytes (kept), and how many have arrived. */
  private readonly prefix: Buffer;
  private filled = 0;
  /** The whole body, when it is read the ordinary way. */
  private whole?: Buffer;
  private wholeFilled = 0;
  /** The long string: where its opening quote is, its reader, where its bytes go, and whether it has ended. */
  private at = -1;
  private text?: StringReader;
  private bytes?: TextBytes;
  private ended = false;
  /** The bytes after the long string. */
  private readonly rest: Buffer[] = [];
  private got = 0;

  constructor(
    readonly length: number,
    private readonly known: () => Buffer[],
  ) {
    this.prefix = Buffer.allocUnsafe(Math.min(length, PREFIX));
  }

  /** True once the whole body has arrived. */
  get done(): boolean {
    return this.got === this.length;
  }

  /** Takes the body's next bytes from `data`; returns how many it took (the rest belongs to the next message). */
  take(data: Buffer): number {
    const n = Math.min(data.length, this.length - this.got);
    let piece = data.subarray(0, n);
    this.got += n;
    if (!this.whole && !this.text) {
      const k = Math.min(piece.length, this.prefix.length - this.filled);
      piece.copy(this.prefix, this.filled, 0, k);
      this.filled += k;
      piece = piece.subarray(k);
      if (this.filled < this.prefix.length) return n;
      this.start();
      if (this.text) this.feed(this.prefix.subarray(this.at + 1));
    }
    if (this.whole) {
      piece.copy(this.whole, this.wholeFilled);
      this.wholeFilled += piece.length;
    } else this.feed(piece);
    return n;
  }

  /** Finds the long string in the prefix, or sets the body to be read whole. */
  private start(): void {
    const prefix = this.prefix;
    let at = prefix.indexOf(0x22);
    while (at !== -1) {
      const end = Math.min(prefix.length, at + 1 + SCRATCH);
      let r: number;
      try {
        r = new StringReader(() => {}).push(prefix.subarray(at + 1, end));
      } catch {
        break;
      }
      if (r === -1) {
        if (end - (at + 1) < SCRATCH) break;
        this.at = at;
        this.bytes = new TextBytes(this.known(), this.length - at - 1);
        const bytes = this.bytes;
        this.text = new StringReader((out, count) => bytes.write(out, count));
        return;
      }
      at = prefix.indexOf(0x22, at + 1 + r);
    }
    this.whole = Buffer.allocUnsafe(this.length);
    prefix.copy(this.whole);
    this.wholeFilled = prefix.length;
  }

  /** Reads a piece of the body after the long string's opening quote. */
  private feed(piece: Buffer): void {
    if (this.ended) {
      if (piece.length > 0) this.rest.push(Buffer.from(piece));
      return;
    }
    const r = this.text!.push(piece);
    if (r === -1) return;
    this.ended = true;
    this.feed(piece.subarray(r));
  }

  /** The message, once the body is whole; a `SyntaxError` where `JSON.parse` would refuse it. */
  message(): Message {
    if (this.whole) return JSON.parse(this.whole.toString('utf8')) as Message;
    if (!this.ended) throw refused();
    const text = this.text!;
    const bytes = this.bytes!.result();
    // Random, so that no string of the message can be taken for it.
    const placeholder = `\u0000daybook: kept apart ${Math.random()} ${Math.random()}\u0000`;
    const message = JSON.parse(`${this.prefix.toString('utf8', 0, this.at)}${JSON.stringify(placeholder)}${Buffer.concat(this.rest).toString('utf8')}`) as { method?: unknown; params?: { textDocument?: { text?: unknown } } };
    const textDocument = message?.params?.textDocument;
    // (A text with an escaped surrogate, or bytes that are not UTF-8, is a string: what JSON.parse makes of it.)
    if (message?.method === 'textDocument/didOpen' && typeof textDocument === 'object' && textDocument !== null && textDocument.text === placeholder && !text.surrogates && isUtf8(bytes)) {
      OPENED.set(textDocument, bytes);
      Object.defineProperty(textDocument, 'text', {
        enumerable: true,
        configurable: true,
        get(): string {
          const s = bytes.toString('utf8');
          Object.defineProperty(textDocument, 'text', { value: s, enumerable: true, configurable: true, writable: true });
          return s;
        },
      });
      return message as Message;
    }
    return putBack(message, placeholder, text.decode(bytes)) as Message;
  }
}

/**
 * Where a long string's bytes go: compared with the known texts as they
 * come, and copied only once they differ from all of them. Its result is
 * then one of the known texts itself, or the bytes written.
 */
class TextBytes {
  private copy?: Buffer;
  private length = 0;

  constructor(
    private candidates: Buffer[],
    /** The most bytes the string can make (its escaped length). */
    private readonly room: number,
  ) {}

  write(out: Buffer, count: number): void {
    if (!this.copy) {
      const at = this.length;
      const before = this.candidates[0];
      this.candidates = this.candidates.filter((c) => c.length >= at + count && c.compare(out, 0, count, at, at + count) === 0);
      if (this.candidates.length > 0) {
        this.length += count;
        return;
      }
      this.copy = Buffer.allocUnsafe(this.room);
      before?.copy(this.copy, 0, 0, at);
    }
    out.copy(this.copy, this.length, 0, count);
    this.length += count;
  }

  /** The string's bytes: a known text it equals, or a copy. */
  result(): Buffer {
    if (this.copy) return this.copy.subarray(0, this.length);
    const same = this.candidates.find((c) => c.length === this.length);
    if (same) return same;
    const bytes = Buffer.allocUnsafe(this.length);
    this.candidates[0]?.copy(bytes, 0, 0, this.length);
    return bytes;
  }
}

/** The unescaper of unescape.wat. */
interface Unescaper {
  memory: WebAssembly.Memory;
  unescape(i: number, n: number, j: number): number;
  read: WebAssembly.Global;
  written: WebAssembly.Global;
  unit: WebAssembly.Global;
}

let unescaper: Unescaper | undefined;

/** The unescaper, compiled at its first use; its memory, at least `bytes` long, as a buffer. */
function theUnescaper(bytes: number): { u: Unescaper; memory: Buffer } {
  unescaper ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(UNESCAPE_WASM, 'base64'))).exports as unknown as Unescaper;
  const short = bytes - unescaper.memory.buffer.byteLength;
  if (short > 0) unescaper.memory.grow(Math.ceil(short / 65536));
  return { u: unescaper, memory: Buffer.from(unescaper.memory.buffer) };
}

/** A piece is unescaped a megabyte at a time at most: the unescaper's memory stays that small. */
const SLICE = 1 << 20;

/**
 * A JSON string unescaped into UTF-8 as its pieces arrive (unescape.wat):
 * `push` each piece of the body after the opening quote; the bytes go to
 * `sink` piece by piece. An escape cut between two pieces waits for the
 * next one. An escaped surrogate pair is written as its character; a lone
 * surrogate (JSON allows it; UTF-8 cannot hold it) is noted with its place,
 * and `decode` puts it back.
 */
class StringReader {
  /** The start of an escape that the last piece cut. */
  private carry?: Buffer;
  /** Bytes written so far. */
  private written = 0;
  /** True when the string holds an escaped surrogate (a pair or a lone one). */
  surrogates = false;
  /** Lone surrogates: place in the bytes and code unit, in pairs. */
  private readonly lone: number[] = [];

  constructor(private readonly sink: (bytes: Buffer, count: number) => void) {}

  /**
   * Reads a piece: the index in it just past the closing quote, or -1 when
   * the string goes on. Throws a `SyntaxError` where `JSON.parse` would: a
   * raw control character, an unknown escape.
   */
  push(piece: Buffer): number {
    for (let at = 0; at < piece.length; at += SLICE) {
      const r = this.pushSlice(piece.subarray(at, at + SLICE));
      if (r !== -1) return at + r;
    }
    return -1;
  }

  private pushSlice(piece: Buffer): number {
    const carried = this.carry?.length ?? 0;
    const n = carried + piece.length;
    // The text from 0, its bytes after it (with the 16 bytes a vector written whole may take past the last).
    const base = (n + 31) & ~15;
    const { u, memory: m } = theUnescaper(base + n + 16);
    if (this.carry) m.set(this.carry, 0);
    this.carry = undefined;
    m.set(piece, carried);
    const out = m.subarray(base);
    let i = 0;
    let j = base;
    for (;;) {
      const status = u.unescape(i, n, j);
      i = u.read.value as number;
      j = u.written.value as number;
      if (status === 0) break;
      if (status === 1) {
        this.give(out, j - base);
        return i + 1 - carried;
      }
      if (status === 3) throw refused();
      if (status === 4) {
        // A high surrogate and an escaped low one after it make one character; anything else leaves it alone.
        const unit = u.unit.value as number;
        this.surrogates = true;
        let low = -1;
        if (unit <= 0xdbff) {
          if (i + 6 >= n || (m[i + 6] === 0x5c && (i + 7 >= n || (m[i + 7] === 0x75 && i + 12 > n)))) {
            this.carry = Buffer.from(m.subarray(i, n));
            break;
          }
          if (m[i + 6] === 0x5c && m[i + 7] === 0x75) low = hex4(m, i + 8);
        }
        if (low < 0xdc00 || low > 0xdfff) {
          this.lone.push(this.written + j - base, unit);
          i += 6;
          continue;
        }
        const c = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        m[j++] = 0xf0 | (c >> 18);
        m[j++] = 0x80 | ((c >> 12) & 0x3f);
        m[j++] = 0x80 | ((c >> 6) & 0x3f);
        m[j++] = 0x80 | (c & 0x3f);
        i += 12;
        continue;
      }
      // (2: an escape cut at the end.)
      this.carry = Buffer.from(m.subarray(i, n));
      break;
    }
    this.give(out, j - base);
    return -1;
  }

  private give(bytes: Buffer, count: number): void {
    this.written += count;
    if (count > 0) this.sink(bytes, count);
  }

  /** The string these bytes (its bytes as written) and its lone surrogates make. */
  decode(bytes: Buffer): string {
    if (this.lone.length === 0) return bytes.toString('utf8');
    let s = '';
    let at = 0;
    for (let k = 0; k < this.lone.length; k += 2) {
      s += bytes.toString('utf8', at, this.lone[k]) + String.fromCharCode(this.lone[k + 1]!);
      at = this.lone[k]!;
    }
    return s + bytes.toString('utf8', at);
  }
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
