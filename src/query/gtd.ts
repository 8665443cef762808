/**
 * `gtd status`: what today's GTD day holds and what is open now, with the
 * day's figures as `hours` counts them.
 */
import { dayRange, dayText, minutesOf, todayOf, writtenDuration, type Now } from '../calendar/index.js';
import { hoursOf } from '../hours/hours.js';
import type { Config } from '../journal/config.js';
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import type { Task, TimeSpan } from '../model/types.js';
import type { GtdStatus } from './shapes.js';

export type { GtdStatus };

const clock = (m: number) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
const written = (s: TimeSpan) => (s.start === undefined ? `-${clock(s.end ?? 0)}` : s.end === undefined ? `${clock(s.start)}-` : `${clock(s.start)}-${clock(s.end)}`);
const isOpen = (s: TimeSpan) => s.start !== undefined && s.end === undefined;

/**
 * Today's GTD day (the clock's): its entry, sessions, tasks (open ones
 * marked) and figures in minutes; `entry` is null when there is none.
 *
 * ```ts
 * gtdStatus(journal, readNow({ DAYBOOK_NOW: '2025-10-06 12:00' }), config).openTasks; // [{ number: 3, ... }]
 * ```
 */
export function gtdStatus(journal: Journal, now: Now, config: Config): GtdStatus {
  const today = todayOf(now);
  const date = dayText(today);
  const entries = journal.entries.filter((e) => e.isGtd && e.moment?.valid && e.moment.year === now.year && e.moment.month === now.month && e.moment.day === now.day);
  const entry = entries[entries.length - 1];
  const status: GtdStatus = { date, now: `${date} ${clock(minutesOf(now)).padStart(5, '0')}`, entry: null, sessions: [], openSession: null, tasks: [], openTasks: [], presenceMinutes: 0, loggedMinutes: 0, focusMinutes: 0, targetMinutes: 0 };
  const day = hoursOf(journal, dayRange(today), { config, today: date, nowMinutes: minutesOf(now) }).days[0];
  if (day) {
    status.targetMinutes = day.target;
    if (day.account) Object.assign(status, { presenceMinutes: day.account.presence, loggedMinutes: day.account.logged, focusMinutes: day.account.focus });
  }
  if (!entry) return status;
  const doc = entry.file.doc;
  status.entry = { file: entry.file.path, line: doc.position(entry.from).line + 1 };
  const gtd = readDetail(entry).gtd;
  if (!gtd) return status;
  status.sessions = gtd.sessions.map(written);
  const open = gtd.sessions.find(isOpen);
  status.openSession = open ? written(open) : null;
  const row = (t: Task) => ({ number: t.number, line: doc.position(t.from).line + 1, times: [...t.spans.map(written), ...t.durations.map((d) => writtenDuration(d.minutes))], open: t.spans.some(isOpen), text: t.text });
  status.tasks = gtd.tasks.map(row);
  status.openTasks = status.tasks.filter((t) => t.open);
  return status;
}
