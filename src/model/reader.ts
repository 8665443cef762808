/**
 * Reads one entry's meaning from the scanner's events: moment, stamps,
 * topics and thread, the outline, references, TODOs, mail clips and the GTD
 * day. No tree is built on the way: the reader is a sink of the same scanner
 * the tree builder uses.
 */
import { conflictMarkerAt } from '../syntax/conflict.js';
import type { Chunk } from '../syntax/document.js';
import type { ItemRole, LineKind, ScanSink } from '../syntax/sink.js';
import type { LeafKind } from '../syntax/tree.js';
import { diagnostic, type Code, type Reporter } from './diagnostic.js';
import type { EntryContext } from './entry.js';
import { addTaskSpec, checkDay, checkTask, readSession, readTimeOff, readTimeSpec } from './gtd.js';
import { checkMailDate, readMailHeader } from './mail.js';
import { momentDate, readMoment, type Moment } from './moment.js';
import { feedTitle, hashKey, TitleReader } from './title.js';
import type { Entry, EntryDetail, Item, MailClip, MomentReference, Span, Task } from './types.js';

/** An open outline container: the entry itself or an item. */
interface Frame {
  item?: Item;
  role?: ItemRole;
  task?: Task;
  summary?: boolean;
  /** Index of the first reference made inside this item. */
  refStart: number;
  /** Mail clips whose header is inside this item: they end with it. */
  clips?: MailClip[];
  /** Last item number seen per level among this container's children (-1: none yet). */
  last1: number;
  last2: number;
  last3: number;
  levelSkipReported: boolean;
}

/** The topics of a detail read by the journal's pass, which does not read topics. */
const NO_TOPICS: never[] = [];

/** A scan sink that reads an entry's meaning; `begin` readies it for the next entry. */
export class EntryReader implements ScanSink, Reporter {
  private ctx!: EntryContext;
  private chunk!: Chunk;
  private text$ = '';
  private entry!: Entry;
  /** False in the journal's pass: skip texts only a reader of the entry needs, and reuse the detail. */
  private full = true;
  private detail: EntryDetail | undefined;
  /** True when `detail` came from a pass of the journal and no caller keeps it: the next pass may reuse it. */
  private reusable = false;
  /** Frames by depth, reused from entry to entry. */
  private readonly frames: Frame[] = [];
  private readonly stack: Frame[] = [];
  private readonly lightTitle = new TitleReader(false);
  private title: TitleReader | undefined;
  private expectTitle = true;
  private lineKind: LineKind = 'header';
  private lineFrom = 0;
  private lineContentEnd = 0;
  private markerLine = false;
  private itemTextStart = 0;
  private specsEnd = 0;
  private inSessions = false;
  private lastRefTo = -1;
  private lastRefVia: 'see' | 'ref' | undefined;
  private lastNonBlankTo = 0;
  private entryClips: MailClip[] = [];

  /** Readies the reader for one entry. */
  begin(ctx: EntryContext, chunk: Chunk, text: string, entry: Entry, full: boolean): void {
    this.ctx = ctx;
    this.chunk = chunk;
    this.text$ = text;
    this.entry = entry;
    this.full = full;
    const d = this.detail;
    if (!full && d && this.reusable) {
      d.entry = entry;
      // (Only lists that hold something: setting a length costs a call even when it is 0 already.)
      if (d.revisions.length > 0) d.revisions.length = 0;
      if (d.items.length > 0) d.items.length = 0;
      if (d.stamps.length > 0) d.stamps.length = 0;
      if (d.references.length > 0) d.references.length = 0;
      if (d.todos.length > 0) d.todos.length = 0;
      if (d.mails.length > 0) d.mails.length = 0;
      d.topics = NO_TOPICS;
      d.qualifiers = NO_TOPICS;
      d.gtd = undefined;
      d.openerKey = undefined;
    } else {
      this.detail = { entry, revisions: [], topics: full ? [] : NO_TOPICS, qualifiers: full ? [] : NO_TOPICS, items: [], stamps: [], references: [], todos: [], mails: [] };
    }
    this.reusable = !full;
    if (this.stack.length > 0) this.stack.length = 0;
    this.stack.push(this.frame(0, undefined));
    this.title = undefined;
    this.expectTitle = true;
    this.lineKind = 'header';
    this.lineFrom = 0;
    this.lineContentEnd = 0;
    this.markerLine = false;
    this.itemTextStart = 0;
    this.specsEnd = 0;
    this.inSessions = false;
    this.lastRefTo = -1;
    this.lastRefVia = undefined;
    this.lastNonBlankTo = entry.from;
    if (this.entryClips.length > 0) this.entryClips = [];
  }

  /** The frame for a depth, reset. */
  private frame(depth: number, item: Item | undefined): Frame {
    let f = this.frames[depth];
    if (!f) {
      f = newFrame(item);
      this.frames[depth] = f;
      return f;
    }
    f.item = item;
    f.role = undefined;
    f.task = undefined;
    f.summary = false;
    f.refStart = 0;
    f.clips = undefined;
    f.last1 = -1;
    f.last2 = -1;
    f.last3 = -1;
    f.levelSkipReported = false;
    return f;
  }

  finish(): EntryDetail {
    const detail = this.detail!;
    if (detail.gtd) checkDay(detail.gtd, this);
    for (const clip of this.entryClips) clip.to = Math.max(clip.to, this.lastNonBlankTo);
    if (detail.items.length > 0) {
      const paths = itemPaths(detail.items, '', ['']);
      paths.push('');
      this.entry.itemPaths = paths.join(' ');
    }
    return detail;
  }

  itemStart(level: 1 | 2 | 3, number: number, from: number, role: ItemRole): void {
    if (level === 1) this.closeEntryClips();
    const container = this.stack[this.stack.length - 1]!;
    const parent = container.item;
    const item: Item = { level, number, from, to: from, marker: { from, to: from }, parent, children: [], text: '' };
    (parent ? parent.children : this.detail!.items).push(item);
    const frame = this.frame(this.stack.length, item);
    frame.role = role;
    frame.refStart = this.detail!.references.length;
    if (role === 'task') frame.task = { item, number, from, to: from, spans: [], durations: [], timeOff: [], text: '', references: [] };
    this.stack.push(frame);
    this.markerLine = true;
  }

  itemEnd(to: number): void {
    const frame = this.stack.pop()!;
    const item = frame.item!;
    item.to = to;
    if (frame.clips) for (const clip of frame.clips) clip.to = Math.max(clip.to, to);
    const day = this.detail!.gtd;
    if (!frame.task || !day) return;
    if (frame.summary) {
      const rest = this.text(item.marker.to, to);
      const at = rest.search(/summary:/i);
      day.summary = { from: item.marker.to + at, to, text: rest.slice(at + 'summary:'.length).trim() };
      return;
    }
    const task = frame.task;
    task.to = to;
    task.references = this.detail!.references.slice(frame.refStart);
    checkTask(task, this);
    day.tasks.push(task);
  }

  lineStart(kind: LineKind, from: number, contentEnd: number): void {
    this.lineKind = kind;
    this.lineFrom = from;
    this.lineContentEnd = contentEnd;
    this.lastRefTo = -1;
    if (contentEnd - from >= 7 && (this.text$.charCodeAt(from - this.chunk.base) === 60 || this.text$.charCodeAt(from - this.chunk.base) === 62)) this.checkConflict(from, contentEnd);
    if (kind === 'title') this.title = this.full ? new TitleReader(true) : this.lightTitle.reset();
    if (this.expectTitle && kind !== 'header' && kind !== 'revision-stamp') {
      this.expectTitle = false;
      if (kind === 'line' && !this.markerLine) {
        this.report('entry-untitled', { from, to: contentEnd }, 'the line after the header is a URL or code, not a topic list like "work, project, topic"; the entry has no topics');
      }
    }
    if (kind === 'line' && !this.markerLine) {
      const task = this.stack[this.stack.length - 1]!.task;
      if (task && contentEnd - from <= 48) {
        const off = readTimeOff(this.text(from, contentEnd), { from, to: contentEnd });
        if (off) task.timeOff.push(off);
      }
    }
  }

  token(kind: LeafKind, from: number, to: number): void {
    switch (kind) {
      case 'moment':
        this.entry.headerTo = to;
        this.entry.moment = this.checkedMoment(from, to, { from, to }, 'header');
        return;
      case 'stamp': {
        const moment = this.checkedMoment(from + 1, to - 1, { from, to }, 'stamp');
        if (this.lineKind === 'revision-stamp') {
          if (moment) this.detail!.revisions.push({ from, to, moment });
        } else {
          const item = this.stack[this.stack.length - 1]!.item!;
          if (moment) {
            item.stamp = { from, to, moment };
            this.detail!.stamps.push(item.stamp);
          }
          this.itemTextStart = to;
          this.specsEnd = to;
        }
        return;
      }
      case 'marker': {
        const item = this.stack[this.stack.length - 1]!.item!;
        item.marker.to = to;
        this.checkNumbering(this.stack[this.stack.length - 2]!, item);
        this.itemTextStart = to;
        this.specsEnd = to;
        return;
      }
      case 'topic':
      case 'thread-part':
      case 'punctuation':
        if (this.title) feedTitle(this.title, kind, this.text(from, to), { from, to });
        return;
      case 'time-spec': {
        const written = this.text(from, to);
        const spec = readTimeSpec(written, { from, to });
        this.specsEnd = to;
        const day = this.detail!.gtd;
        if (!spec || !day) return;
        if (this.inSessions) {
          const session = readSession(spec, written, this);
          if (session) day.sessions.push(session);
          return;
        }
        const task = this.stack[this.stack.length - 1]!.task;
        if (task) addTaskSpec(task, spec, written, this);
        return;
      }
      default:
        return;
    }
  }

  reference(from: number, to: number, closingQuote: number): void {
    const moment = this.checkedMoment(from + 1, closingQuote, { from, to }, 'reference');
    if (!moment) return;
    let via: 'see' | 'ref' | undefined;
    if (this.full) {
      const before = this.text(Math.max(this.lineFrom, from - 12), from);
      via = /\bsee\W*$/i.test(before) ? 'see' : /\bref\W*$/i.test(before) ? 'ref' : undefined;
      if (!via && this.lastRefTo >= 0 && /^\s*,\s*$/.test(this.text(this.lastRefTo, from))) via = this.lastRefVia;
    }
    const path = to > closingQuote + 1 ? this.text(closingQuote + 1, to).split('.').map(Number) : [];
    const ref: MomentReference = { kind: 'moment', entry: this.entry, item: this.currentItem(), from, to, moment, path, targets: [] };
    if (via) ref.via = via;
    this.detail!.references.push(ref);
    this.lastRefTo = to;
    this.lastRefVia = via;
  }

  itemReference(from: number, to: number, number: number): void {
    this.detail!.references.push({ kind: 'item', entry: this.entry, item: this.currentItem(), from, to, level: 2, number });
    this.lastRefTo = -1;
  }

  todo(from: number, to: number, done: boolean): void {
    let task = '';
    let end = this.lineContentEnd;
    if (this.full) {
      // The task is the rest of the line up to the next marker, read through a window of bounded size.
      const window = this.text(to, Math.min(this.lineContentEnd, to + TODO_WINDOW));
      const next = window.search(MARKER);
      if (next !== -1) end = to + next;
      task = (next === -1 ? window : window.slice(0, next)).trim();
      if (task === '') {
        // A marker that ends the line (or stands before another): the task is the line's text before it, after any marker before.
        const item = this.currentItem();
        const start = this.markerLine && item ? item.marker.to : this.lineFrom;
        const before = this.text(Math.max(start, from - TODO_WINDOW), from);
        let cut = 0;
        for (const m of before.matchAll(MARKERS)) cut = m.index + m[0].length;
        task = before.slice(cut).trim();
        if (task.length > MAX_TODO_TEXT) task = `…${task.slice(task.length - MAX_TODO_TEXT + 1)}`;
      } else if (task.length > MAX_TODO_TEXT) task = `${task.slice(0, MAX_TODO_TEXT - 1)}…`;
    }
    this.detail!.todos.push({ state: done ? 'done' : 'open', text: task, entry: this.entry, item: this.currentItem(), from, to: end, marker: { from, to } });
  }

  mailHeader(from: number, to: number): void {
    const header = readMailHeader(this.text(from, to));
    if (!header) return;
    const clip: MailClip = { sender: header.sender, subject: header.subject, entry: this.entry, item: this.currentItem(), from, to, header: { from, to } };
    if (header.address !== undefined) clip.address = header.address;
    if (header.date !== undefined) clip.date = header.date;
    if (header.date) checkMailDate(header.date, this.entry.moment, { from, to }, this);
    this.detail!.mails.push(clip);
    const frame = this.stack[this.stack.length - 1]!;
    if (frame.item) (frame.clips ??= []).push(clip);
    else this.entryClips.push(clip);
  }

  sessions(open: boolean): void {
    this.inSessions = open;
  }

  lineEnd(): void {
    if (this.lineKind === 'title' && this.title) {
      const title = this.title;
      title.finish();
      if (title.thread) this.entry.thread = title.thread;
      if (title.openerKey !== undefined) {
        this.detail!.openerKey = title.openerKey;
        this.entry.openerHash = hashKey(title.openerKey);
      }
      this.detail!.topics = title.topics;
      this.detail!.qualifiers = title.qualifiers;
      const text = this.text(this.lineFrom, this.lineContentEnd).trim();
      this.entry.titleFrom = this.lineFrom;
      this.entry.titleTo = this.lineContentEnd;
      this.entry.untitled = false;
      this.entry.isGtd = text === 'GTD';
      if (this.entry.isGtd) this.detail!.gtd = { entry: this.entry, date: this.entry.moment ? momentDate(this.entry.moment) : '', sessions: [], tasks: [] };
      this.title = undefined;
    }
    if (this.markerLine) {
      const frame = this.stack[this.stack.length - 1]!;
      if (this.full) frame.item!.text = this.text(this.itemTextStart, this.lineContentEnd).trim();
      if (frame.task) {
        if (this.full) frame.task.text = this.text(this.specsEnd, this.lineContentEnd).trim();
        frame.summary = /^\s*summary:/i.test(this.text(this.specsEnd, Math.min(this.lineContentEnd, this.specsEnd + 24)));
      }
      this.markerLine = false;
    }
    if (this.lineKind !== 'blank') this.lastNonBlankTo = this.lineContentEnd;
  }

  /** A conflict marker a merge left (`<<<<<<< ours`, `>>>>>>> theirs`): an error until the user finishes the merge. */
  private checkConflict(from: number, contentEnd: number): void {
    const base = this.chunk.base;
    const kind = conflictMarkerAt(this.text$, from - base, contentEnd - base);
    if (!kind) return;
    const where = this.entry.moment ? `the entry ${this.entry.moment.key}` : 'the text before the first entry';
    const what = kind === 'open' ? 'a merge left a conflict here' : 'the end of a conflict a merge left';
    this.report('merge-conflict', { from, to: contentEnd }, `${what}, in ${where}: keep the lines you want between "<<<<<<<", "=======" and ">>>>>>>", and delete the three marker lines`);
  }

  report(code: Code, span: Span, message: string): void {
    this.ctx.diagnostics.push(diagnostic(code, this.ctx.file.path, span.from, span.to, message));
  }

  private text(from: number, to: number): string {
    const base = this.chunk.base;
    return this.text$.slice(from - base, to - base);
  }

  private currentItem(): Item | undefined {
    return this.stack[this.stack.length - 1]!.item;
  }

  private closeEntryClips(): void {
    for (const clip of this.entryClips) clip.to = Math.max(clip.to, this.lastNonBlankTo);
    this.entryClips = [];
  }

  /** The moment written at `[from, to)` (offsets in the file); an impossible one is reported. */
  private checkedMoment(from: number, to: number, span: Span, what: string): Moment | undefined {
    const base = this.chunk.base;
    const moment = readMoment(this.text$, from - base, to - base);
    if (moment && !moment.valid) this.report('moment-invalid', span, `${what} "${this.text(from, to)}" is not a real moment; expected hours 0-23, minutes 0-59 and a real date, like "9:07 2013-02-22"`);
    return moment;
  }

  private checkNumbering(container: Frame, item: Item): void {
    const last = item.level === 1 ? container.last1 : item.level === 2 ? container.last2 : container.last3;
    const expected = last >= 0 ? last + 1 : this.detail!.gtd && item.level === 1 && !container.item ? item.number : 1;
    if (item.number !== expected) {
      const prior = last >= 0 ? markerOf(item.level, last) : 'no item of its level';
      this.report('outline-number-jump', item.marker, `item ${markerOf(item.level, item.number)} follows ${prior}; expected ${markerOf(item.level, expected)} (the numbering is kept as written)`);
    }
    if (item.level === 1) container.last1 = item.number;
    else if (item.level === 2) container.last2 = item.number;
    else container.last3 = item.number;
    const parentLevel = container.item ? container.item.level : 0;
    if (!container.levelSkipReported && item.level > parentLevel + 1) {
      container.levelSkipReported = true;
      this.report('outline-level-skip', item.marker, `item ${markerOf(item.level, item.number)} is at level ${item.level} with no level-${item.level - 1} item around it`);
    }
  }
}

/**
 * The characters of a task's text, at most (longer ones end in an
 * ellipsis): a line of 100 KB holding 20,000 markers would otherwise give
 * each of them the rest of the line, a gigabyte in all.
 */
export const MAX_TODO_TEXT = 200;
/** How far from its marker a task's text is looked for: enough for the text and the blanks around it. */
const TODO_WINDOW = 4 * MAX_TODO_TEXT;
/** A TODO or DONE marker (the next one on the line ends a task's text). */
const MARKER = /\\(?:TODO|DONE)/;
const MARKERS = /\\(?:TODO|DONE):?/g;

function newFrame(item: Item | undefined): Frame {
  return { item, refStart: 0, last1: -1, last2: -1, last3: -1, levelSkipReported: false };
}

/**
 * The item paths references can name, by the first-match rule of `findItem`:
 * of two siblings with one number, only the first is reachable.
 */
function itemPaths(items: Item[], prefix: string, out: string[]): string[] {
  // Numbers seen among these siblings: a set, not a look back over the earlier ones (a body of 100,000 items).
  const seen = new Set<number>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (seen.has(item.number)) continue;
    seen.add(item.number);
    const path = prefix + (item.number < 100 ? SMALL[item.number]! : String(item.number));
    out.push(path);
    if (item.children.length > 0) itemPaths(item.children, path + '.', out);
  }
  return out;
}

/** `'0'` to `'99'`, so that item numbers need no conversion. */
const SMALL = Array.from({ length: 100 }, (_, i) => String(i));

function markerOf(level: number, number: number): string {
  return level === 1 ? `${number},` : level === 2 ? `${number}),` : `(${number}),`;
}
