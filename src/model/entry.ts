/**
 * Reads one entry's meaning from its syntax tree: moment, stamps, topics and
 * thread, the outline, references, TODOs, mail clips and the GTD day.
 */
import type { Chunk } from '../syntax/parse.js';
import { MAIL_HEADER } from '../syntax/patterns.js';
import type { SyntaxNode } from '../syntax/tree.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { readGtdDay } from './gtd.js';
import { readMoment, type Moment } from './moment.js';
import { readTitle } from './title.js';
import type { Entry, Item, JournalFile, MailClip, Reference, Stamp } from './types.js';

/** What reading an entry needs: the file, where to put findings. */
export interface EntryContext {
  file: JournalFile;
  diagnostics: Diagnostic[];
}

/**
 * Reads the entry of a chunk. Never throws: what does not fit the format is
 * kept as text and reported.
 */
export function readEntry(ctx: EntryContext, chunk: Chunk, index: number): Entry {
  const doc = ctx.file.doc;
  const node = doc.chunkTree(chunk);
  const children = node.children ?? [];
  const text = (n: { from: number; to: number }): string => doc.textOf(n);
  const report = (code: Parameters<typeof diagnostic>[0], span: { from: number; to: number }, message: string): void => {
    ctx.diagnostics.push(diagnostic(code, ctx.file.path, span.from, span.to, message));
  };

  const headerNode = children[0]!;
  const momentLeaf = headerNode.children![0]!;
  const entry: Entry = {
    file: ctx.file,
    chunk,
    index,
    from: node.from,
    to: node.to,
    header: { from: momentLeaf.from, to: momentLeaf.to },
    revisions: [],
    untitled: true,
    topics: [],
    qualifiers: [],
    items: [],
    stamps: [],
    references: [],
    todos: [],
    mails: [],
  };
  entry.moment = checkedMoment(text(momentLeaf), momentLeaf, 'header');

  const bodyNodes: SyntaxNode[] = [];
  for (const child of children.slice(1)) {
    if (child.kind === 'revision-stamp') {
      const stamp = readStamp(child.children![0]!);
      if (stamp) entry.revisions.push(stamp);
    } else if (child.kind === 'title') {
      readTitle(entry, child, text);
    } else {
      bodyNodes.push(child);
    }
  }
  if (!entry.title) {
    const first = bodyNodes[0];
    if (first && first.kind === 'line') report('entry-untitled', lineContent(first), 'the line after the header is a URL or code, not a topic list like "work, project, topic"; the entry has no topics');
  }

  readBody(bodyNodes, undefined);
  checkOutline(entry.items, entry.title?.text === 'GTD');
  if (entry.title?.text === 'GTD') entry.gtd = readGtdDay(entry, text, report);
  return entry;

  function checkedMoment(written: string, span: { from: number; to: number }, what: string): Moment | undefined {
    const moment = readMoment(written);
    if (moment && !moment.valid) report('moment-invalid', span, `${what} "${written}" is not a real moment; expected hours 0-23, minutes 0-59 and a real date, like "9:07 2013-02-22"`);
    return moment;
  }

  function readStamp(leaf: SyntaxNode): Stamp | undefined {
    const moment = checkedMoment(text(leaf).slice(1, -1), leaf, 'stamp');
    if (!moment) return undefined;
    return { from: leaf.from, to: leaf.to, moment };
  }

  function readBody(nodes: SyntaxNode[], parent: Item | undefined): void {
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (n.kind === 'item') readItem(n, parent);
      else if (n.kind === 'line') readLine(n, parent, clipEnd(nodes, i, parent));
    }
  }

  function readItem(n: SyntaxNode, parent: Item | undefined): void {
    const first = n.children![0]!;
    const markerLeaf = first.children![0]!;
    const markerText = text(markerLeaf);
    const level = markerLevel(markerText);
    const item: Item = {
      level,
      number: Number(/\d+/.exec(markerText)![0]),
      from: n.from,
      to: n.to,
      marker: { from: markerLeaf.from, to: markerLeaf.to },
      parent,
      children: [],
      text: '',
    };
    const stampLeaf = first.children!.find((c) => c.kind === 'stamp');
    if (stampLeaf) {
      item.stamp = readStamp(stampLeaf);
      if (item.stamp) entry.stamps.push(item.stamp);
    }
    const after = stampLeaf ? stampLeaf.to : markerLeaf.to;
    item.text = text({ from: after, to: lineContent(first).to }).trim();
    (parent ? parent.children : entry.items).push(item);
    readBody(n.children!, item);
  }

  function readLine(line: SyntaxNode, item: Item | undefined, clipTo: number): void {
    const parts = line.children!;
    let lastRef: Reference | undefined;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.kind === 'reference') {
        const moment = checkedMoment(text(p.children![1]!), p, 'reference');
        const pathLeaf = p.children![3];
        const before = i > 0 ? text(parts[i - 1]!) : '';
        const via = /\bsee\W*$/i.test(before) ? 'see' : /\bref\W*$/i.test(before) ? 'ref' : lastRef?.kind === 'moment' && /^\s*,\s*$/.test(before) ? lastRef.via : undefined;
        const ref: Reference = { kind: 'moment', entry, item, from: p.from, to: p.to, moment: moment!, path: pathLeaf ? text(pathLeaf).split('.').map(Number) : [], targets: [] };
        if (via) ref.via = via;
        entry.references.push(ref);
        lastRef = ref;
      } else if (p.kind === 'item-reference') {
        const ref: Reference = { kind: 'item', entry, item, from: p.from, to: p.to, level: 2, number: Number(/\d+/.exec(text(p))![0]) };
        entry.references.push(ref);
        lastRef = ref;
      } else if (p.kind === 'todo') {
        const marker = p.children![0]!;
        const content = lineContent(line);
        let task = text({ from: marker.to, to: content.to }).trim();
        if (task === '') {
          const start = parts[0]!.kind === 'marker' ? parts[0]!.to : content.from;
          task = text({ from: start, to: marker.from }).trim();
        }
        entry.todos.push({ state: text(marker).startsWith('\\DONE') ? 'done' : 'open', text: task, entry, item, from: marker.from, to: content.to, marker: { from: marker.from, to: marker.to } });
      } else if (p.kind === 'mail-header') {
        const clip = readMail(p, item, clipTo);
        if (clip) entry.mails.push(clip);
      }
    }
  }

  function readMail(p: SyntaxNode, item: Item | undefined, clipTo: number): MailClip | undefined {
    const m = MAIL_HEADER.exec(text(p));
    if (!m) return undefined;
    const who = (m[1] ?? m[2] ?? '').trim();
    const addr = /^(.*?)\s*<([^<>]*)>\s*$/.exec(who);
    const clip: MailClip = { sender: addr ? addr[1]!.trim() : who, subject: m[3]!, entry, item, from: p.from, to: Math.max(clipTo, p.to), header: { from: p.from, to: p.to } };
    if (addr) clip.address = addr[2]!.trim();
    if (m[4] && m[5]) {
      const d = m[4];
      const date = { year: Number(d.slice(0, 4)), month: Number(d.slice(4, 6)), day: Number(d.slice(6, 8)), hour: Number(m[5].slice(0, 2)), minute: Number(m[5].slice(2, 4)) };
      clip.date = date;
      checkMailDate(date, p);
    }
    return clip;
  }

  function checkMailDate(date: NonNullable<MailClip['date']>, span: SyntaxNode): void {
    const moment = entry.moment;
    if (!moment?.valid) return;
    const mailDay = Date.UTC(date.year, date.month - 1, date.day);
    const entryDay = Date.UTC(moment.year, moment.month - 1, moment.day);
    const day = 86_400_000;
    if (mailDay > entryDay + day) {
      report('mail-date-after-entry', span, `the mail is dated ${date.year}-${pad(date.month)}-${pad(date.day)}, after the entry it is clipped into (${moment.key}); expected a date on or before the entry`);
    } else if (date.year !== moment.year) {
      const sameYear = Date.UTC(moment.year, date.month - 1, date.day);
      if (sameYear <= entryDay + day && sameYear >= entryDay - 7 * day) {
        report('mail-date-year', span, `the mail is dated ${date.year}-${pad(date.month)}-${pad(date.day)}, a year away from the entry (${moment.key}); was ${moment.year} meant?`);
      }
    }
  }

  /** Where a mail clip whose header is on `nodes[i]` ends: its item's end, or at entry level the next level-1 item. */
  function clipEnd(nodes: SyntaxNode[], i: number, parent: Item | undefined): number {
    if (parent) return parent.to;
    for (let j = i + 1; j < nodes.length; j++) {
      const n = nodes[j]!;
      if (n.kind === 'item' && markerLevel(text(n.children![0]!.children![0]!)) === 1) return n.from;
    }
    let j = nodes.length - 1;
    while (j > i && nodes[j]!.kind === 'blank') j--;
    return nodes[j]!.to;
  }

  function checkOutline(items: Item[], gtd: boolean): void {
    const last = new Map<number, number>();
    let skipped = false;
    for (const item of items) {
      const expected = last.has(item.level) ? last.get(item.level)! + 1 : gtd && item.level === 1 ? item.number : 1;
      if (item.number !== expected) {
        report('outline-number-jump', item.marker, `item ${markerOf(item)} follows ${last.has(item.level) ? markerOf({ ...item, number: last.get(item.level)! }) : 'no item of its level'}; expected ${markerOf({ ...item, number: expected })} (the numbering is kept as written)`);
      }
      last.set(item.level, item.number);
      const parentLevel = item.parent ? item.parent.level : 0;
      if (!skipped && item.level > parentLevel + 1) {
        skipped = true;
        report('outline-level-skip', item.marker, `item ${markerOf(item)} is at level ${item.level} with no level-${item.level - 1} item around it`);
      }
      checkOutline(item.children, false);
    }
  }
}

function markerLevel(marker: string): 1 | 2 | 3 {
  return marker.startsWith('(') ? 3 : marker.endsWith('),') ? 2 : 1;
}

function markerOf(item: { level: number; number: number }): string {
  return item.level === 1 ? `${item.number},` : item.level === 2 ? `${item.number}),` : `(${item.number}),`;
}

/** The span of a line node without its line ending. */
export function lineContent(line: SyntaxNode): { from: number; to: number } {
  const last = line.children![line.children!.length - 1]!;
  return { from: line.from, to: last.kind === 'newline' ? last.from : line.to };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

