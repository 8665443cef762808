/**
 * `daybook export org FILE`: the journal as one org file. A heading per day
 * (`* 2013-02-22 Friday`, once, days in order), under it a heading per entry with an inactive
 * timestamp (`** [2013-02-22 Fri 13:30] GTD`), its topics as tags and a
 * `CUSTOM_ID` (`e20130222T1330`); items as plain lists, each with a
 * dedicated target (`<<e20130222T1330-1-3>>`); references as internal
 * links (`[[#e20130216T1107][...]]`, `[[e20130216T1107-5][...]]`). Each
 * task of a GTD day gets a heading with its spans as `CLOCK:` lines (overlaps
 * cut as `hours` cuts them, so org's clock tables sum the same spanned hours
 * a day) and a duration without a time of day as the `DURATION` property.
 *
 * A line of the journal that org would read as structure (a heading, a
 * keyword, a drawer, a table, a clock line) starts with a zero-width space.
 *
 * ```ts
 * const text = orgFile(journalModel(journal, clock));
 * ```
 */
import type { Redactor } from '../query/redact.js';
import { bodyLines, type Run } from './lines.js';
import type { ModelEntry, ModelSource } from './model.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ZWSP = '\u200b';

/** An org timestamp, inactive: `[2013-02-22 Fri 13:30]` from `2013-02-22T13:30`. */
export function orgStamp(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return `[${iso.slice(0, 10)} ${DAYS[d.getUTCDay()]}${iso.length > 10 ? ` ${iso.slice(11, 16)}` : ''}]`;
}

/** Minutes as org writes a clock's length: `2:05`. */
export function orgDuration(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A topic as an org tag (letters, digits, `_`, `@`, `#`, `%`). */
export function orgTag(topic: string): string {
  return topic.trim().replace(/[^\p{L}\p{N}_@#%]+/gu, '_').replace(/^_+|_+$/g, '');
}

/** Text that org reads as itself: link brackets and a line start that would be structure are broken by a zero-width space. */
export function escapeOrg(text: string, lineStart: boolean): string {
  let s = text.replace(/\[\[/g, `[${ZWSP}[`).replace(/\]\]/g, `]${ZWSP}]`).replace(/<</g, `<${ZWSP}<`).replace(/>>/g, `>${ZWSP}>`);
  if (lineStart && /^\s*(?:[*#:|,+\-[<]|\d+[.)](?:\s|$)|(?:CLOCK|DEADLINE|SCHEDULED|CLOSED):)/i.test(s)) s = s.replace(/^(\s*)/, `$1${ZWSP}`);
  return s;
}

/** Renders the journal as one org file. */
export function orgFile(model: ModelSource, options: { redact?: Redactor } = {}): string {
  const r = options.redact ?? ((t: string) => t);
  const runs = (rs: Run[], lineStart: boolean) =>
    rs
      .map((x, k) => {
        if (!x.ref) return escapeOrg(r(x.text), lineStart && k === 0);
        const t = x.ref.target;
        const label = x.text.replace(/[[\]]/g, '');
        if (t?.item) return `[[${t.item}][${label}]]`;
        if (t?.entry) return `[[#${t.entry}][${label}]]`;
        return escapeOrg(x.text, lineStart && k === 0);
      })
      .join('');
  // A heading per day, once, days in order: an entry written out of order still goes under its day.
  const days = new Map<string, string[]>();
  for (const f of model.files) {
    for (const e of f.entries) {
      const date = e.valid ? e.moment.slice(0, 10) : 'undated';
      let lines = days.get(date);
      if (!lines) {
        const d = new Date(`${date}T00:00:00Z`);
        lines = e.valid ? [`* ${date} ${WEEKDAYS[d.getUTCDay()]}`, ':PROPERTIES:', `:CUSTOM_ID: d${date}`, ':END:'] : ['* Entries at impossible moments'];
        days.set(date, lines);
      }
      // One string an entry, not one a line: the whole file is held until it is written.
      lines.push(entryOrg(e, r, runs).join('\n'));
    }
  }
  const out = ['#+TITLE: daybook journal', '#+STARTUP: showall', ''];
  for (const date of [...days.keys()].sort()) out.push(...days.get(date)!);
  return out.join('\n') + '\n';
}

function entryOrg(e: ModelEntry, r: Redactor, runs: (rs: Run[], lineStart: boolean) => string): string[] {
  const tags = [...new Set([...e.topics, ...e.qualifiers].map((t) => orgTag(r(t))).filter(Boolean))];
  const title = e.title !== undefined ? escapeOrg(r(e.title), false).replace(/\s+/g, ' ') : '(untitled)';
  const stamp = e.valid ? orgStamp(e.moment) : e.header;
  const out = [`** ${stamp} ${title}${tags.length ? ` :${tags.join(':')}:` : ''}`, ':PROPERTIES:', `:CUSTOM_ID: ${e.id}`, `:MOMENT: ${e.header}`];
  if (e.thread) out.push(`:THREAD: ${r(e.thread.key).replace(/\s+/g, ' ')}`, `:PART: ${e.thread.part}`);
  if (e.revisions.length) out.push(`:REVISED: ${e.revisions.map(orgStamp).join(' ')}`);
  out.push(':END:');
  if (e.thread) {
    const links = [e.thread.previous ? `[[#${e.thread.previous}][previous part]]` : '', e.thread.next ? `[[#${e.thread.next}][next part]]` : ''].filter(Boolean);
    if (links.length) out.push(`Thread part ${e.thread.part}: ${links.join(', ')}.`, '');
  }
  for (const o of e.opens) out.push(`Opens the thread ${escapeOrg(r(o.key), false)}${o.first ? `: [[#${o.first}][first part]]` : ''}.`, '');
  let indent = '';
  for (const l of bodyLines(e)) {
    if (l.marker) {
      const depth = l.depth;
      const written = e.text.slice(l.marker.from, l.marker.markerTo).trim();
      out.push(`${'  '.repeat(depth)}- ${written} <<${l.marker.id}>> ${runs(l.runs, false).trim()}`.trimEnd());
      indent = '  '.repeat(depth + 1);
      continue;
    }
    if (l.blank) {
      out.push('');
      continue;
    }
    out.push(`${indent}${runs(l.runs, true)}`.trimEnd());
  }
  const g = e.gtdDay;
  if (g) {
    for (const t of g.tasks) {
      const clock = g.clock.filter((c) => c.task === t.number);
      const dur = g.durations.filter((d) => d.task === t.number);
      if (!clock.length && !dur.length) continue;
      const text = escapeOrg(r(t.text), false).replace(/\s+/g, ' ').slice(0, 120);
      out.push(`*** task ${t.number}: ${text}`, ':PROPERTIES:', `:TASK: [[${t.item}][${t.number}]]`);
      if (dur.length) out.push(`:DURATION: ${orgDuration(dur.reduce((n, d) => n + d.minutes, 0))}`);
      out.push(':END:');
      if (clock.length) out.push(':LOGBOOK:', ...clock.map((c) => `CLOCK: ${orgStamp(c.start)}--${orgStamp(c.end)} => ${orgDuration(c.minutes).padStart(5)}`), ':END:');
    }
  }
  return out;
}

