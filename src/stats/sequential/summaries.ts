import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import type { SampleSummary } from '../core/summary.js';
import { assertFiniteNumber, assertInteger } from '../../core/validate.js';

/** Checks a streamed sufficient-statistics object: integer n ≥ 2, finite mean, finite variance ≥ 0. */
export function checkSummary(name: string, summary: unknown): SampleSummary {
  if (typeof summary !== 'object' || summary === null) {
    throw new InvalidArgumentError(name, summary, 'expected a summary {n, mean, variance}');
  }
  const { n, mean, variance } = summary as SampleSummary;
  assertInteger(`${name}.n`, n, 2);
  assertFiniteNumber(`${name}.mean`, mean);
  assertFiniteNumber(`${name}.variance`, variance);
  if (variance < 0) throw new InvalidArgumentError(`${name}.variance`, variance, 'expected a variance >= 0');
  return { n, mean, variance };
}

/**
 * A mean (one sample) or a difference of means b − a (two samples) with its squared standard error
 * and the variance of one observation, respectively of one (a, b) pair, σ_a² + σ_b². Their ratio
 * is the "intrinsic time" of the stream: the sample size for one sample or a balanced design.
 */
export interface MeanEstimate {
  estimate: number;
  squaredStandardError: number;
  unitVariance: number;
}

export function meanEstimate(a: SampleSummary, b?: SampleSummary, names = ['statsA', 'statsB']): MeanEstimate {
  const first = checkSummary(names[0], a);
  const estimate = b === undefined
    ? { estimate: first.mean, squaredStandardError: first.variance / first.n, unitVariance: first.variance }
    : twoSampleEstimate(first, checkSummary(names[1], b));
  if (!(estimate.squaredStandardError > 0)) {
    throw new InsufficientDataError(names[0], a, 'zero variance: the standard error vanishes, so no normal-theory inference is possible');
  }
  return estimate;
}

function twoSampleEstimate(a: SampleSummary, b: SampleSummary): MeanEstimate {
  return {
    estimate: b.mean - a.mean,
    squaredStandardError: a.variance / a.n + b.variance / b.n,
    unitVariance: a.variance + b.variance,
  };
}

/** Difference of means b − a; unlike {@link meanEstimate}, a missing `b` is an error. */
export function differenceEstimate(a: SampleSummary, b: SampleSummary, names = ['statsA', 'statsB']): MeanEstimate {
  return meanEstimate(a, checkSummary(names[1], b), names);
}
