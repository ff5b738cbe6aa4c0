import { InsufficientDataError } from '../../core/errors.js';
import { normalCdf, normalQuantile, normalSf } from '../core/distributions.js';
import type { ConfidenceInterval, TestDetails, TestResult } from '../core/htest.js';
import { makeTestResult } from '../core/htest.js';
import type { Alternative } from '../../core/validate.js';

/** p-value of a standard-normal statistic z under `alternative`. */
export function normalPValue(z: number, alternative: Alternative): number {
  if (alternative === 'greater') return normalSf(z);
  if (alternative === 'less') return normalCdf(z);
  return 2 * normalSf(Math.abs(z));
}

/** Critical value of a confidence set: z_{1−(1−level)/2} when two-sided, z_{level} when one-sided. */
export function criticalZ(level: number, alternative: Alternative): number {
  return normalQuantile(alternative === 'two-sided' ? 1 - (1 - level) / 2 : level);
}

/** Wald interval estimate ± z·se; a one-sided alternative gets an infinite bound, as in R. */
export function waldInterval(estimate: number, standardError: number, level: number, alternative: Alternative): ConfidenceInterval {
  const half = criticalZ(level, alternative) * standardError;
  return {
    lower: alternative === 'less' ? -Infinity : estimate - half,
    upper: alternative === 'greater' ? Infinity : estimate + half,
    level,
  };
}

/**
 * z = (estimate − null)/se. A zero standard error gives ±Infinity when the estimate differs from
 * the null (the limit of the statistic), and an error when it equals it (0/0).
 */
export function zStatistic(estimate: number, nullValue: number, standardError: number, argument: string): number {
  const shift = estimate - nullValue;
  if (standardError > 0) return shift / standardError;
  if (shift === 0) {
    throw new InsufficientDataError(argument, estimate, 'zero variance in both arms and no difference: the z statistic is 0/0');
  }
  return shift > 0 ? Infinity : -Infinity;
}

/** Details of every z test: the standard error of the estimate, plus the test's own. */
export type ZTestDetails = { standardError: number };

export interface ZTestFields<D extends TestDetails> {
  method: string;
  estimate: number;
  estimateName: string;
  standardError: number;
  nullValue: number;
  alternative: Alternative;
  confidenceLevel: number;
  /** Standard error for the interval when it differs from the test's (e.g. pooled test, unpooled CI). */
  ci?: ConfidenceInterval;
  dataName?: string;
  details: D;
}

/** An htest-style result for a large-sample z test of `estimate` against `nullValue`. */
export function zTestResult<D extends TestDetails>(f: ZTestFields<D>): TestResult<ZTestDetails & D> {
  const statistic = zStatistic(f.estimate, f.nullValue, f.standardError, 'arms');
  return makeTestResult({
    method: f.method,
    statistic,
    statisticName: 'z',
    pValue: normalPValue(statistic, f.alternative),
    alternative: f.alternative,
    estimate: f.estimate,
    estimateName: f.estimateName,
    nullValue: f.nullValue,
    ci: f.ci ?? waldInterval(f.estimate, f.standardError, f.confidenceLevel, f.alternative),
    dataName: f.dataName,
    details: { standardError: f.standardError, ...f.details },
  });
}
