/**
 * `daybook export json` and `daybook import json`: the journal model as one
 * JSON document (schemas/journal-export.schema.json), and back. Each
 * file's text is its preamble and its entries' texts, in order, so the
 * document gives back every file byte for byte.
 *
 * ```ts
 * const doc = journalJson(journalModel(journal, clock), { root: '/home/me/log' });
 * journalTexts(JSON.parse(JSON.stringify(doc)))[0].text; // the first file, exactly
 * ```
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import { redactStrings, type Redactor } from '../query/redact.js';
import { MODEL_VERSION, type JournalModel, type ModelFileStream } from './model.js';

/** The JSON export: the model under the command line's convention (`version`, `root`). */
export interface JournalJson extends JournalModel {
  version: 1;
  root: string | null;
  format: 'daybook-journal';
  formatVersion: number;
  /** True when `--redact` replaced text: the texts are no longer the journal's, and `import json` refuses it. */
  redacted: boolean;
}

/** Keys whose strings name things (moments, ids, paths, states), never the user's words: redaction leaves them. */
const STRUCTURAL = new Set(['id', 'moment', 'header', 'stamp', 'entry', 'item', 'itemPath', 'inItem', 'path', 'file', 'kind', 'status', 'state', 'date', 'start', 'end', 'revisions', 'previous', 'next', 'first', 'format', 'written', 'root']);


/** The JSON document of a journal model; with `redact`, every text of the user's passes through it. */
export function journalJson(model: JournalModel, options: { root: string | null; redact?: Redactor }): JournalJson {
  const files = options.redact ? redactStrings(model.files, options.redact, STRUCTURAL) : model.files;
  return { version: 1, root: options.root, format: 'daybook-journal', formatVersion: MODEL_VERSION, redacted: options.redact !== undefined, files };
}

/**
 * The JSON document written piece by piece, an entry at a time (one line
 * each), so that a journal of hundreds of megabytes is never held whole:
 * the same document as `journalJson`, compact.
 */
export function* journalJsonChunks(files: ModelFileStream[], options: { root: string | null; redact?: Redactor }): Generator<string> {
  const r = options.redact;
  yield `{"version":1,"root":${JSON.stringify(options.root)},"format":"daybook-journal","formatVersion":${MODEL_VERSION},"redacted":${r !== undefined},"files":[`;
  let firstFile = true;
  for (const f of files) {
    const head = { file: f.file, bom: f.bom, exact: f.exact, preamble: r ? r(f.preamble) : f.preamble };
    yield `${firstFile ? '' : ','}\n${JSON.stringify(head).slice(0, -1)},"entries":[`;
    firstFile = false;
    let first = true;
    for (const e of f.entries) {
      yield `${first ? '' : ','}\n${JSON.stringify(r ? redactStrings(e, r, STRUCTURAL) : e)}`;
      first = false;
    }
    yield ']}';
  }
  yield '\n]}\n';
}

/** One file a JSON export gives back: its path (relative, `/`-separated) and its exact text. */
export interface FileText {
  file: string;
  text: string;
  /** The entries' moments (ISO) and texts, for an import into a journal that has some of them. */
  entries: { moment: string; valid: boolean; text: string }[];
  preamble: string;
}

const example = 'expected the output of "daybook export json", e.g. daybook export json --journal ~/log > log.json';

/**
 * The files a JSON export holds, each text exactly as it was. Refuses what is
 * not such a document, a redacted one (its texts are not the journal's), and
 * a path that leaves the journal (`..`, absolute).
 */
export function journalTexts(value: unknown, shown: string): FileText[] {
  const bad = (why: string) => new InputError(`import json: ${shown}: ${why}`, `${example}; nothing was written`);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad('not a JSON object');
  const doc = value as Partial<JournalJson>;
  if (doc.format !== 'daybook-journal') throw bad('not a daybook journal export (no "format": "daybook-journal")');
  if (doc.formatVersion !== MODEL_VERSION) throw bad(`format version ${String(doc.formatVersion)}; this daybook reads version ${MODEL_VERSION}`);
  if (doc.redacted) throw bad('a redacted export (--redact): its texts are not the journal\'s and cannot give it back');
  if (!Array.isArray(doc.files)) throw bad('no "files" list');
  const out: FileText[] = [];
  const seen = new Set<string>();
  doc.files.forEach((f, i) => {
    if (!f || typeof f !== 'object' || typeof f.file !== 'string' || typeof f.preamble !== 'string' || !Array.isArray(f.entries)) throw bad(`files[${i}] is not a file with "file", "preamble" and "entries"`);
    const rel = f.file.split('\\').join('/');
    if (rel === '' || path.isAbsolute(rel) || rel.split('/').some((p) => p === '..' || p === '')) throw bad(`files[${i}]: "${f.file}" is not a path inside the journal`);
    if (!/\.(txt|journal)$/.test(rel)) throw bad(`files[${i}]: "${f.file}" is not a journal file name (ending in .txt or .journal)`);
    if (seen.has(rel)) throw bad(`files[${i}]: "${f.file}" twice`);
    if (f.exact === false) throw bad(`files[${i}]: "${f.file}" held bytes that are not UTF-8, which JSON cannot carry; the export has U+FFFD in their place and cannot give the file back exactly (run "daybook check" on it)`);
    seen.add(rel);
    const entries = f.entries.map((e, k) => {
      if (!e || typeof e !== 'object' || typeof e.text !== 'string' || typeof e.moment !== 'string') throw bad(`files[${i}].entries[${k}] has no "text" and "moment"`);
      return { moment: e.moment, valid: e.valid !== false, text: e.text };
    });
    out.push({ file: rel, preamble: f.preamble, entries, text: (f.bom ? '\uFEFF' : '') + f.preamble + entries.map((e) => e.text).join('') });
  });
  return out;
}
