/** Paging of the long lists (TODOs, threads, topics, people): a page of rows and links to the pages beside it. */
import type { ListPage } from '../../src/web/api.js';
import { h, link } from './dom.js';

/** Rows a list page shows. */
export const PAGE = 100;

/** "1–100 of 2,345" and links to the previous and next pages of `size` rows, keeping the page's other parameters. */
export function pager(page: ListPage<unknown>, base: string, params: URLSearchParams, size = PAGE, name = 'offset'): HTMLElement {
  const to = page.offset + page.rows.length;
  const at = (offset: number) => {
    const p = new URLSearchParams(params);
    if (offset > 0) p.set(name, String(offset));
    else p.delete(name);
    return `${base}${p.size ? `?${p}` : ''}`;
  };
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'pages' },
    page.offset > 0 ? link(at(Math.max(0, page.offset - size)), '← previous') : h('span', {}),
    h('span', { class: 'muted' }, page.total === 0 ? 'none' : `${page.offset + 1}–${to} of ${page.total.toLocaleString('en')}`),
    to < page.total ? link(at(page.offset + size), 'next →') : h('span', {}),
  );
}
