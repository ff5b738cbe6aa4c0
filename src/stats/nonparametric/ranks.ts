/**
 * Midranks (average ranks for ties) shared by the rank tests. Ranks are returned doubled so that
 * every midrank is an exact integer: the exact null distributions index arrays by them.
 */

/** Doubled midranks and tie-group sizes of a sample. */
export interface DoubledRanks {
  /** 2 × the 1-based average rank of each value, in input order (always an integer). */
  readonly doubled: number[];
  /** Size of every group of tied values (groups of one included). */
  readonly tieSizes: number[];
}

/**
 * Ranks `values` ascending, giving tied values the average of the ranks they span (like
 * scipy.stats.rankdata(method='average') and R's rank), returned doubled.
 */
export function doubledMidranks(values: readonly number[]): DoubledRanks {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const doubled = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    // Ranks start+1 … end share their mean (start + 1 + end) / 2.
    for (let k = start; k < end; k++) doubled[order[k]] = start + 1 + end;
    tieSizes.push(end - start);
    start = end;
  }
  return { doubled, tieSizes };
}

/** Σ (t³ − t) over tie groups: the tie term of the rank tests' null variances. */
export function tieTerm(tieSizes: readonly number[]): number {
  return tieSizes.reduce((sum, t) => sum + t * t * t - t, 0);
}

/** True when some tie group has more than one member. */
export function hasTies(tieSizes: readonly number[]): boolean {
  return tieSizes.some((t) => t > 1);
}
