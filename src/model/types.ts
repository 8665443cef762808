/**
 * The journal model: what the text means. Every part keeps the span of text it
 * came from (`from`/`to`, offsets in its file), so a command can point at it
 * and an edit can patch exactly it.
 */
import type { Chunk, Document } from '../syntax/document.js';
import type { Diagnostic } from './diagnostic.js';
import type { Moment } from './moment.js';

/** A span of a file's text. */
export interface Span {
  from: number;
  to: number;
}

/** A `(HH:MM YYYY-MM-DD)` stamp: a revision of the entry, or the day an item was added. */
export interface Stamp extends Span {
  moment: Moment;
}

/** One phrase of a title line (`libvirt`, `Shawn Chang`, `模型`). */
export interface Topic extends Span {
  name: string;
}

/**
 * Where an entry sits in a thread: `a, b, cont20, c, cont1` is part 1 of the
 * thread `a, b / c`, which lives inside part 20 of the thread `a, b`.
 */
export interface ThreadPosition {
  /** The thread's key: segments joined with ` / ` (`a, b / c`). */
  key: string;
  part: number;
  /** The enclosing threads and the parts this one lives in, outermost first. */
  parents: { key: string; part: number }[];
  /** The phrases after the last `contN`, if any (`send crash message to Jim`). */
  subtitle?: string;
  /** The span of the `contN` phrase. */
  partFrom: number;
  partTo: number;
}

/** An outline item: `3, `, `2), ` or `(1), ` up to the next marker of the same or a higher level. */
export interface Item extends Span {
  level: 1 | 2 | 3;
  number: number;
  marker: Span;
  /** `6, (13:13 2013-02-28)`: the day the item was added. */
  stamp?: Stamp;
  parent?: Item;
  children: Item[];
  /** The text of the marker line after the marker and stamp, trimmed. */
  text: string;
}

/** A quoted moment, maybe with an item path: `see"11:07 2013-2-16"5`. */
export interface MomentReference extends Span {
  kind: 'moment';
  entry: Entry;
  /** The innermost item holding the reference. */
  item?: Item;
  moment: Moment;
  /** Item numbers below the entry: `"14:17 2013-02-06"2.1` gives [2, 1]. */
  path: number[];
  /** The word before it, `see` or `ref`, when there is one. */
  via?: 'see' | 'ref';
  /** Filled by resolution: the entries with that moment (none: dangling, two or more: ambiguous). */
  targets: Entry[];
  /** Filled by resolution: the item the path names, when it exists. */
  targetItem?: Item;
}

/** A quoted marker naming a sibling item of the same entry: `"3)"`. */
export interface ItemReference extends Span {
  kind: 'item';
  entry: Entry;
  item?: Item;
  level: 2;
  number: number;
  /** Filled by resolution. */
  targetItem?: Item;
}

/** Either kind of reference. */
export type Reference = MomentReference | ItemReference;

/** A `\TODO` (open) or `\DONE` (closed) marker and its task text. */
export interface Todo extends Span {
  state: 'open' | 'done';
  text: string;
  entry: Entry;
  item?: Item;
  /** The marker itself (`\TODO:`), the part an edit changes. */
  marker: Span;
}

/** A clipped mail: header `"Name <addr>"_email_"Subject"_20130201_1747` and the text after it. */
export interface MailClip extends Span {
  sender: string;
  address?: string;
  subject: string;
  /** The mail's own date, as written in the header. */
  date?: { year: number; month: number; day: number; hour: number; minute: number };
  entry: Entry;
  item?: Item;
  /** The header line. */
  header: Span;
}

/** A `H:MM-H:MM` span in minutes since the day's midnight; `end` below `start` crosses midnight. */
export interface TimeSpan extends Span {
  start?: number;
  end?: number;
}

/** A duration: `3h`, `2.5h`, `30'`; with a label for time off (`nap 30'`). */
export interface Duration extends Span {
  minutes: number;
  label?: string;
}

/** A presence session on the `0, ` line of a GTD day. */
export interface Session extends TimeSpan {
  state: 'closed' | 'open' | 'no-start';
}

/** A task of a GTD day: a level-2 item under `1, today`. */
export interface Task extends Span {
  item: Item;
  number: number;
  spans: TimeSpan[];
  durations: Duration[];
  /** Time off inside the task's spans (`nap 30'`). */
  timeOff: Duration[];
  text: string;
  references: Reference[];
}

/** A `GTD` entry: the plan and account of one day. */
export interface GtdDay {
  entry: Entry;
  /** The header's date, `2013-02-22`. */
  date: string;
  sessions: Session[];
  tasks: Task[];
  summary?: Span & { text: string };
}

/**
 * One entry of the journal, as the journal keeps it for every entry: enough
 * to name it, order it, find it by moment and place it in its thread. What
 * it holds (outline, references, TODOs, mails, the GTD day) is read again
 * from the text on demand with `readDetail`, so a journal of hundreds of
 * megabytes stays small in memory.
 */
export class Entry implements Span {
  moment?: Moment;
  /** End of the header's moment text. */
  headerTo: number;
  /** The title line's text span, or -1 when the entry is untitled. */
  titleFrom = -1;
  titleTo = -1;
  /** True when the line after the header is a URL or code, kept as body. */
  untitled = true;
  /** True for a `GTD` day entry. */
  isGtd = false;
  thread?: ThreadPosition;
  /** A hash of the key this entry would open as a sub-thread (its title without contN parts); 0 when untitled. */
  openerHash = 0;
  /**
   * The item paths a reference can name in this entry, space-separated with
   * spaces around (` 1 1.1 2 `), kept so that references are checked without
   * reading the entry again. Set when the entry is read whole (the check
   * pass); undefined before, and when the entry has no items.
   */
  itemPaths?: string;

  constructor(
    readonly file: JournalFile,
    readonly chunk: Chunk,
  ) {
    this.headerTo = chunk.base + chunk.from;
  }

  /** Where the entry starts in its file (its header line). */
  get from(): number {
    return this.chunk.base + this.chunk.from;
  }

  /** Where the entry ends: the next entry's header, or the end of the file. */
  get to(): number {
    return this.chunk.base + this.chunk.to;
  }

  /** The 1-based line of its header in its file. */
  get line(): number {
    return this.chunk.line + 1;
  }

  /** The header's moment text. */
  get header(): Span {
    return { from: this.from, to: this.headerTo };
  }

  /** The title line (without its line ending) and its text, trimmed; undefined when untitled. */
  get title(): (Span & { text: string }) | undefined {
    if (this.titleFrom < 0) return undefined;
    // Read from the entry's own chunk: an entry an edit replaced still reads its own title.
    const base = this.chunk.base;
    return { from: this.titleFrom, to: this.titleTo, text: this.file.doc.headText(this.chunk).slice(this.titleFrom - base, this.titleTo - base).trim() };
  }
}

/** What an entry holds, read from its text. */
export interface EntryDetail {
  entry: Entry;
  /** The key this entry would open as a sub-thread (title without its contN parts). */
  openerKey?: string;
  revisions: Stamp[];
  topics: Topic[];
  /** Phrases after `;` on the title line. */
  qualifiers: Topic[];
  gtd?: GtdDay;
  items: Item[];
  /** Item stamps, in order. */
  stamps: Stamp[];
  references: Reference[];
  todos: Todo[];
  mails: MailClip[];
}

/** One file of a journal, parsed. */
export interface JournalFile {
  /** The path as the user named it (or as found in a journal directory). */
  path: string;
  doc: Document;
  entries: Entry[];
  /** False when the file had bytes that are not UTF-8: daybook will not write it. */
  writable: boolean;
  /** What reading the file's bytes found (encoding); the journal keeps each entry's findings itself. */
  diagnostics: Diagnostic[];
}
