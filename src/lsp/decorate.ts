/**
 * What an editor shows over the text without changing it: inlay hints after
 * references (what they name, or "dangling"), counts of references on
 * headers and on referenced items (code lenses), and semantic tokens for
 * every construct of the format (FORMAT.md sections 1 to 6), so that
 * editors without the TextMate grammar (Neovim, Emacs) colour it too.
 * All in offsets; the server turns them into positions.
 */
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { findItem, itemPath, resolveDetail } from '../model/references.js';
import type { Entry, EntryDetail, Item, Span } from '../model/types.js';
import { backlinksOf } from '../query/backlinks.js';
import { lastAtOrBefore } from '../syntax/sorted.js';

/** A hint shown after a reference. */
export interface InlayHint {
  /** Where it is shown: right after the reference. */
  at: number;
  label: string;
  /** The reference names nothing of the journal. */
  dangling: boolean;
}

/** A count of references on a header or an item marker line. */
export interface Lens {
  from: number;
  to: number;
  count: number;
  /** The item path, for an item; undefined for the entry. */
  item?: string;
}

/** The kinds of semantic tokens, in the order the server declares them. */
export const TOKEN_TYPES = ['class', 'decorator', 'type', 'enumMember', 'parameter', 'keyword', 'variable', 'event', 'string', 'number', 'comment'] as const;
/** The modifiers of semantic tokens, in the order the server declares them (bits). */
export const TOKEN_MODIFIERS = ['declaration', 'deprecated', 'modification', 'readonly'] as const;

/** A semantic token (one line at most once the server splits it). */
export interface Token extends Span {
  type: (typeof TOKEN_TYPES)[number];
  modifiers?: (typeof TOKEN_MODIFIERS)[number][];
}

/** The longest hint shown. */
const HINT = 48;
const short = (s: string): string => (s.length > HINT ? `${s.slice(0, HINT - 1)}…` : s);

/** The entries of a file that overlap `[from, to)`. */
export function entriesIn(journal: Journal, file: string, from: number, to: number): Entry[] {
  const entries = journal.file(file)?.entries ?? [];
  const first = Math.max(0, lastAtOrBefore(entries, from, (e) => e.from));
  const out: Entry[] = [];
  for (let i = first; i < entries.length && entries[i]!.from <= to; i++) if (entries[i]!.to >= from) out.push(entries[i]!);
  return out;
}

/** The hints after the references of `[from, to)` of a file. */
export function inlayHints(journal: Journal, file: string, from: number, to: number): InlayHint[] {
  const out: InlayHint[] = [];
  for (const e of entriesIn(journal, file, from, to)) {
    const d = resolveDetail(readDetail(e), journal);
    for (const r of d.references) {
      if (r.to < from || r.from > to) continue;
      if (r.kind === 'item') {
        out.push(r.targetItem ? { at: r.to, label: short(`${itemPath(r.targetItem)}, ${r.targetItem.text}`), dangling: false } : { at: r.to, label: 'dangling', dangling: true });
        continue;
      }
      if (r.targets.length === 0) {
        out.push({ at: r.to, label: 'dangling', dangling: true });
        continue;
      }
      if (r.targets.length > 1) {
        out.push({ at: r.to, label: `${r.targets.length} entries have this moment`, dangling: false });
        continue;
      }
      const t = r.targets[0]!;
      const title = t.title?.text ?? '(untitled)';
      if (r.path.length === 0) {
        out.push({ at: r.to, label: short(title), dangling: false });
        continue;
      }
      const item = r.targetItem ?? findItem(readDetail(t).items, r.path);
      out.push(item ? { at: r.to, label: short(`${title} › ${item.text}`), dangling: false } : { at: r.to, label: short(`${title} › no item ${r.path.join('.')}`), dangling: true });
    }
  }
  return out;
}

/**
 * The counts of references on the headers of a file's entries (the last
 * `limit` of a large file) and on their items that are referred to.
 */
export function lenses(journal: Journal, file: string, limit: number): Lens[] {
  const entries = journal.file(file)?.entries.slice(-limit) ?? [];
  const out: Lens[] = [];
  for (const e of entries) {
    if (!e.moment?.valid) continue;
    const links = backlinksOf(journal, e);
    out.push({ from: e.from, to: e.headerTo, count: links.length });
    const byItem = new Map<string, number>();
    for (const b of links) if (b.item !== undefined) byItem.set(b.item, (byItem.get(b.item) ?? 0) + 1);
    if (!byItem.size) continue;
    const items = readDetail(e).items;
    for (const [p, count] of byItem) {
      const it = findItem(items, p.split('.').map(Number));
      if (it) out.push({ from: it.from, to: it.marker.to, count, item: p });
    }
  }
  return out.sort((a, b) => a.from - b.from);
}

/** The semantic tokens of the entries of `[from, to)` of a file, in order, not overlapping. */
export function semanticTokens(journal: Journal, file: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  for (const e of entriesIn(journal, file, from, to)) entryTokens(journal, e, out);
  out.sort((a, b) => a.from - b.from || a.to - b.to);
  // Overlaps (a reference inside a mail header, a stamp inside a task line): the first wins.
  const kept: Token[] = [];
  for (const t of out) {
    if (t.to <= t.from) continue;
    const last = kept[kept.length - 1];
    if (last && t.from < last.to) continue;
    kept.push(t);
  }
  return kept;
}

function entryTokens(journal: Journal, e: Entry, out: Token[]): void {
  const d: EntryDetail = resolveDetail(readDetail(e), journal);
  out.push({ from: e.from, to: e.headerTo, type: 'class', modifiers: ['declaration'] });
  for (const s of d.revisions) out.push({ ...span(s), type: 'decorator', modifiers: ['modification'] });
  if (e.isGtd && e.titleFrom >= 0) out.push({ from: e.titleFrom, to: e.titleTo, type: 'keyword' });
  // The title's phrases up to a `;`: topics, and `contN` parts of threads.
  const title = e.isGtd ? undefined : e.title;
  if (title) {
    const line = e.file.doc.textOf(title);
    const end = line.includes(';') ? line.indexOf(';') : line.length;
    for (const m of line.slice(0, end).matchAll(/[^,]+/g)) {
      const phrase = m[0].trim();
      if (!phrase) continue;
      const from = title.from + m.index! + m[0].indexOf(phrase);
      out.push({ from, to: from + phrase.length, type: /^cont\d+$/i.test(phrase) ? 'enumMember' : 'type' });
    }
  }
  for (const q of d.qualifiers) out.push({ ...span(q), type: 'parameter' });
  const walk = (items: Item[]): void => {
    for (const it of items) {
      out.push({ ...span(it.marker), type: 'keyword', modifiers: it.level === 1 ? [] : ['readonly'] });
      if (it.stamp) out.push({ ...span(it.stamp), type: 'decorator' });
      walk(it.children);
    }
  };
  walk(d.items);
  for (const r of d.references) {
    const dangling = r.kind === 'item' ? !r.targetItem : r.targets.length === 0;
    out.push({ ...span(r), type: 'variable', ...(dangling ? { modifiers: ['deprecated'] } : {}) });
  }
  for (const t of d.todos) out.push({ ...span(t.marker), type: 'event', ...(t.state === 'done' ? { modifiers: ['deprecated'] } : {}) });
  for (const m of d.mails) out.push({ ...span(m.header), type: 'string' });
  const day = d.gtd;
  if (day) {
    for (const s of day.sessions) out.push({ ...span(s), type: 'number' });
    for (const t of day.tasks) {
      for (const s of t.spans) out.push({ ...span(s), type: 'number' });
      for (const s of t.durations) out.push({ ...span(s), type: 'number' });
      for (const s of t.timeOff) out.push({ ...span(s), type: 'number', modifiers: ['deprecated'] });
    }
    if (day.summary) out.push({ ...span(day.summary), type: 'comment' });
  }
}

const span = (s: Span): Span => ({ from: s.from, to: s.to });
