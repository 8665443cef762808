/**
 * `last [N]` and `today`: entries listed by moment.
 */
import { dayParts, type Day } from '../calendar/day.js';
import { shownTitle } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { formatMoment } from '../model/moment.js';
import type { Entry } from '../model/types.js';
import type { EntryRow } from './shapes.js';

export type { EntryRow };

function rowOf(e: Entry): EntryRow {
  return { moment: formatMoment(e.moment!), title: shownTitle(e) ?? null, gtd: e.isGtd, file: e.file.path, line: e.file.doc.position(e.from).line + 1 };
}

/**
 * The `count` entries with the newest moments, newest first.
 *
 * ```ts
 * lastEntries(journal, 2).map((r) => r.moment); // ['2025-11-05 11:30', ...]
 * ```
 */
export function lastEntries(journal: Journal, count: number): EntryRow[] {
  return journal.newest(count, () => true).map(rowOf);
}

/** The entries of one day, in moment order. */
export function entriesOfDay(journal: Journal, day: Day): EntryRow[] {
  const p = dayParts(day);
  const on = journal.entries.filter((e) => e.moment?.valid && e.moment.year === p.year && e.moment.month === p.month && e.moment.day === p.day);
  return on.sort((a, b) => a.moment!.code - b.moment!.code).map(rowOf);
}
