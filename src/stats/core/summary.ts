/**
 * The minimal description of a sample that mean-based tests need. Anything with these three
 * fields (a mergeable sufficient-statistics object, a row from a SQL aggregate, a per-seed
 * summary) can feed the tests that accept summaries.
 */
export interface SampleSummary {
  /** Number of observations. */
  readonly n: number;
  /** Sample mean. */
  readonly mean: number;
  /** Unbiased sample variance (denominator n − 1). */
  readonly variance: number;
}
