/**
 * `daybook import org FILE`: org-journal files. A level-1 heading is a day
 * (`* Tuesday, 02/05/13` as org-journal writes it by default, `*
 * 2013-02-05 ...`, a timestamp `* <2013-02-05 Tue>`, or a `:CREATED:
 * 20130205` property under it); a level-2 heading is an entry
 * (`** 09:30 standup`: its time and title; without a time, 0:00). The text
 * under it is the body; deeper headings stay as text lines. Property and
 * logbook drawers are left out; the `CLOCK:` lines in them become the GTD
 * day of the date each starts on, one task per heading they sit under
 * (`1), 9:00-10:30 standup. see"9:30 2013-2-5".`, referring to the entry).
 * A clock still running (no end) is left out and reported.
 */
import { InputError } from '../errors.js';
import type { Now } from '../calendar/clock.js';
import { gtdEntry, linesOf, momentCode, validMoment, type GtdTask, type ImportEntry, type ImportRead } from './entry.js';

const STAMP = String.raw`[[<](\d{4})-(\d{2})-(\d{2})(?: [^\]>\d]*)?(?: (\d{1,2}):(\d{2}))?[\]>]`;
const CLOCK = new RegExp(String.raw`^\s*CLOCK:\s*${STAMP}(?:--${STAMP})?`);

/** The date a day heading names: ISO, an org timestamp, or org-journal's default `%A, %x` (`02/05/13`). */
function dayOf(heading: string): { year: number; month: number; day: number } | undefined {
  let m = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(heading);
  if (m) return { year: +m[1]!, month: +m[2]!, day: +m[3]! };
  m = /\b(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\b/.exec(heading);
  if (m) return { year: m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!, month: +m[1]!, day: +m[2]! };
  return undefined;
}

/** Reads org-journal text. */
export function readOrgJournal(text: string, shown: string): ImportRead {
  const out: ImportRead = { entries: [], notes: [] };
  const lines = linesOf(text.replace(/^\uFEFF/, ''));
  let day: { year: number; month: number; day: number } | undefined;
  let dayLine = 0;
  let entry: ImportEntry | undefined;
  let task: string | undefined;
  let drawer: string | undefined;
  const clocks: { entry?: ImportEntry; task: string; start: Now; minutes: number }[] = [];
  let sawDay = false;
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`;
    const heading = /^(\*+)\s+(.*?)\s*$/.exec(line);
    if (heading && heading[1]!.length === 1) {
      sawDay = true;
      day = dayOf(heading[2]!);
      dayLine = i + 1;
      entry = undefined;
      task = undefined;
      drawer = undefined;
      return;
    }
    if (heading && heading[1]!.length === 2) {
      if (!day) throw new InputError(`import org: ${shown}: ${at}: an entry under a day heading that names no date ("${lines[dayLine - 1] ?? ''}")`, 'expected org-journal day headings such as "* Tuesday, 02/05/13" or "* 2013-02-05", or a ":CREATED: 20130205" property under it; nothing was written');
      const timed = /^(\d{1,2}):(\d{2})\s*(.*)$/.exec(heading[2]!);
      const moment = { ...day, hour: timed ? +timed[1]! : 0, minute: timed ? +timed[2]! : 0 };
      if (!validMoment(moment)) throw new InputError(`import org: ${shown}: ${at}: "${line}" is not at a moment a journal can hold`, 'expected a real date and a time such as "** 09:30 standup"; nothing was written');
      entry = { moment, title: (timed ? timed[3]! : heading[2]!).replace(/\s+:[\w@#%:]+:\s*$/, '').trim(), body: [], source: at };
      out.entries.push(entry);
      task = entry.title;
      drawer = undefined;
      return;
    }
    const property = /^\s*:([\w-]+):\s*(.*?)\s*$/.exec(line);
    if (property && property[1]!.toUpperCase() === 'CREATED' && !entry) {
      const m = /^(\d{4})(\d{2})(\d{2})/.exec(property[2]!) ?? /^(\d{4})-(\d{2})-(\d{2})/.exec(property[2]!);
      if (m) day = { year: +m[1]!, month: +m[2]!, day: +m[3]! };
    }
    if (/^\s*:(PROPERTIES|LOGBOOK):\s*$/i.test(line)) {
      drawer = line.trim();
      return;
    }
    if (drawer && /^\s*:END:\s*$/i.test(line)) {
      drawer = undefined;
      return;
    }
    const clock = CLOCK.exec(line);
    if (clock) {
      if (clock[6] === undefined || clock[4] === undefined || clock[9] === undefined) {
        out.notes.push(`${at}: a clock still running (no end): not imported`);
        return;
      }
      const start = { year: +clock[1]!, month: +clock[2]!, day: +clock[3]!, hour: +clock[4]!, minute: +clock[5]! };
      const end = { year: +clock[6]!, month: +clock[7]!, day: +clock[8]!, hour: +clock[9]!, minute: +clock[10]! };
      const minutes = (Date.UTC(end.year, end.month - 1, end.day, end.hour, end.minute) - Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute)) / 60_000;
      if (!validMoment(start) || !validMoment(end) || minutes < 0) throw new InputError(`import org: ${shown}: ${at}: "${line.trim()}" is not a clock line`, 'expected CLOCK: [2013-02-05 Tue 09:00]--[2013-02-05 Tue 10:30] =>  1:30; nothing was written');
      clocks.push({ ...(entry ? { entry } : {}), task: task ?? 'clocked', start, minutes });
      return;
    }
    if (drawer) return;
    if (heading && entry) {
      // A deeper heading: text of the entry, and the name of the clocks under it.
      task = `${entry.title}: ${heading[2]!.replace(/\s+:[\w@#%:]+:\s*$/, '').replace(/^(TODO|DONE)\s+/, '')}`;
      entry.body.push(line);
      return;
    }
    if (entry) entry.body.push(line);
  });
  if (!sawDay && lines.some((l) => l.trim() !== '')) throw new InputError(`import org: ${shown} has no day heading`, 'expected an org-journal file: "* Tuesday, 02/05/13" (or "* 2013-02-05") then entries "** 09:30 standup"; nothing was written');
  // One GTD day a date: a task per heading the clocks sit under, referring to the entry that holds them.
  const days = new Map<string, { date: Now; tasks: Map<string, GtdTask> }>();
  for (const c of clocks) {
    const key = `${c.start.year}-${c.start.month}-${c.start.day}`;
    const d = days.get(key) ?? days.set(key, { date: { ...c.start, hour: 0, minute: 0 }, tasks: new Map() }).get(key)!;
    const ref = c.entry ? ` see"${c.entry.moment.hour}:${String(c.entry.moment.minute).padStart(2, '0')} ${c.entry.moment.year}-${c.entry.moment.month}-${c.entry.moment.day}".` : '';
    const name = `${c.task.replace(/[.。]\s*$/, '') || 'clocked'}.${ref}`;
    const t = d.tasks.get(name) ?? d.tasks.set(name, { text: name, spans: [], minutes: 0 }).get(name)!;
    const from = c.start.hour * 60 + c.start.minute;
    if (c.minutes >= 1440) t.minutes += c.minutes;
    else t.spans.push({ start: from, end: from + c.minutes });
  }
  for (const [key, d] of days) {
    const tasks = [...d.tasks.values()].sort((a, b) => (a.spans[0]?.start ?? 0) - (b.spans[0]?.start ?? 0));
    out.entries.push(gtdEntry(d.date, tasks, `the clocks of ${key}`));
  }
  out.entries.sort((a, b) => momentCode(a.moment) - momentCode(b.moment));
  return out;
}
