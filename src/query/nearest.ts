/**
 * "Did you mean": the names nearest a mistyped one, by edit distance, for
 * commands, flags, thread names and topics alike.
 *
 * ```ts
 * nearest('serch', ['search', 'serve', 'show']); // ['search'] (serve is two edits away)
 * didYouMean('serch', ['search', 'serve']); // 'did you mean "search"?'
 * ```
 */

/** Names longer than this are not compared (no work grows with what the user typed). */
const MAX_LENGTH = 200;
/** At most this many candidates are compared. */
const MAX_CANDIDATES = 20_000;

/**
 * The Levenshtein distance of `a` and `b` (adjacent swaps count as one
 * edit), or `limit + 1` when it is more than `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidates nearest `typed` (ignoring case), closest first: within a
 * third of its length in edits (at least 1, at most 3), or starting with
 * what was typed. At most `count` of them.
 */
export function nearest(typed: string, candidates: Iterable<string>, count = 3): string[] {
  const t = typed.trim().toLowerCase();
  if (t === '' || t.length > MAX_LENGTH) return [];
  const limit = Math.min(3, Math.max(1, Math.floor(t.length / 3)));
  const scored: { name: string; d: number }[] = [];
  let seen = 0;
  for (const name of candidates) {
    if (++seen > MAX_CANDIDATES) break;
    const n = name.toLowerCase();
    if (n === t || n.length > MAX_LENGTH) continue;
    const d = n.startsWith(t) && t.length >= 3 ? 0.5 : editDistance(t, n, limit);
    if (d <= limit) scored.push({ name, d });
  }
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return [...new Set(scored.map((s) => s.name))].slice(0, count);
}

/** `did you mean "a" or "b"?`, or undefined when nothing is near. */
export function didYouMean(typed: string, candidates: Iterable<string>, quote = (s: string) => `"${s}"`): string | undefined {
  const near = nearest(typed, candidates);
  if (near.length === 0) return undefined;
  const shown = [...new Set(near.map(quote))];
  return `did you mean ${shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}` : shown[0]}?`;
}
