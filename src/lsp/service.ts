/**
 * The journal's language service, as a library: what an editor asks
 * (definition, references, hover, completion, diagnostics, symbols, folding,
 * code actions) answered on the journal model, in offsets of the documents'
 * text. The LSP server (`server.ts`) is a thin wrapper that turns positions
 * into offsets and back.
 *
 * Open documents take the place of their files on disk; the other files of
 * the journal are read from disk once. A change re-reads the journal from
 * the open documents' text and the files' cached parse.
 */
import path from 'node:path';
import { readDetail } from '../model/entry.js';
import { allDiagnostics, buildJournal, type Journal, type SourceFile } from '../model/journal.js';
import { formatMoment, readMoment } from '../model/moment.js';
import { findItem, resolveDetail, resolveItemReference } from '../model/references.js';
import type { Entry, EntryDetail, Item } from '../model/types.js';
import { readSourceFile } from '../journal/read.js';
import { viewThread } from '../query/thread.js';
import { topicTree, type TopicNode } from '../query/topics.js';
import { parse } from '../syntax/parse.js';
import type { Diagnostic } from '../model/diagnostic.js';

/** A span of a document: its path and offsets. */
export interface Spot {
  file: string;
  from: number;
  to: number;
}

/** A completion offered at a place. */
export interface Completion {
  label: string;
  insert: string;
  detail?: string;
  kind: 'reference' | 'topic' | 'thread' | 'marker';
  /** Offsets of the text the completion replaces. */
  from: number;
  to: number;
}

/** An outline node of a document. */
export interface OutlineNode {
  name: string;
  detail: string;
  from: number;
  to: number;
  /** The line (offsets) that names it. */
  selectFrom: number;
  selectTo: number;
  children: OutlineNode[];
}

/** An edit a code action proposes. */
export interface TextEdit {
  file: string;
  from: number;
  to: number;
  text: string;
}

/** A code action: a title and its edits. */
export interface Action {
  title: string;
  edits: TextEdit[];
}

/** The language service over a journal's files. */
export class JournalService {
  private readonly disk = new Map<string, SourceFile>();
  private readonly open = new Map<string, string>();
  private current?: Journal;

  constructor(
    /** The journal's files (absolute paths); documents opened outside them join the journal. */
    private files: string[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Opens or updates a document with its text. */
  update(file: string, text: string): void {
    this.open.set(path.resolve(file), text);
    this.current = undefined;
  }

  /** Closes a document: its file on disk counts again. */
  close(file: string): void {
    this.open.delete(path.resolve(file));
    this.disk.delete(path.resolve(file));
    this.current = undefined;
  }

  /** The journal as the editor sees it now. */
  journal(): Journal {
    if (this.current) return this.current;
    const all = [...new Set([...this.files, ...this.open.keys()])];
    const sources: SourceFile[] = [];
    for (const f of all) {
      const text = this.open.get(f);
      if (text !== undefined) {
        sources.push({ path: f, doc: parse(text) });
        continue;
      }
      let s = this.disk.get(f);
      if (!s) {
        try {
          s = readSourceFile(f, f);
        } catch {
          continue;
        }
        this.disk.set(f, s);
      }
      sources.push(s);
    }
    this.current = buildJournal(sources);
    return this.current;
  }

  /** The text of a file as the service has it. */
  text(file: string): string | undefined {
    const f = path.resolve(file);
    return this.open.get(f) ?? this.journal().files.find((x) => x.path === f)?.doc.textOf({ from: 0, to: this.journal().files.find((x) => x.path === f)!.doc.length });
  }

  private entryAt(file: string, offset: number): Entry | undefined {
    const f = this.journal().files.find((x) => x.path === path.resolve(file));
    if (!f) return undefined;
    let found: Entry | undefined;
    for (const e of f.entries) {
      if (e.from <= offset && offset <= e.to) found = e;
      if (e.from > offset) break;
    }
    return found;
  }

  private detailAt(file: string, offset: number): { entry: Entry; detail: EntryDetail } | undefined {
    const entry = this.entryAt(file, offset);
    if (!entry) return undefined;
    return { entry, detail: resolveDetail(readDetail(entry), this.journal()) };
  }

  /** Where the reference at an offset points: the entry's header, or the item. */
  definition(file: string, offset: number): Spot[] {
    const here = this.detailAt(file, offset);
    if (!here) return [];
    const ref = here.detail.references.find((r) => r.from <= offset && offset <= r.to);
    if (!ref) return [];
    if (ref.kind === 'item') return ref.targetItem ? [itemSpot(here.entry, ref.targetItem)] : [];
    return ref.targets.map((t) => {
      if (ref.path.length) {
        const item = findItem(readDetail(t).items, ref.path);
        if (item) return itemSpot(t, item);
      }
      return { file: t.file.path, from: t.from, to: t.headerTo };
    });
  }

  /** The references to the entry (on its header or title) or item (on its marker line) at an offset. */
  references(file: string, offset: number): Spot[] {
    const here = this.detailAt(file, offset);
    if (!here || !here.entry.moment?.valid) return [];
    const { entry, detail } = here;
    const item = innermost(detail.items, offset);
    const onItem = item && offset >= item.marker.from && offset <= lineEnd(entry, item.from) ? item : undefined;
    const path = onItem ? itemPath(onItem) : undefined;
    if (!onItem && offset > lineEnd(entry, entry.titleFrom >= 0 ? entry.titleFrom : entry.from)) return [];
    const out: Spot[] = [];
    const journal = this.journal();
    for (const e of journal.entries) {
      const d = readDetail(e);
      for (const r of d.references) {
        if (r.kind === 'moment') {
          if (!r.moment.valid || r.moment.code !== entry.moment!.code) continue;
          if (path && r.path.join('.') !== path) continue;
          out.push({ file: e.file.path, from: r.from, to: r.to });
        } else if (e === entry && onItem) {
          resolveItemReference(r, d);
          if (r.targetItem && itemPath(r.targetItem) === path) out.push({ file: e.file.path, from: r.from, to: r.to });
        }
      }
    }
    return out;
  }

  /** The target of the reference at an offset, as Markdown: its title and first lines. */
  hover(file: string, offset: number): { text: string; from: number; to: number } | undefined {
    const here = this.detailAt(file, offset);
    const ref = here?.detail.references.find((r) => r.from <= offset && offset <= r.to);
    if (!here || !ref) return undefined;
    const [spot] = this.definition(file, offset);
    if (!spot) return { text: 'names no entry of this journal', from: ref.from, to: ref.to };
    const target = this.journal().files.find((f) => f.path === spot.file)!;
    const entry = target.entries.find((e) => e.from <= spot.from && spot.from < e.to)!;
    const lines = target.doc.textOf({ from: spot.from, to: entry.to }).split(/\r?\n/).slice(0, 6).join('\n');
    const title = entry.title?.text ?? '(untitled)';
    return { text: `**${title}** · ${formatMoment(entry.moment!)} · ${path.basename(spot.file)}:${target.doc.position(spot.from).line + 1}\n\n\`\`\`text\n${lines.replace(/```/g, '` ``')}\n\`\`\``, from: ref.from, to: ref.to };
  }

  /** Completions at an offset. */
  complete(file: string, offset: number): Completion[] {
    const text = this.text(file) ?? '';
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const before = text.slice(lineStart, offset);
    const journal = this.journal();
    // A reference: after see" or a quote, the moments of recent entries.
    const quote = /"([\d: -]*)$/.exec(before);
    if (quote) {
      const typed = quote[1]!;
      const recent = [...journal.entries].filter((e) => e.moment?.valid).sort((a, b) => b.moment!.code - a.moment!.code).slice(0, 300);
      return recent
        .map((e) => ({ e, written: e.file.doc.textOf(e.header).trim() }))
        .filter(({ written, e }) => written.startsWith(typed) || e.moment!.key.startsWith(typed) || typed === '')
        .slice(0, 100)
        .map(({ e, written }) => ({ label: written, insert: `${written}"`, detail: e.title?.text ?? '(untitled)', kind: 'reference' as const, from: offset - typed.length, to: offset }));
    }
    // \TODO.
    const slash = /\\([A-Za-z]*)$/.exec(before);
    if (slash) return ['TODO', 'DONE'].filter((m) => m.startsWith(slash[1]!.toUpperCase())).map((m) => ({ label: `\\${m}`, insert: `\\${m}: `, kind: 'marker' as const, from: offset - slash[0].length, to: offset }));
    // A title line: the topics that follow the ones written, and the thread's next contN.
    const entry = this.entryAt(file, offset);
    if (entry && entry.titleFrom >= 0 && lineStart === lineBegin(entry, entry.titleFrom)) {
      const parts = before.split(',').map((s) => s.trim());
      const typed = parts.pop() ?? '';
      let level: TopicNode[] = topicTree(journal);
      for (const p of parts) level = level.find((n) => n.topic === p)?.children ?? [];
      const from = offset - typed.length;
      const out: Completion[] = level.filter((n) => n.topic.toLowerCase().startsWith(typed.toLowerCase())).map((n) => ({ label: n.topic, insert: n.topic, detail: `${n.entries} entries, last ${n.last}`, kind: 'topic' as const, from, to: offset }));
      const key = parts.join(', ');
      const thread = journal.threads.get(key);
      if (thread && 'cont'.startsWith(typed.toLowerCase().replace(/\d+$/, ''))) {
        const next = viewThread(journal, thread).next;
        out.unshift({ label: `cont${next}`, insert: `cont${next}`, detail: `the next part of "${key}"`, kind: 'thread', from, to: offset });
      }
      return out;
    }
    return [];
  }

  /** The findings of `daybook check` in a file. */
  diagnostics(file: string): Diagnostic[] {
    const f = path.resolve(file);
    return allDiagnostics(this.journal()).filter((d) => path.resolve(d.file) === f);
  }

  /** The entries of a file and their items, as an outline. */
  outline(file: string): OutlineNode[] {
    const f = this.journal().files.find((x) => x.path === path.resolve(file));
    if (!f) return [];
    return f.entries.map((e) => {
      const d = readDetail(e);
      const node = (it: Item): OutlineNode => ({ name: firstLine(e, it.from), detail: itemPath(it), from: it.from, to: Math.max(it.from, trimEnd(e, it.to)), selectFrom: it.from, selectTo: lineEnd(e, it.from), children: it.children.map(node) });
      return { name: e.title?.text ?? '(untitled)', detail: e.moment ? formatMoment(e.moment) : '', from: e.from, to: Math.max(e.headerTo, trimEnd(e, e.to)), selectFrom: e.from, selectTo: e.headerTo, children: d.items.map(node) };
    });
  }

  /** Entries of the whole journal whose title or moment holds the query. */
  symbols(query: string): (Spot & { name: string; detail: string })[] {
    const q = query.toLowerCase();
    const out: (Spot & { name: string; detail: string })[] = [];
    for (const e of this.journal().entries) {
      const title = e.title?.text ?? '(untitled)';
      const moment = e.moment ? formatMoment(e.moment) : '';
      if (q && !title.toLowerCase().includes(q) && !moment.includes(q) && !(e.moment?.key ?? '').includes(q)) continue;
      out.push({ name: title, detail: moment, file: e.file.path, from: e.from, to: e.headerTo });
      if (out.length >= 500) break;
    }
    return out;
  }

  /** Foldable spans of a file: entries and items (their first line stays). */
  folds(file: string): { from: number; to: number }[] {
    return this.outline(file).flatMap(function walk(n: OutlineNode): { from: number; to: number }[] {
      return [{ from: n.from, to: n.to }, ...n.children.flatMap(walk)];
    });
  }

  /** What can be done at an offset. */
  actions(file: string, offset: number): Action[] {
    const out: Action[] = [];
    const text = this.text(file) ?? '';
    const f = path.resolve(file);
    const now = this.now();
    const header = `${now.getHours()}:${String(now.getMinutes()).padStart(2, '0')} ${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    const end = text.length;
    const sep = text === '' ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    out.push({ title: `Add a new entry (${header})`, edits: [{ file: f, from: end, to: end, text: `${sep}${header}\n` }] });
    const here = this.detailAt(file, offset);
    if (here) {
      const { entry, detail } = here;
      if (entry.thread || entry.openerHash) {
        const journal = this.journal();
        const key = entry.thread?.key ?? detail.openerKey;
        const thread = key ? journal.threads.get(key) : undefined;
        if (thread && entry.titleFrom >= 0) {
          const next = viewThread(journal, thread).next;
          const base = entry.thread ? entry.file.doc.textOf({ from: entry.titleFrom, to: entry.thread.partFrom }) : `${entry.title!.text}, `;
          out.push({ title: `Continue the thread "${thread.key}" (cont${next})`, edits: [{ file: f, from: end, to: end, text: `${sep}${header}\n${base.trimStart()}cont${next}\n` }] });
        }
      }
      const lineFrom = text.lastIndexOf('\n', offset - 1) + 1;
      const lineTo = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
      const todo = detail.todos.find((t) => t.state === 'open' && t.marker.from >= lineFrom && t.marker.from <= lineTo);
      if (todo) out.push({ title: 'Close this \\TODO (\\DONE)', edits: [{ file: f, from: todo.marker.from + 1, to: todo.marker.from + 5, text: 'DONE' }] });
      // A bare moment in the text: make it a reference.
      const line = text.slice(lineFrom, lineTo);
      for (const m of line.matchAll(/(?<!["\d])(\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2})(?![\d"])/g)) {
        const from = lineFrom + m.index!;
        const to = from + m[0].length;
        if (offset < from || offset > to || from === entry.from) continue;
        const moment = readMoment(m[0]);
        if (!moment?.valid) continue;
        out.push({ title: `Make "${m[0]}" a reference`, edits: [{ file: f, from, to, text: `"${m[0]}"` }] });
      }
    }
    return out;
  }

  /** Replaces the journal's files (when the workspace changes). */
  setFiles(files: string[]): void {
    this.files = files.map((f) => path.resolve(f));
    this.current = undefined;
  }
}

function itemPath(item: Item): string {
  let p = String(item.number);
  for (let x = item.parent; x; x = x.parent) p = `${x.number}.${p}`;
  return p;
}

function itemSpot(entry: Entry, item: Item): Spot {
  return { file: entry.file.path, from: item.from, to: lineEnd(entry, item.from) };
}

function innermost(items: Item[], offset: number): Item | undefined {
  for (const it of items) {
    if (offset >= it.from && offset < it.to) return innermost(it.children, offset) ?? it;
  }
  return undefined;
}

function lineBegin(entry: Entry, offset: number): number {
  const doc = entry.file.doc;
  return offset - doc.position(offset).character;
}

function lineEnd(entry: Entry, offset: number): number {
  const doc = entry.file.doc;
  const rest = doc.textOf({ from: offset, to: entry.to });
  const nl = rest.search(/\r|\n/);
  return nl === -1 ? entry.to : offset + nl;
}

function firstLine(entry: Entry, offset: number): string {
  return entry.file.doc.textOf({ from: offset, to: lineEnd(entry, offset) }).trim().slice(0, 120);
}

function trimEnd(entry: Entry, to: number): number {
  const text = entry.file.doc.textOf({ from: entry.from, to });
  return entry.from + text.replace(/\s+$/u, '').length;
}
