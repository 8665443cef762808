/**
 * The journal as plain data, for what leaves daybook: every file with its
 * preamble and entries, each entry with its exact text and what the model
 * reads in it (moment, title, topics, thread, items, references resolved to
 * entry and item, TODOs, mail clips, the GTD day and its clock). The JSON
 * export writes it as it is; the Markdown and org exports render from it,
 * so all three say the same thing. Offsets (`from`, `to`) count characters
 * from the start of the entry's text.
 *
 * ```ts
 * const model = journalModel(journal, { today: '2013-03-01', nowMinutes: 720 });
 * model.files[0].entries[0].id; // 'e20130204T1025'
 * ```
 */
import { intervalsOf } from '../hours/export.js';
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { dateKey, formatMoment, type Moment } from '../model/moment.js';
import { itemPath, resolveDetail } from '../model/references.js';
import type { Entry, Item, Reference } from '../model/types.js';

/** The version of the model's shape (the JSON export's `format` version). */
export const MODEL_VERSION = 1;

/** One outline item of an entry. */
export interface ModelItem {
  /** Unique in the journal: the entry's id and the item path (`e20130216T1107-5`, `e20130216T1107-1-2`); a repeated path gets `x2`, `x3`. */
  id: string;
  /** The dotted path (`1.2`). */
  path: string;
  level: 1 | 2 | 3;
  number: number;
  /** The marker line's text after the marker and stamp. */
  text: string;
  /** `6, (13:13 2013-02-28)`: the moment the item was added, ISO. */
  stamp?: string;
  /** The item's span, its marker's end, and where its own text ends (its first child's start, or its end). */
  from: number;
  to: number;
  markerTo: number;
  children: ModelItem[];
}

/** A reference, resolved. */
export interface ModelReference {
  kind: 'moment' | 'item';
  /** The reference as written (`"11:07 2013-2-16"5`, `"3)"`). */
  written: string;
  from: number;
  to: number;
  /** The quoted moment, ISO (moment references). */
  moment?: string;
  /** The item path written after it (`5`, `2.1`), or the marker's number for `"3)"`. */
  path?: string;
  /** `resolved`, `dangling` (no entry at that moment), `ambiguous` (several; the first is the target), `item-missing` (the entry, but not the item). */
  status: 'resolved' | 'dangling' | 'ambiguous' | 'item-missing';
  /** The entry and item it names. */
  target?: { entry: string; moment?: string; item?: string; itemPath?: string };
  /** The innermost item holding it. */
  inItem?: string;
}

/** A GTD day's presence, tasks and clock. */
export interface ModelGtd {
  date: string;
  sessions: { written: string; state: 'closed' | 'open' | 'no-start'; startMinutes?: number; endMinutes?: number }[];
  tasks: {
    number: number;
    item: string;
    text: string;
    spans: { startMinutes?: number; endMinutes?: number }[];
    durations: number[];
    timeOff: { label?: string; minutes: number }[];
  }[];
  summary?: string;
  /**
   * The task spans as clock intervals (local `YYYY-MM-DDTHH:MM`), overlaps cut so
   * that no two overlap: they add up to the day's spanned minutes as `hours` counts them.
   */
  clock: { task: number; start: string; end: string; minutes: number }[];
  /** Tasks given only as a duration (`3h`): no time of day. */
  durations: { task: number; minutes: number }[];
}

/** One entry. */
export interface ModelEntry {
  /** Unique in the journal: `e20130216T1107` (a second entry at the same moment: `-2`); an impossible moment: `x` and the file's number and line. */
  id: string;
  /** ISO when the moment is real, else as written. */
  moment: string;
  valid: boolean;
  /** The header as written: `11:07 2013-2-16`. */
  header: string;
  line: number;
  /** The exact text, header to the next entry's header (blank lines after it included). */
  text: string;
  revisions: string[];
  title?: string;
  /** The title line's span (absent for an untitled entry). */
  titleFrom?: number;
  titleTo?: number;
  topics: string[];
  qualifiers: string[];
  gtd: boolean;
  thread?: { key: string; part: number; parents: { key: string; part: number }[]; subtitle?: string; previous?: string; next?: string };
  /** The threads this entry opened (its title without contN is their key), with their first part. */
  opens: { key: string; first?: string }[];
  items: ModelItem[];
  references: ModelReference[];
  todos: { state: 'open' | 'done'; text: string; from: number; to: number; inItem?: string }[];
  mails: { sender: string; address?: string; subject: string; date?: string; from: number; to: number; inItem?: string }[];
  gtdDay?: ModelGtd;
}

/** One file. */
export interface ModelFile {
  /** The path relative to the journal's root, `/`-separated. */
  file: string;
  /** True when the file starts with a byte order mark. */
  bom: boolean;
  /** False when the file holds bytes that are not UTF-8: its text here has U+FFFD in their place. */
  exact: boolean;
  /** The text before the first entry. */
  preamble: string;
  entries: ModelEntry[];
}

/** The whole journal. */
export interface JournalModel {
  files: ModelFile[];
}

/** What the model needs besides the journal. */
export interface ModelOptions {
  /** The clock's day (`2013-03-01`) and minute: today's open spans count until then. */
  today: string;
  nowMinutes: number;
  /** A file's path as the model names it (default: as the journal names it). */
  fileName?: (path: string) => string;
}

const two = (n: number) => String(n).padStart(2, '0');

/** A moment in ISO 8601, or as written when impossible. */
export function isoOf(m: Moment): string {
  return m.valid ? `${dateKey(m.year, m.month, m.day)}T${two(m.hour)}:${two(m.minute)}` : formatMoment(m);
}

/** The entries' ids: by moment, a repeated moment numbered in journal order. */
function entryIds(journal: Journal): Map<Entry, string> {
  const ids = new Map<Entry, string>();
  const seen = new Map<string, number>();
  journal.files.forEach((f, fi) => {
    for (const e of f.entries) {
      const m = e.moment;
      let id = m?.valid ? `e${dateKey(m.year, m.month, m.day).replace(/-/g, '')}T${two(m.hour)}${two(m.minute)}` : `x${fi + 1}l${e.line}`;
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      if (n > 1) id = `${id}-${n}`;
      ids.set(e, id);
    }
  });
  return ids;
}

/** A file of the model whose entries are made one at a time, as they are read: a large journal is never all in memory. */
export interface ModelFileStream extends Omit<ModelFile, 'entries'> {
  entries: Iterable<ModelEntry>;
}

/** The model as the renderers take it: whole (`JournalModel`), or its entries made as they are read (`journalModelStream`). */
export interface ModelSource {
  files: ModelFileStream[];
}

/** The note-free date of an entry's or item's id: `2013-02-16` of `e20130216T1107-5`; undefined for an impossible moment's. */
export function idDate(id: string): string | undefined {
  const m = /^e(\d{4})(\d{2})(\d{2})T/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** The model of a journal, file by file, each file's entries made as they are iterated (each time anew). */
export function journalModelStream(journal: Journal, options: ModelOptions): ModelFileStream[] {
  const ids = entryIds(journal);
  const links = threadLinks(journal);
  // The clock of every GTD day, grouped by its entry's key.
  const clocks = new Map<string, ModelGtd['clock']>();
  const durations = new Map<string, ModelGtd['durations']>();
  for (const i of intervalsOf(journal, { from: 0, to: Number.MAX_SAFE_INTEGER }, options.today, options.nowMinutes)) {
    const key = i.key.replace(/-(?:task\d+|presence).*$/, '');
    if (i.kind === 'task') (clocks.get(key) ?? clocks.set(key, []).get(key)!).push({ task: i.task, start: i.start.slice(0, 16), end: i.end.slice(0, 16), minutes: i.minutes });
    else if (i.kind === 'duration') (durations.get(key) ?? durations.set(key, []).get(key)!).push({ task: i.task, minutes: i.minutes });
  }
  return journal.files.map((f) => {
    const doc = f.doc;
    doc.forEachChunk();
    const pre = doc.chunks.find((c) => c.preamble);
    const preamble = pre ? doc.chunkText(pre).slice(pre.from, pre.to) : '';
    const entries = {
      *[Symbol.iterator]() {
        for (const e of f.entries) yield entryModel(e, journal, ids, links, clocks, durations);
      },
    };
    return { file: options.fileName ? options.fileName(f.path) : f.path, bom: doc.bom, exact: f.writable, preamble, entries };
  });
}

/** Builds the model of a journal, whole. Reads every entry once. */
export function journalModel(journal: Journal, options: ModelOptions): JournalModel {
  return { files: journalModelStream(journal, options).map((f) => ({ ...f, entries: [...f.entries] })) };
}

/** Each thread part's previous and next part, and the threads each opener opened with their first part: worked out once, thread by thread. */
interface ThreadLinks {
  previous: Map<Entry, Entry>;
  next: Map<Entry, Entry>;
  opens: Map<Entry, { key: string; first?: Entry }[]>;
}

function threadLinks(journal: Journal): ThreadLinks {
  const links: ThreadLinks = { previous: new Map(), next: new Map(), opens: new Map() };
  for (const th of journal.threads.values()) {
    // By part number, then journal order: two entries with the same part follow each other.
    const parts = [...th.parts].sort((a, b) => a.part - b.part);
    parts.forEach((p, i) => {
      const before = i > 0 ? parts[i - 1]!.entry : th.opener && th.opener !== p.entry ? th.opener : undefined;
      if (before) links.previous.set(p.entry, before);
      if (i + 1 < parts.length) links.next.set(p.entry, parts[i + 1]!.entry);
    });
    if (th.opener) links.opens.set(th.opener, [...(links.opens.get(th.opener) ?? []), { key: th.key, ...(parts[0] ? { first: parts[0].entry } : {}) }]);
  }
  return links;
}

function entryModel(e: Entry, journal: Journal, ids: Map<Entry, string>, links: ThreadLinks, clocks: Map<string, ModelGtd['clock']>, durations: Map<string, ModelGtd['durations']>): ModelEntry {
  const base = e.from;
  const text = e.file.doc.chunkText(e.chunk).slice(e.chunk.from, e.chunk.to);
  const detail = resolveDetail(readDetail(e), journal);
  const id = ids.get(e)!;
  const m = e.moment!;
  const itemIds = new Map<Item, string>();
  const used = new Set<string>();
  const itemOf = (item: Item): ModelItem => {
    const path = itemPath(item);
    let iid = `${id}-${path.replace(/\./g, '-')}`;
    for (let k = 2; used.has(iid); k++) iid = `${id}-${path.replace(/\./g, '-')}x${k}`;
    used.add(iid);
    itemIds.set(item, iid);
    const children = item.children.map(itemOf);
    return { id: iid, path, level: item.level, number: item.number, text: item.text, ...(item.stamp ? { stamp: isoOf(item.stamp.moment) } : {}), from: item.from - base, to: item.to - base, markerTo: (item.stamp?.to ?? item.marker.to) - base, children };
  };
  const items = detail.items.map(itemOf);
  const title = e.title;
  const t = e.thread;
  let thread: ModelEntry['thread'];
  if (t) {
    const previous = links.previous.get(e);
    const next = links.next.get(e);
    thread = { key: t.key, part: t.part, parents: t.parents.map((p) => ({ ...p })), ...(t.subtitle ? { subtitle: t.subtitle } : {}), ...(previous ? { previous: ids.get(previous)! } : {}), ...(next ? { next: ids.get(next)! } : {}) };
  }
  const opens: ModelEntry['opens'] = (links.opens.get(e) ?? []).map((o) => ({ key: o.key, ...(o.first ? { first: ids.get(o.first)! } : {}) }));
  const references = detail.references.map((r) => referenceModel(r, text, base, ids, itemIds)).sort((a, b) => a.from - b.from);
  const inItem = (item?: Item) => (item ? { inItem: itemIds.get(item)! } : {});
  const entry: ModelEntry = {
    id,
    moment: isoOf(m),
    valid: m.valid,
    header: text.slice(0, e.headerTo - base).trim(),
    line: e.line,
    text,
    revisions: detail.revisions.map((s) => isoOf(s.moment)),
    ...(title ? { title: title.text, titleFrom: title.from - base, titleTo: title.to - base } : {}),
    topics: detail.topics.map((x) => x.name),
    qualifiers: detail.qualifiers.map((x) => x.name),
    gtd: e.isGtd,
    ...(thread ? { thread } : {}),
    opens,
    items,
    references,
    todos: detail.todos.map((x) => ({ state: x.state, text: x.text, from: x.from - base, to: x.to - base, ...inItem(x.item) })),
    mails: detail.mails.map((x) => ({ sender: x.sender, ...(x.address ? { address: x.address } : {}), subject: x.subject, ...(x.date ? { date: `${dateKey(x.date.year, x.date.month, x.date.day)}T${two(x.date.hour)}:${two(x.date.minute)}` } : {}), from: x.from - base, to: x.to - base, ...inItem(x.item) })),
  };
  const g = detail.gtd;
  if (g && m.valid) {
    const key = `${m.year}${two(m.month)}${two(m.day)}T${two(m.hour)}${two(m.minute)}`;
    entry.gtdDay = {
      date: g.date,
      sessions: g.sessions.map((s) => ({ written: text.slice(s.from - base, s.to - base), state: s.state, ...(s.start !== undefined ? { startMinutes: s.start } : {}), ...(s.end !== undefined ? { endMinutes: s.end } : {}) })),
      tasks: g.tasks.map((k) => ({
        number: k.number,
        item: itemIds.get(k.item)!,
        text: k.text,
        spans: k.spans.map((s) => ({ ...(s.start !== undefined ? { startMinutes: s.start } : {}), ...(s.end !== undefined ? { endMinutes: s.end } : {}) })),
        durations: k.durations.map((d) => d.minutes),
        timeOff: k.timeOff.map((d) => ({ ...(d.label ? { label: d.label } : {}), minutes: d.minutes })),
      })),
      ...(g.summary ? { summary: g.summary.text } : {}),
      clock: clocks.get(key) ?? [],
      durations: durations.get(key) ?? [],
    };
  }
  return entry;
}

function referenceModel(r: Reference, text: string, base: number, ids: Map<Entry, string>, itemIds: Map<Item, string>): ModelReference {
  const at = { written: text.slice(r.from - base, r.to - base), from: r.from - base, to: r.to - base, ...(r.item ? { inItem: itemIds.get(r.item)! } : {}) };
  if (r.kind === 'item') {
    const target = r.targetItem ? itemIds.get(r.targetItem) : undefined;
    return { kind: 'item', ...at, path: String(r.number), status: target ? 'resolved' : 'item-missing', ...(target ? { target: { entry: ids.get(r.entry)!, item: target, itemPath: itemPath(r.targetItem!) } } : { target: { entry: ids.get(r.entry)! } }) };
  }
  const first = r.targets[0];
  const path = r.path.length ? r.path.join('.') : undefined;
  let status: ModelReference['status'] = !first ? 'dangling' : r.targets.length > 1 ? 'ambiguous' : 'resolved';
  let item: string | undefined;
  if (first && path) {
    // The target's item ids are its own: made the same way (entry id, then the path).
    item = r.targetItem ? `${ids.get(first)}-${itemPath(r.targetItem).replace(/\./g, '-')}` : undefined;
    if (!r.targetItem && status === 'resolved') status = 'item-missing';
  }
  return {
    kind: 'moment',
    ...at,
    moment: isoOf(r.moment),
    ...(path ? { path } : {}),
    status,
    ...(first ? { target: { entry: ids.get(first)!, moment: isoOf(first.moment!), ...(item ? { item, itemPath: itemPath(r.targetItem!) } : {}) } } : {}),
  };
}
