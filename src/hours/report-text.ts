/**
 * The report as `daybook report` prints it, in the journal's own outline
 * style (ready to paste into the journal, where every reference can be
 * followed) or in Markdown; English or Chinese labels (the config's
 * `language`). The CLI, the web app and the assistants' server all print it
 * through here; the same report gives the same bytes.
 *
 * ```ts
 * printReport(workReport(journal, range, opts), { name: '2013-W09' });
 * // 'work report - 2013-W09\n1, done\n1), ...: 3.63 h on 1 day. see"11:39 2013-2-26".\n...'
 * ```
 */
import { formatHours, writtenSum } from './hours.js';
import type { ReportPoint, StandupReport, WorkReport } from './shapes.js';

/** The languages of the labels. */
export type ReportLanguage = 'en' | 'zh';

interface Labels {
  report: string;
  standup: string;
  done: string;
  inProgress: string;
  next: string;
  problems: string;
  hours: string;
  yesterday: string;
  today: string;
  onDays: (n: number) => string;
  goesOn: (day: string) => string;
  dayShort: (focus: string, target: string, short: string) => string;
  focusOf: (focus: string, target: string) => string;
  over: (h: string) => string;
  short: (h: string) => string;
  shortSum: (list: number[]) => string;
  nothingShort: string;
  more: (n: number) => string;
}

const LABELS: Record<ReportLanguage, Labels> = {
  en: {
    report: 'work report',
    standup: 'standup',
    done: 'done',
    inProgress: 'in progress',
    next: 'next',
    problems: 'problems',
    hours: 'hours',
    yesterday: 'yesterday',
    today: 'today',
    onDays: (n) => ` on ${n} day${n === 1 ? '' : 's'}`,
    goesOn: (day) => `, goes on ${day}`,
    dayShort: (f, t, s) => `: focus ${f} h of ${t} h, ${s} h short`,
    focusOf: (f, t) => `focus ${f} h of ${t} h`,
    over: (h) => `, over ${h} h`,
    short: (h) => `, short ${h} h`,
    shortSum: (list) => `, ${writtenSum('short', list)} (shortfalls only)`,
    nothingShort: ', nothing short',
    more: (n) => `and ${n} more (daybook report --json lists the first 200 of each section; daybook todo lists every TODO).`,
  },
  zh: {
    report: '工作报告',
    standup: '站会',
    done: '已完成',
    inProgress: '进行中',
    next: '下一步',
    problems: '问题',
    hours: '工时',
    yesterday: '昨天',
    today: '今天',
    onDays: (n) => `, ${n} 天`,
    goesOn: (day) => `, ${day} 继续`,
    dayShort: (f, t, s) => `: 专注 ${f} h / 目标 ${t} h, 差 ${s} h`,
    focusOf: (f, t) => `专注 ${f} h / 目标 ${t} h`,
    over: (h) => `, 超出 ${h} h`,
    short: (h) => `, 差 ${h} h`,
    shortSum: (list) => `, 差 ${list.map(formatHours).join('+')}${list.length > 1 ? `=${formatHours(list.reduce((a, b) => a + b, 0))}` : ''} h (只计不足)`,
    nothingShort: ', 没有不足',
    more: (n) => `另有 ${n} 条 (daybook report --json 每节列出前 200 条; daybook todo 列出全部 TODO).`,
  },
};

/** What a report is printed as. */
export interface PrintOptions {
  /** The range as it was asked for (`2013-W08`, `last week`); else its first and last day. */
  name?: string | undefined;
  markdown?: boolean | undefined;
  language?: ReportLanguage | undefined;
}

/** A point's words with its figures: `name: 14.28 h on 3 days, goes on 2013-03-04`. */
function pointWords(p: ReportPoint, l: Labels): string {
  if (p.short !== undefined) return `${p.text}${l.dayShort(formatHours(p.minutes ?? 0), formatHours(p.target ?? 0), formatHours(p.short))}`;
  const hours = p.minutes ? `: ${formatHours(p.minutes)} h${l.onDays(p.days ?? 0)}` : '';
  return `${p.text}${hours}${p.goesOn ? l.goesOn(p.goesOn) : ''}`;
}

/** A point's words, then its reference: after a full stop, unless the words end in a question, an exclamation or a cut. */
const withRef = (words: string, ref: string) => `${words}${/[?!？！…]$/u.test(words) ? ' ' : '. '}${ref}`;

/** The balance after the hours, as the policy counts it. */
function balanceWords(r: WorkReport, l: Labels): string {
  if (r.policy === 'shortfall') return r.short.length ? l.shortSum(r.short) : l.nothingShort;
  return r.balance < 0 ? l.short(formatHours(-r.balance)) : r.balance > 0 ? l.over(formatHours(r.balance)) : '';
}

/** The balance line's reference: every GTD day of the range, in one `see` list. */
function daysRef(r: WorkReport): string {
  if (!r.gtdDays.length) return '';
  return ` see${r.gtdDays.map((d) => d.ref.replace(/^see/, '').replace(/\.$/, '')).join(', ')}.`;
}

/** A section: its label and points, or nothing when it has none. */
interface Section {
  label: string;
  points: string[];
}

/** The line that counts a section's points beyond the first 200. */
const more = (n: number | undefined, l: Labels): string[] => (n ? [l.more(n)] : []);

function reportSections(r: WorkReport, l: Labels): Section[] {
  const line = (p: ReportPoint) => withRef(pointWords(p, l), p.ref);
  const hours = r.groups.filter((g) => g.minutes > 0).map((g) => withRef(`${g.name}: ${formatHours(g.minutes)} h`, g.ref));
  // The balance comes from the GTD days: a range without one has none to show.
  if (r.gtdDays.length) hours.push(`${l.focusOf(formatHours(r.focus), formatHours(r.target))}${balanceWords(r, l)}.${daysRef(r)}`);
  return [
    { label: l.done, points: [...r.sections.done.map(line), ...more(r.sections.more?.done, l)] },
    { label: l.inProgress, points: [...r.sections.inProgress.map(line), ...more(r.sections.more?.inProgress, l)] },
    { label: l.next, points: [...r.sections.next.map(line), ...more(r.sections.more?.next, l)] },
    { label: l.problems, points: [...r.sections.problems.map(line), ...more(r.sections.more?.problems, l)] },
    { label: l.hours, points: hours },
  ];
}

/** The outline, as the journal writes one: `1, label` then `1), point`. Empty sections are left out. */
function outline(title: string, sections: Section[]): string {
  const out = [title];
  let n = 0;
  for (const s of sections) {
    if (!s.points.length) continue;
    out.push(`${++n}, ${s.label}`);
    s.points.forEach((p, i) => out.push(`${i + 1}), ${p}`));
  }
  return `${out.join('\n')}\n`;
}

/** Characters Markdown would read as markup in running text. */
const md = (t: string) => t.replace(/([*_`<>[\]|#])/g, '\\$1');

function markdown(title: string, sections: Section[]): string {
  const out = [`# ${md(title)}`, ''];
  for (const s of sections) {
    if (!s.points.length) continue;
    out.push(`## ${md(s.label[0]!.toUpperCase() + s.label.slice(1))}`, '', ...s.points.map((p) => `- ${md(p)}`), '');
  }
  return out.join('\n');
}

/** The report of a range as text (the journal's outline) or Markdown. */
export function printReport(r: WorkReport, opts: PrintOptions = {}): string {
  const l = LABELS[opts.language ?? 'en'];
  const title = `${l.report} - ${opts.name ?? `${r.from} to ${r.to}`}`;
  const sections = reportSections(r, l);
  return opts.markdown ? markdown(title, sections) : outline(title, sections);
}

/** The stand-up as text or Markdown. */
export function printStandup(s: StandupReport, opts: Omit<PrintOptions, 'name'> = {}): string {
  const l = LABELS[opts.language ?? 'en'];
  const line = (p: ReportPoint) => withRef(pointWords(p, l), p.ref);
  const sections: Section[] = [
    { label: `${l.yesterday}${s.yesterday.date ? ` (${s.yesterday.date})` : ''}`, points: s.yesterday.date ? s.yesterday.points.map(line) : [] },
    { label: `${l.today} (${s.today.date})`, points: s.today.points.map(line) },
    { label: l.problems, points: s.problems.map(line) },
  ];
  const title = `${l.standup} - ${s.date}`;
  return opts.markdown ? markdown(title, sections) : outline(title, sections);
}
