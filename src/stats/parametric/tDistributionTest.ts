/**
 * The arithmetic every t procedure shares: given an estimate, its standard error and degrees of
 * freedom, the t statistic, its p-value under the chosen alternative and the matching confidence
 * interval (two-sided, or one-sided with an infinite bound, as R's t.test reports it).
 */
import { makeTestResult, type ConfidenceInterval, type TestDetails, type TestResult } from '../core/htest.js';
import { InsufficientDataError } from '../../core/errors.js';
import { studentTQuantile, studentTSf } from '../core/distributions.js';
import { assertFiniteNumber, checkAlternative, checkConfidenceLevel, type Alternative } from '../../core/validate.js';

/** Options shared by the t-tests (names as in scipy/R: `alternative`, `conf.level`, `mu`). */
export interface TTestOptions {
  /** Alternative hypothesis about the true mean (difference) relative to `mu`; default `'two-sided'`. */
  alternative?: Alternative;
  /** Confidence level of the reported interval; default 0.95. */
  confidenceLevel?: number;
  /** Hypothesized mean (or mean difference); default 0. */
  mu?: number;
}

/** Validated {@link TTestOptions} with defaults filled in. */
export interface ResolvedTTestOptions {
  alternative: Alternative;
  confidenceLevel: number;
  mu: number;
}

export function resolveTTestOptions(options: TTestOptions | undefined): ResolvedTTestOptions {
  const opts = options ?? {};
  const mu = opts.mu ?? 0;
  assertFiniteNumber('options.mu', mu);
  return { alternative: checkAlternative(opts.alternative), confidenceLevel: checkConfidenceLevel(opts.confidenceLevel), mu };
}

/** P-value of an observed t under `alternative`. */
function tPValue(t: number, df: number, alternative: Alternative): number {
  if (alternative === 'less') return studentTSf(-t, df);
  if (alternative === 'greater') return studentTSf(t, df);
  return Math.min(1, 2 * studentTSf(Math.abs(t), df));
}

/** Confidence interval estimate ± q·se, one-sided bounds infinite as in R's t.test. */
export function tConfidenceInterval(
  estimate: number, standardError: number, df: number, alternative: Alternative, level: number,
): ConfidenceInterval {
  if (alternative === 'less') {
    return { lower: -Infinity, upper: estimate + studentTQuantile(level, df) * standardError, level };
  }
  if (alternative === 'greater') {
    return { lower: estimate - studentTQuantile(level, df) * standardError, upper: Infinity, level };
  }
  const half = studentTQuantile(0.5 + level / 2, df) * standardError;
  return { lower: estimate - half, upper: estimate + half, level };
}

/**
 * Refuses a zero standard error, where t = (estimate − mu)/0 is undefined (scipy returns NaN; R
 * stops with "data are essentially constant"). R's threshold is used: se < 10·ε·|estimate scale|.
 */
export function assertNonzeroStandardError(
  argument: string, value: unknown, standardError: number, scale: number, reason: string,
): void {
  if (!(standardError > 10 * Number.EPSILON * Math.abs(scale))) {
    throw new InsufficientDataError(argument, value, `${reason}, so the standard error is 0 and the t statistic is undefined`);
  }
}

/** What distinguishes one t-test from another: its estimate, standard error, df and labels. */
export interface TTestEstimate<D extends TestDetails> {
  method: string;
  estimate: number;
  estimateName: string;
  standardError: number;
  df: number;
  dataName: string;
  details: D;
}

/** The htest result of t = (estimate − mu)/standardError on df degrees of freedom. */
export function tTestResult<D extends TestDetails>(e: TTestEstimate<D>, options: ResolvedTTestOptions): TestResult<D> {
  const { alternative, confidenceLevel, mu } = options;
  const statistic = (e.estimate - mu) / e.standardError;
  return makeTestResult({
    method: e.method,
    statistic,
    statisticName: 't',
    pValue: tPValue(statistic, e.df, alternative),
    alternative,
    df: e.df,
    estimate: e.estimate,
    estimateName: e.estimateName,
    nullValue: mu,
    ci: tConfidenceInterval(e.estimate, e.standardError, e.df, alternative, confidenceLevel),
    dataName: e.dataName,
    details: e.details,
  });
}
