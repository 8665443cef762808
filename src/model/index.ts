/** The journal model: meaning read from the syntax tree. */
export * from './types.js';
export * from './moment.js';
export * from './diagnostic.js';
export { readEntry, readDetail, checkEntry, EntryChecker, type EntryContext } from './entry.js';
export { readTimeSpec, readTimeOff, spanMinutes, type TimeSpec } from './gtd.js';
export { readMailHeader, type MailHeader } from './mail.js';
export { TitleReader, THREAD_SEPARATOR, hashKey } from './title.js';
export { findItem, resolveItemReference, resolveMomentReference, resolveDetail } from './references.js';
export { collectThreads, type Thread } from './threads.js';
export { buildJournal, openFile, finishFile, allDiagnostics, entriesAt, type Journal, type SourceFile } from './journal.js';
export { checkFile, emptyCounts, addCounts, type FileCheck, type FileCounts } from './check-file.js';
export { PendingReferences } from './pending.js';
export { computeStats, emptyStats, type Stats } from './stats.js';
