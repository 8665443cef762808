/**
 * A journal kept up to date while its files are edited: the language
 * server's model. An edit cuts again and re-reads only the entries it
 * touches (`Document.replace`); the journal's maps (entries by moment, who
 * refers to which moment, thread parts, the topic hierarchy) are updated for
 * those entries alone. A file's findings are put together, when asked, from
 * what each entry kept when it was read, without reading text again.
 *
 * ```ts
 * const live = new LiveJournal([{ path: 'j.txt', doc: parse(text) }]);
 * live.edit('j.txt', 120, 121, 'x');
 * live.fileDiagnostics('j.txt');
 * ```
 */
import type { Chunk } from '../syntax/document.js';
import { firstAtOrAfter, lastAtOrBefore } from '../syntax/sorted.js';
import { countDetail, emptyCounts } from './check-file.js';
import type { Diagnostic } from './diagnostic.js';
import { EntryChecker, readEntryTitle } from './entry.js';
import { checkReference, duplicateMoment, emptyFile, openFile, outOfOrder, reportInvalidBytes, sameDayNote, type SourceFile } from './journal.js';
import { formatMoment, Moment, momentDate } from './moment.js';
import { collectThreads, threadGap, type Thread } from './threads.js';
import type { Entry, JournalFile } from './types.js';

/** A moment reference as an entry keeps it: the moment's code (-1 when impossible) and the item path as written. */
interface KeptReference {
  code: number;
  path: string;
  from: number;
  to: number;
}

/** What the journal keeps of one entry beside the `Entry`: its own findings and its moment references. */
interface Kept {
  entry: Entry;
  /** The entry's offset when it was read: its findings and references move with it. */
  base: number;
  diagnostics: Diagnostic[];
  references: KeptReference[];
  /** The title's topics and the entry's day (see `dayOf`), read when the topic tree is first asked for. */
  topics?: { names: string[]; day: Day };
  /** What a search for the entry by name looks at (see `findEntries`), made when first asked for. */
  label?: string;
}

/** A file of the live journal: its entries and what was kept of each, in file order. */
interface LiveFile {
  file: JournalFile;
  kept: Kept[];
  checker: EntryChecker;
  /** Findings of the reader of each entry, taken by `Kept` after each read. */
  scratch: Diagnostic[];
  /** The entries' labels in blocks of consecutive entries (see `findEntries`); an edit makes its blocks again. */
  labels?: LabelBlock[];
}

const NONE: never[] = [];

/** One topic path of the tree, with counts. */
export interface TopicCount {
  topic: string;
  entries: number;
  last: string;
  children: TopicCount[];
}

/** A journal whose files can be replaced and edited, keeping its maps up to date. */
export class LiveJournal {
  private readonly live = new Map<string, LiveFile>();
  private readonly order: LiveFile[] = [];
  /** Every entry of each real moment, in journal order. */
  private readonly moments = new Map<number, Entry[]>();
  /** The first entry of each real moment (see `entriesAt`). */
  readonly byMoment = new Map<number, Entry>();
  /** The moments two or more entries share, with those entries. */
  readonly sameMoment = new Map<number, Entry[]>();
  /** The codes of `moments`, ascending, kept up to date through edits. */
  private codes?: number[];
  /** Who refers to each moment: the entries with a reference to it. */
  private readonly incoming = new Map<number, Set<Kept>>();
  /** Thread parts by thread key: the entries that are part N of it. */
  private readonly parts = new Map<string, Map<Kept, number>>();
  /** Sub-threads by thread key: the entries whose thread lives inside part N of it. */
  private readonly inside = new Map<string, Map<Kept, number>>();
  /** The topic hierarchy, once asked for; then kept up to date entry by entry. */
  private topics?: TopicPlace;
  private entries$?: Entry[];
  private threads$?: Map<string, Thread>;

  constructor(sources: SourceFile[] = []) {
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

  /** The threads, collected again after an edit that touched a thread's entry. */
  get threads(): Map<string, Thread> {
    return (this.threads$ ??= collectThreads(this.entries, []));
  }

  /** The file of a path, if the journal has it. */
  file(path: string): JournalFile | undefined {
    return this.live.get(path)?.file;
  }

  /** Adds a file, or replaces the file of the same path (read again whole). */
  set(source: SourceFile): void {
    const old = this.live.get(source.path);
    // The sorted codes are built again after a whole file, not kept up to date entry by entry.
    this.codes = undefined;
    if (old) for (const k of old.kept) this.forget(k);
    const file = openFile(source);
    const scratch: Diagnostic[] = [];
    const lf: LiveFile = { file, kept: [], checker: new EntryChecker({ file, diagnostics: scratch }), scratch };
    file.doc.forEachChunk((chunk, text) => {
      if (chunk.preamble) return;
      const k = this.read(lf, chunk, text);
      file.entries.push(k.entry);
      lf.kept.push(k);
    });
    reportInvalidBytes(file);
    if (old) this.order[this.order.indexOf(old)] = lf;
    else this.order.push(lf);
    this.live.set(source.path, lf);
    for (const k of lf.kept) this.note(k);
    this.codes = this.sortedCodes();
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
    for (const chunk of change.added) if (!chunk.preamble) fresh.push(this.read(lf, chunk, doc.chunkText(chunk)));
    // Entries after the window move with their chunks; their own offsets move here.
    if (shift !== 0) {
      for (let i = at + oldCount; i < kept.length; i++) {
        const e = kept[i]!.entry;
        e.headerTo += shift;
        if (e.titleFrom >= 0) {
          e.titleFrom += shift;
          e.titleTo += shift;
        }
        if (e.thread) {
          e.thread.partFrom += shift;
          e.thread.partTo += shift;
        }
      }
    }
    // A large paste or cut: the sorted codes are built again once, not entry by entry.
    const many = gone.length + fresh.length > 1000;
    if (many) this.codes = undefined;
    for (const k of gone) this.forget(k);
    replaceRun(kept, at, oldCount, fresh);
    if (lf.labels) replaceInBlocks(lf.labels, at, oldCount, fresh.length);
    replaceRun(file.entries, at, oldCount, fresh.map((k) => k.entry));
    for (const k of fresh) this.note(k);
    if (many) this.codes = this.sortedCodes();
    this.changed([...gone, ...fresh].some((k) => k.entry.thread || k.entry.openerHash));
    return true;
  }

  /**
   * Up to `count` entries with the newest moments that pass a filter, newest
   * first (of entries sharing a moment, the first).
   */
  newest(count: number, keep: (moment: Moment) => boolean): Entry[] {
    const codes = (this.codes ??= this.sortedCodes());
    const out: Entry[] = [];
    for (let i = codes.length - 1; i >= 0 && out.length < count; i--) {
      const e = this.byMoment.get(codes[i]!)!;
      if (keep(e.moment!)) out.push(e);
    }
    return out;
  }

  /** The codes of all moments, ascending. A typed array sorts numbers without a comparator call per pair. */
  private sortedCodes(): number[] {
    return Array.from(Float64Array.from(this.moments.keys()).sort());
  }

  /**
   * Up to `count` entries, in journal order, whose label holds `query` (in
   * lower case). The label is the title in lower case, the moment as the
   * journal writes it and its normal form
   * (`tidepool, wal\u00009:07 2013-02-22\u00002013-02-22 09:07`). The labels
   * of a file are joined in blocks of consecutive entries, searched with
   * `indexOf`; an edit joins again only the blocks it touched.
   */
  findEntries(query: string, count: number): Entry[] {
    // Control characters separate fields and labels: a query never spans them.
    const q = query.toLowerCase().replace(/[\u0000\u0001]/g, '');
    const out: Entry[] = [];
    for (const lf of this.order) {
      let first = 0;
      for (const block of (lf.labels ??= labelBlocks(lf.kept.length))) {
        const { text, starts } = (block.joined ??= joinLabels(lf.kept, first, block.size));
        let at = text.indexOf(q);
        while (at !== -1 && out.length < count) {
          const i = lastAtOrBefore(starts, at, (x) => x);
          out.push(lf.kept[first + i]!.entry);
          if (i + 1 >= starts.length) break;
          at = text.indexOf(q, starts[i + 1]!);
        }
        if (out.length >= count) return out;
        first += block.size;
      }
    }
    return out;
  }

  /**
   * Makes ahead of time what the first completion of a title and the first
   * search by name would otherwise make then (the topic hierarchy, the
   * entries' labels): a language server calls it once a journal is read.
   */
  prepare(): void {
    this.topicPlaces();
    for (const lf of this.order) {
      let first = 0;
      for (const block of (lf.labels ??= labelBlocks(lf.kept.length))) {
        block.joined ??= joinLabels(lf.kept, first, block.size);
        first += block.size;
      }
    }
  }

  /** The entries that refer to a moment (by its code). */
  referrers(code: number): Entry[] {
    return [...(this.incoming.get(code) ?? [])].map((k) => k.entry);
  }

  /**
   * The findings of one file, as `daybook check` reports them: the file's,
   * each entry's, and those that depend on other entries (references, order,
   * duplicate moments, thread gaps), put together from what was kept.
   */
  fileDiagnostics(path: string): Diagnostic[] {
    const lf = this.live.get(path);
    if (!lf) return [];
    const out: Diagnostic[] = [...lf.file.diagnostics];
    const empty = emptyFile(lf.file);
    if (empty) out.push(empty);
    const sameDay = sameDayNote(this);
    let previous: Entry | undefined;
    for (const k of lf.kept) {
      const e = k.entry;
      const shift = e.from - k.base;
      for (const d of k.diagnostics) out.push(shift === 0 ? d : { ...d, from: d.from + shift, to: d.to + shift });
      for (const r of k.references) checkReference(this, r.code, r.path, lf.file.path, r.from + shift, r.to + shift, sameDay, out);
      const m = e.moment;
      if (!m?.valid) continue;
      if (previous && m.code < previous.moment!.code) out.push(outOfOrder(e, previous));
      previous = e;
      const first = this.byMoment.get(m.code);
      if (first && first !== e) out.push(duplicateMoment(e, first));
    }
    // Threads that lack parts, from the parts each entry kept.
    for (const [key, parts] of this.parts) {
      const have = new Set(parts.values());
      let max = 0;
      for (const n of have) if (n > max) max = n;
      if (have.size === max) continue;
      const missing: number[] = [];
      for (let n = 1; n < max; n++) if (!have.has(n)) missing.push(n);
      if (missing.length === 0) continue;
      let first: Kept | undefined;
      for (const k of parts.keys()) if (!first || this.before(k.entry, first.entry)) first = k;
      if (first!.entry.file.path === path) out.push(threadGap(key, missing, first!.entry));
    }
    return out.sort((a, b) => a.from - b.from || a.to - b.to);
  }

  /**
   * The topics that follow a path of topics in titles (`[]`: the first topics
   * of all titles), most used first, with counts and the date of last use.
   */
  topicsAfter(path: string[]): TopicCount[] {
    let place = this.topicPlaces();
    for (const name of path) {
      const next = place.kids.get(name);
      if (!next) return [];
      place = next;
    }
    return [...place.kids.values()].map((p) => ({ topic: p.topic, entries: p.entries, last: lastDate(p), children: [] as TopicCount[] })).sort((a, b) => b.entries - a.entries || a.topic.localeCompare(b.topic));
  }

  /** The whole topic hierarchy, sorted as `topicsAfter` sorts each level. */
  topicTree(): TopicCount[] {
    const level = (place: TopicPlace): TopicCount[] =>
      [...place.kids.values()].map((p) => ({ topic: p.topic, entries: p.entries, last: lastDate(p), children: level(p) })).sort((a, b) => b.entries - a.entries || a.topic.localeCompare(b.topic));
    return level(this.topicPlaces());
  }

  /**
   * The next free part number of a thread (the highest part, of its own or
   * that a sub-thread lives in, plus one); undefined when no entry names it.
   */
  nextPart(key: string): number | undefined {
    const own = this.parts.get(key);
    const sub = this.inside.get(key);
    if (!own && !sub) return undefined;
    let max = 0;
    for (const n of own?.values() ?? []) if (n > max) max = n;
    for (const n of sub?.values() ?? []) if (n > max) max = n;
    return max + 1;
  }

  private topicPlaces(): TopicPlace {
    if (!this.topics) {
      this.topics = newPlace('');
      for (const lf of this.order) for (const k of lf.kept) this.countTopics(k, 1);
    }
    return this.topics;
  }

  /** Adds (`by` 1) or takes out (-1) an entry's title path in the topic hierarchy. */
  private countTopics(k: Kept, by: 1 | -1): void {
    const e = k.entry;
    if (e.untitled || e.isGtd) return;
    k.topics ??= { names: readEntryTitle(e).map((t) => t.name), day: dayOf(e) };
    const day = k.topics.day;
    let place = this.topics!;
    for (const name of k.topics.names) {
      let next = place.kids.get(name);
      if (!next) place.kids.set(name, (next = newPlace(name)));
      next.entries += by;
      const n = (next.dates.get(day) ?? 0) + by;
      if (n > 0) next.dates.set(day, n);
      else next.dates.delete(day);
      next.last = undefined;
      if (next.entries === 0) place.kids.delete(name);
      place = next;
    }
  }

  /** Reads one entry and keeps what the journal needs of it. */
  private read(lf: LiveFile, chunk: Chunk, text: string): Kept {
    const detail = lf.checker.check(chunk, 0, text);
    const entry = detail.entry;
    countDetail(detail, emptyCounts(), lf.scratch);
    let references: KeptReference[] = NONE;
    for (const ref of detail.references) {
      if (ref.kind !== 'moment') continue;
      if (references === NONE) references = [];
      references.push({ code: ref.moment.valid ? ref.moment.code : -1, path: ref.path.join('.'), from: ref.from, to: ref.to });
    }
    const diagnostics = lf.scratch.length > 0 ? lf.scratch.splice(0) : NONE;
    return { entry, base: entry.from, diagnostics, references };
  }

  /** Adds an entry to the maps. */
  private note(k: Kept): void {
    const e = k.entry;
    if (e.moment?.valid) {
      const code = e.moment.code;
      const list = this.moments.get(code);
      if (!list) {
        this.moments.set(code, [e]);
        if (this.codes) this.codes.splice(firstAtOrAfter(this.codes, code, (x) => x), 0, code);
      } else {
        let i = list.length;
        while (i > 0 && this.before(e, list[i - 1]!)) i--;
        list.splice(i, 0, e);
      }
      this.refresh(code);
    }
    for (const r of k.references) {
      if (r.code < 0) continue;
      let set = this.incoming.get(r.code);
      if (!set) this.incoming.set(r.code, (set = new Set()));
      set.add(k);
    }
    const t = e.thread;
    if (t) {
      placeIn(this.parts, t.key, k, t.part);
      for (const p of t.parents) placeIn(this.inside, p.key, k, p.part);
    }
    if (this.topics) this.countTopics(k, 1);
  }

  /** Takes an entry out of the maps. */
  private forget(k: Kept): void {
    const e = k.entry;
    if (e.moment?.valid) {
      const code = e.moment.code;
      const list = this.moments.get(code);
      const i = list ? list.indexOf(e) : -1;
      if (list && i >= 0) list.splice(i, 1);
      if (list && list.length === 0) {
        this.moments.delete(code);
        if (this.codes) this.codes.splice(firstAtOrAfter(this.codes, code, (x) => x), 1);
      }
      this.refresh(code);
    }
    for (const r of k.references) {
      const set = this.incoming.get(r.code);
      set?.delete(k);
      if (set && set.size === 0) this.incoming.delete(r.code);
    }
    const t = e.thread;
    if (t) {
      takeOut(this.parts, t.key, k);
      for (const p of t.parents) takeOut(this.inside, p.key, k);
    }
    if (this.topics) this.countTopics(k, -1);
  }

  private refresh(code: number): void {
    const list = this.moments.get(code);
    if (!list) {
      this.byMoment.delete(code);
      this.sameMoment.delete(code);
      return;
    }
    this.byMoment.set(code, list[0]!);
    if (list.length > 1) this.sameMoment.set(code, list);
    else this.sameMoment.delete(code);
  }

  /** True when `a` comes before `b` in the journal. */
  private before(a: Entry, b: Entry): boolean {
    if (a.file === b.file) return a.from < b.from;
    return this.order.findIndex((l) => l.file === a.file) < this.order.findIndex((l) => l.file === b.file);
  }

  /** Drops what was put together from the entries: the flat list always (re-read entries are new objects), the threads when touched. */
  private changed(threads: boolean): void {
    this.entries$ = undefined;
    if (threads) this.threads$ = undefined;
  }
}

/** Replaces `count` items of a list at `at` with others (a loop, not `splice(...items)`: a large paste can make more entries than a call takes arguments). */
function replaceRun<T>(list: T[], at: number, count: number, items: T[]): void {
  if (items.length < 1000) {
    list.splice(at, count, ...items);
    return;
  }
  const tail = list.slice(at + count);
  list.length = at;
  for (const x of items) list.push(x);
  for (const x of tail) list.push(x);
}

/** A topic in the hierarchy: how many titles reach it, on which dates, and the topics after it. */
interface TopicPlace {
  topic: string;
  entries: number;
  /** How many of those titles' entries are of each day. */
  dates: Map<Day, number>;
  /** The newest of `dates`, once asked for. */
  last?: string | undefined;
  kids: Map<string, TopicPlace>;
}

function newPlace(topic: string): TopicPlace {
  return { topic, entries: 0, dates: new Map(), kids: new Map() };
}

/**
 * An entry's day, as the topic tree counts it: a number for a real moment
 * (its code divided by the minutes of a day, in the order of dates), the
 * date as written for an impossible one, '' without a moment.
 */
type Day = number | string;

function dayOf(e: Entry): Day {
  const m = e.moment;
  if (!m) return '';
  return m.valid ? Math.floor(m.code / 1440) : momentDate(m);
}

/** The newest date of a place's entries (`2013-02-28`), as the titles' dates compare as text. */
function lastDate(place: TopicPlace): string {
  if (place.last === undefined) {
    let day = -1;
    let text = '';
    for (const d of place.dates.keys()) {
      if (typeof d === 'number') {
        if (d > day) day = d;
      } else if (d > text) text = d;
    }
    const real = day >= 0 ? momentDate(Moment.fromCode(day * 1440)) : '';
    place.last = real > text ? real : text;
  }
  return place.last;
}

function placeIn(map: Map<string, Map<Kept, number>>, key: string, k: Kept, part: number): void {
  let m = map.get(key);
  if (!m) map.set(key, (m = new Map()));
  m.set(k, part);
}

function takeOut(map: Map<string, Map<Kept, number>>, key: string, k: Kept): void {
  const m = map.get(key);
  if (!m) return;
  m.delete(k);
  if (m.size === 0) map.delete(key);
}

/** An entry's label (see `findEntries`), made once. */
function labelOf(k: Kept): string {
  const e = k.entry;
  return (k.label ??= `${(e.title?.text ?? '(untitled)').toLowerCase().replace(/[\u0000\u0001]/g, ' ')}\u0000${e.moment ? formatMoment(e.moment) : ''}\u0000${e.moment?.key ?? ''}`);
}

/** Consecutive entries of a file whose labels are searched as one text (joined when first searched). */
interface LabelBlock {
  size: number;
  joined?: { text: string; starts: number[] };
}

/** The entries of one block, about. */
const BLOCK = 1024;

function labelBlocks(count: number): LabelBlock[] {
  const blocks: LabelBlock[] = [];
  for (let i = 0; i < count; i += BLOCK) blocks.push({ size: Math.min(BLOCK, count - i) });
  return blocks;
}

/** The labels of `count` entries from `first`, each followed by U+0001, in one text; and where each starts. */
function joinLabels(kept: Kept[], first: number, count: number): { text: string; starts: number[] } {
  const parts: string[] = [];
  const starts: number[] = [];
  let at = 0;
  for (let i = first; i < first + count; i++) {
    const label = labelOf(kept[i]!);
    starts.push(at);
    parts.push(label, '\u0001');
    at += label.length + 1;
  }
  return { text: parts.join(''), starts };
}

/**
 * The blocks after `count` entries at `at` were replaced by `added` others:
 * the blocks that held them become one, to be joined again (split when it
 * grew large); the others are kept.
 */
function replaceInBlocks(blocks: LabelBlock[], at: number, count: number, added: number): void {
  let first = 0;
  let j = 0;
  while (j < blocks.length - 1 && first + blocks[j]!.size <= at) first += blocks[j++]!.size;
  let end = j;
  let size = blocks[j]?.size ?? 0;
  while (end < blocks.length - 1 && first + size < at + count) size += blocks[++end]!.size;
  const merged = size - count + added;
  const fresh = labelBlocks(merged);
  blocks.splice(j, end - j + 1, ...fresh);
}
