/** The journal for other programs: the model as data, and the JSON, Markdown and org made of it. */
export { journalModel, type JournalModel, type ModelEntry, type ModelFile, type ModelItem, type ModelReference, type ModelGtd } from './model.js';
export { journalJson, journalTexts, type JournalJson } from './json.js';
export { markdownVault } from './markdown.js';
export { orgFile } from './org.js';
