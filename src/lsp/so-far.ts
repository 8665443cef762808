/**
 * The journal as a question sees it while the language server still reads
 * the heads of documents the editor opened: the heads of a 100 MB document
 * take most of a second, its header lines alone a tenth of that. The files
 * read whole so far are a `Journal`; each opened document not yet in it is
 * known by the moments of its header lines, and an entry is read by its
 * head (the journal's own reader) only when a question reaches it.
 *
 * Its answers are the journal's: entries are filed by moment as
 * `Journal.addMoment` files them (the files read so far first, then the
 * opened documents in the order they will be read), and an entry's moment
 * is its header line's, as the entry reader takes it.
 */
import { EntryChecker } from '../model/entry.js';
import type { MomentLookup } from '../model/findings.js';
import type { Journal } from '../model/journal.js';
import { readMoment } from '../model/moment.js';
import type { Entry, JournalFile } from '../model/types.js';
import type { Document } from '../syntax/document.js';
import { lastAtOrBefore } from '../syntax/sorted.js';

/** An opened document not yet in the journal: its entries by the moments of their header lines. */
class OpenedDoc {
  readonly file: JournalFile;
  private readonly checker: EntryChecker;
  /** Entries read so far, by chunk. */
  private readonly read = new Map<number, Entry>();
  /**
   * The chunks by moment: an open-addressing table of moment codes (`keys`,
   * `NaN` for a free slot) and, for each, its first and last chunk, the
   * chunks of one moment linked in file order through `next`. Typed arrays,
   * not a `Map`: a large document has hundreds of thousands of entries, and
   * a code past 2^30 is not a small integer to a `Map`.
   */
  private readonly keys: Float64Array;
  private readonly first: Int32Array;
  private readonly last: Int32Array;
  private readonly next: Int32Array;
  private readonly shift: number;

  constructor(path: string, readonly doc: Document) {
    this.file = { path, doc, entries: [], writable: true, diagnostics: [] };
    this.checker = new EntryChecker({ file: this.file, diagnostics: [] });
    const chunks = doc.chunks;
    let bits = 4;
    while (1 << bits < chunks.length * 2) bits++;
    this.shift = 32 - bits;
    this.keys = new Float64Array(1 << bits).fill(NaN);
    this.first = new Int32Array(1 << bits);
    this.last = new Int32Array(1 << bits);
    this.next = new Int32Array(chunks.length).fill(-1);
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      if (chunk.preamble) continue;
      // The header's moment as the reader takes it (`EntryReader`, the 'moment' token: the header line, which
      // `readMoment` reads without the spaces and tabs that end it).
      const moment = readMoment(doc.firstLine(chunk));
      if (!moment?.valid) continue;
      const slot = this.slot(moment.code);
      if (Number.isNaN(this.keys[slot]!)) {
        this.keys[slot] = moment.code;
        this.first[slot] = i;
      } else this.next[this.last[slot]!] = i;
      this.last[slot] = i;
    }
  }

  /** The slot of a code: its own, or the free one where it goes. */
  private slot(code: number): number {
    const mask = this.keys.length - 1;
    let s = Math.imul(code | 0, 0x9e3779b1) >>> this.shift;
    while (!Number.isNaN(this.keys[s]!) && this.keys[s] !== code) s = (s + 1) & mask;
    return s;
  }

  /** The entry of a chunk, read by its head (once). */
  entry(i: number): Entry {
    let e = this.read.get(i);
    if (!e) {
      const chunk = this.doc.chunks[i]!;
      e = this.checker.head(chunk, this.doc.headText(chunk));
      this.read.set(i, e);
    }
    return e;
  }

  /** The entries of a moment, in file order. */
  at(code: number): Entry[] {
    const out: Entry[] = [];
    const slot = this.slot(code);
    if (Number.isNaN(this.keys[slot]!)) return out;
    for (let i = this.first[slot]!; i !== -1; i = this.next[i]!) out.push(this.entry(i));
    return out;
  }

  /** The entry holding an offset, as `Journal` finds it: the last that starts at or before it, if it reaches it. */
  entryAt(offset: number): Entry | undefined {
    const chunks = this.doc.chunks;
    const i = lastAtOrBefore(chunks, offset, (c) => c.base + c.from);
    return chunks[i] && !chunks[i].preamble ? holding(this.entry(i), offset) : undefined;
  }
}

/** The documents' tables, made once per document. */
const SO_FAR = new WeakMap<Document, OpenedDoc>();

/** The table of a document (made once), or undefined when its heads cannot be read alone. */
function openedDoc(path: string, doc: Document): OpenedDoc | undefined {
  if (!doc.headsFromBytes()) return undefined;
  let d = SO_FAR.get(doc);
  if (!d || d.file.path !== path) SO_FAR.set(doc, (d = new OpenedDoc(path, doc)));
  return d;
}

/**
 * The journal so far: its files read whole, then the opened documents
 * still to be read, looked up as the whole journal will be. With no such
 * documents, the journal itself.
 */
export class JournalSoFar implements MomentLookup {
  private readonly docs: OpenedDoc[];

  /**
   * `journal`: the files read whole so far; `opened`: the documents still
   * to be read, in the order they will be. Undefined when one of them
   * cannot be read by its heads alone (bytes with a carriage return, or
   * not UTF-8): then the journal is read whole first.
   */
  static of(journal: Journal, opened: Iterable<[string, Document]>): JournalSoFar | undefined {
    const docs: OpenedDoc[] = [];
    for (const [path, doc] of opened) {
      const d = openedDoc(path, doc);
      if (!d) return undefined;
      docs.push(d);
    }
    return new JournalSoFar(journal, docs);
  }

  /**
   * Reads an opened document's header lines now (once), so that the first
   * question about it finds them; false when its heads cannot be read
   * alone (see `of`).
   */
  static prepare(path: string, doc: Document): boolean {
    return openedDoc(path, doc) !== undefined;
  }

  /** Drops a document's table once the journal has read it (about 9 MB for 200,000 entries). */
  static forget(doc: Document): void {
    SO_FAR.delete(doc);
  }

  /** The journal itself, as a `JournalSoFar`. */
  static whole(journal: Journal): JournalSoFar {
    return new JournalSoFar(journal, []);
  }

  private constructor(
    private readonly journal: Journal,
    docs: OpenedDoc[],
  ) {
    this.docs = docs;
  }

  readonly byMoment = {
    get: (code: number): Entry | undefined => {
      const e = this.journal.byMoment.get(code);
      if (e) return e;
      for (const d of this.docs) {
        const [first] = d.at(code);
        if (first) return first;
      }
      return undefined;
    },
  };

  readonly sameMoment = {
    get: (code: number): Entry[] | undefined => {
      const first = this.journal.byMoment.get(code);
      const all = first ? [...(this.journal.sameMoment.get(code) ?? [first])] : [];
      for (const d of this.docs) all.push(...d.at(code));
      return all.length > 1 ? all : undefined;
    },
  };

  /** The document of a file: an opened one, or a file read whole. */
  doc(path: string): Document | undefined {
    return this.docs.find((d) => d.file.path === path)?.doc ?? this.journal.file(path)?.doc;
  }

  /** The entry holding an offset of a file. */
  entryAt(path: string, offset: number): Entry | undefined {
    const d = this.docs.find((x) => x.file.path === path);
    if (d) return d.entryAt(offset);
    const entries = this.journal.file(path)?.entries;
    return entries ? holding(entries[lastAtOrBefore(entries, offset, (x) => x.from)], offset) : undefined;
  }
}

/** The entry, if it holds the offset (or ends at it). */
function holding(e: Entry | undefined, offset: number): Entry | undefined {
  return e && e.from <= offset && offset <= e.to ? e : undefined;
}
