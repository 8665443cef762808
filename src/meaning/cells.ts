/**
 * Cells of an embedding space: the centroids of a spherical k-means over unit
 * vectors, so that a search compares the query with the vectors of the few
 * cells nearest it instead of every vector (an inverted file, as in FAISS's
 * IVF). Similarity is the dot product (the cosine, the vectors being of
 * length 1). Deterministic: the same vectors give the same cells.
 */

/** Centroids, one after another in one array, each of length 1. */
export interface Cells {
  dims: number;
  count: number;
  centroids: Float32Array;
  /** When there are many: the centroids themselves in about √count groups (see `grouped`). */
  groups?: { top: Cells; members: Int32Array[] };
}

/** From this many cells on, a vector's cell is looked for among the members of the `GROUPS_LOOKED` groups nearest it. */
const GROUPED_FROM = 256;
const GROUPS_LOOKED = 5;

/**
 * The cells with their centroids grouped by a k-means of the centroids
 * (about √count groups), so that a vector's cell is found among the
 * members of the few groups nearest it: about 6√count comparisons instead
 * of count. Nearly always the nearest cell (998 vectors in 1,000 in the
 * tests, 400 cells of vectors spread at random); the rest go to another
 * cell, which a search may then miss.
 */
export function grouped(cells: Cells): Cells {
  if (cells.count < GROUPED_FROM) return cells;
  const { dims, count, centroids } = cells;
  const all = Array.from({ length: count }, (_, c) => centroids.subarray(c * dims, (c + 1) * dims));
  const top = trainCells(all, Math.ceil(Math.sqrt(count)), dims, 4);
  const lists: number[][] = Array.from({ length: top.count }, () => []);
  all.forEach((v, c) => lists[nearestCell(top, v)]!.push(c));
  return { ...cells, groups: { top, members: lists.map((l) => Int32Array.from(l)) } };
}

/**
 * True for a vector of length 1, as a model's output is once normalised; a
 * model gives zeros for a text it has no token for (a static model whose
 * unknown token is zero), and zeros are equally near everything by cosine.
 */
export function isUnit(v: Float32Array): boolean {
  return Math.abs(dot(v, 0, v, v.length) - 1) < 1e-3;
}

/** The dot product of the `dims` numbers of `a` from `at` with `v`. */
const dot = (a: Float32Array, at: number, v: Float32Array, dims: number): number => {
  let sum = 0;
  for (let d = 0; d < dims; d++) sum += a[at + d]! * v[d]!;
  return sum;
};

/** Scales the `dims` numbers of `v` from `at` to length 1 (zeros stay zeros). */
const unit = (v: Float32Array, at: number, dims: number): void => {
  const norm = Math.sqrt(dot(v, at, v.subarray(at, at + dims), dims));
  if (norm > 0) for (let d = 0; d < dims; d++) v[at + d]! /= norm;
};

/** The index of the centroid most similar to `v` (among those of the groups nearest it, when grouped). */
export function nearestCell(cells: Cells, v: Float32Array): number {
  const { dims, count, centroids, groups } = cells;
  let best = 0;
  let bestDot = -Infinity;
  const consider = (c: number) => {
    const similarity = dot(centroids, c * dims, v, dims);
    if (similarity > bestDot || (similarity === bestDot && c < best)) {
      bestDot = similarity;
      best = c;
    }
  };
  if (groups) {
    for (const g of nearestCells(groups.top, v, GROUPS_LOOKED)) for (const c of groups.members[g]!) consider(c);
  } else for (let c = 0; c < count; c++) consider(c);
  return best;
}

/** The indexes of the `n` centroids most similar to `v`, most similar first. */
export function nearestCells(cells: Cells, v: Float32Array, n: number): number[] {
  const { dims, count, centroids } = cells;
  const dots = Float64Array.from({ length: count }, (_, c) => dot(centroids, c * dims, v, dims));
  return Array.from(dots.keys())
    .sort((a, b) => dots[b]! - dots[a]! || a - b)
    .slice(0, n);
}

/**
 * Spherical k-means: `count` centroids for the `sample` (unit vectors),
 * started from sample vectors spread evenly over it, moved `rounds` times to
 * the normalised mean of their vectors. A cell left empty takes the sample
 * vector least similar to its own centroid, so that no cell is wasted.
 *
 * ```ts
 * const cells = trainCells(vectors, 1024, 384);
 * nearestCells(cells, query, 32); // the 32 cells to look in
 * ```
 */
export function trainCells(sample: Float32Array[], count: number, dims: number, rounds = 6): Cells {
  const n = Math.max(1, Math.min(count, sample.length));
  const centroids = new Float32Array(n * dims);
  for (let c = 0; c < n; c++) centroids.set(sample[Math.floor((c * sample.length) / n)]!.subarray(0, dims), c * dims);
  const fit = new Float64Array(sample.length);
  for (let round = 0; round < rounds; round++) {
    const cells = grouped({ dims, count: n, centroids });
    const sums = new Float32Array(n * dims);
    const sizes = new Int32Array(n);
    for (let i = 0; i < sample.length; i++) {
      const v = sample[i]!;
      const c = nearestCell(cells, v);
      for (let d = 0; d < dims; d++) sums[c * dims + d]! += v[d]!;
      fit[i] = dot(centroids, c * dims, v, dims);
      sizes[c]!++;
    }
    // The worst-fitting vectors, for the cells left empty (sorted only when there is one).
    let worst: number[] | undefined;
    let spare = 0;
    for (let c = 0; c < n; c++) {
      if (sizes[c] === 0) {
        worst ??= Array.from(fit.keys()).sort((a, b) => fit[a]! - fit[b]!);
        if (spare < worst.length) sums.set(sample[worst[spare++]!]!.subarray(0, dims), c * dims);
      }
      unit(sums, c * dims, dims);
    }
    centroids.set(sums);
  }
  return grouped({ dims, count: n, centroids });
}
