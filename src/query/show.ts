/**
 * `show`: the text of the entry or item a reference names, as written.
 */
import type { Journal } from '../model/journal.js';
import { formatMoment } from '../model/moment.js';
import { findTarget, type RefArg } from './ref.js';

/** What `show` prints. */
export interface Shown {
  file: string;
  /** 1-based line of the entry's header, or of the item's marker. */
  line: number;
  moment: string;
  title?: string;
  /** The item path shown, when the reference names an item. */
  item?: string;
  /** The text, exactly as in the journal, without the blank lines that end an entry. */
  text: string;
}

/**
 * The entry or item a reference names.
 *
 * ```ts
 * show(journal, readRefArg('"11:07 2013-2-16"5')).text; // '5, (14:16 2013-02-25)\n...'
 * ```
 */
export function show(journal: Journal, ref: RefArg): Shown {
  const { entry, item } = findTarget(journal, ref);
  const doc = entry.file.doc;
  const span = item ?? entry;
  const text = doc.textOf(span).replace(/(\r\n|\r|\n)[ \t\r\n]*$/, '$1');
  const shown: Shown = { file: entry.file.path, line: doc.position(span.from).line + 1, moment: formatMoment(entry.moment!), text };
  const title = entry.title?.text;
  if (title !== undefined) shown.title = title;
  if (item) shown.item = ref.path.join('.');
  return shown;
}
