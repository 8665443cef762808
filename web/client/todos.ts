/** TODOs: the open ones or the done ones, oldest first, a page at a time, and the open ones by topic. */
import { get } from './api.js';
import { entryLink, h, link, show, entryHref } from './dom.js';
import { PAGE, pager } from './pager.js';

export async function todosView(params: URLSearchParams): Promise<void> {
  const state = params.get('state') === 'done' ? 'done' : 'open';
  const page = await get('todos', { state, offset: params.get('offset') ?? undefined, limit: String(PAGE) });
  const tabs = h('p', { class: 'tabs' }, state === 'open' ? h('strong', {}, `open ${page.open}`) : link('#/todos', `open ${page.open}`), ' · ', state === 'done' ? h('strong', {}, `done ${page.done}`) : link('#/todos?state=done', `done ${page.done}`));
  const table = h(
    'table',
    { id: 'todo-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'TODO'), h('th', { class: 'num' }, 'age (days)'), h('th', {}, 'entry'))),
    h('tbody', {}, page.rows.map((r) => h('tr', { class: 'row', 'data-href': r.entry ? entryHref(r.entry, { line: r.line }) : '' }, h('td', { class: 'todo' }, r.text || '(the line is the task)'), h('td', { class: 'num' }, String(r.ageDays)), h('td', {}, r.entry ? entryLink(r.entry, { line: r.line }, `${r.moment} ${r.title ?? ''}`) : r.moment)))),
  );
  const topics = state === 'open' && page.topics.length ? h('p', { id: 'todo-topics' }, page.topics.map((t) => h('span', { class: 'tag' }, `${t.topic} ${t.open}`))) : null;
  show(h('h1', {}, 'TODOs'), tabs, topics, page.rows.length ? table : h('p', { class: 'muted' }, `no ${state} TODO`), pager(page, '#/todos', params));
}
