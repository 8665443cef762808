/** Search over the index: the query language, dates, running a search. */
export { parseQuery, type Term } from './query.js';
export { readDayRange, todayFrom, type DayRange } from './dates.js';
export { search, type SearchRequest, type SearchHit, type SearchResult } from './run.js';
