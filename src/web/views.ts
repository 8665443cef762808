/**
 * What the web app shows, as plain data: the timeline, an entry with its
 * outline, references, mails, backlinks and thread neighbours. The browser
 * renders it; every piece of journal text travels as text, never as markup.
 */
import { dayParts, type Day } from '../calendar/day.js';
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { itemPath, resolveDetail } from '../model/references.js';
import { Moment } from '../model/moment.js';
import type { Entry, Item } from '../model/types.js';
import type { EntryView, Piece, TimelinePage, TimelineRow, ViewItem, ViewLine } from './api.js';

export type { EntryView, Piece, TimelinePage, TimelineRow, ViewItem, ViewLine };

/** An entry's address in the app: its moment code, and which of the entries with that moment (`1234567` or `1234567.2`). */
export function entryId(journal: Journal, e: Entry): string {
  const code = e.moment?.code ?? -1;
  const same = journal.sameMoment.get(code);
  const k = same ? same.indexOf(e) + 1 : 1;
  return k > 1 ? `${code}.${k}` : String(code);
}

/** The entry an id names, or undefined. */
export function entryById(journal: Journal, id: string): Entry | undefined {
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(id);
  if (!m) return undefined;
  const code = Number(m[1]);
  const k = m[2] ? Number(m[2]) : 1;
  const same = journal.sameMoment.get(code);
  if (same) return same[k - 1];
  if (k !== 1) return undefined;
  return journal.byMoment.get(code) ?? journal.entries.find((e) => e.moment?.code === code);
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

/** The page of an entry (its backlinks are the caller's to fill in, from the index). */
export function entryView(journal: Journal, e: Entry): EntryView {
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
  const lines: ViewLine[] = rawLines.map((l, i) => ({ n: firstLine + i + 1, pieces: pieces(l, refsByLine.get(i) ?? []), kind: i === 0 ? 'header' : stampLines.has(i) ? 'stamp' : i === titleLine ? 'title' : 'body' }));
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
    lines,
    items: items(detail.items),
    backlinks: [],
  };
  if (e.thread) {
    const thread = journal.threads.get(e.thread.key);
    const parts = thread ? [...thread.parts].sort((a, b) => a.part - b.part) : [];
    const at = parts.findIndex((p) => p.entry === e);
    const prev = at > 0 ? parts[at - 1] : undefined;
    const next = at >= 0 ? parts[at + 1] : undefined;
    view.thread = { key: e.thread.key, part: e.thread.part, ...(prev ? { prev: { id: entryId(journal, prev.entry), part: prev.part } } : {}), ...(next ? { next: { id: entryId(journal, next.entry), part: next.part } } : {}) };
  }
  return view;
}
