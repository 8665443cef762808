/** The topic tree, and the people the journal names. */
import type { TopicNode } from '../../src/web/api.js';
import { get } from './api.js';
import { h, link, show } from './dom.js';

export async function topicsView(): Promise<void> {
  const tree = await get('topics');
  const list = (nodes: TopicNode[]): HTMLElement => h('ul', { class: 'tree' }, nodes.map((n) => h('li', {}, link(`#/search?topic=${encodeURIComponent(n.topic)}&newest=1`, n.topic), h('span', { class: 'muted' }, ` ${n.entries} · ${n.last}`), n.children.length ? list(n.children) : null)));
  show(h('h1', {}, 'Topics'), list(tree));
}

export async function peopleView(): Promise<void> {
  const people = await get('people');
  show(h('h1', {}, 'People'), h('table', {}, h('tr', {}, h('th', {}, 'name'), h('th', { class: 'num' }, 'mails'), h('th', { class: 'num' }, 'in titles'), h('th', {}, 'last')), people.map((p) => h('tr', {}, h('td', {}, link(`#/search?q=${encodeURIComponent(`"${p.name}"`)}`, p.name)), h('td', { class: 'num' }, String(p.mails)), h('td', { class: 'num' }, String(p.entries)), h('td', {}, p.last)))));
}
