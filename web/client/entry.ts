/** An entry: its lines, its outline folded by item, mails, references, its thread and its backlinks. */
import type { EntryView, ViewItem, ViewLine, ViewMail } from '../../src/web/api.js';
import { get } from './api.js';
import { h, link, outLink, show } from './dom.js';

function lineNode(l: ViewLine): HTMLElement {
  const el = h('div', { class: `line ${l.kind}`, 'data-line': String(l.n) });
  for (const p of l.pieces) {
    if ('url' in p) el.append(outLink(p.url));
    else if ('ref' in p && 'id' in p.ref) el.append(link(`#/entry/${p.ref.id}${p.ref.item ? `?item=${encodeURIComponent(p.ref.item)}` : ''}`, p.text));
    else if ('ref' in p) el.append(h('span', { class: 'missing', title: 'names no entry of this journal' }, p.text));
    else el.append(p.text);
  }
  if (l.pieces.length === 0) el.append('');
  return el;
}

function mailHead(mail: ViewMail, line: ViewLine): HTMLElement {
  return h('div', { class: 'mail', 'data-line': String(line.n) }, h('span', { class: 'from' }, mail.sender), mail.address ? h('span', { class: 'muted' }, ` <${mail.address}>`) : null, ' — ', h('span', { class: 'subject' }, mail.subject), mail.date ? h('span', { class: 'muted' }, `  ${mail.date}`) : null);
}

function itemNode(v: EntryView, item: ViewItem, target: string | null): HTMLElement {
  const covered = (i: number) => item.children.some((c) => i >= c.first && i <= c.last);
  const childStart = (idx: number) => item.children.find((c) => c.first === idx);
  const rest = h('div', {});
  let i = item.first + 1;
  while (i <= item.last) {
    const child = childStart(i);
    if (child) {
      rest.append(h('div', { class: 'children' }, itemNode(v, child, target)));
      i = child.last + 1;
      continue;
    }
    if (!covered(i)) rest.append(lineNode(v.lines[i]!));
    i++;
  }
  const summary = h('summary', {}, item.mail ? mailHead(item.mail, v.lines[item.first]!) : lineNode(v.lines[item.first]!));
  const d = h('details', { class: `item${target === item.path ? ' target' : ''}`, open: true, id: `item-${item.path}` }, summary, rest);
  if (item.mail) d.classList.add('mailitem');
  return d;
}

export async function entryView(id: string, params: URLSearchParams): Promise<void> {
  const v = await get('entry', { id });
  const target = params.get('item');
  const text = h('div', { class: 'text' });
  const inItem = (i: number) => v.items.some((it) => i >= it.first && i <= it.last);
  let i = 0;
  while (i < v.lines.length) {
    const top = v.items.find((it) => it.first === i);
    if (top) {
      text.append(itemNode(v, top, target));
      i = top.last + 1;
      continue;
    }
    if (!inItem(i)) text.append(lineNode(v.lines[i]!));
    i++;
  }
  const thread = v.thread
    ? h('div', { class: 'threadnav' }, v.thread.prev ? link(`#/entry/${v.thread.prev.id}`, `← cont${v.thread.prev.part}`) : h('span', {}), link(`#/thread/${encodeURIComponent(v.thread.key)}`, `${v.thread.key}, part ${v.thread.part}`), v.thread.next ? link(`#/entry/${v.thread.next.id}`, `cont${v.thread.next.part} →`) : h('span', {}))
    : null;
  const backlinks = h(
    'section',
    { class: 'panel', id: 'backlinks' },
    h('h2', {}, `Backlinks (${v.backlinks.length})`),
    v.backlinks.length === 0 ? h('p', { class: 'muted' }, 'no entry refers to this one') : h('ul', {}, v.backlinks.map((b) => h('li', {}, link(`#/entry/${b.id}`, `${b.moment} ${b.title ?? ''}`), b.item ? h('span', { class: 'muted' }, ` → item ${b.item}`) : null, h('div', { class: 'text muted' }, b.text)))),
  );
  show(h('article', { class: 'entry' }, h('h1', {}, v.title ?? '(untitled)'), h('div', { class: 'meta' }, `${v.moment} · ${v.file}:${v.line}`, v.stamps.length ? ` · revised ${v.stamps.join(', ')}` : '', v.gtd ? ' · GTD' : ''), thread, text, backlinks));
  if (target) {
    const el = document.getElementById(`item-${target}`);
    if (el) {
      for (let p: HTMLElement | null = el; p; p = p.parentElement) if (p instanceof HTMLDetailsElement) p.open = true;
      el.scrollIntoView({ block: 'center' });
    }
  }
}
