import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import type { TestResult } from '../core/htest.js';
import type { ZTestDetails } from './normalTest.js';
import type { Alternative } from '../../core/validate.js';
import { checkAlternative, checkConfidenceLevel } from '../../core/validate.js';
import type { PairedArrays } from './covarianceStats.js';
import { CovarianceStats } from './covarianceStats.js';
import { zTestResult } from './normalTest.js';

export interface CupedTestOptions {
  /** Alternative for the adjusted difference B − A. Default 'two-sided'. */
  alternative?: Alternative;
  /** Default 0.95. */
  confidenceLevel?: number;
}

/** The arm as {@link CovarianceStats}, built from {y, x} arrays when needed. */
export function toCovarianceStats(name: string, arm: PairedArrays | CovarianceStats): CovarianceStats {
  if (arm instanceof CovarianceStats) return arm;
  if (typeof arm !== 'object' || arm === null) {
    throw new InvalidArgumentError(name, arm, 'expected {y, x} arrays or CovarianceStats');
  }
  return CovarianceStats.fromArrays(arm, name);
}

/** Var(ȳ − θx̄) within one arm: (s²y − 2θ·sxy + θ²·s²x)/n. */
export function adjustedVarianceOfMean(stats: CovarianceStats, theta: number): number {
  return Math.max(0, stats.varianceY - 2 * theta * stats.covariance + theta * theta * stats.varianceX) / stats.n;
}

/**
 * CUPED (Controlled-experiment Using Pre-Experiment Data) z test. Each unit's metric y is adjusted
 * with a pre-experiment covariate x: y − θ(x − x̄), θ = Σ(y − ȳg)(x − x̄g)/Σ(x − x̄g)², the
 * within-arm pooled slope (g = arm). This θ makes the adjusted difference
 * (ȳB − ȳA) − θ(x̄B − x̄A) identical to the treatment coefficient of the OLS (ANCOVA) fit
 * y ~ treatment + (x − x̄); Deng et al.'s θ from the combined sample differs by O(1/n). The
 * standard error uses each arm's own variance of y − θx (heteroscedasticity-robust, equal to the
 * OLS HC0 error asymptotically). Variance shrinks by the factor 1 − ρ², ρ the pooled within-arm
 * correlation of y and x; `details` reports θ, ρ, that factor and the observed one.
 *
 * Reference: Deng, Xu, Kohavi & Walker (2013) "Improving the sensitivity of online controlled
 * experiments by utilizing pre-experiment data", WSDM.
 *
 * @throws {InvalidArgumentError} for bad arrays (non-finite values, different lengths) or options.
 * @throws {InsufficientDataError} for arms with fewer than 2 units or a constant covariate.
 * @example
 * const r = cupedTest({ y: [5, 7, 6, 9, 8], x: [4, 6, 6, 7, 7] }, { y: [7, 8, 10, 9, 11], x: [4, 6, 7, 6, 8] });
 * [r.estimate.toFixed(4), r.pValue.toExponential(2), r.details.varianceFactor.toFixed(4)]; // ['1.7838', '1.22e-6', '0.1351']
 */
/** Details of {@link cupedTest}: θ, ρ, the expected and observed variance factors and the adjusted means. */
export type CupedDetails = ZTestDetails & {
  theta: number;
  correlation: number;
  /** 1 − ρ²: the variance of the adjusted estimate relative to the unadjusted one, in expectation. */
  varianceFactor: number;
  /** The same ratio as observed in these data. */
  observedVarianceFactor: number;
  adjustedMeanA: number;
  adjustedMeanB: number;
  unadjustedDifference: number;
};

export function cupedTest(armA: PairedArrays | CovarianceStats, armB: PairedArrays | CovarianceStats, options: CupedTestOptions = {}): TestResult<CupedDetails> {
  const alternative = checkAlternative(options.alternative);
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel);
  const a = toCovarianceStats('armA', armA);
  const b = toCovarianceStats('armB', armB);
  for (const [name, s] of [['armA', a], ['armB', b]] as const) {
    if (s.n < 2) throw new InsufficientDataError(`${name}.n`, s.n, 'CUPED needs at least 2 units per arm');
  }
  const m2x = a.m2x + b.m2x;
  const m2y = a.m2y + b.m2y;
  if (m2x === 0) throw new InsufficientDataError('armA.x', a.meanX, 'the covariate is constant within arms, so it cannot explain any variance');
  const theta = (a.cxy + b.cxy) / m2x;
  const correlation = m2y === 0 ? 0 : (a.cxy + b.cxy) / Math.sqrt(m2x * m2y);
  const meanX = a.merge(b).meanX;
  const adjustedMeanA = a.meanY - theta * (a.meanX - meanX);
  const adjustedMeanB = b.meanY - theta * (b.meanX - meanX);
  const standardError = Math.sqrt(adjustedVarianceOfMean(a, theta) + adjustedVarianceOfMean(b, theta));
  const unadjustedVariance = a.varianceY / a.n + b.varianceY / b.n;
  return zTestResult({
    method: 'CUPED-adjusted z test',
    estimate: adjustedMeanB - adjustedMeanA,
    estimateName: 'adjusted difference in means (B - A)',
    standardError,
    nullValue: 0,
    alternative,
    confidenceLevel,
    details: {
      theta,
      correlation,
      varianceFactor: 1 - correlation ** 2,
      observedVarianceFactor: unadjustedVariance === 0 ? 1 : standardError ** 2 / unadjustedVariance,
      adjustedMeanA,
      adjustedMeanB,
      unadjustedDifference: b.meanY - a.meanY,
    },
  });
}
