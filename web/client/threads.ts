/** Threads: every thread with its parts (missing ones marked) and the threads inside them, or one thread. */
import type { WebThreadView } from '../../src/web/api.js';
import { get } from './api.js';
import { h, link, show } from './dom.js';

function threadNode(t: WebThreadView): HTMLElement {
  return h(
    'div',
    { class: 'thread' },
    h('h2', {}, link(`#/thread/${encodeURIComponent(t.key)}`, t.key), h('span', { class: 'muted' }, `  next: cont${t.next}`)),
    h('ul', {}, t.parts.map((p) => h('li', {}, p.present ? link(`#/entry/${p.id ?? ''}`, `${p.part === 0 ? 'opener' : `cont${p.part}`}  ${p.moment ?? ''}`) : h('span', { class: 'missing' }, `cont${p.part}${p.to !== undefined ? ` to cont${p.to}` : ''} missing`), p.subtitle ? h('span', { class: 'muted' }, `  ${p.subtitle}`) : null, p.threads.length ? h('div', { class: 'children' }, p.threads.map(threadNode)) : null))),
  );
}

function find(list: WebThreadView[], key: string): WebThreadView | undefined {
  for (const t of list) {
    if (t.key === key) return t;
    for (const p of t.parts) {
      const inner = find(p.threads, key);
      if (inner) return inner;
    }
  }
  return undefined;
}

export async function threadsView(key?: string): Promise<void> {
  const threads = await get('threads');
  if (key !== undefined) {
    const t = find(threads, key);
    show(t ? threadNode(t) : h('p', { class: 'error' }, `no thread ${key}`));
    return;
  }
  show(h('h1', {}, 'Threads'), threads.map(threadNode));
}
