/**
 * The daybook web app: one page, a hash router, views built with DOM calls
 * (one module per page), live updates from the server, and keys. The page
 * loads this module (/app.js); it imports the others, each served beside it.
 */
import type { ApiEvent } from '../../src/web/api.js';
import { h, main, route, searchBox, show } from './dom.js';
import { entryView } from './entry.js';
import { dayView, hoursView } from './hours.js';
import { reportView } from './report.js';
import { searchView } from './search.js';
import { threadsView } from './threads.js';
import { timelineView } from './timeline.js';
import { todosView } from './todos.js';
import { peopleView, topicsView } from './topics.js';

async function render(): Promise<void> {
  const { path, params } = route();
  try {
    if (path === '/' || path === '') await timelineView(params);
    else if (path.startsWith('/entry/')) await entryView(decodeURIComponent(path.slice(7)), params);
    else if (path === '/search') await searchView(params);
    else if (path === '/topics') await topicsView();
    else if (path === '/threads') await threadsView();
    else if (path.startsWith('/thread/')) await threadsView(decodeURIComponent(path.slice(8)));
    else if (path === '/todos') await todosView();
    else if (path === '/people') await peopleView();
    else if (path === '/hours') await hoursView(params);
    else if (path.startsWith('/day/')) await dayView(decodeURIComponent(path.slice(5)));
    else if (path === '/report') await reportView(params);
    else show(h('p', { class: 'error' }, 'no such page'));
  } catch (err) {
    show(h('p', { class: 'error' }, (err as Error).message));
  }
  document.body.dataset.rendered = String(Date.now());
}

window.addEventListener('hashchange', () => {
  void render().then(() => {
    if (!route().params.get('item')) window.scrollTo(0, 0);
  });
});

let typing: number | undefined;
searchBox.addEventListener('input', () => {
  clearTimeout(typing);
  typing = window.setTimeout(() => {
    const params = route().path === '/search' ? route().params : new URLSearchParams();
    params.set('q', searchBox.value);
    location.hash = `#/search?${params}`;
  }, 150);
});
document.getElementById('search-form')!.addEventListener('submit', (ev) => ev.preventDefault());

// Live: the server says when the journal changed; the page is drawn again where it is.
const events = new EventSource('/api/events');
events.addEventListener('change' satisfies ApiEvent, () => {
  const y = window.scrollY;
  void render().then(() => window.scrollTo(0, y));
});

let pendingG = false;
document.addEventListener('keydown', (ev) => {
  const t = ev.target as HTMLElement;
  if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || ev.ctrlKey || ev.metaKey || ev.altKey) {
    if (ev.key === 'Escape') t.blur();
    return;
  }
  if (ev.key === '/') {
    ev.preventDefault();
    searchBox.focus();
    searchBox.select();
    return;
  }
  if (pendingG) {
    pendingG = false;
    // Today as the server's clock has it (DAYBOOK_NOW), as every command takes it.
    if (ev.key === 't') location.hash = '#/?date=today';
    return;
  }
  if (ev.key === 'g') {
    pendingG = true;
    return;
  }
  const rows = [...main.querySelectorAll<HTMLElement>('.row[data-href]')].filter((r) => r.dataset.href);
  if (!rows.length) return;
  const at = rows.findIndex((r) => r.classList.contains('selected'));
  if (ev.key === 'j' || ev.key === 'k') {
    const next = ev.key === 'j' ? Math.min(rows.length - 1, at + 1) : Math.max(0, at - 1);
    rows[at]?.classList.remove('selected');
    rows[next]!.classList.add('selected');
    rows[next]!.scrollIntoView({ block: 'nearest' });
  } else if (ev.key === 'Enter' && at >= 0) location.hash = rows[at]!.dataset.href!;
});

void render();
