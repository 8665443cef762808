/** Files and directories of a journal, finding it, config. */
export * from './config.js';
export * from './locate.js';
export * from './read.js';
