/**
 * A reference given on the command line, written as in the journal
 * (`"11:07 2013-2-16"5`, `11:07 2013-2-16`) or in normal form
 * (`2013-02-16 11:07#5`), and finding what it names.
 */
import { InputError, NotFoundError } from '../errors.js';
import { readDetail } from '../model/entry.js';
import { entriesAt } from '../model/findings.js';
import type { Journal } from '../model/journal.js';
import { formatMoment, readMoment, type Moment } from '../model/moment.js';
import { findItem } from '../model/references.js';
import type { Entry, EntryDetail, Item } from '../model/types.js';

/** A reference read from the command line. */
export interface RefArg {
  moment: Moment;
  /** Item numbers below the entry, empty for the entry itself. */
  path: number[];
}

/** What a reference names: an entry, and maybe one of its items. */
export interface Target {
  entry: Entry;
  detail: EntryDetail;
  item?: Item;
}

const EXAMPLES = '"11:07 2013-2-16"5, 11:07 2013-2-16 or 2013-02-16 11:07#5';
/** As the journal writes it, `see` or `ref` before it and a closing `.` allowed: `see"11:07 2013-2-16"5.` */
const QUOTED_FORM = /^(?:(?:see|ref)\s*)?"(\d{1,2}:\d{1,2} \d{4}-\d{1,2}-\d{1,2})"(\d+(?:\.\d+)*)?\.?$/i;
const BARE_FORM = /^(\d{1,2}:\d{1,2} \d{4}-\d{1,2}-\d{1,2})(?:#(\d+(?:\.\d+)*))?$/;
const NORMAL_FORM = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2})(?:#(\d+(?:\.\d+)*))?$/;

/**
 * Reads a reference as the user typed it.
 *
 * ```ts
 * readRefArg('"11:07 2013-2-16"5'); // { moment: 2013-02-16 11:07, path: [5] }
 * ```
 */
export function readRefArg(text: string): RefArg {
  const t = text.trim();
  let moment: Moment | undefined;
  let path: string | undefined;
  const j = QUOTED_FORM.exec(t) ?? BARE_FORM.exec(t);
  const n = j ? null : NORMAL_FORM.exec(t);
  if (j) {
    moment = readMoment(j[1]!);
    path = j[2];
  } else if (n) {
    moment = readMoment(`${n[4]}:${n[5]!.padStart(2, '0')} ${n[1]}-${n[2]}-${n[3]}`);
    path = n[6];
  }
  if (!moment) throw new InputError(`"${text}" is not a reference`, `expected a moment and maybe an item path, like ${EXAMPLES}`);
  if (!moment.valid) throw new InputError(`"${text}" is not a real moment`, `expected hours 0-23, minutes 0-59 and a real date, like ${EXAMPLES}`);
  return { moment, path: path ? path.split('.').map(Number) : [] };
}

/**
 * Finds what a reference names. A dangling or ambiguous reference, or a
 * missing item, is a `NotFoundError` whose message names the nearest entries
 * or the items there are.
 */
export function findTarget(journal: Journal, ref: RefArg): Target {
  const written = formatMoment(ref.moment);
  const entries = entriesAt(journal, ref.moment);
  if (entries.length === 0) throw new NotFoundError(`no entry "${written}" in this journal; the nearest are ${nearest(journal, ref.moment).join(', ') || 'none (the journal is empty)'}`);
  if (entries.length > 1) {
    throw new NotFoundError(`${entries.length} entries have the moment "${written}": ${entries.map((e) => `${e.file.path}:${e.line}`).join(', ')}; the journal should give each its own moment`);
  }
  const entry = entries[0]!;
  const detail = readDetail(entry);
  if (ref.path.length === 0) return { entry, detail };
  const item = findItem(detail.items, ref.path);
  if (!item) throw new NotFoundError(`entry "${written}" has no item ${ref.path.join('.')}; its items are ${detail.items.map((i) => i.number).join(', ') || 'none'}`);
  return { entry, detail, item };
}

/** The moments of the entries nearest in time to a moment, closest first. */
export function nearest(journal: Journal, moment: Moment, count = 3): string[] {
  return journal.entries
    .filter((e) => e.moment?.valid)
    .map((e) => ({ e, d: Math.abs(e.moment!.code - moment.code) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, count)
    .map(({ e }) => `"${formatMoment(e.moment!)}"`);
}
