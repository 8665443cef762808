/**
 * The daybook web app: one page, a hash router, views built with DOM calls
 * (one module per page), live updates that keep what the user did on the
 * page, keys, and previews of references. The page loads this module
 * (/app.js); it imports the others, each served beside it.
 */
import { get } from './api.js';
import { go, h, main, route, searchBox, show } from './dom.js';
import { entryView } from './entry.js';
import { dayView, hoursView } from './hours.js';
import { onJournalChange } from './live.js';
import { reportView } from './report.js';
import { searchView } from './search.js';
import { threadsView } from './threads.js';
import { timelineView } from './timeline.js';
import { todosView } from './todos.js';
import { peopleView, topicsView } from './topics.js';

/** An entry's readable address: `/2013-02-16/11:07`, an item of it `/2013-02-16/11:07/5`, the second entry of a moment `/2013-02-16/11:07~2`. */
const ENTRY = /^\/(\d{4}-\d{2}-\d{2}\/\d{2}:\d{2}(?:~\d+)?)(?:\/(\d+(?:\.\d+)*))?$/;

async function render(): Promise<void> {
  const { path, params } = route();
  const entry = ENTRY.exec(path);
  document.title = 'daybook';
  // The bar shows the words of the search on screen, and no other.
  if (path !== '/search' && document.activeElement !== searchBox) searchBox.value = '';
  try {
    if (path === '/' || path === '') await timelineView(params);
    else if (entry) await entryView(entry[1]!, entry[2] ?? null, params);
    else if (path.startsWith('/entry/')) await entryView(decodeURIComponent(path.slice(7)), params.get('item'), params);
    else if (path === '/search') await searchView(params);
    else if (path === '/topics') await topicsView(params);
    else if (path === '/threads') await threadsView(undefined, params);
    else if (path.startsWith('/thread/')) await threadsView(decodeURIComponent(path.slice(8)), params);
    else if (path === '/todos') await todosView(params);
    else if (path === '/people') await peopleView(params);
    else if (path === '/hours') await hoursView(params);
    else if (path.startsWith('/day/')) await dayView(decodeURIComponent(path.slice(5)));
    else if (path === '/report') await reportView(params);
    else show(h('p', { class: 'error' }, 'no such page'));
  } catch (err) {
    show(h('p', { class: 'error' }, (err as Error).message));
  }
  for (const a of document.querySelectorAll<HTMLAnchorElement>('#bar nav a')) a.classList.toggle('here', a.getAttribute('href') === `#${path}` || (path === '/' && a.getAttribute('href') === '#/'));
  document.body.dataset.rendered = String(Date.now());
}

window.addEventListener('hashchange', () => {
  hidePreview();
  void render().then(() => {
    const { path, params } = route();
    if (!ENTRY.test(path) && !params.get('item') && !params.get('line')) window.scrollTo(0, 0);
  });
});

// Search as you type: the first pause leaves the page the user was on (one history entry); later pauses refine it in place.
let typing: number | undefined;
searchBox.addEventListener('input', () => {
  clearTimeout(typing);
  typing = window.setTimeout(() => {
    const onSearch = route().path === '/search';
    const params = onSearch ? route().params : new URLSearchParams();
    params.set('q', searchBox.value);
    params.delete('limit');
    go(`#/search?${params}`, { replace: onSearch });
  }, 150);
});
document.getElementById('search-form')!.addEventListener('submit', (ev) => ev.preventDefault());

/** What the user did on the page that a redraw must keep: folds, the selected row, the scroll position. */
interface PageState {
  folds: Map<string, boolean>;
  selected: number;
  selectedHref: string | undefined;
  y: number;
}

function pageState(): PageState {
  const folds = new Map<string, boolean>();
  for (const d of main.querySelectorAll<HTMLDetailsElement>('details[id]')) folds.set(d.id, d.open);
  const rows = selectableRows();
  const at = rows.findIndex((r) => r.classList.contains('selected'));
  return { folds, selected: at, selectedHref: rows[at]?.dataset.href, y: window.scrollY };
}

function restore(s: PageState): void {
  for (const d of main.querySelectorAll<HTMLDetailsElement>('details[id]')) {
    const open = s.folds.get(d.id);
    if (open !== undefined) d.open = open;
  }
  const rows = selectableRows();
  const again = (s.selectedHref ? rows.find((r) => r.dataset.href === s.selectedHref) : undefined) ?? (s.selected >= 0 ? rows[Math.min(s.selected, rows.length - 1)] : undefined);
  again?.classList.add('selected');
  window.scrollTo(0, s.y);
}

// Live: when the journal changes, the page is drawn again where it is, as the user left it.
let redrawing = false;
onJournalChange(() => {
  previews.clear();
  if (redrawing) return;
  redrawing = true;
  const before = pageState();
  void render().then(() => {
    restore(before);
    redrawing = false;
  });
});

const selectableRows = (): HTMLElement[] => [...main.querySelectorAll<HTMLElement>('.row[data-href]')].filter((r) => r.dataset.href);

const KEYS: [string, string][] = [
  ['/', 'search'],
  ['j  k', 'next, previous row'],
  ['Enter', 'open the selected row'],
  ['o', 'open or close the item under the pointer, or all items of the entry'],
  ['c', 'copy a reference to this entry'],
  ['g t', 'today in the timeline'],
  ['g h', 'hours'],
  ['g d', 'TODOs'],
  ['?', 'this list'],
  ['Esc', 'leave the search box, close this list'],
];

function showKeys(): void {
  let dialog = document.getElementById('keys') as HTMLDialogElement | null;
  if (!dialog) {
    dialog = h('dialog', { id: 'keys', 'aria-label': 'keys' }, h('h2', {}, 'Keys'), h('table', {}, KEYS.map(([k, what]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, what)))), h('form', { method: 'dialog' }, h('button', {}, 'close'))) as HTMLDialogElement;
    document.body.append(dialog);
  }
  dialog.showModal();
}

let pendingG = false;
let pointed: Element | null = null;
document.addEventListener('mouseover', (ev) => (pointed = ev.target as Element));
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
  if (ev.key === '?') {
    showKeys();
    return;
  }
  if (pendingG) {
    pendingG = false;
    // Today as the server's clock has it (DAYBOOK_NOW), as every command takes it.
    if (ev.key === 't') go('#/?date=today');
    else if (ev.key === 'h') go('#/hours');
    else if (ev.key === 'd') go('#/todos');
    return;
  }
  if (ev.key === 'g') {
    pendingG = true;
    return;
  }
  if (ev.key === 'c') {
    document.getElementById('copy-ref')?.click();
    return;
  }
  if (ev.key === 'o') {
    const item = pointed?.closest('details.item') as HTMLDetailsElement | null;
    if (item) item.open = !item.open;
    else {
      const all = [...main.querySelectorAll<HTMLDetailsElement>('details.item')];
      const open = !all.every((d) => d.open);
      for (const d of all) d.open = open;
    }
    return;
  }
  const rows = selectableRows();
  if (!rows.length) return;
  const at = rows.findIndex((r) => r.classList.contains('selected'));
  if (ev.key === 'j' || ev.key === 'k') {
    const next = ev.key === 'j' ? Math.min(rows.length - 1, at + 1) : Math.max(0, at - 1);
    rows[at]?.classList.remove('selected');
    rows[next]!.classList.add('selected');
    rows[next]!.scrollIntoView({ block: 'nearest' });
  } else if (ev.key === 'Enter' && at >= 0) go(rows[at]!.dataset.href!);
});

// A preview of a reference's target when the pointer rests on it (the editor's hover shows the same).
const previews = new Map<string, Promise<HTMLElement>>();
let previewTimer: number | undefined;
let preview: HTMLElement | undefined;

function hidePreview(): void {
  clearTimeout(previewTimer);
  preview?.remove();
  preview = undefined;
}

function previewOf(id: string): Promise<HTMLElement> {
  let p = previews.get(id);
  if (!p) {
    p = get('entry', { id }).then((v) => {
      const body = v.lines.filter((l) => l.kind === 'body').slice(0, 8);
      return h('div', { class: 'preview', role: 'tooltip' }, h('div', { class: 'when' }, v.moment), h('strong', {}, v.title ?? '(untitled)'), h('div', { class: 'text' }, body.map((l) => h('div', { class: 'line' }, l.pieces.map((x) => x.text).join('')))), v.lines.length > body.length + 2 ? h('div', { class: 'muted' }, '…') : null);
    });
    p.catch(() => previews.delete(id));
    previews.set(id, p);
  }
  return p;
}

document.addEventListener('mouseover', (ev) => {
  const a = (ev.target as Element).closest?.('a[data-preview]') as HTMLAnchorElement | null;
  if (!a) return;
  clearTimeout(previewTimer);
  previewTimer = window.setTimeout(() => {
    void previewOf(a.dataset.preview!).then((box) => {
      if (!a.isConnected || !a.matches(':hover')) return;
      hidePreview();
      preview = box.cloneNode(true) as HTMLElement;
      document.body.append(preview);
      const r = a.getBoundingClientRect();
      // Placed through the CSSOM: the Content-Security-Policy forbids style attributes.
      preview.style.left = `${Math.max(4, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - preview.offsetWidth - 4))}px`;
      preview.style.top = `${r.bottom + window.scrollY + 4}px`;
    });
  }, 350);
});
document.addEventListener('mouseout', (ev) => {
  if ((ev.target as Element).closest?.('a[data-preview]')) hidePreview();
});

void render();
