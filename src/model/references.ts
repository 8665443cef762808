/**
 * Reference resolution: a quoted moment names an entry of any file of the
 * journal, an item path names an item below it, a quoted marker (`"3)"`)
 * names a sibling item of the same entry.
 */
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { formatMoment } from './moment.js';
import type { Entry, Item, ItemReference, MomentReference } from './types.js';

/**
 * The item an item path names: `[2, 1]` is item 2 of the entry, then item 1
 * below it. Numbers are matched as written; with repeated numbers, the first.
 *
 * ```ts
 * findItem(entry.items, [2]); // the entry's item `2, ...`
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

/** Resolves one moment reference against the journal's entries by moment key. */
export function resolveMomentReference(ref: MomentReference, byMoment: Map<string, Entry[]>): void {
  ref.targets = byMoment.get(ref.moment.key) ?? [];
  if (ref.targets.length === 1 && ref.path.length > 0) {
    const item = findItem(ref.targets[0]!.items, ref.path);
    if (item) ref.targetItem = item;
  }
}

/** Resolves a `"3)"` reference: the nearest item of that level and number among the siblings, then further out. */
export function resolveItemReference(ref: ItemReference): void {
  for (let scope = ref.item; ; scope = scope.parent) {
    const siblings = scope?.parent ? scope.parent.children : ref.entry.items;
    const found = siblings.find((i) => i.level === ref.level && i.number === ref.number);
    if (found) {
      ref.targetItem = found;
      return;
    }
    if (!scope) return;
  }
}

/** Resolves every reference of the entries and reports dangling, ambiguous and missing-item ones. */
export function resolveReferences(entries: Entry[], byMoment: Map<string, Entry[]>, out: Diagnostic[]): void {
  let byDay: Map<string, string[]> | undefined;
  const nearest = (ref: MomentReference): string => {
    if (!byDay) {
      byDay = new Map();
      for (const key of byMoment.keys()) {
        const times = byDay.get(key.slice(0, 10)) ?? [];
        times.push(key.slice(11));
        byDay.set(key.slice(0, 10), times);
      }
    }
    const same = byDay.get(ref.moment.key.slice(0, 10));
    return same ? `that day has ${same.slice(0, 5).join(', ')}` : 'no entry on that day';
  };
  for (const entry of entries) {
    for (const ref of entry.references) {
      const file = entry.file.path;
      if (ref.kind === 'item') {
        resolveItemReference(ref);
        if (!ref.targetItem) out.push(diagnostic('ref-item-missing', file, ref.from, ref.to, `"${ref.number})" names no item ${ref.number}) near it in this entry; expected a sibling item written "${ref.number}), ..."`));
        continue;
      }
      if (!ref.moment.valid) continue;
      resolveMomentReference(ref, byMoment);
      const written = formatMoment(ref.moment);
      if (ref.targets.length === 0) {
        out.push(diagnostic('ref-dangling', file, ref.from, ref.to, `no entry "${written}" in this journal (${nearest(ref)}); an older file of the journal may hold it`));
      } else if (ref.targets.length > 1) {
        const where = ref.targets.map((t) => `${t.file.path}:${t.file.doc.position(t.from).line + 1}`).join(', ');
        out.push(diagnostic('ref-ambiguous', file, ref.from, ref.to, `${ref.targets.length} entries have the moment "${written}" (${where}); the reference cannot tell them apart`));
      } else if (ref.path.length > 0 && !ref.targetItem) {
        out.push(diagnostic('ref-item-missing', file, ref.from, ref.to, `entry "${written}" has no item ${ref.path.join('.')}; its items are ${ref.targets[0]!.items.map((i) => i.number).join(', ') || 'none'}`));
      }
    }
  }
}
