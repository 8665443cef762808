/**
 * daybook as a library: parse a journal, read its meaning, check it.
 *
 * ```ts
 * import { parse, print, buildJournal, computeStats } from 'daybook';
 * const doc = parse(text);
 * print(doc) === text; // always
 * const journal = buildJournal([{ path: 'log.txt', doc }]);
 * computeStats(journal).entries;
 * ```
 */
export * from './syntax/index.js';
export * from './model/index.js';
export * from './query/index.js';
export * from './journal/index.js';
export * from './indexing/index.js';
export * from './search/index.js';
export * from './calendar/index.js';
export * from './export/index.js';
export * from './errors.js';
