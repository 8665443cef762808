/**
 * `daybook import timewarrior FILE`: the JSON of `timew export`
 * (`[{"id": 1, "start": "20130222T090000Z", "end": "20130222T094000Z",
 * "tags": ["meeting"], "annotation": "..."}]`), into GTD day entries: one
 * per local day (the day an interval starts), its intervals as tasks (the
 * same tags and annotation on one day make one task with several spans).
 * An interval still running (no end) is left out and reported. A tag
 * daybook's `export timewarrior --track` wrote with a leading underscore
 * (`_2013`) gets it back off.
 */
import { InputError } from '../errors.js';
import { trackTag } from '../hours/export.js';
import { gtdEntry, localMoment, parseSourceJson, validMoment, type GtdTask, type ImportRead } from './entry.js';

const EXAMPLE = 'expected the JSON of "timew export", e.g. [{"id": 1, "start": "20130222T090000Z", "end": "20130222T094000Z", "tags": ["meeting"]}]';

/** A Timewarrior stamp, `20130222T090000Z`. */
function readStamp(s: unknown): Date | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}

/** A tag as written before `export timewarrior --track` escaped it. */
function untrack(tag: string): string {
  return tag.startsWith('_') && trackTag(tag.slice(1)) === tag ? tag.slice(1) : tag;
}

/** Reads the JSON of `timew export`. */
export function readTimewarrior(text: string, shown: string): ImportRead {
  const doc = parseSourceJson(text, 'timewarrior', shown, EXAMPLE);
  if (!Array.isArray(doc)) throw new InputError(`import timewarrior: ${shown} is not a list of intervals`, `${EXAMPLE}; nothing was written`);
  const out: ImportRead = { entries: [], notes: [] };
  const days = new Map<string, { date: { year: number; month: number; day: number }; tasks: Map<string, GtdTask> }>();
  doc.forEach((iv: Record<string, unknown>, i) => {
    const where = `interval ${i + 1}`;
    const start = readStamp(iv?.start);
    if (!start) throw new InputError(`import timewarrior: ${shown}: ${where} has no "start" like "20130222T090000Z"`, `${EXAMPLE}; nothing was written`);
    const end = iv.end === undefined ? undefined : readStamp(iv.end);
    if (iv.end !== undefined && !end) throw new InputError(`import timewarrior: ${shown}: ${where}: "end" ${JSON.stringify(iv.end)} is not like "20130222T094000Z"`, `${EXAMPLE}; nothing was written`);
    if (!end) {
      out.notes.push(`${where} (started ${String(iv.start)}) is still running in Timewarrior: not imported; stop it, export and import again`);
      return;
    }
    const s = localMoment(start);
    if (!validMoment({ ...s })) throw new InputError(`import timewarrior: ${shown}: ${where}: ${String(iv.start)} is not a moment a journal can hold`, 'expected a year from 1000 to 9999; nothing was written');
    const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
    if (minutes <= 0) return;
    const tags = Array.isArray(iv.tags) ? iv.tags.filter((t): t is string => typeof t === 'string').map(untrack) : [];
    const note = typeof iv.annotation === 'string' && iv.annotation.trim() ? iv.annotation.trim() : '';
    const textOf = [tags.join(', '), note].filter(Boolean).join(': ') || 'untagged';
    const key = `${s.year}-${s.month}-${s.day}`;
    const day = days.get(key) ?? days.set(key, { date: { year: s.year, month: s.month, day: s.day }, tasks: new Map() }).get(key)!;
    const task = day.tasks.get(textOf) ?? day.tasks.set(textOf, { text: textOf.endsWith('.') ? textOf : `${textOf}.`, spans: [], minutes: 0 }).get(textOf)!;
    const from = s.hour * 60 + s.minute;
    // Longer than a day: no span of a day can say it; a duration can.
    if (minutes >= 1440) task.minutes += minutes;
    else task.spans.push({ start: from, end: from + minutes });
  });
  for (const [key, d] of days) {
    const tasks = [...d.tasks.values()].map((t) => ({ ...t, spans: t.spans.sort((a, b) => a.start - b.start) })).sort((a, b) => (a.spans[0]?.start ?? 0) - (b.spans[0]?.start ?? 0));
    out.entries.push(gtdEntry({ ...d.date, hour: 0, minute: 0 }, tasks, `the intervals of ${key}`));
  }
  return out;
}
