/**
 * `backlinks`: every reference to an entry or an item, across the journal,
 * with the line it stands on.
 */
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { formatMoment } from '../model/moment.js';
import { resolveItemReference } from '../model/references.js';
import { findTarget, type RefArg } from './ref.js';

/** One reference to the target. */
export interface Backlink {
  file: string;
  line: number;
  column: number;
  /** The entry that holds the reference. */
  moment: string;
  title?: string;
  /** The reference as written (`see"11:07 2013-2-16"5` without the `see`). */
  written: string;
  /** The line of the journal it stands on, trimmed. */
  context: string;
}

/**
 * The references to the entry or item a reference names. For an entry, every
 * reference to it counts, item paths or not; for an item, those that name
 * that item (and same-entry references like `"3)"` to it).
 */
export function backlinks(journal: Journal, ref: RefArg): Backlink[] {
  const target = findTarget(journal, ref);
  const code = target.entry.moment!.code;
  const wanted = ref.path.join('.');
  const out: Backlink[] = [];
  for (const entry of journal.entries) {
    const detail = readDetail(entry);
    for (const r of detail.references) {
      if (r.kind === 'moment') {
        if (!r.moment.valid || r.moment.code !== code) continue;
        if (wanted && r.path.join('.') !== wanted) continue;
      } else {
        if (!target.item || entry !== target.entry) continue;
        resolveItemReference(r, detail);
        if (r.targetItem?.from !== target.item.from) continue;
      }
      const doc = entry.file.doc;
      const pos = doc.position(r.from);
      const lineText = doc.textOf({ from: r.from - pos.character, to: r.to }) + lineRest(doc.textOf({ from: r.to, to: Math.min(r.to + 400, entry.to) }));
      const link: Backlink = { file: entry.file.path, line: pos.line + 1, column: [...lineText.slice(0, pos.character)].length + 1, moment: formatMoment(entry.moment!), written: doc.textOf(r), context: lineText.trim() };
      const title = entry.title?.text;
      if (title !== undefined) link.title = title;
      out.push(link);
    }
  }
  return out;
}

function lineRest(text: string): string {
  const end = text.search(/\r|\n/);
  return end === -1 ? text : text.slice(0, end);
}
