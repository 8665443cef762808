/**
 * Reference resolution: a quoted moment names an entry of any file of the
 * journal, an item path names an item below it, a quoted marker (`"3)"`)
 * names a sibling item of the same entry.
 */
import { readDetail } from './entry.js';
import { entriesAt, type MomentLookup } from './findings.js';
import type { EntryDetail, Item, ItemReference, MomentReference } from './types.js';

/**
 * The item an item path names: `[2, 1]` is item 2 of the entry, then item 1
 * below it. Numbers are matched as written; with repeated numbers, the first.
 *
 * ```ts
 * findItem(detail.items, [2]); // the entry's item `2, ...`
 * ```
 */
export function findItem(items: Item[], path: number[]): Item | undefined {
  let list = items;
  let found: Item | undefined;
  for (const n of path) {
    found = list.find((i) => i.number === n);
    if (!found) return undefined;
    list = found.children;
  }
  return found;
}

/**
 * Resolves one moment reference against the journal's entries by moment key,
 * and its item path against the target's outline (read from its text).
 */
export function resolveMomentReference(ref: MomentReference, journal: MomentLookup): void {
  ref.targets = ref.moment.valid ? entriesAt(journal, ref.moment) : [];
  if (ref.targets.length === 1 && ref.path.length > 0) {
    const item = findItem(readDetail(ref.targets[0]!).items, ref.path);
    if (item) ref.targetItem = item;
  }
}

/** Resolves a `"3)"` reference: the nearest item of that level and number among the siblings, then further out. */
export function resolveItemReference(ref: ItemReference, detail: EntryDetail): void {
  for (let scope = ref.item; ; scope = scope.parent) {
    const siblings = scope?.parent ? scope.parent.children : detail.items;
    const found = siblings.find((i) => i.level === ref.level && i.number === ref.number);
    if (found) {
      ref.targetItem = found;
      return;
    }
    if (!scope) return;
  }
}

/**
 * Resolves every reference of an entry's detail.
 *
 * ```ts
 * const detail = resolveDetail(readDetail(entry), journal);
 * detail.references[0].targets; // the entries it names
 * ```
 */
export function resolveDetail(detail: EntryDetail, journal: MomentLookup): EntryDetail {
  for (const ref of detail.references) {
    if (ref.kind === 'item') resolveItemReference(ref, detail);
    else resolveMomentReference(ref, journal);
  }
  return detail;
}

/** The dotted path of an item in its entry's outline: `2.1`. */
export function itemPath(item: Item): string {
  let path = String(item.number);
  for (let p = item.parent; p; p = p.parent) path = `${p.number}.${path}`;
  return path;
}
