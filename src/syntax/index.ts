/** The syntax layer: lossless trees with offsets. */
export * from './tree.js';
export * from './patterns.js';
export * from './lines.js';
export { parseEntry } from './entry.js';
export { parse, print, Document, type Chunk } from './parse.js';
