/** The journal model: meaning read from the syntax tree. */
export * from './types.js';
export * from './moment.js';
export * from './diagnostic.js';
export { readEntry, lineContent } from './entry.js';
export { readGtdDay, readTimeSpec, spanMinutes, clock, type TimeSpec } from './gtd.js';
export { readTitle, THREAD_SEPARATOR } from './title.js';
export { findItem, resolveItemReference, resolveMomentReference, resolveReferences } from './references.js';
export { collectThreads, type Thread } from './threads.js';
export { buildJournal, allDiagnostics, type Journal, type SourceFile } from './journal.js';
export { computeStats, type Stats } from './stats.js';
