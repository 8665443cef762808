/** The syntax layer: a line scanner, lossless trees with offsets, print. */
export * from './tree.js';
export * from './patterns.js';
export * from './lines.js';
export * from './sink.js';
export { scanEntry } from './scan.js';
export { parseEntry } from './entry.js';
export { parse, print, Document, type Chunk } from './parse.js';
