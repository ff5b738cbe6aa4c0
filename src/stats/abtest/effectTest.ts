import { studentTCdf, studentTQuantile, studentTSf } from '../core/distributions.js';
import type { ConfidenceInterval, TestDetails, TestResult } from '../core/htest.js';
import { makeTestResult } from '../core/htest.js';
import type { Alternative } from '../../core/validate.js';
import type { ZTestDetails, ZTestFields } from './normalTest.js';
import { zStatistic, zTestResult } from './normalTest.js';

/** Reference distribution of a large-sample effect test: standard normal, or Student t with Welch df. */
export type ReferenceDistribution = 'z' | 't';

/**
 * Welch–Satterthwaite degrees of freedom from each arm's variance of the mean v = s²/n:
 * (v_A + v_B)² / (v_A²/(n_A − 1) + v_B²/(n_B − 1)). Infinite when both variances are 0.
 */
export function welchDf(a: { n: number; varianceOfMean: number }, b: { n: number; varianceOfMean: number }): number {
  const denominator = a.varianceOfMean ** 2 / (a.n - 1) + b.varianceOfMean ** 2 / (b.n - 1);
  return denominator > 0 ? (a.varianceOfMean + b.varianceOfMean) ** 2 / denominator : Infinity;
}

/** Student t interval estimate ± t_df·se; a one-sided alternative gets an infinite bound. */
function tInterval(estimate: number, standardError: number, level: number, alternative: Alternative, df: number): ConfidenceInterval {
  const half = studentTQuantile(alternative === 'two-sided' ? 1 - (1 - level) / 2 : level, df) * standardError;
  return {
    lower: alternative === 'less' ? -Infinity : estimate - half,
    upper: alternative === 'greater' ? Infinity : estimate + half,
    level,
  };
}

/**
 * An htest-style result for estimate/se referred to the standard normal (df undefined) or to
 * Student t with `df` degrees of freedom (GrowthBook gbstats' TTest: t with Welch df, for relative
 * as well as absolute effects).
 */
export function effectTestResult<D extends TestDetails>(f: ZTestFields<D> & { df?: number }): TestResult<ZTestDetails & D> {
  if (f.df === undefined || !Number.isFinite(f.df)) return zTestResult(f);
  const df = f.df;
  const statistic = zStatistic(f.estimate, f.nullValue, f.standardError, 'arms');
  const pValue = f.alternative === 'greater' ? studentTSf(statistic, df)
    : f.alternative === 'less' ? studentTCdf(statistic, df) : 2 * studentTSf(Math.abs(statistic), df);
  return makeTestResult({
    method: f.method,
    statistic,
    statisticName: 't',
    df,
    pValue,
    alternative: f.alternative,
    estimate: f.estimate,
    estimateName: f.estimateName,
    nullValue: f.nullValue,
    ci: f.ci ?? tInterval(f.estimate, f.standardError, f.confidenceLevel, f.alternative, df),
    dataName: f.dataName,
    details: { standardError: f.standardError, ...f.details } as ZTestDetails & D,
  });
}
