/** Hours: focus against the target per day and per week, by thread or topic, and one day's timeline. */
import { get, pick } from './api.js';
import type { HoursDay, NowReport } from '../../src/web/api.js';
import { charts, go, h, link, show } from './dom.js';

/** Chart.js, loaded by its own script tag (/vendor/chart.js); absent, the pages draw no charts. */
declare const Chart: undefined | (new (el: HTMLCanvasElement, config: unknown) => { destroy(): void });

/** Minutes as hours, to two decimals. */
const hrs = (m: number) => Math.round((m / 60) * 100) / 100;

/** Where today stands (what `daybook now` says): focus so far, what is left and when it is reached, the week's balance. */
function nowLine(n: NowReport): HTMLElement {
  const left = n.reachedAtText === null ? 'the target is reached' : `${hrs(n.left)} h left, reached at ${n.reachedAtText}${n.paceAssumed ? ' if every minute from now counts' : " at today's pace"}`;
  const open = n.open.length ? ` (${n.open.length} open, counted until now)` : '';
  return h('p', { id: 'now' }, h('strong', {}, `Now, ${n.weekday} ${n.now}: `), n.entries.length ? `focus ${hrs(n.focus)} h of ${hrs(n.target)} h${open}, ${left}. ` : `no GTD entry today; ${left}. `, `Week ${signed(n.weekBalanceBefore)} h as of yesterday, ${signed(n.weekBalance)} h with today (balance "${n.policy}").`);
}

/** The notes of a day (a session never closed, a task whose spans and duration disagree), each linked to its line. */
function notesOf(d: HoursDay): HTMLElement | null {
  if (!d.notes.length) return null;
  return h('ul', { class: 'notes' }, d.notes.map((n) => h('li', {}, n.message, ' ', h('span', { class: 'muted' }, `${n.file}:${n.line}`))));
}

export async function hoursView(params: URLSearchParams): Promise<void> {
  const range = pick(params, 'week', 'since', 'until');
  const [hours, report, now] = await Promise.all([get('hours', range), get('report', range), get('now')]);
  const days = hours.days.filter((d) => d.account);
  const bars = h('canvas', { id: 'hours-chart', 'aria-label': 'focus against target per day' }) as HTMLCanvasElement;
  const balance = h('canvas', { id: 'balance-chart', 'aria-label': 'weekly balance' }) as HTMLCanvasElement;
  const form = h('form', { class: 'filters' });
  const week = h('input', { type: 'week', name: 'week', value: params.get('week') ?? '', 'aria-label': 'week' }) as HTMLInputElement;
  week.addEventListener('change', () => go(`#/hours?${new URLSearchParams(week.value ? { week: week.value } : {})}`));
  form.append(h('label', {}, 'week ', week));
  for (const [name, label] of [['since', 'since'], ['until', 'until']] as const) {
    const input = h('input', { type: 'text', name, value: params.get(name) ?? '', placeholder: `${label} (2013-02-01)`, 'aria-label': label }) as HTMLInputElement;
    input.addEventListener('change', () => {
      params.delete('week');
      params.set(name, input.value);
      go(`#/hours?${params}`);
    });
    form.append(input);
  }
  const weeks = hours.weeks.filter((w) => w.target > 0 || w.focus > 0);
  const dayRows = days.flatMap((d) => {
    const a = d.account!;
    const row = h('tr', {}, h('td', {}, link(`#/day/${d.date}`, `${d.weekday} ${d.date}`)), h('td', { class: 'num' }, String(hrs(a.presence))), h('td', { class: 'num' }, String(hrs(a.logged))), h('td', { class: 'num' }, String(hrs(a.focus))), h('td', { class: 'num' }, String(hrs(d.target))), h('td', { class: 'num' }, signed(d.diff ?? 0)), h('td', { class: 'num' }, signed(d.weekBalance)));
    const notes = notesOf(d);
    return notes ? [row, h('tr', { class: 'noterow' }, h('td', { colspan: '7' }, notes))] : [row];
  });
  show(
    h('h1', {}, 'Hours'),
    nowLine(now),
    form,
    days.length === 0 ? h('p', { class: 'muted' }, 'no GTD day in this range') : null,
    h('div', { class: 'chart' }, bars),
    h('div', { class: 'chart' }, balance),
    h('h2', {}, 'Weeks'),
    h('table', { id: 'weeks' }, h('thead', {}, h('tr', {}, ['week', 'focus', 'target', 'short', 'over', 'balance'].map((c, i) => h('th', { class: i ? 'num' : '' }, c)))), h('tbody', {}, weeks.map((w) => h('tr', {}, h('td', {}, link(`#/hours?week=${w.week}`, w.week)), h('td', { class: 'num' }, String(hrs(w.focus))), h('td', { class: 'num' }, String(hrs(w.target))), h('td', { class: 'num' }, w.short.length ? `${w.short.map(hrs).join(' + ')}` : '0'), h('td', { class: 'num' }, String(hrs(w.over.reduce((a, b) => a + b, 0)))), h('td', { class: 'num' }, signed(w.balance)))))),
    h('h2', {}, 'By thread or topic'),
    h('table', {}, h('tbody', {}, report.groups.map((g) => h('tr', {}, h('td', {}, g.name), h('td', { class: 'num' }, `${hrs(g.minutes)} h`))))),
    h('h2', {}, 'Days'),
    h('table', { id: 'days' }, h('thead', {}, h('tr', {}, ['day', 'presence', 'logged', 'focus', 'target', '+/-', 'week'].map((c, i) => h('th', { class: i ? 'num' : '' }, c)))), h('tbody', {}, dayRows)),
    h('p', {}, link(`#/report?${new URLSearchParams(range as Record<string, string>)}`, 'the weekly report →')),
  );
  if (typeof Chart === 'function' && days.length) {
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    charts.push(new Chart(bars, { type: 'bar', data: { labels: days.map((d) => d.date), datasets: [{ label: 'focus (h)', data: days.map((d) => hrs(d.account!.focus)), backgroundColor: '#86efac' }, { label: 'target (h)', data: days.map((d) => hrs(d.target)), type: 'line', borderColor: '#ef4444', pointRadius: 0 }] }, options: { maintainAspectRatio: false, animation: false, color: dark ? '#d1d5db' : '#374151' } }));
    charts.push(new Chart(balance, { type: 'line', data: { labels: weeks.map((w) => w.week), datasets: [{ label: 'weekly balance (h)', data: weeks.map((w) => hrs(w.balance)), borderColor: '#2563eb' }] }, options: { maintainAspectRatio: false, animation: false, color: dark ? '#d1d5db' : '#374151' } }));
  }
}

/** Hours with their sign: `+1.62`, `-3.5`, `0`. */
const signed = (m: number): string => (m > 0 ? `+${hrs(m)}` : String(hrs(m)));

export async function dayView(date: string): Promise<void> {
  const hours = await get('hours', { since: date, until: date });
  const d = hours.days[0];
  if (!d?.account) {
    show(h('h1', {}, date), h('p', { class: 'muted' }, 'no GTD entry on this day'));
    return;
  }
  const a = d.account;
  const all = [...a.sessions, ...a.spans];
  const clock = (m: number) => `${Math.floor(m / 60) % 24}:${String(m % 60).padStart(2, '0')}`;
  const figures = h('p', {}, `presence ${hrs(a.presence)} h · logged ${hrs(a.logged)} h · focus ${hrs(a.focus)} h of ${hrs(d.target)} h`);
  const tasks = h('ul', { id: 'day-tasks' }, a.spans.map((s) => h('li', {}, `${s.task}) ${clock(s.start)}-${clock(s.end)} ${s.text}`)), a.durations.map((t) => h('li', { class: 'duration' }, `${t.task}) ${hrs(t.minutes)} h (a duration, no time of day) ${t.text}`)));
  const notes = notesOf(d);
  if (all.length === 0) {
    show(h('h1', {}, `${d.weekday} ${d.date}`), figures, notes, tasks);
    return;
  }
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
  show(h('h1', {}, `${d.weekday} ${d.date}`), figures, notes, axis, tasks);
}
