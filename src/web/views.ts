/**
 * What the web app shows, as plain data: the timeline, an entry with its
 * outline, references, mails, backlinks and thread neighbours. The browser
 * renders it; every piece of journal text travels as text, never as markup.
 */
import { dayParts, type Day } from '../calendar/day.js';
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { itemPath, resolveDetail } from '../model/references.js';
import { Moment, referenceTo } from '../model/moment.js';
import type { Entry, Item } from '../model/types.js';
import type { EntryView, Piece, TimelinePage, TimelineRow, ViewItem, ViewLine } from './api.js';

export type { EntryView, Piece, TimelinePage, TimelineRow, ViewItem, ViewLine };

/**
 * An entry's address in the app, readable: its day and time
 * (`2013-02-16/11:07`), and for the second and later entries of a moment
 * which one (`2013-02-16/11:07~2`).
 */
export function entryId(journal: Journal, e: Entry): string {
  const m = e.moment;
  if (!m) return '0000-00-00/0:00';
  const base = `${m.year}-${pad(m.month)}-${pad(m.day)}/${pad(m.hour)}:${pad(m.minute)}`;
  const same = m.valid ? journal.sameMoment.get(m.code) : undefined;
  const k = same ? same.indexOf(e) + 1 : 1;
  return k > 1 ? `${base}~${k}` : base;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The entry an id names (`2013-02-16/11:07`, `2013-02-16/11:07~2`; the old numeric ids too), or undefined. */
export function entryById(journal: Journal, id: string): Entry | undefined {
  const readable = /^(\d{4})-(\d{2})-(\d{2})\/(\d{2}):(\d{2})(?:~(\d{1,6}))?$/.exec(id);
  const numeric = /^(-?\d{1,12})(?:\.(\d{1,6}))?$/.exec(id);
  let code: number;
  let k: number;
  if (readable) {
    const [y, mo, d, h, mi] = readable.slice(1, 6).map(Number) as [number, number, number, number, number];
    code = new Moment(y, mo, d, h, mi).code;
    k = readable[6] ? Number(readable[6]) : 1;
  } else if (numeric) {
    code = Number(numeric[1]);
    k = numeric[2] ? Number(numeric[2]) : 1;
  } else return undefined;
  const same = journal.sameMoment.get(code);
  if (same) return same[k - 1];
  if (k !== 1) return undefined;
  return journal.byMoment.get(code) ?? (code < 0 ? journal.entries.find((e) => e.moment?.code === code) : undefined);
}

function row(journal: Journal, e: Entry): TimelineRow {
  const moment = e.moment ? e.moment.key : e.file.doc.textOf(e.header).trim();
  return { id: entryId(journal, e), moment, day: moment.slice(0, 10), title: e.title?.text ?? null, gtd: e.isGtd, file: e.file.path, line: e.line };
}

/** The journal's entries newest first (by moment), as the timeline pages them. */
export function timelineOrder(journal: Journal): Entry[] {
  return [...journal.entries].sort((a, b) => (b.moment?.code ?? -Infinity) - (a.moment?.code ?? -Infinity) || (journal.before(a, b) ? 1 : -1));
}

/** A page of the timeline: from `offset`, or from the newest entry on or before the day `date`. */
export function timeline(journal: Journal, order: Entry[], opts: { offset?: number; limit?: number; date?: Day }): TimelinePage {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
  let offset = Math.max(opts.offset ?? 0, 0);
  if (opts.date) {
    const { year, month, day } = dayParts(opts.date);
    const code = new Moment(year, month, day, 23, 59).code;
    const at = order.findIndex((e) => (e.moment?.code ?? -1) <= code);
    offset = at === -1 ? order.length : at;
  }
  return { rows: order.slice(offset, offset + limit).map((e) => row(journal, e)), offset, total: order.length };
}

const URL_RE = /\bhttps?:\/\/[^\s"'<>]+[^\s"'<>.,;:)\]}]/g;

/** Cuts a line's text into pieces: references (by their spans) and URLs. */
function pieces(text: string, refs: { from: number; to: number; ref: Piece }[]): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  const plain = (s: string) => {
    let i = 0;
    for (const m of s.matchAll(URL_RE)) {
      if (m.index! > i) out.push({ text: s.slice(i, m.index) });
      out.push({ text: m[0], url: m[0] });
      i = m.index! + m[0].length;
    }
    if (i < s.length) out.push({ text: s.slice(i) });
  };
  for (const r of refs.sort((a, b) => a.from - b.from)) {
    if (r.from < at) continue;
    plain(text.slice(at, r.from));
    out.push({ ...r.ref, text: text.slice(r.from, r.to) } as Piece);
    at = r.to;
  }
  plain(text.slice(at));
  return out;
}

/** The lines an entry page shows at first; the rest on asking. */
export const MAX_VIEW_LINES = 3000;
/** The most characters of one line an entry page shows. */
export const MAX_LINE_CHARS = 20_000;
/** The most lines an entry page shows (a pasted log of a million lines is cut here, and says so). */
export const MAX_ALL_LINES = 100_000;

/** The items that begin among the first `shown` lines, cut to them. */
function clipItems(list: ViewItem[], shown: number): ViewItem[] {
  return list.filter((it) => it.first < shown).map((it) => ({ ...it, last: Math.min(it.last, shown - 1), children: clipItems(it.children, shown) }));
}

/**
 * Marks the body lines that are pasted material rather than prose, for the
 * page to show them as such: quoted mail (`> `), diffs, and logs or code (a
 * line that is indented, holds a tab or a run of spaces, or starts like a
 * log line: `[ 12.3]`, `#0  0x...`, `10:02:33`, `ERROR:`). An item's first
 * line is the item's own words and is never marked.
 */
function markLines(view: EntryView): void {
  const heads = new Set<number>();
  const visit = (list: ViewItem[]): void => list.forEach((it) => (heads.add(it.first), visit(it.children)));
  visit(view.items);
  let inDiff = false;
  view.lines.forEach((l, i) => {
    if (l.kind !== 'body' || heads.has(i)) {
      inDiff = false;
      return;
    }
    const text = l.pieces.map((p) => p.text).join('');
    if (/^(diff --git |diff -|@@ .*@@|\+\+\+ |--- \S)/.test(text)) inDiff = true;
    else if (inDiff && !/^[ +\-\\]/.test(text)) inDiff = false;
    const style = inDiff ? (text.startsWith('+') && !text.startsWith('+++') ? 'added' : text.startsWith('-') && !text.startsWith('---') ? 'removed' : 'diff') : /^\s*>/.test(text) ? 'quote' : /\\TODO\b/.test(text) ? 'todo' : /\\DONE\b/.test(text) ? 'done' : isPasted(text) ? 'log' : undefined;
    if (style) l.style = style;
  });
}

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/** A line that is pasted output or code: its spacing carries its meaning, so it must not wrap. */
function isPasted(text: string): boolean {
  if (text.trim() === '' || CJK.test(text)) return false;
  return /^(\s{2,}|\t)\S/.test(text) || /\S(\t| {3,})\S/.test(text) || /^(\[\s*\d+(\.\d+)?\]|#\d+\s+0x|\d{1,2}:\d{2}:\d{2}|[A-Z][A-Z_]{2,}:|0x[0-9a-f]{4,}|\$ |[\w.-]+\[\d+\]:)/.test(text);
}

/** The page of an entry (its backlinks are the caller's to fill in, from the index). */
export function entryView(journal: Journal, e: Entry, maxLines = MAX_VIEW_LINES): EntryView {
  const detail = resolveDetail(readDetail(e), journal);
  const doc = e.file.doc;
  const firstLine = doc.position(e.from).line;
  const text = doc.textOf(e).replace(/(\r\n|\r|\n)[ \t\r\n]*$/, '');
  const rawLines = text.split(/\r\n|\r|\n/);
  // Offsets of each line's start, in file characters.
  const starts: number[] = [];
  let off = e.from;
  for (const l of rawLines) {
    starts.push(off);
    off += l.length;
    const nl = doc.textOf({ from: off, to: Math.min(off + 2, e.to) });
    off += nl.startsWith('\r\n') ? 2 : nl.length > 0 && /[\r\n]/.test(nl[0]!) ? 1 : 0;
  }
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const refsByLine = new Map<number, { from: number; to: number; ref: Piece }[]>();
  for (const r of detail.references) {
    const li = lineOf(r.from);
    let ref: Piece;
    if (r.kind === 'moment') {
      const target = r.targets[0];
      ref = target ? { text: '', ref: { id: entryId(journal, target), ...(r.path.length ? { item: r.path.join('.') } : {}) } } : { text: '', ref: { dangling: true } };
    } else {
      ref = r.targetItem ? { text: '', ref: { id: entryId(journal, e), item: itemPath(r.targetItem) } } : { text: '', ref: { dangling: true } };
    }
    refsByLine.set(li, [...(refsByLine.get(li) ?? []), { from: r.from - starts[li]!, to: r.to - starts[li]!, ref }]);
  }
  const titleLine = e.titleFrom >= 0 ? lineOf(e.titleFrom) : -1;
  const stampLines = new Set(detail.revisions.map((s) => lineOf(s.from)));
  const shown = Math.min(rawLines.length, Math.max(1, maxLines));
  const lines: ViewLine[] = rawLines.slice(0, shown).map((l, i) => {
    // A line of megabytes (a log pasted without its line breaks) is sent cut, saying how much is left out.
    const long = l.length > MAX_LINE_CHARS;
    const text = long ? l.slice(0, MAX_LINE_CHARS) : l;
    const refs = (refsByLine.get(i) ?? []).filter((r) => r.to <= text.length);
    const line: ViewLine = { n: firstLine + i + 1, pieces: pieces(text, refs), kind: i === 0 ? 'header' : stampLines.has(i) ? 'stamp' : i === titleLine ? 'title' : 'body' };
    if (long) line.cut = l.length - MAX_LINE_CHARS;
    return line;
  });
  const mails = detail.mails;
  const items = (list: Item[]): ViewItem[] =>
    list.map((it) => {
      const v: ViewItem = { path: itemPath(it), level: it.level, first: lineOf(it.from), last: lineOf(Math.max(it.from, Math.min(it.to, e.from + text.length) - 1)), children: items(it.children) };
      const mail = mails.find((m) => m.item === it);
      if (mail) v.mail = { sender: mail.sender, ...(mail.address ? { address: mail.address } : {}), subject: mail.subject, ...(mail.date ? { date: `${mail.date.year}-${String(mail.date.month).padStart(2, '0')}-${String(mail.date.day).padStart(2, '0')} ${String(mail.date.hour).padStart(2, '0')}:${String(mail.date.minute).padStart(2, '0')}` } : {}) };
      return v;
    });
  const view: EntryView = {
    id: entryId(journal, e),
    moment: e.moment ? e.moment.key : lines[0]!.pieces.map((p) => p.text).join(''),
    title: e.title?.text ?? null,
    file: e.file.path,
    line: firstLine + 1,
    gtd: e.isGtd,
    stamps: detail.revisions.map((s) => s.moment.key),
    reference: e.moment ? referenceTo(e.moment) : '',
    lines,
    items: clipItems(items(detail.items), shown),
    backlinks: [],
  };
  if (shown < rawLines.length) view.cut = rawLines.length - shown;
  markLines(view);
  if (e.thread) {
    const thread = journal.threads.get(e.thread.key);
    const parts = thread ? [...thread.parts].sort((a, b) => a.part - b.part) : [];
    const at = parts.findIndex((p) => p.entry === e);
    const prev = at > 0 ? parts[at - 1] : undefined;
    const next = at >= 0 ? parts[at + 1] : undefined;
    view.thread = { key: e.thread.key, part: e.thread.part, ...(prev ? { prev: { id: entryId(journal, prev.entry), part: prev.part } } : {}), ...(next ? { next: { id: entryId(journal, next.entry), part: next.part } } : {}) };
    // The first part of a sub-thread goes back to the entry that opened it.
    if (!prev && thread?.opener && thread.opener !== e) view.thread.opener = entryId(journal, thread.opener);
  }
  // The threads this entry opens (its title is continued by a later contN), with their first part.
  if (e.openerHash) {
    for (const t of journal.threads.values()) {
      if (t.opener !== e) continue;
      const first = t.parts.reduce<{ part: number; entry: Entry } | undefined>((a, p) => (!a || p.part < a.part ? p : a), undefined);
      (view.opens ??= []).push({ key: t.key, ...(first ? { first: { id: entryId(journal, first.entry), part: first.part } } : {}) });
    }
  }
  return view;
}
