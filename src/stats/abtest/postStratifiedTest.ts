import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, checkAlternative, checkChoice, checkConfidenceLevel, type Alternative } from '../../core/validate.js';
import type { TestResult } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import { armMoments } from './armMoments.js';
import { CovarianceStats } from './covarianceStats.js';
import { adjustedVarianceOfMean } from './cupedTest.js';
import { effectTestResult, welchDf, type ReferenceDistribution } from './effectTest.js';
import { MeanStats } from './meanStats.js';
import type { ZTestDetails } from './normalTest.js';
import { ProportionStats } from './proportionStats.js';

/**
 * One pre-assigned stratum (country, platform…): both arms' mergeable sufficient statistics.
 * MeanStats / ProportionStats / {n, mean, variance} give the unadjusted estimator; CovarianceStats
 * in both arms (y = metric, x = pre-period covariate) gives the regression-adjusted one.
 */
export interface Stratum<S> {
  stratum: string;
  control: S;
  treatment: S;
}

export interface PostStratifiedTestOptions {
  /** 'absolute' (treatment − control, default) or 'relative' ((treatment − control)/|control|). */
  scale?: 'absolute' | 'relative';
  alternative?: Alternative;
  /** Default 0.95. */
  confidenceLevel?: number;
  /** 'z' (default) or 't' with the Welch df of the strata pooled (gbstats' default). */
  distribution?: ReferenceDistribution;
  /**
   * Stratum shares ν_k. Default: the sample shares n_k/N, whose sampling variance (multinomial) is
   * added to the variance as gbstats does. Known population shares (summing to 1, one per stratum,
   * e.g. from a census or a longer traffic window) are treated as fixed.
   */
  weights?: readonly number[];
}

/** One stratum's contribution: its control mean and effect and their covariance (of the estimates, not n-scaled). */
export interface StratumEstimate {
  stratum: string;
  n: number;
  weight: number;
  controlMean: number;
  effect: number;
  varianceControlMean: number;
  varianceEffect: number;
  covariance: number;
  /** True when the stratum was regression adjusted (false: no covariate, or a constant one). */
  adjusted: boolean;
}

/** Details of {@link postStratifiedTest}: the weighted control mean and whether the shares were fixed. */
export type PostStratifiedDetails = ZTestDetails & { controlMean: number; fixedWeights: boolean };

export interface PostStratifiedResult extends TestResult<PostStratifiedDetails> {
  /** Per-stratum estimates (after merging), largest stratum first. */
  strata: StratumEstimate[];
  /** Strata with fewer than 2 units or no variance in an arm, merged into the largest stratum (gbstats' rule). */
  mergedStrata: string[];
}

type Arm = MeanStats | ProportionStats | CovarianceStats;

function toArm(name: string, s: unknown): Arm {
  if (s instanceof CovarianceStats || s instanceof MeanStats || s instanceof ProportionStats) return s;
  const m = armMoments(name, s as SampleSummary);
  return new MeanStats(m.n, m.mean, m.varianceOfMean * m.n * (m.n - 1));
}

/** Unit variance; a proportion uses p(1 − p) as gbstats' ProportionStatistic and ablab's z tests do. */
const variance = (s: Arm) => (s instanceof ProportionStats ? s.proportion * (1 - s.proportion) : s.n < 2 ? 0 : s instanceof CovarianceStats ? s.varianceY : s.variance);
const mean = (s: Arm) => (s instanceof CovarianceStats ? s.meanY : s instanceof ProportionStats ? s.proportion : s.mean);
const merge = (x: Arm, y: Arm): Arm => (x as CovarianceStats).merge(y as CovarianceStats);
const viable = (c: Stratum<Arm>) => [c.control, c.treatment].every((s) => s.n >= 2 && variance(s) > 0);

/** Unadjusted stratum: control mean ȳA, effect ȳB − ȳA, Var = s²/n per arm, Cov = −Var(ȳA). */
function unadjustedStratum(c: Stratum<Arm>): Omit<StratumEstimate, 'weight' | 'stratum'> {
  const va = variance(c.control) / c.control.n, vb = variance(c.treatment) / c.treatment.n;
  const controlMean = mean(c.control);
  return { n: c.control.n + c.treatment.n, controlMean, effect: mean(c.treatment) - controlMean, varianceControlMean: va, varianceEffect: va + vb, covariance: -va, adjusted: false };
}

/**
 * Regression-adjusted stratum: OLS y = γ0 + γ1·T + γ2·x within the stratum (common slope γ2 = pooled
 * within-arm s_xy/s_xx), σ² = RSS/(n − 3). Effect γ1 = (ȳB − ȳA) − γ2(x̄B − x̄A); control mean at the
 * stratum's covariate mean x̄: ȳA + γ2(x̄ − x̄A), whose variance adds (Var γ2 + γ2²)·s²x/n for x̄ being
 * estimated (gbstats' covariance_adjusted).
 */
function adjustedStratum(c: Stratum<CovarianceStats>): Omit<StratumEstimate, 'weight' | 'stratum'> {
  const a = c.control, b = c.treatment, n = a.n + b.n;
  const sxx = a.m2x + b.m2x;
  if (!(sxx > 0) || n <= 3) return unadjustedStratum(c);
  const slope = (a.cxy + b.cxy) / sxx;
  const sigma2 = (a.m2y + b.m2y - slope * (a.cxy + b.cxy)) / (n - 3);
  const pooled = a.merge(b);
  const dx = b.meanX - a.meanX, cx = pooled.meanX - a.meanX;
  const varianceSlope = sigma2 / sxx;
  return {
    n,
    controlMean: a.meanY + slope * cx,
    effect: b.meanY - a.meanY - slope * dx,
    varianceControlMean: sigma2 / a.n + cx * cx * varianceSlope + ((varianceSlope + slope * slope) * pooled.varianceX) / n,
    varianceEffect: sigma2 / a.n + sigma2 / b.n + dx * dx * varianceSlope,
    covariance: -sigma2 / a.n - dx * cx * varianceSlope,
    adjusted: true,
  };
}

/**
 * Post-stratified treatment effect over pre-assigned strata k with shares ν_k (GrowthBook gbstats'
 * EffectMomentsPostStratification, "Algorithm 1", for mean/proportion metrics and their regression
 * adjustment). Each stratum gives α_k = (control mean μ_k, effect Δ_k) with covariance V_k; the
 * estimate is the ν-weighted average ᾱ = Σ ν_k α_k with covariance
 *   Σ ν_k² V_k + Σ ν_k (α_k − ᾱ)(α_k − ᾱ)ᵀ / N
 * (second term: the sampling variance of the sample shares ν_k = n_k/N; omitted for fixed
 * `weights`). Absolute effect Δ̄; relative effect Δ̄/|μ̄| with delta-method variance
 * ∇ᵀΣ∇, ∇ = (−Δ̄/μ̄², 1/μ̄). With CovarianceStats each stratum is adjusted by OLS on its own
 * pre-period covariate (see the per-stratum formulas in the source), i.e. CUPED per stratum.
 * Strata where an arm has fewer than 2 units or no variance are merged into the largest stratum first.
 *
 * Conventions: gbstats reports no p-value for post-stratified results (ablab does, from the same
 * estimate and SE); with `distribution: 't'` the df is Welch's on the strata pooled (for regression
 * adjustment with the pooled-CUPED θ = s_xy/s²x of both arms), as gbstats' test suite computes it. With a
 * single stratum gbstats falls back to its unstratified test (CUPED with the two-arm θ); ablab keeps the
 * OLS per stratum, which differs from that by O(1/n) for adjusted metrics and equals Welch for unadjusted ones.
 * Ratio metrics are not covered (gbstats' Algorithm 3).
 *
 * References: Miratrix, Sekhon & Yu (2013), "Adjusting treatment effect estimates by
 * post-stratification in randomized experiments", JRSS B 75(2); GrowthBook gbstats models/tests.py
 * (CreateStrataResult, CreateStrataResultRegressionAdjusted, PostStratificationSummary).
 *
 * @throws {InvalidArgumentError} for an empty strata list, mixed adjusted/unadjusted strata, bad
 *   summaries or options, weights that are not one non-negative share per stratum summing to 1.
 * @throws {InsufficientDataError} when no stratum has two units with variance in each arm, or for a relative
 *   effect with a zero control mean.
 * @example
 * const strata = [
 *   { stratum: 'web', control: { n: 400, mean: 10, variance: 16 }, treatment: { n: 410, mean: 10.8, variance: 18 } },
 *   { stratum: 'app', control: { n: 600, mean: 20, variance: 25 }, treatment: { n: 590, mean: 21.5, variance: 27 } },
 * ];
 * const r = postStratifiedTest(strata);
 * [r.estimate?.toFixed(4), r.details.standardError.toFixed(4), r.strata.length]; // ['1.2165', '0.2116', 2]
 */
export function postStratifiedTest(strata: readonly Stratum<SampleSummary | CovarianceStats>[], options: PostStratifiedTestOptions = {}): PostStratifiedResult {
  if (!Array.isArray(strata) || strata.length === 0) throw new InvalidArgumentError('strata', strata, 'expected a non-empty array of {stratum, control, treatment}');
  const scale = checkChoice('options.scale', options.scale, ['absolute', 'relative'] as const, 'absolute');
  const alternative = checkAlternative(options.alternative);
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel);
  const distribution = checkChoice('options.distribution', options.distribution, ['z', 't'] as const, 'z');
  const cells: Stratum<Arm>[] = strata.map((c, k) => {
    if (typeof c !== 'object' || c === null) throw new InvalidArgumentError(`strata[${k}]`, c, 'expected {stratum, control, treatment}');
    return { stratum: String(c.stratum ?? k), control: toArm(`strata[${k}].control`, c.control), treatment: toArm(`strata[${k}].treatment`, c.treatment) };
  });
  const regression = cells[0].control instanceof CovarianceStats;
  cells.forEach((c, k) => {
    for (const arm of ['control', 'treatment'] as const) {
      if ((c[arm] instanceof CovarianceStats) !== regression) {
        throw new InvalidArgumentError(`strata[${k}].${arm}`, c[arm], `expected ${regression ? 'CovarianceStats like strata[0]' : 'a summary without covariate like strata[0]'}`);
      }
    }
  });
  let fixedWeights: number[] | undefined;
  if (options.weights !== undefined) {
    const w = options.weights;
    if (!Array.isArray(w) || w.length !== cells.length) throw new InvalidArgumentError('options.weights', w, `expected ${cells.length} shares, one per stratum`);
    w.forEach((x, k) => { assertFiniteNumber(`options.weights[${k}]`, x); if (x < 0) throw new InvalidArgumentError(`options.weights[${k}]`, x, 'expected a share >= 0'); });
    if (Math.abs(w.reduce((s, x) => s + x, 0) - 1) > 1e-9) throw new InvalidArgumentError('options.weights', w, 'expected shares summing to 1');
    fixedWeights = [...w];
  }
  // gbstats' rule: strata an arm cannot estimate on its own join the largest one (fixed weights are added up).
  const order = cells.map((c, k) => k).sort((i, j) => cells[j].control.n + cells[j].treatment.n - (cells[i].control.n + cells[i].treatment.n));
  const kept = [{ ...cells[order[0]] }];
  const keptWeights = fixedWeights ? [fixedWeights[order[0]]] : [];
  const mergedStrata: string[] = [];
  for (const k of order.slice(1)) {
    if (viable(cells[k])) {
      kept.push(cells[k]);
      if (fixedWeights) keptWeights.push(fixedWeights[k]);
    } else {
      kept[0] = { stratum: kept[0].stratum, control: merge(kept[0].control, cells[k].control), treatment: merge(kept[0].treatment, cells[k].treatment) };
      if (fixedWeights) keptWeights[0] += fixedWeights[k];
      mergedStrata.push(cells[k].stratum);
    }
  }
  if (!viable(kept[0])) throw new InsufficientDataError('strata', strata.length, 'each arm needs at least 2 units with non-zero variance');
  const total = kept.reduce((s, c) => s + c.control.n + c.treatment.n, 0);
  const estimates: StratumEstimate[] = kept.map((c, k) => {
    const e = regression ? adjustedStratum(c as Stratum<CovarianceStats>) : unadjustedStratum(c);
    return { stratum: c.stratum, weight: fixedWeights ? keptWeights[k] : e.n / total, ...e };
  });
  const controlMean = estimates.reduce((s, e) => s + e.weight * e.controlMean, 0);
  const effect = estimates.reduce((s, e) => s + e.weight * e.effect, 0);
  let v00 = 0, v11 = 0, v01 = 0;
  for (const e of estimates) {
    v00 += e.weight ** 2 * e.varianceControlMean;
    v11 += e.weight ** 2 * e.varianceEffect;
    v01 += e.weight ** 2 * e.covariance;
    if (!fixedWeights) {
      const d0 = e.controlMean - controlMean, d1 = e.effect - effect;
      v00 += (e.weight * d0 * d0) / total;
      v11 += (e.weight * d1 * d1) / total;
      v01 += (e.weight * d0 * d1) / total;
    }
  }
  let estimate = effect, squaredSe = v11;
  if (scale === 'relative') {
    if (controlMean === 0) throw new InsufficientDataError('strata[].control', 0, 'a relative effect needs a non-zero control mean');
    const g0 = -effect / controlMean ** 2, g1 = 1 / controlMean;
    estimate = effect / Math.abs(controlMean);
    squaredSe = g0 * g0 * v00 + 2 * g0 * g1 * v01 + g1 * g1 * v11;
  }
  const result = effectTestResult({
    method: `Post-stratified${regression ? ' regression-adjusted' : ''} ${scale} effect ${distribution === 't' ? 'Welch t' : 'z'} test (${estimates.length} strata)`,
    estimate,
    estimateName: scale === 'relative' ? 'relative effect (B - A)/|A|' : 'effect (B - A)',
    standardError: Math.sqrt(Math.max(0, squaredSe)),
    nullValue: 0,
    alternative,
    confidenceLevel,
    df: distribution === 't' ? pooledWelchDf(cells) : undefined,
    dataName: `${estimates.length} strata, N = ${total}`,
    details: { controlMean, fixedWeights: fixedWeights !== undefined },
  });
  return { ...result, details: result.details as PostStratifiedDetails, strata: estimates, mergedStrata };
}

/** Welch df of the strata summed into two arms; with covariates, of the CUPED-adjusted variances at the pooled θ. */
function pooledWelchDf(cells: Stratum<Arm>[]): number {
  const a = cells.map((c) => c.control).reduce(merge), b = cells.map((c) => c.treatment).reduce(merge);
  if (a instanceof CovarianceStats && b instanceof CovarianceStats) {
    const both = a.merge(b);
    const theta = both.m2x > 0 ? both.cxy / both.m2x : 0;
    return welchDf({ n: a.n, varianceOfMean: adjustedVarianceOfMean(a, theta) }, { n: b.n, varianceOfMean: adjustedVarianceOfMean(b, theta) });
  }
  return welchDf({ n: a.n, varianceOfMean: variance(a) / a.n }, { n: b.n, varianceOfMean: variance(b) / b.n });
}
