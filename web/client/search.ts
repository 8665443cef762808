/** Search: the words typed in the bar, the filters, the hits with the words marked. */
import type { ApiResponse } from '../../src/web/api.js';
import { get, pick } from './api.js';
import { entryHref, entryLink, h, link, searchBox, show, type Child } from './dom.js';

function marked(text: string, marks: [number, number][]): Child[] {
  const out: Child[] = [];
  let at = 0;
  for (const [a, b] of marks) {
    out.push(text.slice(at, a), h('mark', {}, text.slice(a, b)));
    at = b;
  }
  out.push(text.slice(at));
  return out;
}

/** A link that shows more hits of the same search. */
function moreLink(params: URLSearchParams, shown: number): HTMLElement {
  const more = new URLSearchParams(params);
  more.set('limit', String(Math.min(500, shown * 3)));
  return h('p', {}, link(`#/search?${more}`, 'more…'));
}

let searchSeq = 0;

export async function searchView(params: URLSearchParams): Promise<void> {
  const q = params.get('q') ?? '';
  if (document.activeElement !== searchBox) searchBox.value = q;
  const field = (name: string, label: string, type = 'text') => {
    const input = h('input', { type, name, value: params.get(name) ?? '', 'aria-label': label, placeholder: label }) as HTMLInputElement;
    input.addEventListener('change', () => {
      params.set(name, input.value);
      location.hash = `#/search?${params}`;
    });
    return input;
  };
  const check = (name: string, label: string) => {
    const input = h('input', { type: 'checkbox', name, checked: params.get(name) === '1' }) as HTMLInputElement;
    input.addEventListener('change', () => {
      params.set(name, input.checked ? '1' : '');
      location.hash = `#/search?${params}`;
    });
    return h('label', {}, input, ` ${label}`);
  };
  const filters = h('form', { class: 'filters' }, field('topic', 'topic'), field('thread', 'thread'), field('since', 'since (2013-02)'), field('until', 'until'), check('todo', 'open TODO'), check('gtd', 'GTD days'), check('newest', 'newest first'), check('meaning', 'by meaning (中文 ⇄ English)'));
  const seq = ++searchSeq;
  const empty = !q.trim() && !['topic', 'thread', 'since', 'until'].some((k) => params.get(k)) && params.get('todo') !== '1' && params.get('gtd') !== '1';
  if (empty) {
    show(filters, h('p', { class: 'muted' }, 'type to search: words, "a phrase", -word, word*, 中文'));
    return;
  }
  // A phrase being typed has its opening quote and not yet its closing one: search it as if closed, and say so.
  const open = (q.match(/"/g)?.length ?? 0) % 2 === 1;
  let result: ApiResponse<'search'>;
  try {
    result = await get('search', { ...pick(params, 'limit', 'topic', 'thread', 'since', 'until', 'todo', 'gtd', 'newest', 'meaning'), q: open ? `${q}"` : q });
  } catch (err) {
    if (seq === searchSeq) show(filters, h('p', { class: 'error' }, (err as Error).message));
    return;
  }
  if (seq !== searchSeq) return;
  show(
    filters,
    open ? h('p', { class: 'muted', id: 'search-note' }, 'the phrase has no closing quote yet: searched as if it had one') : null,
    h('p', { class: 'muted', id: 'search-count' }, result.hits.length === 0 ? 'no entries found' : result.exact ? `${result.hits.length} of ${result.total} entries` : `${result.hits.length} shown, more match`),
    result.hits.map((hit) => h('div', { class: 'hit row', 'data-href': hit.id ? entryHref(hit.id) : '' }, h('div', {}, h('span', { class: 'when' }, hit.moment), ' ', hit.id ? entryLink(hit.id, {}, hit.title ?? '(untitled)') : hit.title ?? '(untitled)', h('div', { class: 'snippet' }, marked(hit.snippet.text, hit.snippet.marks)), hit.meaning ? h('div', { class: 'muted meaning', title: hit.meaning.map((m) => m.why).join('\n') }, `by meaning: ${hit.meaning.map((m) => (m.via === 'model' ? 'the model' : `${m.word} for ${m.from}`)).join(', ')}`) : null))),
    result.hits.length < result.total || !result.exact ? moreLink(params, result.hits.length) : null,
  );
}
