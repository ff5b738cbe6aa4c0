import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { checkConfidenceLevel } from '../../core/validate.js';
import { chiSquareSf, normalQuantile } from '../core/distributions.js';
import { makeTestResult, type TestResult } from '../core/htest.js';

/** One independent estimate (a segment's treatment effect) with its standard error. */
export interface EffectEstimate {
  estimate: number;
  standardError: number;
}

/**
 * Cochran's Q test of heterogeneity of k independent effect estimates θᵢ with standard errors sᵢ
 * (e.g. a treatment effect per segment): weights wᵢ = 1/sᵢ², pooled (fixed-effect) estimate
 * θ̄ = Σwᵢθᵢ/Σwᵢ, Q = Σwᵢ(θᵢ − θ̄)², referred to χ² with k − 1 df. With segment effects from
 * disjoint users this is the Wald test of the treatment-by-segment interaction. Details: I² =
 * max(0, (Q − df)/Q), the share of variation beyond chance (Higgins & Thompson 2002), and the
 * DerSimonian–Laird between-segment variance τ² = max(0, (Q − df)/(Σw − Σw²/Σw)). The estimate is
 * θ̄ with its Wald interval (standard error 1/√Σw). Matches statsmodels
 * `combine_effects(eff, var, method_re='dl')` (q, i2, tau2, fixed-effect mean).
 * References: Cochran (1954) Biometrics 10(1); DerSimonian & Laird (1986) Control. Clin. Trials 7(3).
 *
 * @throws {InvalidArgumentError} on a non-finite estimate or a standard error that is not > 0.
 * @throws {InsufficientDataError} with fewer than two estimates.
 * @example
 * const q = heterogeneityTest([{ estimate: 0.02, standardError: 0.01 }, { estimate: -0.03, standardError: 0.02 }]);
 * [q.statistic, q.df]; // [5, 1]
 */
/** Details of {@link heterogeneityTest}: I² (share of variation beyond chance) and the DerSimonian–Laird τ². */
export type HeterogeneityDetails = { I2: number; tau2: number };

export function heterogeneityTest(effects: readonly EffectEstimate[], options: { confidenceLevel?: number } = {}): TestResult<HeterogeneityDetails> {
  if (!Array.isArray(effects)) throw new InvalidArgumentError('effects', effects, 'expected an array of { estimate, standardError }');
  if (effects.length < 2) throw new InsufficientDataError('effects', effects, 'need at least two estimates to compare');
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel);
  effects.forEach((e, i) => {
    if (typeof e?.estimate !== 'number' || !Number.isFinite(e.estimate)) throw new InvalidArgumentError(`effects[${i}].estimate`, e?.estimate, 'expected a finite number');
    if (typeof e.standardError !== 'number' || !(e.standardError > 0) || !Number.isFinite(e.standardError)) {
      throw new InvalidArgumentError(`effects[${i}].standardError`, e.standardError, 'expected a finite number > 0');
    }
  });
  const weights = effects.map((e) => 1 / e.standardError ** 2);
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const pooled = effects.reduce((s, e, i) => s + weights[i] * e.estimate, 0) / totalWeight;
  const q = effects.reduce((s, e, i) => s + weights[i] * (e.estimate - pooled) ** 2, 0);
  const df = effects.length - 1;
  const tau2 = Math.max(0, (q - df) / (totalWeight - weights.reduce((s, w) => s + w * w, 0) / totalWeight));
  const half = normalQuantile(1 - (1 - confidenceLevel) / 2) / Math.sqrt(totalWeight);
  return makeTestResult({
    method: "Cochran's Q test of heterogeneity",
    statistic: q,
    statisticName: 'Q',
    df,
    pValue: chiSquareSf(q, df),
    alternative: 'two-sided',
    estimate: pooled,
    estimateName: 'pooled (fixed-effect) effect',
    ci: { lower: pooled - half, upper: pooled + half, level: confidenceLevel },
    dataName: `${effects.length} effect estimates`,
    details: { I2: q > 0 ? Math.max(0, (q - df) / q) : 0, tau2 },
  });
}
