import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import type { SampleSummary } from '../core/summary.js';
import { assertInteger, toBinaryArray } from '../../core/validate.js';

/** Plain-object form of {@link ProportionStats}. */
export interface ProportionStatsJSON {
  n: number;
  successes: number;
}

/**
 * Mergeable sufficient statistics of a binary metric (conversion, error, click): `n` units of
 * which `successes` had the event. Immutable; `merge` adds counts. As a {@link SampleSummary} its
 * `variance` is the unbiased sample variance of the 0/1 data, n·p(1 − p)/(n − 1), so summary-based
 * t-tests agree with running them on the raw 0/1 array; the proportion tests use the Bernoulli
 * variance p(1 − p) instead, as statsmodels and R do.
 *
 * Reference: GrowthBook gbstats ProportionStatistic.
 *
 * @example
 * const stats = new ProportionStats(200, 30).merge(new ProportionStats(100, 12));
 * [stats.n, stats.successes, stats.proportion]; // [300, 42, 0.14]
 */
export class ProportionStats implements SampleSummary {
  readonly n: number;
  readonly successes: number;

  /** @throws {InvalidArgumentError} unless 0 ≤ successes ≤ n are integers. */
  constructor(n = 0, successes = 0) {
    assertInteger('n', n, 0);
    assertInteger('successes', successes, 0);
    if (successes > n) throw new InvalidArgumentError('successes', successes, `expected at most n = ${n}`);
    this.n = n;
    this.successes = successes;
  }

  /** Counts of an array of booleans or 0/1 values. @throws {InvalidArgumentError} on other values. */
  static fromArray(outcomes: ArrayLike<number | boolean>): ProportionStats {
    const xs = toBinaryArray('outcomes', outcomes, 0);
    let successes = 0;
    for (const x of xs) successes += x;
    return new ProportionStats(xs.length, successes);
  }

  /** Restores statistics saved with `toJSON`. @throws {InvalidArgumentError} on bad fields. */
  static fromJSON(json: ProportionStatsJSON): ProportionStats {
    return new ProportionStats(json?.n, json?.successes);
  }

  /** Statistics with one more unit. @throws {InvalidArgumentError} unless outcome is boolean or 0/1. */
  add(outcome: boolean | number): ProportionStats {
    if (outcome !== true && outcome !== false && outcome !== 0 && outcome !== 1) {
      throw new InvalidArgumentError('outcome', outcome, 'expected a boolean or 0/1');
    }
    return new ProportionStats(this.n + 1, this.successes + Number(outcome));
  }

  /** Statistics of the union of both samples. */
  merge(other: ProportionStats): ProportionStats {
    if (!(other instanceof ProportionStats)) throw new InvalidArgumentError('other', other, 'expected a ProportionStats');
    return new ProportionStats(this.n + other.n, this.successes + other.successes);
  }

  get failures(): number {
    return this.n - this.successes;
  }

  /** successes/n. @throws {InsufficientDataError} if n = 0. */
  get proportion(): number {
    if (this.n === 0) throw new InsufficientDataError('stats.n', 0, 'a proportion needs at least 1 unit');
    return this.successes / this.n;
  }

  /** Same as `proportion` (the mean of the 0/1 data). */
  get mean(): number {
    return this.proportion;
  }

  /** Unbiased sample variance of the 0/1 data, n·p(1 − p)/(n − 1). @throws {InsufficientDataError} if n < 2. */
  get variance(): number {
    if (this.n < 2) throw new InsufficientDataError('stats.n', this.n, 'the sample variance needs at least 2 observations');
    return (this.successes * this.failures) / (this.n * (this.n - 1));
  }

  toJSON(): ProportionStatsJSON {
    return { n: this.n, successes: this.successes };
  }
}
