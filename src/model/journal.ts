/**
 * The journal model: every entry of every file, found by moment, placed in
 * its thread and in the topic tree, with who refers to whom, its findings
 * and its counts. It is the one model of daybook: a command builds it once
 * from the files it reads; the language server and the web app keep it up
 * to date as files change, re-reading only the entries a change touched
 * (`edit`, `update`): the maps are updated for those entries alone.
 *
 * An entry is read by its head (header, stamps, title) at first: what names
 * it, orders it and places it in its thread. The first question that needs
 * what entries hold (findings, counts, who refers to a moment) reads every
 * entry whole once (`readWhole`); from then on every entry read is read
 * whole. What is kept of a whole read is small: the entry's findings, its
 * moment references as plain values, its counts.
 *
 * ```ts
 * const journal = new Journal([{ path: 'j.txt', doc: parse(text) }]);
 * journal.edit('j.txt', 120, 121, 'x');
 * journal.fileDiagnostics('j.txt');
 * ```
 */
import type { Chunk, Document } from '../syntax/document.js';
import { firstAtOrAfter } from '../syntax/sorted.js';
import type { Diagnostic } from './diagnostic.js';
import { EntryChecker, readDetail, readEntryTitle } from './entry.js';
import { isPersonName } from './names.js';
import { checkReference, duplicateMoment, emptyFile, entriesAt, outOfOrder, reportInvalidBytes, sameDayNote, type MomentMaps } from './findings.js';
import { forEachReference, keepWhole, moveEntry, readKept, replaceRun, type Kept, type KeptTodo, type LiveFile } from './kept.js';
import { joinLabels, labelBlocks, replaceInBlocks, visitHolding } from './labels.js';
import type { Moment } from './moment.js';
import { countStats, type Stats } from './stats.js';
import { threadGap, ThreadIndex, type Thread } from './threads.js';
import { dayOf, isTopicName, TopicTree, type TopicCount } from './topic-tree.js';
import type { Entry, JournalFile } from './types.js';

/** A parsed file handed to the model: its path, document, and what reading it found. */
export interface SourceFile {
  path: string;
  doc: Document;
  /** False when the bytes were not all UTF-8. */
  writable?: boolean;
  /** Findings of the reader (encoding). */
  diagnostics?: Diagnostic[];
}

/** How many entries' heads a step of `setSteps` reads. */
const HEADS_STEP = 20_000;

/** How many entries a step of `prepareSteps` takes at most. */
const STEP = 4096;

/** The journal. */
export class Journal implements MomentMaps {
  private readonly live = new Map<string, LiveFile>();
  private readonly order: LiveFile[] = [];
  readonly byMoment = new Map<number, Entry>();
  readonly sameMoment = new Map<number, Entry[]>();
  /** The codes of `byMoment`, ascending, once asked for (`newest`); then kept up to date through edits. */
  private codes?: number[];
  /** Who refers to each moment (kept once entries are read whole). */
  private readonly incoming = new Map<number, Kept | Kept[]>();
  private readonly threadIndex = new ThreadIndex();
  private topics?: TopicTree;
  private whole: boolean;
  private entries$?: Entry[];
  private threads$?: Map<string, Thread>;
  private stats$?: Stats;
  /** Counts the changes, so that work done in steps (`prepareSteps`) sees one between its steps. */
  private version = 0;

  constructor(sources: SourceFile[] = [], options: { whole?: boolean } = {}) {
    this.whole = options.whole ?? false;
    for (const s of sources) this.set(s);
  }

  /** The journal's files, in order. */
  get files(): JournalFile[] {
    return this.order.map((l) => l.file);
  }

  /** All entries, file by file. */
  get entries(): Entry[] {
    return (this.entries$ ??= this.order.flatMap((l) => l.file.entries));
  }

  /** The threads by key, put together again after a change that touched a thread's entry. */
  get threads(): Map<string, Thread> {
    return (this.threads$ ??= this.threadIndex.assemble(this.entries, (a, b) => this.before(a, b)));
  }

  /** The file of a path, if the journal has it. */
  file(path: string): JournalFile | undefined {
    return this.live.get(path)?.file;
  }

  /** The entries with a moment: none, one, or several (the journal should give each its own). */
  entriesAt(moment: Moment): Entry[] {
    return entriesAt(this, moment);
  }

  /** Adds a file, or replaces the file of the same path (read again whole). */
  set(source: SourceFile): void {
    const steps = this.setSteps(source);
    while (!steps.next().done);
  }

  /**
   * `set` in steps, `step` entries' heads a step (a file parsed from a
   * string, or read whole, in one): the journal is changed only in the
   * last step, so it is whole at every pause.
   */
  *setSteps(source: SourceFile, step = HEADS_STEP): Generator<void, void> {
    const file: JournalFile = { path: source.path, doc: source.doc, entries: [], writable: source.writable ?? true, diagnostics: [...(source.diagnostics ?? [])] };
    const scratch: Diagnostic[] = [];
    const lf: LiveFile = { file, kept: [], checker: new EntryChecker({ file, diagnostics: scratch }), scratch };
    const read = (chunk: Chunk, text: string): void => {
      const k = readKept(lf, chunk, text, this.whole);
      file.entries.push(k.entry);
      lf.kept.push(k);
    };
    // Read by their heads, an entry's text is decoded only as far as its head (a large file opens at once).
    if (this.whole)
      file.doc.forEachChunk((chunk, text) => {
        if (!chunk.preamble) read(chunk, text);
      });
    else {
      const chunks = file.doc.chunks.length;
      for (let from = 0; from < chunks; from += step) {
        if (file.doc.forEachHead(read, from, from + step) && from + step < chunks) yield;
      }
    }
    reportInvalidBytes(file);
    const old = this.live.get(source.path);
    // The sorted codes are built again after a whole file, not kept up to date entry by entry.
    this.codes = undefined;
    if (old) for (const k of old.kept) this.forget(k);
    if (old) this.order[this.order.indexOf(old)] = lf;
    else this.order.push(lf);
    this.live.set(source.path, lf);
    for (const k of lf.kept) this.note(k);
    this.changed(true);
  }

  /** Removes a file. */
  remove(path: string): void {
    const lf = this.live.get(path);
    if (!lf) return;
    this.codes = undefined;
    for (const k of lf.kept) this.forget(k);
    this.order.splice(this.order.indexOf(lf), 1);
    this.live.delete(path);
    this.changed(true);
  }

  /**
   * Replaces `[from, to)` of a file's text with `insert`, re-reading only the
   * entries around it. False when the file is not one of the journal's or
   * the edit needs the whole file parsed again (the caller then `set`s it).
   */
  edit(path: string, from: number, to: number, insert: string): boolean {
    const lf = this.live.get(path);
    if (!lf) return false;
    const doc = lf.file.doc;
    const change = doc.replace(from, to, insert);
    if (!change) return false;
    const shift = insert.length - (to - from);
    const { file, kept } = lf;
    // The entries before the window keep their place in `kept` (and their offsets).
    const windowFrom = change.removed[0]!.base + change.removed[0]!.from;
    const at = firstAtOrAfter(kept, windowFrom, (k) => k.entry.from);
    const oldCount = change.removed.filter((c) => !c.preamble).length;
    const gone = kept.slice(at, at + oldCount);
    const fresh: Kept[] = [];
    for (const chunk of change.added) if (!chunk.preamble) fresh.push(readKept(lf, chunk, doc.chunkText(chunk), this.whole));
    // Entries after the window move with their chunks; their own offsets move here.
    if (shift !== 0) for (let i = at + oldCount; i < kept.length; i++) moveEntry(kept[i]!.entry, shift);
    // A large paste or cut: the sorted codes are built again once, not entry by entry.
    const many = gone.length + fresh.length > 1000;
    if (many) this.codes = undefined;
    for (const k of gone) this.forget(k);
    replaceRun(kept, at, oldCount, fresh);
    if (lf.labels) replaceInBlocks(lf.labels, at, oldCount, fresh.length);
    replaceRun(file.entries, at, oldCount, fresh.map((k) => k.entry));
    for (const k of fresh) this.note(k);
    this.changed([...gone, ...fresh].some((k) => k.entry.thread || k.entry.openerHash));
    return true;
  }

  /**
   * Takes a file's new text: only the entries whose text changed are read
   * again (the text is compared with the old from both ends). A file that
   * grew at its end is read from its old end.
   */
  update(path: string, text: string): boolean {
    const doc = this.live.get(path)?.file.doc;
    if (!doc) return false;
    const old = doc.slice(0, doc.length);
    if (old === text) return true;
    let head = 0;
    const min = Math.min(old.length, text.length);
    while (head < min && old.charCodeAt(head) === text.charCodeAt(head)) head++;
    let tail = 0;
    while (tail < min - head && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
    return this.edit(path, head, old.length - tail, text.slice(head, text.length - tail));
  }

  /**
   * Reads every entry whole that was read by its head only; from then on
   * every entry is read whole. Findings, counts and referrers need it.
   */
  readWhole(): void {
    this.readWholeFor(Infinity);
  }

  /**
   * `readWhole` for at most `ms` milliseconds: true when every entry is then
   * read whole. The language server reads a large journal whole this way,
   * between requests, after its first answers; a question that needs it all
   * before then (`readWhole`) reads the rest at once.
   */
  readWholeFor(ms: number): boolean {
    if (this.whole) return true;
    const until = performance.now() + ms;
    let n = 0;
    for (const lf of this.order) {
      for (const k of lf.kept) {
        if (k.refs) continue;
        const e = k.entry;
        const detail = lf.checker.check(e.chunk, e.file.doc.chunkText(e.chunk), e);
        keepWhole(lf, k, detail);
        this.noteReferences(k);
        if (++n % 64 === 0 && performance.now() > until) {
          this.stats$ = undefined;
          return false;
        }
      }
    }
    this.whole = true;
    this.stats$ = undefined;
    return true;
  }

  /** True once every entry is read whole (see `readWhole`). */
  get readWholly(): boolean {
    return this.whole;
  }

  /** The entries that refer to a moment (by its code), in journal order. */
  referrers(code: number): Entry[] {
    this.readWhole();
    const from = this.incoming.get(code);
    const list = from === undefined ? [] : Array.isArray(from) ? from : [from];
    return list.map((k) => k.entry).sort((a, b) => (this.before(a, b) ? -1 : 1));
  }

  /** Every finding of the journal, file by file, in offset order. */
  get diagnostics(): Diagnostic[] {
    return this.order.flatMap((lf) => this.fileDiagnostics(lf.file.path));
  }

  /**
   * The findings of one file, as `daybook check` reports them: the file's,
   * each entry's, and those that depend on other entries (references, order,
   * duplicate moments, thread gaps), put together from what was kept.
   */
  fileDiagnostics(path: string): Diagnostic[] {
    const lf = this.live.get(path);
    if (!lf) return [];
    this.readWhole();
    const out: Diagnostic[] = [...lf.file.diagnostics];
    const empty = emptyFile(lf.file);
    if (empty) out.push(empty);
    const sameDay = sameDayNote(this);
    let previous: Entry | undefined;
    for (const k of lf.kept) {
      const e = k.entry;
      const shift = e.from - k.base;
      for (const d of k.diagnostics!) out.push(shift === 0 ? d : { ...d, from: d.from + shift, to: d.to + shift });
      forEachReference(k, (code, path, from, to) => checkReference(this, code, path, lf.file.path, from + shift, to + shift, sameDay, out));
      const m = e.moment;
      if (!m?.valid) continue;
      if (previous && m.code < previous.moment!.code) out.push(outOfOrder(e, previous));
      previous = e;
      const first = this.byMoment.get(m.code);
      if (first && first !== e) out.push(duplicateMoment(e, first));
    }
    for (const [key, missing, parts] of this.threadIndex.gaps()) {
      const first = parts.reduce((a, b) => (this.before(b, a) ? b : a));
      if (first.file === lf.file) out.push(threadGap(key, missing, first));
    }
    return out.sort((a, b) => a.from - b.from || a.to - b.to);
  }

  /** What the journal holds, counted. */
  get stats(): Stats {
    if (!this.stats$) {
      this.readWhole();
      this.stats$ = countStats(this.order, this, this.threads);
    }
    return this.stats$;
  }

  /**
   * Each entry's `\TODO`s and `\DONE`s, in journal order, from what a whole
   * read kept: the marker's offset in the file as it is now, and its line
   * counted from the entry's header line.
   */
  forEachTodo(visit: (entry: Entry, todo: Required<KeptTodo>, k: number) => void): void {
    this.readWhole();
    for (const lf of this.order) {
      for (const kept of lf.kept) {
        const todos = kept.todos;
        if (!todos) continue;
        // The tasks' words are read once, when first asked for, and kept with the entry.
        if (todos[0]!.text === undefined) readDetail(kept.entry).todos.forEach((t, i) => todos[i] && (todos[i].text = t.text));
        const shift = kept.entry.from - kept.base;
        todos.forEach((t, i) => visit(kept.entry, { ...t, text: t.text ?? '', from: t.from + shift }, i));
      }
    }
  }

  /** Each entry that names people, in journal order: the senders of its mails, and the people its title names. */
  forEachNaming(visit: (entry: Entry, senders: readonly string[], people: readonly string[]) => void): void {
    this.readWhole();
    for (const lf of this.order) {
      for (const k of lf.kept) {
        const people = k.entry.untitled || k.entry.isGtd ? NO_NAMES : titleOf(k).people;
        if (k.senders || people.length) visit(k.entry, k.senders ?? NO_NAMES, people);
      }
    }
  }

  /** The topics that follow a path of topics in titles (`[]`: the first topics of all titles), most used first. */
  topicsAfter(path: string[]): TopicCount[] {
    return this.topicTreeOf().after(path);
  }

  /** The whole topic hierarchy. */
  topicTree(): TopicCount[] {
    return this.topicTreeOf().all();
  }

  /** The number the next part of a thread takes; undefined when no entry names the thread. */
  nextPart(key: string): number | undefined {
    return this.threadIndex.nextPart(key);
  }

  /**
   * The keys of the threads, the same as `threads.keys()` without putting
   * the threads together (which an edit of a title undoes): what a title's
   * completion asks at every keystroke.
   */
  threadKeys(): Iterable<string> {
    return this.threadIndex.keys();
  }

  /** Up to `count` entries with the newest moments that pass a filter, newest first (of entries sharing a moment, the first). */
  newest(count: number, keep: (moment: Moment) => boolean): Entry[] {
    const codes = (this.codes ??= this.sortedCodes());
    const out: Entry[] = [];
    for (let i = codes.length - 1; i >= 0 && out.length < count; i--) {
      const e = this.byMoment.get(codes[i]!)!;
      if (keep(e.moment!)) out.push(e);
    }
    return out;
  }

  /**
   * The entries whose moments lie from `fromCode` to `toCode` (moment codes,
   * both included), in moment order; of a shared moment, all of its entries.
   * A binary search on the sorted moments: the cost grows with what is
   * found, not with the journal.
   */
  entriesBetween(fromCode: number, toCode: number): Entry[] {
    const codes = (this.codes ??= this.sortedCodes());
    const out: Entry[] = [];
    for (let i = firstAtOrAfter(codes, fromCode, (x) => x); i < codes.length && codes[i]! <= toCode; i++) {
      const code = codes[i]!;
      out.push(...(this.sameMoment.get(code) ?? [this.byMoment.get(code)!]));
    }
    return out;
  }

  /**
   * Visits every entry whose label (its title in lower case, its moment as
   * written and in normal form, the initials of its title's words, separated
   * by U+0000) holds `word`, file by file, with that label: what ranked
   * searches by name (completion, symbols) look at. An empty word visits
   * every entry.
   */
  forEachLabelHolding(word: string, visit: (entry: Entry, label: string) => void): void {
    const q = word.toLowerCase().replace(/[\u0000\u0001]/g, '');
    for (const lf of this.order) visitHolding(lf.kept, (lf.labels ??= labelBlocks(lf.kept.length)), q, visit);
  }

  /**
   * Makes ahead of time what the first completion (of a title, of a
   * reference) and the first search by name would make then, in steps (the
   * topic tree, the sorted moments, each file's labels) that a server takes
   * between requests.
   */
  *prepareSteps(): Generator<void> {
    // In steps of a few thousand entries: a request between two steps waits for one step, not for the topic tree
    // of the whole journal (over a second at 100 MB). A change between steps starts the step's work again.
    while (!this.topics) {
      const version = this.version;
      const tree = new TopicTree();
      let n = 0;
      let changed = false;
      counting: for (const lf of this.order) {
        for (const k of lf.kept) {
          this.countTopics(k, 1, tree);
          if (++n % STEP === 0) {
            yield;
            // Changed, or built whole meanwhile by a question that needed it.
            if (this.version !== version || this.topics) {
              changed = true;
              break counting;
            }
          }
        }
      }
      if (!changed) this.topics ??= tree;
    }
    yield;
    this.codes ??= this.sortedCodes();
    yield;
    for (let f = 0; f < this.order.length; f++) {
      const lf = this.order[f]!;
      const blocks = (lf.labels ??= labelBlocks(lf.kept.length));
      const version = this.version;
      let first = 0;
      for (const block of blocks) {
        if (!block.joined) {
          block.joined = joinLabels(lf.kept, first, block.size);
          yield;
          // The blocks (or the files) changed: this file's blocks again, those joined already kept.
          if (this.version !== version) {
            f--;
            break;
          }
        }
        first += block.size;
      }
    }
  }

  /** True when `a` comes before `b` in the journal. */
  before(a: Entry, b: Entry): boolean {
    if (a.file === b.file) return a.from < b.from;
    return this.order.findIndex((l) => l.file === a.file) < this.order.findIndex((l) => l.file === b.file);
  }

  private topicTreeOf(): TopicTree {
    if (!this.topics) {
      this.topics = new TopicTree();
      for (const lf of this.order) for (const k of lf.kept) this.countTopics(k, 1);
    }
    return this.topics;
  }

  private countTopics(k: Kept, by: 1 | -1, tree = this.topics!): void {
    const e = k.entry;
    if (e.untitled || e.isGtd) return;
    tree.count(titleOf(k).names, k.topics!.day, by);
  }

  /** The codes of all moments, ascending. A typed array sorts numbers without a comparator call per pair. */
  private sortedCodes(): number[] {
    return Array.from(Float64Array.from(this.byMoment.keys()).sort());
  }

  /** Adds an entry to the maps. */
  private note(k: Kept): void {
    const e = k.entry;
    if (e.moment?.valid) this.addMoment(e, e.moment.code);
    this.noteReferences(k);
    this.threadIndex.count(e, 1);
    if (this.topics) this.countTopics(k, 1);
  }

  /** Files an entry by its moment: the first of a moment in `byMoment`, all of a shared one in `sameMoment`, in journal order. */
  private addMoment(e: Entry, code: number): void {
    const first = this.byMoment.get(code);
    if (!first) {
      this.byMoment.set(code, e);
      if (this.codes) this.codes.splice(firstAtOrAfter(this.codes, code, (x) => x), 0, code);
      return;
    }
    const list = this.sameMoment.get(code) ?? [first];
    let i = list.length;
    while (i > 0 && this.before(e, list[i - 1]!)) i--;
    list.splice(i, 0, e);
    this.sameMoment.set(code, list);
    this.byMoment.set(code, list[0]!);
  }

  private dropMoment(e: Entry, code: number): void {
    const list = this.sameMoment.get(code);
    if (!list) {
      if (this.byMoment.get(code) !== e) return;
      this.byMoment.delete(code);
      if (this.codes) this.codes.splice(firstAtOrAfter(this.codes, code, (x) => x), 1);
      return;
    }
    const i = list.indexOf(e);
    if (i >= 0) list.splice(i, 1);
    this.byMoment.set(code, list[0]!);
    if (list.length === 1) this.sameMoment.delete(code);
  }

  private noteReferences(k: Kept): void {
    // One entry, or a list, not a set: most moments referred to have one referrer. An entry's
    // references are noted together, so an entry that names a moment twice is last in its list.
    forEachReference(k, (code) => {
      if (code < 0) return;
      const from = this.incoming.get(code);
      if (from === undefined) this.incoming.set(code, k);
      else if (!Array.isArray(from)) {
        if (from !== k) this.incoming.set(code, [from, k]);
      } else if (from[from.length - 1] !== k) from.push(k);
    });
  }

  /** Takes an entry out of the maps. */
  private forget(k: Kept): void {
    const e = k.entry;
    if (e.moment?.valid) this.dropMoment(e, e.moment.code);
    forEachReference(k, (code) => {
      const from = this.incoming.get(code);
      if (from === k) this.incoming.delete(code);
      if (!Array.isArray(from)) return;
      const at = from.indexOf(k);
      if (at >= 0) from.splice(at, 1);
      if (from.length === 1) this.incoming.set(code, from[0]!);
    });
    this.threadIndex.count(e, -1);
    if (this.topics) this.countTopics(k, -1);
  }

  /** Drops what was put together from the entries: the flat list and counts always, the threads when touched. */
  private changed(threads: boolean): void {
    this.version++;
    this.entries$ = undefined;
    this.stats$ = undefined;
    if (threads) this.threads$ = undefined;
  }
}

/**
 * Builds the journal model of parsed files. With `check`, every entry is
 * read whole at once (what `check` and `stats` need); otherwise by its head
 * until a question needs more.
 *
 * ```ts
 * const journal = buildJournal([{ path: 'a.txt', doc: parse(text) }]);
 * journal.entries.length;
 * ```
 */
export function buildJournal(sources: SourceFile[], options: { check?: boolean } = {}): Journal {
  return new Journal(sources, { whole: options.check ?? false });
}

const NO_NAMES: readonly string[] = [];

/** What an entry's title names, read once and kept with the entry: its topics, and the people among its topics and qualifiers. */
function titleOf(k: Kept): { names: string[]; people: readonly string[] } {
  if (!k.topics) {
    const { topics, qualifiers } = readEntryTitle(k.entry);
    const people = [...new Set([...topics, ...qualifiers].map((t) => t.name).filter(isPersonName))];
    k.topics = { names: topics.map((t) => t.name).filter(isTopicName), day: dayOf(k.entry), people: people.length ? people : NO_NAMES };
  }
  return k.topics;
}
