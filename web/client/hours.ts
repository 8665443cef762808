/** Hours: focus against the target per day and per week, by thread or topic, and one day's timeline. */
import { get, pick } from './api.js';
import { charts, h, link, show } from './dom.js';

/** Chart.js, loaded by its own script tag (/vendor/chart.js); absent, the pages draw no charts. */
declare const Chart: undefined | (new (el: HTMLCanvasElement, config: unknown) => { destroy(): void });

/** Minutes as hours, to two decimals. */
const hrs = (m: number) => Math.round((m / 60) * 100) / 100;

export async function hoursView(params: URLSearchParams): Promise<void> {
  const range = pick(params, 'since', 'until');
  const [hours, report] = await Promise.all([get('hours', range), get('report', range)]);
  const days = hours.days.filter((d) => d.account);
  const bars = h('canvas', { id: 'hours-chart', 'aria-label': 'focus against target per day' }) as HTMLCanvasElement;
  const balance = h('canvas', { id: 'balance-chart', 'aria-label': 'weekly balance' }) as HTMLCanvasElement;
  const form = h('form', { class: 'filters' });
  for (const [name, label] of [['since', 'since'], ['until', 'until']] as const) {
    const input = h('input', { type: 'text', name, value: params.get(name) ?? '', placeholder: `${label} (2013-02-01)`, 'aria-label': label }) as HTMLInputElement;
    input.addEventListener('change', () => {
      params.set(name, input.value);
      location.hash = `#/hours?${params}`;
    });
    form.append(input);
  }
  show(
    h('h1', {}, 'Hours'),
    form,
    days.length === 0 ? h('p', { class: 'muted' }, 'no GTD day in this range') : null,
    h('div', { class: 'chart' }, bars),
    h('div', { class: 'chart' }, balance),
    h('h2', {}, 'By thread or topic'),
    h('table', {}, report.groups.map((g) => h('tr', {}, h('td', {}, g.name), h('td', { class: 'num' }, `${hrs(g.minutes)} h`)))),
    h('h2', {}, 'Days'),
    h('table', { id: 'days' }, h('tr', {}, ['day', 'presence', 'logged', 'focus', 'target', '+/-'].map((c, i) => h('th', { class: i ? 'num' : '' }, c))), days.map((d) => h('tr', {}, h('td', {}, link(`#/day/${d.date}`, `${d.weekday} ${d.date}`)), h('td', { class: 'num' }, String(hrs(d.account!.presence))), h('td', { class: 'num' }, String(hrs(d.account!.logged))), h('td', { class: 'num' }, String(hrs(d.account!.focus))), h('td', { class: 'num' }, String(hrs(d.target))), h('td', { class: 'num' }, String(hrs(d.diff ?? 0)))))),
    h('p', {}, link(`#/report?${params}`, 'the weekly report →')),
  );
  if (typeof Chart === 'function' && days.length) {
    charts.push(new Chart(bars, { type: 'bar', data: { labels: days.map((d) => d.date), datasets: [{ label: 'focus (h)', data: days.map((d) => hrs(d.account!.focus)), backgroundColor: '#86efac' }, { label: 'target (h)', data: days.map((d) => hrs(d.target)), type: 'line', borderColor: '#ef4444', pointRadius: 0 }] }, options: { maintainAspectRatio: false, animation: false } }));
    const weeks = hours.weeks.filter((w) => w.target > 0 || w.focus > 0);
    charts.push(new Chart(balance, { type: 'line', data: { labels: weeks.map((w) => w.week), datasets: [{ label: 'weekly balance (h)', data: weeks.map((w) => hrs(w.balance)), borderColor: '#2563eb' }] }, options: { maintainAspectRatio: false, animation: false } }));
  }
}

export async function dayView(date: string): Promise<void> {
  const hours = await get('hours', { since: date, until: date });
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
  const clock = (m: number) => `${Math.floor(m / 60) % 24}:${String(m % 60).padStart(2, '0')}`;
  show(h('h1', {}, `${d.weekday} ${d.date}`), h('p', {}, `presence ${hrs(a.presence)} h · logged ${hrs(a.logged)} h · focus ${hrs(a.focus)} h of ${hrs(d.target)} h`), axis, h('ul', {}, a.spans.map((s) => h('li', {}, `${s.task}) ${clock(s.start)}-${clock(s.end)} ${s.text}`))));
}
