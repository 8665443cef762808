/**
 * A search as the shells take it from the user (the CLI's flags, the web
 * app's query string): read and checked here once, then run on the index.
 */
import type Database from 'better-sqlite3';
import { InputError, UsageError } from '../errors.js';
import { readRange, type Day, type DayRange } from '../calendar/index.js';
import { parseQuery, type Term } from '../search/query.js';
import { search, threadKeys, type SearchRequest, type SearchResult } from '../search/run.js';
import { resolveThreadName } from './thread.js';

/** A search as typed: the query and the filters, as text. */
export interface SearchInput {
  query: string;
  topic?: string | undefined;
  /** A thread's name, as `daybook thread` takes it. */
  thread?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  on?: string | undefined;
  gtd?: boolean | undefined;
  todo?: boolean | undefined;
  newest?: boolean | undefined;
  /** A whole number of entries, 0 for all (default 20). */
  limit?: string | undefined;
  /** The most a caller allows (the web app: 500). */
  maxLimit?: number;
  /** False: the total need not be counted. */
  count?: boolean;
}

/**
 * Reads a search as typed: the query's terms, the limit, the days of
 * `on`/`since`/`until` (`today` gives the clock's day, asked only when a
 * date is given), and the thread's name made
 * a thread key with the index's keys. Bad input is an `InputError` that
 * says what was expected, with an example.
 */
export function readSearch(db: Database.Database, input: SearchInput, today: () => Day): SearchRequest {
  const filtered = input.topic !== undefined || input.thread !== undefined || input.since !== undefined || input.until !== undefined || input.on !== undefined || Boolean(input.gtd) || Boolean(input.todo);
  let terms: Term[] = [];
  if (input.query.trim() !== '' || !filtered) terms = parseQuery(input.query);
  if (terms.length > 0 && terms.every((t) => t.negate) && !filtered) throw new InputError('search: the query only leaves things out', `expected at least one term to look for, e.g. daybook search 'wal -draft'`);
  let limit = 20;
  if (input.limit !== undefined) {
    if (!/^\d{1,9}$/.test(input.limit)) throw new UsageError(`search: --limit ${JSON.stringify(input.limit)} is not a whole number of entries`, 'expected a whole number of entries, 0 or more, in digits, e.g. --limit 50 (0 for all)');
    limit = Number(input.limit);
  }
  if (input.maxLimit !== undefined && (limit === 0 || limit > input.maxLimit)) limit = input.maxLimit;
  if (input.on !== undefined && (input.since !== undefined || input.until !== undefined)) throw new UsageError('search: --on with --since or --until', 'expected either --on D or a range --since D --until D, e.g. --on 2013-W08');
  let days: DayRange | undefined;
  if (input.on !== undefined || input.since !== undefined || input.until !== undefined) {
    const on = input.on !== undefined ? readRange(input.on, today(), '--on') : undefined;
    const since = input.since !== undefined ? readRange(input.since, today(), '--since') : undefined;
    const until = input.until !== undefined ? readRange(input.until, today(), '--until') : undefined;
    days = on ?? { from: since?.from ?? 0, to: until?.to ?? 99999999 };
    if (days.from > days.to) throw new InputError(`search: --since ${input.since} is after --until ${input.until}`, 'expected the earlier date first, e.g. --since 2013-02-01 --until 2013-02-28');
  }
  const req: SearchRequest = { terms, limit, gtd: Boolean(input.gtd), todo: Boolean(input.todo), newest: Boolean(input.newest) };
  if (input.count !== undefined) req.count = input.count;
  if (input.topic !== undefined) req.topic = input.topic;
  if (input.thread !== undefined) req.thread = resolveThreadName(threadKeys(db), input.thread);
  if (days) req.days = days;
  return req;
}

/** Reads a search as typed and runs it. */
export function searchJournal(db: Database.Database, input: SearchInput, today: () => Day): SearchResult {
  return search(db, readSearch(db, input, today));
}
