/**
 * `daybook import jrnl FILE`: jrnl's JSON export (`jrnl --format json`):
 * `{"tags": {...}, "entries": [{"title", "body", "date": "2013-02-05",
 * "time": "09:30", "tags": ["@work"], "starred": false}]}`. An entry's title
 * line is its tags (without `@`) and then its title, general to specific as
 * daybook's titles go (`work, meeting, Planning with Ana.`); its body is
 * jrnl's body. A starred entry gets the topic `starred`.
 */
import { InputError } from '../errors.js';
import { linesOf, parseSourceJson, validMoment, type ImportRead } from './entry.js';

const EXAMPLE = 'expected the JSON jrnl writes with "jrnl --format json", e.g. {"entries": [{"title": "Standup.", "body": "...", "date": "2013-02-05", "time": "09:30", "tags": ["@work"]}]}';

/** Reads jrnl's JSON export. */
export function readJrnl(text: string, shown: string): ImportRead {
  const doc = parseSourceJson(text, 'jrnl', shown, EXAMPLE);
  const entries = (doc as { entries?: unknown })?.entries;
  if (!Array.isArray(entries)) throw new InputError(`import jrnl: ${shown} has no "entries" list`, `${EXAMPLE}; nothing was written`);
  const out: ImportRead = { entries: [], notes: [] };
  entries.forEach((e: Record<string, unknown>, i) => {
    const where = `entry ${i + 1}`;
    const date = typeof e?.date === 'string' ? /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(e.date) : null;
    const time = typeof e?.time === 'string' ? /^(\d{1,2}):(\d{2})/.exec(e.time) : null;
    if (!date || !time) throw new InputError(`import jrnl: ${shown}: ${where} has no "date" (YYYY-MM-DD) and "time" (HH:MM)`, `${EXAMPLE}; nothing was written`);
    const moment = { year: +date[1]!, month: +date[2]!, day: +date[3]!, hour: +time[1]!, minute: +time[2]! };
    if (!validMoment(moment)) throw new InputError(`import jrnl: ${shown}: ${where}: ${e.date} ${e.time} is not a moment a journal can hold`, `expected a real date with a year from 1000 to 9999; nothing was written`);
    const tags = Array.isArray(e.tags) ? e.tags.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^[@#]/, '')) : [];
    const title = typeof e.title === 'string' ? e.title : '';
    const topics = [...new Set([...tags, ...(e.starred === true ? ['starred'] : [])])];
    out.entries.push({ moment, title: [...topics, title.trim()].filter(Boolean).join(', '), body: linesOf(typeof e.body === 'string' ? e.body : ''), source: where });
  });
  return out;
}
