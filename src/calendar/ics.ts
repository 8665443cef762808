/**
 * Days off from an iCalendar file (a holiday calendar, leave exported from
 * a calendar app): every all-day event is a day off, each day it spans
 * (DTEND is the day after its last, as RFC 5545 has it), and each year,
 * week, ... a recurring one comes back. Timed events are not days off.
 * Read with ical.js, loaded only when a config names a calendar.
 *
 * Bounded whatever the file says: an event may span at most 366 days, and a
 * recurring one gives at most 1,000 occurrences up to the year 9999.
 */
import { createRequire } from 'node:module';
import type ICALModule from 'ical.js';
import { InputError } from '../errors.js';
import { addDays, dayOf, dayText, daysBetween, isDay } from './day.js';

const require = createRequire(import.meta.url);

/** The most days one event may span, and the most occurrences read of a recurring one. */
export const MAX_EVENT_DAYS = 366;
export const MAX_OCCURRENCES = 1000;

const EXAMPLE = 'BEGIN:VCALENDAR / BEGIN:VEVENT / SUMMARY:Spring Festival / DTSTART;VALUE=DATE:20130211 / DTEND;VALUE=DATE:20130212 / END:VEVENT / END:VCALENDAR';

type Time = { year: number; month: number; day: number; isDate: boolean };

/**
 * The days off an iCalendar text holds, `YYYY-MM-DD`, sorted. `source`
 * names the file in errors.
 *
 * ```ts
 * icsDaysOff('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20130211\r\nEND:VEVENT\r\nEND:VCALENDAR', 'h.ics'); // ['2013-02-11']
 * ```
 */
export function icsDaysOff(text: string, source: string): string[] {
  const ICAL = require('ical.js') as typeof ICALModule;
  let root: ICALModule.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (err) {
    throw new InputError(`${source} is not an iCalendar file (${(err as Error).message.split('\n')[0]})`, `expected a calendar of all-day events, e.g. ${EXAMPLE}`);
  }
  if (root.name !== 'vcalendar') throw new InputError(`${source} is not an iCalendar file (it holds a ${root.name.toUpperCase()}, not a VCALENDAR)`, `expected a calendar of all-day events, e.g. ${EXAMPLE}`);
  const days = new Set<string>();
  for (const component of root.getAllSubcomponents('vevent')) {
    let event: ICALModule.Event;
    let start: Time | undefined;
    try {
      event = new ICAL.Event(component);
      start = event.startDate as Time | undefined;
    } catch (err) {
      throw new InputError(`${source}: an event that cannot be read (${(err as Error).message})`, `expected events like ${EXAMPLE}`);
    }
    if (!start || !start.isDate) continue;
    const name = event.summary ? `"${event.summary}"` : 'an event';
    const first = dayOfTime(start, source, name);
    const end = event.endDate as Time | undefined;
    const length = end && end.isDate ? daysBetween(first, dayOfTime(end, source, name)) : 1;
    if (length > MAX_EVENT_DAYS) throw new InputError(`${source}: ${name} from ${dayText(first)} spans ${length} days, more than a day off can (at most ${MAX_EVENT_DAYS})`, `expected all-day events of days off, e.g. ${EXAMPLE}`);
    const add = (from: number) => {
      for (let i = 0; i < Math.max(1, length); i++) days.add(dayText(addDays(from, i)));
    };
    if (!event.isRecurring()) {
      add(first);
      continue;
    }
    const it = event.iterator();
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const next = it.next() as Time | undefined;
      if (!next || next.year > 9999) break;
      add(dayOfTime(next, source, name));
    }
  }
  return [...days].sort();
}

/** The day of an iCalendar date, checked. */
function dayOfTime(t: Time, source: string, name: string): number {
  if (!isDay(t.year, t.month, t.day) || t.year < 1000 || t.year > 9999) throw new InputError(`${source}: ${name} has the date ${t.year}-${t.month}-${t.day}, which is not a day from 1000 to 9999`, `expected dates like DTSTART;VALUE=DATE:20130211`);
  return dayOf(t.year, t.month, t.day);
}
