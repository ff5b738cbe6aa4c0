/**
 * Standardized mean differences (Cohen's d, d_z and Hedges' g) with exact confidence intervals
 * obtained by inverting the noncentral t distribution.
 */
import type { ConfidenceInterval } from '../core/htest.js';
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { logGamma } from '../core/special.js';
import { checkConfidenceLevel } from '../../core/validate.js';
import { noncentralTCdf } from './noncentralT.js';
import { monotoneRoot } from '../core/roots.js';
import { pairedDifferences, summarize } from './sampleSummary.js';

export interface EffectSizeOptions {
  /** Paired samples: report d_z = mean(a − b)/sd(a − b) instead of the two-sample pooled d. Default false. */
  paired?: boolean;
  /** Level of the two-sided confidence interval; default 0.95. */
  confidenceLevel?: number;
}

export interface EffectSizeResult {
  /** `"Cohen's d"`, `"Cohen's d_z (paired)"`, `"Hedges' g"` or `"Hedges' g_z (paired)"`. */
  method: string;
  estimate: number;
  ci: ConfidenceInterval;
  /** The t statistic the effect size is a rescaling of, and its degrees of freedom. */
  statistic: number;
  df: number;
  /** Sample sizes: `{ n }` for paired data, `{ nA, nB }` otherwise. */
  n: Record<string, number>;
}

/** d, the t statistic it rescales (d = t · scale) and its degrees of freedom. */
interface StandardizedDifference {
  d: number;
  scale: number;
  df: number;
  n: Record<string, number>;
  paired: boolean;
}

function standardizedDifference(a: unknown, b: unknown, paired: boolean): StandardizedDifference {
  if (paired) {
    const differences = pairedDifferences(a, b, 2);
    const { n, mean, variance } = summarize('a - b', differences, 2);
    if (!(variance > 0)) throw new InsufficientDataError('a - b', differences, 'all differences are identical, so d_z is undefined');
    return { d: mean / Math.sqrt(variance), scale: 1 / Math.sqrt(n), df: n - 1, n: { n }, paired };
  }
  const sa = summarize('a', a, 2);
  const sb = summarize('b', b, 2);
  const df = sa.n + sb.n - 2;
  const pooledVariance = ((sa.n - 1) * sa.variance + (sb.n - 1) * sb.variance) / df;
  if (!(pooledVariance > 0)) throw new InsufficientDataError('b', b, 'both samples are constant, so d is undefined');
  return { d: (sa.mean - sb.mean) / Math.sqrt(pooledVariance), scale: Math.sqrt(1 / sa.n + 1 / sb.n), df, n: { nA: sa.n, nB: sb.n }, paired };
}

/**
 * Confidence interval of the noncentrality δ of an observed t: the δ with P(T ≤ t; δ) = (1 ± level)/2
 * (Steiger & Fouladi 1997, "Noncentrality interval estimation"; MBESS::conf.limits.nct).
 */
function noncentralityInterval(t: number, df: number, level: number): [number, number] {
  const solve = (probability: number): number => monotoneRoot((ncp) => noncentralTCdf(t, df, ncp) - probability, t, 1);
  return [solve((1 + level) / 2), solve((1 - level) / 2)];
}

function effectSizeResult(s: StandardizedDifference, level: number, correction: number, name: string): EffectSizeResult {
  const t = s.d / s.scale;
  const [lower, upper] = noncentralityInterval(t, s.df, level);
  return {
    method: `${name}${s.paired ? '_z (paired)' : ''}`,
    estimate: correction * s.d,
    ci: { lower: correction * lower * s.scale, upper: correction * upper * s.scale, level },
    statistic: t,
    df: s.df,
    n: s.n,
  };
}

function resolveEffectSizeOptions(options: EffectSizeOptions | undefined): { paired: boolean; level: number } {
  const paired = options?.paired ?? false;
  if (typeof paired !== 'boolean') throw new InvalidArgumentError('options.paired', paired, 'expected true or false');
  return { paired, level: checkConfidenceLevel(options?.confidenceLevel) };
}

/**
 * Cohen's d: the difference in means divided by the pooled standard deviation
 * s_p = √{[(n_a−1)s²_a + (n_b−1)s²_b]/(n_a+n_b−2)}; with `paired: true`, d_z = mean(a−b)/sd(a−b).
 * The confidence interval inverts the noncentral t distribution of t = d/√(1/n_a + 1/n_b)
 * (t = d_z·√n when paired): its bounds are the noncentralities whose CDF at the observed t equals
 * (1 ± level)/2, rescaled to d (Steiger & Fouladi 1997; Cohen 1988; as MBESS::ci.smd).
 *
 * @param a sample A (e.g. per-seed accuracy of model A)
 * @param b sample B (same length when paired)
 * @param options `paired` (false), `confidenceLevel` (0.95)
 * @throws {InvalidArgumentError} on NaN/Infinity, a length mismatch (paired) or a bad option.
 * @throws {InsufficientDataError} with fewer than 2 values per sample (pairs) or zero variance.
 * @example
 * cohensD([0.81, 0.79, 0.84, 0.80], [0.78, 0.77, 0.80, 0.79, 0.76]).estimate; // 1.6201851746019675
 */
export function cohensD(a: ArrayLike<number>, b: ArrayLike<number>, options?: EffectSizeOptions): EffectSizeResult {
  const { paired, level } = resolveEffectSizeOptions(options);
  return effectSizeResult(standardizedDifference(a, b, paired), level, 1, "Cohen's d");
}

/**
 * Hedges' g: Cohen's d times the exact small-sample bias correction
 * J(ν) = Γ(ν/2) / [√(ν/2) Γ((ν−1)/2)], ν the degrees of freedom (n_a + n_b − 2, or n − 1 when
 * paired), which makes g unbiased for the population standardized difference (Hedges 1981). The
 * interval is the noncentral-t interval of d scaled by the same J (as R's effectsize::hedges_g).
 *
 * @throws {InvalidArgumentError} on NaN/Infinity, a length mismatch (paired) or a bad option.
 * @throws {InsufficientDataError} with zero variance or fewer than 2 degrees of freedom (J(1) = 0).
 * @example
 * hedgesG([0.81, 0.79, 0.84, 0.80], [0.78, 0.77, 0.80, 0.79, 0.76]).estimate; // 1.4390531830497522
 */
export function hedgesG(a: ArrayLike<number>, b: ArrayLike<number>, options?: EffectSizeOptions): EffectSizeResult {
  const { paired, level } = resolveEffectSizeOptions(options);
  const s = standardizedDifference(a, b, paired);
  if (s.df < 2) throw new InsufficientDataError('a', a, 'Hedges\' correction needs at least 2 degrees of freedom');
  const correction = Math.exp(logGamma(s.df / 2) - 0.5 * Math.log(s.df / 2) - logGamma((s.df - 1) / 2));
  return effectSizeResult(s, level, correction, "Hedges' g");
}
