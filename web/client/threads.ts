/** Threads: the most recently continued first, a page at a time, each with its parts (missing ones marked) and the threads inside them; or one thread. */
import type { WebThreadView } from '../../src/web/api.js';
import { get } from './api.js';
import { entryLink, h, link, show } from './dom.js';
import { pager } from './pager.js';

/** Threads a page shows: each holds all its parts and the threads inside them. */
const THREADS = 25;

function threadNode(t: WebThreadView): HTMLElement {
  return h(
    'section',
    { class: 'thread' },
    h('h2', {}, link(`#/thread/${encodeURIComponent(t.key)}`, t.key), h('span', { class: 'muted' }, `  next: cont${t.next}`)),
    h('ul', {}, t.parts.map((p) => h('li', {}, p.present && p.id ? entryLink(p.id, {}, `${p.part === 0 ? 'opener' : `cont${p.part}`}  ${p.moment ?? ''}`) : h('span', { class: 'missing' }, `cont${p.part}${p.to !== undefined ? ` to cont${p.to}` : ''} missing`), p.subtitle ? h('span', { class: 'muted' }, `  ${p.subtitle}`) : null, p.threads.length ? h('div', { class: 'children' }, p.threads.map(threadNode)) : null))),
  );
}

export async function threadsView(key: string | undefined, params: URLSearchParams): Promise<void> {
  if (key !== undefined) {
    const one = await get('threads', { key });
    show(one.rows.map(threadNode));
    return;
  }
  const page = await get('threads', { offset: params.get('offset') ?? undefined, limit: String(THREADS) });
  show(h('h1', {}, 'Threads'), page.rows.map(threadNode), pager(page, '#/threads', params, THREADS));
}
