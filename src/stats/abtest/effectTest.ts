import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger, assertOpenUnitInterval, checkAlternative } from '../../core/validate.js';
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
 * @throws {InvalidArgumentError} unless each arm has an integer n ≥ 2 and a finite varianceOfMean ≥ 0.
 * @example
 * welchDf({ n: 10, varianceOfMean: 0.1 }, { n: 10, varianceOfMean: 0.1 }); // 18
 */
export function welchDf(a: { n: number; varianceOfMean: number }, b: { n: number; varianceOfMean: number }): number {
  for (const [name, arm] of [['a', a], ['b', b]] as const) {
    if (typeof arm !== 'object' || arm === null) throw new InvalidArgumentError(name, arm, 'expected { n, varianceOfMean }');
    assertInteger(`${name}.n`, arm.n, 2);
    if (!(arm.varianceOfMean >= 0 && arm.varianceOfMean < Infinity)) throw new InvalidArgumentError(`${name}.varianceOfMean`, arm.varianceOfMean, 'expected a finite number >= 0');
  }
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
export function effectTestResult<D extends TestDetails>(fields: ZTestFields<D> & { df?: number }): TestResult<ZTestDetails & D> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new InvalidArgumentError('fields', fields, 'expected the fields of a test result');
  assertFiniteNumber('fields.estimate', fields.estimate);
  assertFiniteNumber('fields.nullValue', fields.nullValue);
  if (!(fields.standardError >= 0 && fields.standardError < Infinity)) throw new InvalidArgumentError('fields.standardError', fields.standardError, 'expected a finite number >= 0');
  assertOpenUnitInterval('fields.confidenceLevel', fields.confidenceLevel);
  checkAlternative(fields.alternative, 'fields.alternative');
  if (fields.df === undefined || !Number.isFinite(fields.df)) return zTestResult(fields);
  const df = fields.df;
  const statistic = zStatistic(fields.estimate, fields.nullValue, fields.standardError, 'arms');
  const pValue = fields.alternative === 'greater' ? studentTSf(statistic, df)
    : fields.alternative === 'less' ? studentTCdf(statistic, df) : 2 * studentTSf(Math.abs(statistic), df);
  return makeTestResult({
    method: fields.method,
    statistic,
    statisticName: 't',
    df,
    pValue,
    alternative: fields.alternative,
    estimate: fields.estimate,
    estimateName: fields.estimateName,
    nullValue: fields.nullValue,
    ci: fields.ci ?? tInterval(fields.estimate, fields.standardError, fields.confidenceLevel, fields.alternative, df),
    dataName: fields.dataName,
    details: { standardError: fields.standardError, ...fields.details } as ZTestDetails & D,
  });
}
