/**
 * The weekly work report, drafted from the GTD days and the entries of a
 * range: its sections (done, in progress, next, problems: `sections.ts`),
 * the hours by piece of work and the balance; and, for `--json`, the hours by
 * top topic, the tasks, the entries written, their TODOs and the days'
 * summaries.
 *
 * A task's hours go to the entry its first reference names: that entry's
 * thread, or its title when it is in no thread. A task with no reference (or
 * one to an untitled entry) is a piece of its own, named by its words. By
 * topic, a task counts for the first topic of that entry; the tasks that
 * have none are summed on a line of their own. The TODOs are those of every
 * entry of the range, GTD days included.
 */
import type { Config } from '../journal/config.js';
import { readEntryTitle, shownTitle } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { formatMoment, referenceTo } from '../model/moment.js';
import { resolveDetail } from '../model/references.js';
import type { Entry } from '../model/types.js';
import { dayOf, dayRange, dayText, readDayText, type Day, type DayRange } from '../calendar/index.js';
import { taskTarget, threadName } from './export.js';
import { countedDiff, hoursOf } from './hours.js';
import { cleanTaskText, detailCache, reportSections, taskMinutes } from './sections.js';
import type { ReportPoint, StandupReport, WorkReport } from './shapes.js';

export type { StandupReport, WorkReport };

/** Drafts the report of a range. */
export function workReport(journal: Journal, range: DayRange, opts: { config: Config; today: string; nowMinutes: number }): WorkReport {
  const inRange = (e: Entry) => {
    const m = e.moment;
    if (!m?.valid) return false;
    const n = dayOf(m.year, m.month, m.day);
    return n >= range.from && n <= range.to;
  };
  const hours = hoursOf(journal, range, opts);
  // Each entry of the range is read whole once, for the sections and for the lists below.
  const detailOf = detailCache();
  const { sections, pieces } = reportSections(journal, range, hours.days, { ...opts, details: detailOf });
  const report: WorkReport = { from: dayText(range.from), to: dayText(range.to), focus: 0, target: 0, policy: hours.policy, balance: 0, short: [], sections, gtdDays: [], groups: pieces, topics: [], noTopic: { minutes: 0, tasks: 0 }, tasks: [], entries: [], todos: [], summaries: [] };
  for (const d of hours.days) {
    if (!d.account) continue;
    report.focus += d.account.focus;
    report.target += d.target;
    report.balance += countedDiff(d.diff!, hours.policy);
    if (d.diff! < 0) report.short.push(-d.diff!);
  }
  const topics = new Map<string, number>();
  for (const e of journal.entries) {
    if (!inRange(e)) continue;
    const detail = detailOf(e);
    if (e.isGtd && detail.gtd) {
      resolveDetail(detail, journal);
      const gtd = detail.gtd;
      const m = e.moment!;
      report.gtdDays.push({ date: gtd.date, ref: `${referenceTo(m)}.`, moment: formatMoment(m), file: e.file.path, line: e.line });
      const now = gtd.date === opts.today ? opts.nowMinutes : undefined;
      for (const task of gtd.tasks) {
        if (/^\s*summary\s*:/i.test(task.text)) continue;
        const minutes = taskMinutes(task, now);
        const target = taskTarget(task);
        const group = target ? threadName(target) : cleanTaskText(task.text) || `task ${task.number}`;
        const topic = target ? readEntryTitle(target).topics[0]?.name : undefined;
        if (topic) topics.set(topic, (topics.get(topic) ?? 0) + minutes);
        else {
          report.noTopic.minutes += minutes;
          report.noTopic.tasks++;
        }
        report.tasks.push({ date: gtd.date, minutes, text: cleanTaskText(task.text), group });
      }
      if (gtd.summary) report.summaries.push({ date: gtd.date, text: gtd.summary.text.replace(/^\s*summary\s*:\s*/i, '').trim() });
      // A GTD day's own TODOs are TODOs like any other.
      for (const t of detail.todos) report.todos.push({ state: t.state, text: t.text, moment: formatMoment(e.moment!) });
      continue;
    }
    report.entries.push({ moment: formatMoment(e.moment!), title: shownTitle(e) ?? null, file: e.file.path, line: e.line });
    for (const t of detail.todos) report.todos.push({ state: t.state, text: t.text, moment: formatMoment(e.moment!) });
  }
  report.gtdDays.sort((a, b) => a.date.localeCompare(b.date));
  report.topics = [...topics].map(([name, minutes]) => ({ name, minutes })).sort((a, b) => b.minutes - a.minutes || a.name.localeCompare(b.name));
  return report;
}

export { printReport, printStandup } from './report-text.js';

/**
 * Yesterday and today, for a stand-up: what the last day before today with
 * entries did (a Monday's stand-up gets Friday), what today holds so far,
 * the open TODOs of both days, and the problems of both (today's shortfall is
 * not one yet: the day is not over).
 */
export function standupReport(journal: Journal, opts: { config: Config; today: string; nowMinutes: number }): StandupReport {
  const today = readDayText(opts.today)!;
  let yesterday: Day | undefined;
  for (const e of journal.entries) {
    const m = e.moment;
    if (!m?.valid) continue;
    const d = dayOf(m.year, m.month, m.day);
    if (d < today && (yesterday === undefined || d > yesterday)) yesterday = d;
  }
  const part = (day: Day) => {
    const range = dayRange(day);
    return reportSections(journal, range, hoursOf(journal, range, opts).days, opts).sections;
  };
  const byMinutes = (points: ReportPoint[]) => points.map((p, i) => ({ p, i })).sort((a, b) => (b.p.minutes ?? 0) - (a.p.minutes ?? 0) || a.i - b.i).map((x) => x.p);
  const y = yesterday === undefined ? undefined : part(yesterday);
  const t = part(today);
  return {
    date: opts.today,
    yesterday: { date: yesterday === undefined ? null : dayText(yesterday), points: y ? byMinutes([...y.inProgress, ...y.done]) : [] },
    today: { date: opts.today, points: [...byMinutes([...t.inProgress, ...t.done]), ...(y?.next ?? []), ...t.next] },
    problems: [...(y?.problems ?? []), ...t.problems.filter((p) => p.short === undefined)],
  };
}
