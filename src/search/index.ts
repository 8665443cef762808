/** Search over the index: the query language, running a search (dates are the calendar's: `calendar/`). */
export { parseQuery, type Term } from './query.js';
export { search, type SearchRequest, type SearchHit, type SearchResult } from './run.js';
export { threadNames, topicNames, recentMoments } from './names.js';
