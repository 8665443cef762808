/**
 * `daybook import dayone FILE`: Day One's JSON export (the `Journal.json`
 * of its ZIP export): `{"metadata": {...}, "entries": [{"uuid",
 * "creationDate": "2013-02-05T01:30:00Z", "timeZone": "Asia/Shanghai",
 * "text": "# Title\n\nbody", "tags": [...], "starred": false}]}`. The moment
 * is the creation date in the entry's own time zone (else the local one);
 * the title line is its tags, then the text's first line (a Markdown
 * heading's marks taken off); the rest of the text is the body, with the
 * backslashes Day One puts before Markdown's characters taken off.
 */
import { InputError } from '../errors.js';
import { linesOf, localMoment, parseSourceJson, validMoment, type ImportRead } from './entry.js';

const EXAMPLE = 'expected the Journal.json of a Day One export, e.g. {"entries": [{"creationDate": "2013-02-05T01:30:00Z", "timeZone": "Asia/Shanghai", "text": "# Standup\\n\\nnotes", "tags": ["work"]}]}';

/** Day One escapes Markdown's characters in plain text (`3\.5`, `\- item`): the text as typed. */
function unescape(line: string): string {
  return line.replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1');
}

/** Reads Day One's JSON export. */
export function readDayOne(text: string, shown: string): ImportRead {
  const doc = parseSourceJson(text, 'dayone', shown, EXAMPLE);
  const entries = (doc as { entries?: unknown })?.entries;
  if (!Array.isArray(entries)) throw new InputError(`import dayone: ${shown} has no "entries" list`, `${EXAMPLE}; nothing was written`);
  const out: ImportRead = { entries: [], notes: [] };
  entries.forEach((e: Record<string, unknown>, i) => {
    const where = `entry ${i + 1}${typeof e?.uuid === 'string' ? ` (${e.uuid})` : ''}`;
    const when = typeof e?.creationDate === 'string' ? new Date(e.creationDate) : undefined;
    if (!when || Number.isNaN(when.getTime())) throw new InputError(`import dayone: ${shown}: ${where} has no "creationDate"`, `${EXAMPLE}; nothing was written`);
    const moment = localMoment(when, typeof e.timeZone === 'string' ? e.timeZone : undefined);
    if (!validMoment(moment)) throw new InputError(`import dayone: ${shown}: ${where}: ${String(e.creationDate)} is not a moment a journal can hold`, 'expected a year from 1000 to 9999; nothing was written');
    const lines = linesOf(typeof e.text === 'string' ? e.text : '').map(unescape);
    while (lines.length && lines[0]!.trim() === '') lines.shift();
    const first = (lines.shift() ?? '').replace(/^#+\s*/, '').trim();
    const tags = Array.isArray(e.tags) ? e.tags.filter((t): t is string => typeof t === 'string') : [];
    const topics = [...new Set([...tags, ...(e.starred === true ? ['starred'] : [])])];
    out.entries.push({ moment, title: [...topics, first].filter(Boolean).join(', '), body: lines, source: where });
  });
  return out;
}
