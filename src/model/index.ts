/** The journal model: meaning read from the syntax tree. */
export * from './types.js';
export * from './moment.js';
export * from './diagnostic.js';
export { readEntry, readDetail, checkEntry, EntryChecker, type EntryContext } from './entry.js';
export { readTimeSpec, readTimeOff, spanMinutes, type TimeSpec } from './gtd.js';
export { readMailHeader, type MailHeader } from './mail.js';
export { TitleReader, THREAD_SEPARATOR, hashKey } from './title.js';
export { findItem, resolveItemReference, resolveMomentReference, resolveDetail } from './references.js';
export { type Thread } from './threads.js';
export { buildJournal, Journal, type SourceFile } from './journal.js';
export { entriesAt } from './findings.js';
export { type TopicCount } from './topic-tree.js';
export { emptyCounts, type FileCounts } from './counts.js';
export { computeStats, emptyStats, type Stats } from './stats.js';
