/**
 * The daybook web app: one page, a hash router, views built with DOM calls.
 * Journal text is only ever put into the page as text (textContent), never
 * as markup: a journal that holds `<script>` shows `<script>`.
 */
declare const Chart: undefined | (new (el: HTMLCanvasElement, config: unknown) => { destroy(): void });

type Attrs = Record<string, string | boolean | undefined | ((ev: Event) => void)>;
type Child = Node | string | null | undefined | false | Child[];

/** Makes an element; strings become text nodes. */
function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  const add = (c: Child): void => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  };
  children.forEach(add);
  return el;
}

/** A link inside the app (hash routes only; journal URLs go through `external`). */
const link = (href: string, ...children: Child[]) => h('a', { href }, ...children);

/** A URL from the journal, clickable only when it is http(s). */
function outLink(url: string): HTMLElement {
  return /^https?:\/\//i.test(url) ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url) : h('span', {}, url);
}

async function get<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const res = await fetch(`/api/${path}${q.size ? `?${q}` : ''}`);
  const body = await res.json();
  if (!res.ok) throw new Error(`${body.error ?? res.statusText}${body.hint ? ` (${body.hint})` : ''}`);
  return body as T;
}

const main = document.getElementById('main')!;
const searchBox = document.getElementById('search') as HTMLInputElement;
let charts: { destroy(): void }[] = [];

function show(...nodes: Child[]): void {
  for (const c of charts) c.destroy();
  charts = [];
  const flat: (Node | string)[] = [];
  const add = (c: Child): void => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else flat.push(c);
  };
  nodes.forEach(add);
  main.replaceChildren(...flat);
}

function route(): { path: string; params: URLSearchParams } {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?', 2) as [string, string | undefined];
  return { path, params: new URLSearchParams(query ?? '') };
}

// == timeline

interface Row { id: string; moment: string; day: string; title: string | null; gtd: boolean; file: string; line: number }

async function timelineView(params: URLSearchParams): Promise<void> {
  const page = await get<{ rows: Row[]; offset: number; total: number }>('timeline', { offset: params.get('offset') ?? undefined, date: params.get('date') ?? undefined, limit: '100' });
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
    out.push(h('div', { class: 'row', 'data-href': `#/entry/${r.id}` }, h('span', { class: 'when' }, r.moment.slice(11)), link(`#/entry/${r.id}`, r.title ?? '(untitled)'), r.gtd ? h('span', { class: 'tag' }, 'GTD') : null));
  }
  const nav = h('div', { class: 'threadnav' });
  if (page.offset > 0) nav.append(link(`#/?offset=${Math.max(0, page.offset - 100)}`, '← newer'));
  if (page.offset + page.rows.length < page.total) nav.append(link(`#/?offset=${page.offset + 100}`, 'older →'));
  out.push(nav);
  show(h('h1', { class: 'sr' }, 'Timeline'), out);
}

// == entry

type Piece = { text: string; ref?: { id?: string; item?: string; dangling?: true }; url?: string };
interface ViewLine { n: number; pieces: Piece[]; kind: string }
interface ViewItem { path: string; level: number; first: number; last: number; children: ViewItem[]; mail?: { sender: string; address?: string; subject: string; date?: string } }
interface EntryView {
  id: string; moment: string; title: string | null; file: string; line: number; gtd: boolean; stamps: string[];
  lines: ViewLine[]; items: ViewItem[];
  thread?: { key: string; part: number; prev?: { id: string; part: number }; next?: { id: string; part: number } };
  backlinks: { id: string; moment: string; title: string | null; text: string; item?: string }[];
}

function lineNode(l: ViewLine): HTMLElement {
  const el = h('div', { class: `line ${l.kind}`, 'data-line': String(l.n) });
  for (const p of l.pieces) {
    if (p.url) el.append(outLink(p.url));
    else if (p.ref?.id) el.append(link(`#/entry/${p.ref.id}${p.ref.item ? `?item=${encodeURIComponent(p.ref.item)}` : ''}`, p.text));
    else if (p.ref?.dangling) el.append(h('span', { class: 'missing', title: 'names no entry of this journal' }, p.text));
    else el.append(p.text);
  }
  if (l.pieces.length === 0) el.append('');
  return el;
}

function itemNode(v: EntryView, item: ViewItem, target: string | null): HTMLElement {
  const covered = (i: number) => item.children.some((c) => i >= c.first && i <= c.last);
  const body: Node[] = [];
  let i = item.first + 1;
  const childStart = (idx: number) => item.children.find((c) => c.first === idx);
  const rest = h('div', {});
  while (i <= item.last) {
    const child = childStart(i);
    if (child) {
      rest.append(h('div', { class: 'children' }, itemNode(v, child, target)));
      i = child.last + 1;
      continue;
    }
    if (!covered(i)) rest.append(lineNode(v.lines[i]!));
    i++;
  }
  body.push(rest);
  const summary = h('summary', {}, item.mail ? mailHead(item.mail, v.lines[item.first]!) : lineNode(v.lines[item.first]!));
  const d = h('details', { class: `item${target === item.path ? ' target' : ''}`, open: true, id: `item-${item.path}` }, summary, ...body);
  if (item.mail) d.classList.add('mailitem');
  return d;
}

function mailHead(mail: NonNullable<ViewItem['mail']>, line: ViewLine): HTMLElement {
  return h('div', { class: 'mail', 'data-line': String(line.n) }, h('span', { class: 'from' }, mail.sender), mail.address ? h('span', { class: 'muted' }, ` <${mail.address}>`) : null, ' — ', h('span', { class: 'subject' }, mail.subject), mail.date ? h('span', { class: 'muted' }, `  ${mail.date}`) : null);
}

async function entryView(id: string, params: URLSearchParams): Promise<void> {
  const v = await get<EntryView>('entry', { id });
  const target = params.get('item');
  const text = h('div', { class: 'text' });
  const inItem = (i: number) => v.items.some((it) => i >= it.first && i <= it.last);
  let i = 0;
  while (i < v.lines.length) {
    const top = v.items.find((it) => it.first === i);
    if (top) {
      text.append(itemNode(v, top, target));
      i = top.last + 1;
      continue;
    }
    if (!inItem(i)) text.append(lineNode(v.lines[i]!));
    i++;
  }
  const thread = v.thread
    ? h('div', { class: 'threadnav' }, v.thread.prev ? link(`#/entry/${v.thread.prev.id}`, `← cont${v.thread.prev.part}`) : h('span', {}), link(`#/thread/${encodeURIComponent(v.thread.key)}`, `${v.thread.key}, part ${v.thread.part}`), v.thread.next ? link(`#/entry/${v.thread.next.id}`, `cont${v.thread.next.part} →`) : h('span', {}))
    : null;
  const backlinks = h(
    'section',
    { class: 'panel', id: 'backlinks' },
    h('h2', {}, `Backlinks (${v.backlinks.length})`),
    v.backlinks.length === 0 ? h('p', { class: 'muted' }, 'no entry refers to this one') : h('ul', {}, v.backlinks.map((b) => h('li', {}, link(`#/entry/${b.id}`, `${b.moment} ${b.title ?? ''}`), b.item ? h('span', { class: 'muted' }, ` → item ${b.item}`) : null, h('div', { class: 'text muted' }, b.text)))),
  );
  show(h('article', { class: 'entry' }, h('h1', {}, v.title ?? '(untitled)'), h('div', { class: 'meta' }, `${v.moment} · ${v.file}:${v.line}`, v.stamps.length ? ` · revised ${v.stamps.join(', ')}` : '', v.gtd ? ' · GTD' : ''), thread, text, backlinks));
  if (target) {
    const el = document.getElementById(`item-${target}`);
    if (el) {
      for (let p: HTMLElement | null = el; p; p = p.parentElement) if (p instanceof HTMLDetailsElement) p.open = true;
      el.scrollIntoView({ block: 'center' });
    }
  }
}

// == search

interface Hit { id?: string; file: string; line: number; moment: string; title: string | null; snippet: { text: string; marks: [number, number][] } }

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

let searchSeq = 0;
async function searchView(params: URLSearchParams): Promise<void> {
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
  const filters = h('form', { class: 'filters' }, field('topic', 'topic'), field('thread', 'thread'), field('since', 'since (2013-02)'), field('until', 'until'), check('todo', 'open TODO'), check('gtd', 'GTD days'), check('newest', 'newest first'));
  const seq = ++searchSeq;
  const empty = !q.trim() && !['topic', 'thread', 'since', 'until'].some((k) => params.get(k)) && params.get('todo') !== '1' && params.get('gtd') !== '1';
  if (empty) {
    show(filters, h('p', { class: 'muted' }, 'type to search: words, "a phrase", -word, word*, 中文'));
    return;
  }
  let result: { hits: Hit[]; total: number; exact: boolean };
  try {
    result = await get('search', { limit: params.get('limit') ?? undefined, q, topic: params.get('topic') ?? undefined, thread: params.get('thread') ?? undefined, since: params.get('since') ?? undefined, until: params.get('until') ?? undefined, todo: params.get('todo') ?? undefined, gtd: params.get('gtd') ?? undefined, newest: params.get('newest') ?? undefined });
  } catch (err) {
    if (seq === searchSeq) show(filters, h('p', { class: 'error' }, (err as Error).message));
    return;
  }
  if (seq !== searchSeq) return;
  show(
    filters,
    h('p', { class: 'muted', id: 'search-count' }, result.hits.length === 0 ? 'no entries found' : result.exact ? `${result.hits.length} of ${result.total} entries` : `${result.hits.length} shown, more match`),
    result.hits.map((hit) => h('div', { class: 'hit row', 'data-href': hit.id ? `#/entry/${hit.id}` : '' }, h('div', {}, h('span', { class: 'when' }, hit.moment), ' ', hit.id ? link(`#/entry/${hit.id}`, hit.title ?? '(untitled)') : hit.title ?? '(untitled)', h('div', { class: 'snippet' }, marked(hit.snippet.text, hit.snippet.marks))))),
    result.hits.length < result.total || !result.exact ? moreLink(params, result.hits.length) : null,
  );
}

/** A link that shows more hits of the same search. */
function moreLink(params: URLSearchParams, shown: number): HTMLElement {
  const more = new URLSearchParams(params);
  more.set('limit', String(Math.min(500, shown * 3)));
  return h('p', {}, link(`#/search?${more}`, 'more…'));
}

// == topics, threads, TODOs, people

interface TopicNode { topic: string; entries: number; last: string; children: TopicNode[] }

async function topicsView(): Promise<void> {
  const tree = await get<TopicNode[]>('topics');
  const list = (nodes: TopicNode[]): HTMLElement => h('ul', { class: 'tree' }, nodes.map((n) => h('li', {}, link(`#/search?topic=${encodeURIComponent(n.topic)}&newest=1`, n.topic), h('span', { class: 'muted' }, ` ${n.entries} · ${n.last}`), n.children?.length ? list(n.children) : null)));
  show(h('h1', {}, 'Topics'), list(tree));
}

interface ThreadPart { part: number; present: boolean; moment?: string; subtitle?: string; id?: string; threads: ThreadViewT[] }
interface ThreadViewT { key: string; parts: ThreadPart[]; next: number }

function threadNode(t: ThreadViewT): HTMLElement {
  return h(
    'div',
    { class: 'thread' },
    h('h2', {}, link(`#/thread/${encodeURIComponent(t.key)}`, t.key), h('span', { class: 'muted' }, `  next: cont${t.next}`)),
    h('ul', {}, t.parts.map((p) => h('li', {}, p.present ? link(`#/entry/${p.id ?? ''}`, `${p.part === 0 ? 'opener' : `cont${p.part}`}  ${p.moment ?? ''}`) : h('span', { class: 'missing' }, `cont${p.part} missing`), p.subtitle ? h('span', { class: 'muted' }, `  ${p.subtitle}`) : null, p.threads.length ? h('div', { class: 'children' }, p.threads.map(threadNode)) : null))),
  );
}

async function threadsView(key?: string): Promise<void> {
  const threads = await get<ThreadViewT[]>('threads');
  const find = (list: ThreadViewT[]): ThreadViewT | undefined => {
    for (const t of list) {
      if (t.key === key) return t;
      for (const p of t.parts) {
        const inner = find(p.threads);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  if (key !== undefined) {
    const t = find(threads);
    show(t ? threadNode(t) : h('p', { class: 'error' }, `no thread ${key}`));
    return;
  }
  show(h('h1', {}, 'Threads'), threads.map(threadNode));
}

interface TodoRow { id: string; state: string; text: string; moment: string; title?: string; ageDays: number; entry?: string }

async function todosView(): Promise<void> {
  const rows = await get<TodoRow[]>('todos', { state: 'all' });
  const table = (state: string) =>
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

async function peopleView(): Promise<void> {
  const people = await get<{ name: string; mails: number; entries: number; last: string }[]>('people');
  show(h('h1', {}, 'People'), h('table', {}, h('tr', {}, h('th', {}, 'name'), h('th', { class: 'num' }, 'mails'), h('th', { class: 'num' }, 'in titles'), h('th', {}, 'last')), people.map((p) => h('tr', {}, h('td', {}, link(`#/search?q=${encodeURIComponent(`"${p.name}"`)}`, p.name)), h('td', { class: 'num' }, String(p.mails)), h('td', { class: 'num' }, String(p.entries)), h('td', {}, p.last)))));
}

// == hours

interface HoursDay { date: string; weekday: string; week: string; target: number; diff?: number; weekBalance: number; account?: { presence: number; logged: number; focus: number; sessions: { start: number; end: number }[]; spans: { start: number; end: number; task: number; text: string }[] } }
interface Report { groups: { name: string; minutes: number }[]; focus: number; target: number }
const hrs = (m: number) => Math.round((m / 60) * 100) / 100;

async function hoursView(params: URLSearchParams): Promise<void> {
  const since = params.get('since') ?? undefined;
  const until = params.get('until') ?? undefined;
  const [hours, report] = await Promise.all([get<{ days: HoursDay[]; weeks: { week: string; balance: number; focus: number; target: number }[] }>('hours', { since, until }), get<Report>('report', { since, until })]);
  const days = hours.days.filter((d) => d.account);
  const bars = h('canvas', { id: 'hours-chart', 'aria-label': 'focus against target per day' }) as HTMLCanvasElement;
  const balance = h('canvas', { id: 'balance-chart', 'aria-label': 'weekly balance' }) as HTMLCanvasElement;
  const dayPick = h('div', {});
  const range = h('form', { class: 'filters' });
  for (const [name, label] of [['since', 'since'], ['until', 'until']] as const) {
    const input = h('input', { type: 'text', name, value: params.get(name) ?? '', placeholder: `${label} (2013-02-01)`, 'aria-label': label }) as HTMLInputElement;
    input.addEventListener('change', () => {
      params.set(name, input.value);
      location.hash = `#/hours?${params}`;
    });
    range.append(input);
  }
  show(
    h('h1', {}, 'Hours'),
    range,
    days.length === 0 ? h('p', { class: 'muted' }, 'no GTD day in this range') : null,
    h('div', { class: 'chart' }, bars),
    h('div', { class: 'chart' }, balance),
    h('h2', {}, 'By thread or topic'),
    h('table', {}, report.groups.map((g) => h('tr', {}, h('td', {}, g.name), h('td', { class: 'num' }, `${hrs(g.minutes)} h`)))),
    h('h2', {}, 'Days'),
    h('table', { id: 'days' }, h('tr', {}, ['day', 'presence', 'logged', 'focus', 'target', '+/-'].map((c, i) => h('th', { class: i ? 'num' : '' }, c))), days.map((d) => h('tr', {}, h('td', {}, link(`#/day/${d.date}`, `${d.weekday} ${d.date}`)), h('td', { class: 'num' }, String(hrs(d.account!.presence))), h('td', { class: 'num' }, String(hrs(d.account!.logged))), h('td', { class: 'num' }, String(hrs(d.account!.focus))), h('td', { class: 'num' }, String(hrs(d.target))), h('td', { class: 'num' }, String(hrs(d.diff ?? 0)))))),
    dayPick,
    h('p', {}, link(`#/report?${params}`, 'the weekly report →')),
  );
  if (typeof Chart === 'function' && days.length) {
    charts.push(new Chart(bars, { type: 'bar', data: { labels: days.map((d) => d.date), datasets: [{ label: 'focus (h)', data: days.map((d) => hrs(d.account!.focus)), backgroundColor: '#86efac' }, { label: 'target (h)', data: days.map((d) => hrs(d.target)), type: 'line', borderColor: '#ef4444', pointRadius: 0 }] }, options: { maintainAspectRatio: false, animation: false } }));
    const weeks = hours.weeks.filter((w) => w.target > 0 || w.focus > 0);
    charts.push(new Chart(balance, { type: 'line', data: { labels: weeks.map((w) => w.week), datasets: [{ label: 'weekly balance (h)', data: weeks.map((w) => hrs(w.balance)), borderColor: '#2563eb' }] }, options: { maintainAspectRatio: false, animation: false } }));
  }
}

async function dayView(date: string): Promise<void> {
  const hours = await get<{ days: HoursDay[] }>('hours', { since: date, until: date });
  const d = hours.days[0];
  if (!d?.account) {
    show(h('h1', {}, date), h('p', { class: 'muted' }, 'no GTD entry on this day'));
    return;
  }
  const a = d.account;
  const all = [...a.sessions, ...a.spans];
  const from = Math.floor(Math.min(...all.map((s) => s.start)) / 60) * 60;
  const to = Math.ceil(Math.max(...all.map((s) => s.end)) / 60) * 60;
  const pct = (m: number) => `${((m - from) / Math.max(60, to - from)) * 100}%`;
  const axis = h('div', { class: 'dayline', id: 'dayline' });
  // Positions go through the CSSOM: the Content-Security-Policy forbids style attributes.
  const place = (el: HTMLElement, start: number, end?: number): HTMLElement => {
    el.style.left = pct(start);
    if (end !== undefined) el.style.width = `calc(${pct(end)} - ${pct(start)})`;
    return el;
  };
  for (const s of a.sessions) axis.append(place(h('div', { class: 'seg session', title: 'presence' }), s.start, s.end));
  for (const s of a.spans) axis.append(place(h('div', { class: 'seg task', title: `${s.task}) ${s.text}` }), s.start, s.end));
  for (let m = from; m <= to; m += 60) axis.append(place(h('span', { class: 'tick' }, `${(m / 60) % 24}`), m));
  show(h('h1', {}, `${d.weekday} ${d.date}`), h('p', {}, `presence ${hrs(a.presence)} h · logged ${hrs(a.logged)} h · focus ${hrs(a.focus)} h of ${hrs(d.target)} h`), axis, h('ul', {}, a.spans.map((s) => h('li', {}, `${s.task}) ${Math.floor(s.start / 60) % 24}:${String(s.start % 60).padStart(2, '0')}-${Math.floor(s.end / 60) % 24}:${String(s.end % 60).padStart(2, '0')} ${s.text}`))));
}

async function reportView(params: URLSearchParams): Promise<void> {
  const r = await get<Report & { tasks: { date: string; minutes: number; text: string }[]; summaries: { date: string; text: string }[] }>('report', { since: params.get('since') ?? undefined, until: params.get('until') ?? undefined });
  const lines = [`work report`, `1, hours: focus ${hrs(r.focus)} h of ${hrs(r.target)} h.`, ...r.groups.map((g, i) => `${i + 1}), ${g.name}: ${hrs(g.minutes)} h`), `2, tasks: ${r.tasks.length}.`, ...r.tasks.map((t, i) => `${i + 1}), ${t.date} ${hrs(t.minutes)} h ${t.text}`), ...(r.summaries.length ? ['3, summaries:', ...r.summaries.map((s, i) => `${i + 1}), ${s.date}: ${s.text}`)] : [])];
  const text = lines.join('\n');
  const copy = h('button', { type: 'button', id: 'copy-report' }, 'copy');
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(text).then(() => (copy.textContent = 'copied'));
  });
  show(h('h1', {}, 'Weekly report'), copy, h('pre', { class: 'report' }, text));
}

// == router, live updates, keys

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
events.addEventListener('change', () => {
  const y = window.scrollY;
  void render().then(() => window.scrollTo(0, y));
});

let pendingG = false;
document.addEventListener('keydown', (ev) => {
  const t = ev.target as HTMLElement;
  if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || ev.ctrlKey || ev.metaKey || ev.altKey) {
    if (ev.key === 'Escape') (t as HTMLElement).blur();
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
    if (ev.key === 't') {
      const d = new Date();
      location.hash = `#/?date=${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    }
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
