/** The SQLite index: where it lives, opening it, keeping it in step with the journal. */
export { indexPath, openIndex, closeIndex, removeIndex, discardIndex, type Index } from './open.js';
export { syncIndex, type IndexSource, type SyncReport, type Progress } from './sync.js';
export { APPLICATION_ID, SCHEMA_VERSION } from './schema.js';
