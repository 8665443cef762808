/**
 * The weekly work report, drafted from the GTD days and the entries of a
 * range: hours by thread (or topic) and by top topic, the tasks, the entries
 * written, their TODOs, and the days' summaries.
 *
 * A task's hours go to the entry its first reference names: that entry's
 * thread, or its title when it is in no thread. A task with no reference is
 * grouped by its own text. By topic, a task counts for the first topic of
 * that entry; the tasks that have none are summed on a line of their own.
 * The TODOs are those of every entry of the range, GTD days included.
 */
import type { Config } from '../journal/config.js';
import { readDetail, shownTitle } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { formatMoment } from '../model/moment.js';
import { resolveDetail } from '../model/references.js';
import type { Entry, Task } from '../model/types.js';
import { dayOf, dayText, type DayRange } from '../calendar/index.js';
import { unionMinutes } from './account.js';
import { taskTarget, threadName } from './export.js';
import { countedDiff, formatHours, hoursOf, writtenSum } from './hours.js';
import type { WorkReport } from './shapes.js';

export type { WorkReport };

const cleanText = (t: string) => t.replace(/\s*see\s*".*$/s, '').replace(/\s+/g, ' ').replace(/[.。]\s*$/u, '').trim();

/** A task's own minutes: the union of its spans (or its durations), less its time off. */
function taskMinutes(task: Task, now: number | undefined): number {
  const spans = task.spans.flatMap((s) => {
    if (s.start === undefined) return [];
    let end = s.end ?? now;
    if (end === undefined) return [];
    if (end < s.start) end += 1440;
    return [{ start: s.start, end }];
  });
  const off = task.timeOff.reduce((n, d) => n + d.minutes, 0);
  const base = spans.length ? unionMinutes(spans) : task.durations.reduce((n, d) => n + d.minutes, 0);
  return Math.max(0, base - off);
}

/** Drafts the report of a range. */
export function workReport(journal: Journal, range: DayRange, opts: { config: Config; today: string; nowMinutes: number }): WorkReport {
  const inRange = (e: Entry) => {
    const m = e.moment;
    if (!m?.valid) return false;
    const n = dayOf(m.year, m.month, m.day);
    return n >= range.from && n <= range.to;
  };
  const hours = hoursOf(journal, range, opts);
  const report: WorkReport = { from: dayText(range.from), to: dayText(range.to), focus: 0, target: 0, policy: hours.policy, balance: 0, short: [], groups: [], topics: [], noTopic: { minutes: 0, tasks: 0 }, tasks: [], entries: [], todos: [], summaries: [] };
  for (const d of hours.days) {
    if (!d.account) continue;
    report.focus += d.account.focus;
    report.target += d.target;
    report.balance += countedDiff(d.diff!, hours.policy);
    if (d.diff! < 0) report.short.push(-d.diff!);
  }
  const groups = new Map<string, { minutes: number; tasks: number }>();
  const topics = new Map<string, number>();
  for (const e of journal.entries) {
    if (!inRange(e)) continue;
    const detail = readDetail(e);
    if (e.isGtd && detail.gtd) {
      resolveDetail(detail, journal);
      const gtd = detail.gtd;
      const now = gtd.date === opts.today ? opts.nowMinutes : undefined;
      for (const task of gtd.tasks) {
        if (/^\s*summary\s*:/i.test(task.text)) continue;
        const minutes = taskMinutes(task, now);
        const target = taskTarget(task);
        const group = target ? threadName(target) : cleanText(task.text) || `task ${task.number}`;
        const g = groups.get(group) ?? { minutes: 0, tasks: 0 };
        g.minutes += minutes;
        g.tasks++;
        groups.set(group, g);
        const topic = target ? readDetail(target).topics[0]?.name : undefined;
        if (topic) topics.set(topic, (topics.get(topic) ?? 0) + minutes);
        else {
          report.noTopic.minutes += minutes;
          report.noTopic.tasks++;
        }
        report.tasks.push({ date: gtd.date, minutes, text: cleanText(task.text), group });
      }
      if (gtd.summary) report.summaries.push({ date: gtd.date, text: gtd.summary.text.replace(/^\s*summary\s*:\s*/i, '').trim() });
      // A GTD day's own TODOs are TODOs like any other.
      for (const t of detail.todos) report.todos.push({ state: t.state, text: t.text, moment: formatMoment(e.moment!) });
      continue;
    }
    report.entries.push({ moment: formatMoment(e.moment!), title: shownTitle(e) ?? null, file: e.file.path, line: e.line });
    for (const t of detail.todos) report.todos.push({ state: t.state, text: t.text, moment: formatMoment(e.moment!) });
  }
  report.groups = [...groups].map(([name, g]) => ({ name, ...g })).sort((a, b) => b.minutes - a.minutes || a.name.localeCompare(b.name));
  report.topics = [...topics].map(([name, minutes]) => ({ name, minutes })).sort((a, b) => b.minutes - a.minutes || a.name.localeCompare(b.name));
  return report;
}

/**
 * The report as `daybook report` prints it, title and all: the CLI and the
 * web app both print it through here. The title names the week as it was
 * asked for (`2013-W08`, `last week`), or else the range's first and last day.
 *
 * ```ts
 * printReport(workReport(journal, range, opts), { name: '2013-W08' }); // 'work report - 2013-W08\n1, hours: ...'
 * ```
 */
export function printReport(r: WorkReport, opts: { name?: string | undefined; markdown?: boolean | undefined } = {}): string {
  const title = `work report - ${opts.name ?? `${r.from} to ${r.to}`}`;
  return opts.markdown ? reportMarkdown(r, title) : reportText(r, title);
}

/** The report as the journal writes an entry's outline (ready to paste into a mail or the journal). */
export function reportText(r: WorkReport, title: string): string {
  const out: string[] = [title];
  let n = 0;
  const item = (text: string) => out.push(`${++n}, ${text}`);
  const sub = (list: string[]) => list.forEach((t, i) => out.push(`${i + 1}), ${t}`));
  item(`hours: focus ${formatHours(r.focus)} h of ${formatHours(r.target)} h${balanceWords(r)}.`);
  sub(r.groups.map((g) => `${g.name}: ${formatHours(g.minutes)} h`));
  if (r.topics.length || r.noTopic.tasks) {
    item('by topic:');
    sub([...r.topics.map((t) => `${t.name}: ${formatHours(t.minutes)} h`), ...noTopicLine(r)]);
  }
  item(`tasks: ${r.tasks.length}.`);
  sub(r.tasks.map((t) => `${t.date} ${formatHours(t.minutes)} h ${t.text}`));
  item(`entries written: ${r.entries.length}.`);
  sub(r.entries.map((e) => `${e.moment} ${e.title ?? '(untitled)'}`));
  const open = r.todos.filter((t) => t.state === 'open');
  item(`TODOs: ${open.length} open, ${r.todos.length - open.length} done.`);
  sub(r.todos.map((t) => `${t.state === 'open' ? '\\TODO' : '\\DONE'} ${t.text}`));
  if (r.summaries.length) {
    item('summaries:');
    sub(r.summaries.map((s) => `${s.date}: ${s.text}`));
  }
  return out.join('\n') + '\n';
}

/**
 * The balance after the hours: `, over 3 h` (carry: focus less target);
 * under the shortfall policy the days' shortfalls as the journal writes
 * them, `, short 3 + 1 + 3.5 = 7.5 h (shortfalls only)`.
 */
function balanceWords(r: WorkReport): string {
  if (r.policy === 'shortfall') return r.short.length ? `, ${writtenSum('short', r.short)} (shortfalls only)` : ', nothing short';
  return r.balance < 0 ? `, short ${formatHours(-r.balance)} h` : r.balance > 0 ? `, over ${formatHours(r.balance)} h` : '';
}

/** The line for the tasks that went to no topic, when there are any. */
function noTopicLine(r: WorkReport): string[] {
  const n = r.noTopic.tasks;
  return n ? [`no topic (${n} task${n > 1 ? 's' : ''} without a reference to a titled entry): ${formatHours(r.noTopic.minutes)} h`] : [];
}

/** The report in Markdown. */
export function reportMarkdown(r: WorkReport, title: string): string {
  const out: string[] = [`# ${title}`, ''];
  out.push(`## Hours`, '', `Focus **${formatHours(r.focus)} h** of ${formatHours(r.target)} h${balanceWords(r)}.`, '');
  out.push('| thread or topic | hours | tasks |', '| --- | ---: | ---: |', ...r.groups.map((g) => `| ${g.name.replace(/\|/g, '\\|')} | ${formatHours(g.minutes)} | ${g.tasks} |`), '');
  if (r.topics.length || r.noTopic.tasks) out.push('## By topic', '', ...r.topics.map((t) => `- ${t.name}: ${formatHours(t.minutes)} h`), ...noTopicLine(r).map((l) => `- ${l}`), '');
  out.push('## Tasks', '', ...r.tasks.map((t) => `- ${t.date}, ${formatHours(t.minutes)} h: ${t.text}`), '');
  out.push(`## Entries written (${r.entries.length})`, '', ...r.entries.map((e) => `- ${e.moment} ${e.title ?? '(untitled)'}`), '');
  out.push('## TODOs', '', ...r.todos.map((t) => `- [${t.state === 'done' ? 'x' : ' '}] ${t.text}`), '');
  if (r.summaries.length) out.push('## Summaries', '', ...r.summaries.map((s) => `- ${s.date}: ${s.text}`), '');
  return out.join('\n');
}
