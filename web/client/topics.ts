/** The topic tree (folded below its first level, a page of top topics at a time), and the people the journal names. */
import type { WebTopicNode } from '../../src/web/api.js';
import { get } from './api.js';
import { h, link, show } from './dom.js';
import { PAGE, pager } from './pager.js';

function topicNode(n: WebTopicNode, path: string): HTMLElement {
  const label = [link(`#/search?topic=${encodeURIComponent(n.topic)}&newest=1`, n.topic), h('span', { class: 'muted' }, ` ${n.entries} · ${n.last}`)];
  if (!n.children.length) return h('li', {}, label);
  return h('li', {}, h('details', { id: `topic-${path}` }, h('summary', {}, label), h('ul', { class: 'tree' }, n.children.map((c) => topicNode(c, `${path}/${c.topic}`)), n.more ? h('li', { class: 'muted' }, `and ${n.more} more`) : null)));
}

export async function topicsView(params: URLSearchParams): Promise<void> {
  const page = await get('topics', { offset: params.get('offset') ?? undefined, limit: String(PAGE) });
  show(h('h1', {}, 'Topics'), h('ul', { class: 'tree' }, page.rows.map((n) => topicNode(n, n.topic))), pager(page, '#/topics', params));
}

export async function peopleView(params: URLSearchParams): Promise<void> {
  const page = await get('people', { offset: params.get('offset') ?? undefined, limit: String(PAGE) });
  show(
    h('h1', {}, 'People'),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', { class: 'num' }, 'mails'), h('th', { class: 'num' }, 'in titles'), h('th', {}, 'last'))), h('tbody', {}, page.rows.map((p) => h('tr', {}, h('td', {}, link(`#/search?q=${encodeURIComponent(`"${p.name}"`)}`, p.name)), h('td', { class: 'num' }, String(p.mails)), h('td', { class: 'num' }, String(p.entries)), h('td', {}, p.last))))),
    pager(page, '#/people', params),
  );
}
