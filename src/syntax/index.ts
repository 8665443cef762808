/** The syntax layer: a line scanner, lossless trees with offsets, print. */
export * from './tree.js';
export * from './patterns.js';
export * from './lines.js';
export * from './sink.js';
export { scanEntry } from './scan.js';
export { parseEntry } from './entry.js';
export { Document, type Chunk } from './document.js';
export { parse, print } from './parse.js';
export { parseBytes, type ParsedBytes } from './bytes.js';
export { findInvalid, type InvalidBytes } from './utf8.js';
