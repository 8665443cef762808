/**
 * An entry: its lines, its outline folded by item, mails, references, its
 * thread (and the threads it opens) and its backlinks, each landing on the
 * line that cites it. Pasted logs, diffs and quoted mail are shown as such.
 */
import type { EntryView, ViewItem, ViewLine, ViewMail } from '../../src/web/api.js';
import { get } from './api.js';
import { copyButton, entryLink, h, link, outLink, show } from './dom.js';

/** The lines that keep their spacing and scroll sideways instead of wrapping. */
const UNWRAPPED = new Set(['log', 'diff', 'added', 'removed']);

function lineNode(l: ViewLine, inline = false): HTMLElement {
  const el = h(inline ? 'span' : 'div', { class: `line ${l.kind}${l.style ? ` ${l.style}` : ''}`, 'data-line': String(l.n) });
  for (const p of l.pieces) {
    if ('url' in p) el.append(outLink(p.url));
    else if ('ref' in p && 'id' in p.ref) el.append(entryLink(p.ref.id, { item: p.ref.item }, p.text));
    else if ('ref' in p) el.append(h('span', { class: 'missing', title: 'names no entry of this journal' }, p.text));
    else el.append(p.text);
  }
  if (l.cut) el.append(h('span', { class: 'muted cut' }, ` … ${l.cut.toLocaleString('en')} more characters of this line`));
  return el;
}

function mailHead(mail: ViewMail, line: ViewLine): HTMLElement {
  return h('span', { class: 'mail', 'data-line': String(line.n) }, h('span', { class: 'from' }, mail.sender), mail.address ? h('span', { class: 'muted' }, ` <${mail.address}>`) : null, ' — ', h('span', { class: 'subject' }, mail.subject), mail.date ? h('span', { class: 'muted' }, `  ${mail.date}`) : null);
}

/** The lines from `first` to `last`, with the items that begin among them. */
function linesOf(v: EntryView, items: ViewItem[], first: number, last: number, target: string | null): HTMLElement[] {
  const out: HTMLElement[] = [];
  let i = first;
  while (i <= last) {
    const item = items.find((it) => it.first === i);
    if (item) {
      out.push(itemNode(v, item, target));
      i = item.last + 1;
      continue;
    }
    const line = v.lines[i];
    // The header, the title and the revision stamps are the page's heading.
    if (line && line.kind === 'body') {
      const node = lineNode(line);
      // A run of pasted lines scrolls sideways as one block, its columns kept.
      if (line.style && UNWRAPPED.has(line.style)) {
        const last = out[out.length - 1];
        if (last?.classList.contains('pasted')) last.append(node);
        else out.push(h('div', { class: 'pasted' }, node));
      } else out.push(node);
    }
    i++;
  }
  return out;
}

function itemNode(v: EntryView, item: ViewItem, target: string | null): HTMLElement {
  const head = v.lines[item.first]!;
  const summary = h('summary', {}, item.mail ? mailHead(item.mail, head) : lineNode(head, true), copyButton('⧉', () => `${v.reference}${item.path}.`, { title: `copy a reference to item ${item.path}`, class: 'copy item-copy' }));
  const body = h('div', { class: 'body' }, linesOf(v, item.children, item.first + 1, item.last, target));
  const d = h('details', { class: `item${target === item.path ? ' target' : ''}${item.mail ? ' mailitem' : ''}`, open: true, id: `item-${item.path}` }, summary, body);
  return d;
}

export async function entryView(id: string, item: string | null, params: URLSearchParams): Promise<void> {
  const v = await get('entry', { id, lines: params.get('lines') ?? undefined });
  const text = h('div', { class: 'text' }, linesOf(v, v.items, 0, v.lines.length - 1, item));
  const cut = v.cut ? h('p', { class: 'muted' }, `${v.cut} more lines `, params.get('lines') === 'all' ? '(too many to show)' : link(`#/${v.id}?lines=all`, 'show them')) : null;
  const t = v.thread;
  const thread = t
    ? h(
        'nav',
        { class: 'threadnav', 'aria-label': 'thread' },
        t.prev ? entryLink(t.prev.id, {}, `← ${t.prev.part === 0 ? 'opener' : `cont${t.prev.part}`}`) : t.opener ? entryLink(t.opener, {}, '← opened by') : h('span', {}),
        link(`#/thread/${encodeURIComponent(t.key)}`, `${t.key}, part ${t.part}`),
        t.next ? entryLink(t.next.id, {}, `cont${t.next.part} →`) : h('span', {}),
      )
    : null;
  const opens = v.opens?.length
    ? h('nav', { class: 'opens', 'aria-label': 'threads this entry opens' }, v.opens.map((o) => h('div', {}, 'opens ', link(`#/thread/${encodeURIComponent(o.key)}`, o.key), o.first ? [' · ', entryLink(o.first.id, {}, `cont${o.first.part} →`)] : h('span', { class: 'muted' }, ' (no part yet)'))))
    : null;
  const backlinks = h(
    'section',
    { class: 'panel', id: 'backlinks' },
    h('h2', {}, `Backlinks (${v.backlinks.length})`),
    v.backlinks.length === 0 ? h('p', { class: 'muted' }, 'no entry refers to this one') : h('ul', {}, v.backlinks.map((b) => h('li', {}, entryLink(b.id, { line: b.line }, `${b.moment} ${b.title ?? ''}`), b.item ? h('span', { class: 'muted' }, ` → item ${b.item}`) : null, h('div', { class: 'text muted' }, b.text)))),
  );
  const stamp = h('div', { class: 'meta' }, `${v.moment} · ${v.file}:${v.line}`, v.stamps.length ? ` · revised ${v.stamps.join(', ')}` : '', v.gtd ? ' · GTD' : '', ' ', copyButton('copy reference', () => `${v.reference}.`, { id: 'copy-ref', title: 'copy a reference to this entry, as the journal writes one' }));
  const titleLine = v.lines.find((l) => l.kind === 'title');
  const title = h('h1', {}, titleLine ? [...lineNode(titleLine, true).childNodes] : '(untitled)');
  show(h('article', { class: 'entry' }, title, stamp, thread, opens, text, cut, backlinks));
  document.title = `${v.title ?? v.moment} · daybook`;
  land(item, params.get('line'));
}

/** Scrolls to the item or the line the address names, and marks it. */
function land(item: string | null, line: string | null): void {
  let el: HTMLElement | null = null;
  if (item) el = document.getElementById(`item-${item}`);
  else if (line) {
    el = document.querySelector<HTMLElement>(`.entry .text [data-line="${CSS.escape(line)}"]`);
    el?.classList.add('target');
  }
  if (!el) return;
  for (let p: HTMLElement | null = el; p; p = p.parentElement) if (p instanceof HTMLDetailsElement) p.open = true;
  el.scrollIntoView({ block: 'center' });
}
