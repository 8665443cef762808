/** The timeline: entries by day, newest first, a hundred at a time. */
import { get, pick } from './api.js';
import { entryHref, entryLink, h, link, show, type Child } from './dom.js';

export async function timelineView(params: URLSearchParams): Promise<void> {
  const page = await get('timeline', { ...pick(params, 'offset', 'date'), limit: '100' });
  const out: Child[] = [];
  const jump = h('input', { type: 'date', 'aria-label': 'jump to a date', value: params.get('date') ?? '' }) as HTMLInputElement;
  jump.addEventListener('change', () => (location.hash = `#/?date=${jump.value}`));
  out.push(h('div', { class: 'filters' }, h('label', {}, 'jump to ', jump), h('span', { class: 'muted' }, `${page.total} entries`)));
  let day = '';
  for (const r of page.rows) {
    if (r.day !== day) {
      day = r.day;
      out.push(h('div', { class: 'day' }, day));
    }
    out.push(h('div', { class: 'row', 'data-href': entryHref(r.id) }, h('span', { class: 'when' }, r.moment.slice(11)), entryLink(r.id, {}, r.title ?? '(untitled)'), r.gtd ? h('span', { class: 'tag' }, 'GTD') : null));
  }
  const nav = h('div', { class: 'threadnav' });
  if (page.offset > 0) nav.append(link(`#/?offset=${Math.max(0, page.offset - 100)}`, '← newer'));
  if (page.offset + page.rows.length < page.total) nav.append(link(`#/?offset=${page.offset + 100}`, 'older →'));
  out.push(nav);
  show(h('h1', { class: 'sr' }, 'Timeline'), out);
}
