/** Binary search over lists kept in order. */

/**
 * The index of the last item whose key is at or below `value` in a list
 * ordered by that key; 0 when none is (callers check the item).
 *
 * ```ts
 * lastAtOrBefore([{ at: 0 }, { at: 10 }], 7, (x) => x.at); // 0
 * ```
 */
export function lastAtOrBefore<T>(list: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (key(list[mid]!) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The index of the first item whose key is at or above `value` in a list
 * ordered by that key; the list's length when none is.
 *
 * ```ts
 * firstAtOrAfter([1, 3, 5], 4, (x) => x); // 2
 * ```
 */
export function firstAtOrAfter<T>(list: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]!) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
