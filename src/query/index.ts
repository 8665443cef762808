/** Queries over the journal model: what the navigation commands show. */
export * from './ref.js';
export * from './show.js';
export * from './backlinks.js';
export * from './thread.js';
export * from './todos.js';
export * from './topics.js';
export * from './redact.js';
export * from './redact-journal.js';
