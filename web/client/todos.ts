/** TODOs: the open ones and the done ones, oldest first, and the open ones by topic. */
import { get } from './api.js';
import { h, link, show } from './dom.js';

export async function todosView(): Promise<void> {
  const rows = await get('todos', { state: 'all' });
  const table = (state: 'open' | 'done') =>
    h('table', {}, h('tr', {}, h('th', {}, 'TODO'), h('th', { class: 'num' }, 'age (days)'), h('th', {}, 'entry')), rows.filter((r) => r.state === state).sort((a, b) => b.ageDays - a.ageDays).map((r) => h('tr', { class: 'row', 'data-href': r.entry ? `#/entry/${r.entry}` : '' }, h('td', {}, r.text), h('td', { class: 'num' }, String(r.ageDays)), h('td', {}, r.entry ? link(`#/entry/${r.entry}`, `${r.moment} ${r.title ?? ''}`) : r.moment))));
  // The open ones by topic: the first topic of their entry's title.
  const byTopic = new Map<string, number>();
  for (const r of rows.filter((x) => x.state === 'open')) {
    const topic = (r.title ?? '(untitled)').split(/[,;]/)[0]!.trim();
    byTopic.set(topic, (byTopic.get(topic) ?? 0) + 1);
  }
  const topics = h('p', { id: 'todo-topics' }, [...byTopic].sort((a, b) => b[1] - a[1]).map(([t, n]) => h('span', { class: 'tag' }, `${t} ${n}`)));
  show(h('h1', {}, 'TODOs'), topics, h('h2', {}, 'open'), table('open'), h('h2', {}, 'done'), table('done'));
}
