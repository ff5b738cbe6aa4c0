/**
 * Pluggable rollout guardrails and the four defaults: sample ratio mismatch, error-rate and p95
 * latency non-inferiority, and prediction drift between arms. A guardrail looks at per-arm
 * monitoring data and returns a check with a three-way verdict.
 */
import { Random } from '../../core/random.js';
import { assertInteger, assertOpenUnitInterval, assertPositive, checkOptions, assertWorkSize } from '../../core/validate.js';
import { formatNumber } from '../../stats/core/htest.js';
import { nonInferiorityTest } from '../../stats/abtest/nonInferiorityTest.js';
import { ProportionStats } from '../../stats/abtest/proportionStats.js';
import { srmTest } from '../../stats/abtest/srmTest.js';
import { clopperPearsonInterval } from '../../stats/nonparametric/clopperPearsonInterval.js';
import { predictionDrift } from '../../stats/drift/index.js';
import type { ArmMonitoring } from '../store/monitoring.js';
import { quantileRatioBootstrap } from './quantileRatioBootstrap.js';

/**
 * `pass`: the guardrail holds; `inconclusive`: not yet shown either way (hold the stage);
 * `fail`: shown to be violated (roll back).
 */
export type GuardrailVerdict = 'pass' | 'inconclusive' | 'fail';

/** One guardrail's result, as written in the rollout decision log. */
export interface GuardrailCheck {
  name: string;
  /** `verdict === 'pass'`. */
  passed: boolean;
  verdict: GuardrailVerdict;
  /** The monitored quantity (see each guardrail) and the threshold it is compared with. */
  value: number;
  threshold: number;
  detail: string;
}

/** What a guardrail sees: the experiment's design and monitoring data, arms in splitter order. */
export interface GuardrailContext {
  experiment: string;
  arms: readonly string[];
  /** Designed arm weights (sum to 1). */
  weights: readonly number[];
  /** One entry per arm, in `arms` order; arms without traffic have zero counts and empty lists. */
  monitoring: ArmMonitoring[];
  /** Allocation of the stage being evaluated. */
  allocation: number;
  /** A generator private to this evaluation, for resampling guardrails. */
  random: Random;
}

/** A guardrail: any (async) function from the context to a check. */
export type Guardrail = (context: GuardrailContext) => GuardrailCheck | Promise<GuardrailCheck>;

/** Builds a check; `passed` follows the verdict. */
export function guardrailCheck(name: string, verdict: GuardrailVerdict, value: number, threshold: number, detail: string): GuardrailCheck {
  return { name, passed: verdict === 'pass', verdict, value, threshold, detail };
}

/** The worst verdict (fail > inconclusive > pass) over the treatment arms, with that arm's check. */
function worstOverTreatments(context: GuardrailContext, check: (control: ArmMonitoring, treatment: ArmMonitoring) => GuardrailCheck): GuardrailCheck {
  const rank: Record<GuardrailVerdict, number> = { pass: 0, inconclusive: 1, fail: 2 };
  const [control, ...treatments] = context.monitoring;
  return treatments.map((t) => check(control, t)).reduce((worst, c) => (rank[c.verdict] > rank[worst.verdict] ? c : worst));
}

/**
 * Sample ratio mismatch guardrail: chi-square test of units per arm against the design weights
 * (srmTest). Value: p-value; fails (a broken split or lost logs) when p < threshold.
 * @throws {InvalidArgumentError} when `threshold` is not in (0, 1).
 * @example srmGuardrail({ threshold: 0.001 })
 */
export function srmGuardrail(options: { threshold?: number } = {}): Guardrail {
  options = checkOptions('options', options);
  const threshold = options.threshold ?? 0.001;
  assertOpenUnitInterval('options.threshold', threshold);
  return ({ monitoring, weights }) => {
    const result = srmTest(monitoring.map((m) => m.units), [...weights], { threshold });
    return guardrailCheck('sample ratio mismatch', result.mismatch ? 'fail' : 'pass', result.pValue, threshold,
      `units ${monitoring.map((m) => m.units).join(' / ')}, expected ${result.expectedCounts.map((c) => formatNumber(c)).join(' / ')}`);
  };
}

/**
 * Error-rate guardrail: one-sided non-inferiority z test of each treatment's request error rate
 * against control with an absolute margin (nonInferiorityTest, lower is better). Value: the
 * worst treatment's error-rate difference. Passes when non-inferiority is shown at `alpha`;
 * fails when the treatment is shown worse than the margin (the mirror one-sided test, p > 1 − alpha).
 * @throws {InvalidArgumentError} on a negative margin or alpha outside (0, 1).
 * @example errorRateGuardrail({ margin: 0.005, alpha: 0.05 })
 */
export function errorRateGuardrail(options: { margin?: number; alpha?: number } = {}): Guardrail {
  options = checkOptions('options', options);
  const margin = options.margin ?? 0.005;
  assertPositive('options.margin', margin);
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  return (context) => worstOverTreatments(context, (control, treatment) => {
    const name = `error rate (${treatment.arm} vs ${control.arm})`;
    const rates = `error rates ${formatNumber(control.errors / control.requests)} vs ${formatNumber(treatment.errors / treatment.requests)}`;
    const noVariance = [control, treatment].every((m) => m.requests > 0 && (m.errors === 0 || m.errors === m.requests));
    if (noVariance) {
      // Observed rates of exactly 0 or 1 have no estimated variance, but the true rates are not known
      // exactly (0 errors in 50 requests is likely at a 3% error rate): bound the difference with
      // exact one-sided Clopper–Pearson limits of each arm (Bonferroni-split alpha) instead.
      const level = 1 - alpha; // two-sided level 1 − alpha = one-sided 1 − alpha/2 per arm
      const t = clopperPearsonInterval(treatment.errors, treatment.requests, { confidenceLevel: level });
      const c = clopperPearsonInterval(control.errors, control.requests, { confidenceLevel: level });
      const difference = t.estimate - c.estimate;
      const verdict = t.upper - c.lower < margin ? 'pass' : t.lower - c.upper > margin ? 'fail' : 'inconclusive';
      return guardrailCheck(name, verdict, difference, margin,
        `${rates}; exact bounds of the difference [${formatNumber(t.lower - c.upper)}, ${formatNumber(t.upper - c.lower)}]`);
    }
    const result = nonInferiorityTest(new ProportionStats(control.requests, control.errors),
      new ProportionStats(treatment.requests, treatment.errors), { margin, higherIsBetter: false, alpha });
    return guardrailCheck(name, nonInferiorityVerdict(result.pValue, alpha), result.estimate ?? NaN, margin,
      `${rates}, one-sided p = ${formatNumber(result.pValue)}`);
  });
}

/** pass when the non-inferiority p-value < alpha, fail when it exceeds 1 − alpha (inferiority shown), else inconclusive. */
function nonInferiorityVerdict(pValue: number, alpha: number): GuardrailVerdict {
  if (pValue < alpha) return 'pass';
  return pValue > 1 - alpha ? 'fail' : 'inconclusive';
}

/**
 * p95 latency guardrail: percentile-bootstrap one-sided (1 − alpha) bounds of the ratio
 * p95(treatment) / p95(control) (type-7 quantiles, arms resampled independently). Value: the
 * worst treatment's relative increase p95ᵦ/p95ₐ − 1; threshold: the relative margin. Passes
 * when the upper bound is below 1 + margin, fails when the lower bound is above it.
 * @throws {InvalidArgumentError} on a non-positive margin, alpha outside (0, 1), a quantile
 *   outside (0, 1) or fewer than 100 resamples.
 * @example latencyGuardrail({ quantile: 0.95, margin: 0.1, resamples: 500 })
 */
export function latencyGuardrail(options: { quantile?: number; margin?: number; alpha?: number; resamples?: number } = {}): Guardrail {
  options = checkOptions('options', options);
  const quantile = options.quantile ?? 0.95;
  assertOpenUnitInterval('options.quantile', quantile);
  const margin = options.margin ?? 0.1;
  assertPositive('options.margin', margin);
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const resamples = options.resamples ?? 500;
  assertWorkSize('options.resamples', resamples, 100, 1_000_000);
  const label = `p${formatNumber(quantile * 100)} latency`;
  return (context) => worstOverTreatments(context, (control, treatment) => {
    const name = `${label} (${treatment.arm} vs ${control.arm})`;
    if (control.latenciesMs.length < 2 || treatment.latenciesMs.length < 2) {
      return guardrailCheck(name, 'inconclusive', NaN, margin, 'fewer than 2 requests in an arm');
    }
    const interval = quantileRatioBootstrap(control.latenciesMs, treatment.latenciesMs, quantile, resamples, alpha, context.random);
    const verdict: GuardrailVerdict = interval.upper < 1 + margin ? 'pass' : interval.lower > 1 + margin ? 'fail' : 'inconclusive';
    return guardrailCheck(name, verdict, interval.estimate - 1, margin,
      `ratio ${formatNumber(interval.estimate)}, one-sided ${formatNumber(100 * (1 - alpha))}% bootstrap bounds [${formatNumber(interval.lower)}, ${formatNumber(interval.upper)}]`);
  });
}

/**
 * Prediction-drift guardrail: compares each treatment's prediction scores with control's
 * (predictionDrift: KS test and PSI for continuous scores, chi-square and Jensen–Shannon
 * distance for labels). Value: the test's p-value, threshold: alpha; fails when drift is both
 * significant and at least moderate in size. A challenger is expected to differ a little; this
 * catches a broken feature pipeline or a wrong model artefact.
 * @throws {InvalidArgumentError} when alpha is not in (0, 1).
 * @example predictionDriftGuardrail({ alpha: 0.01 })
 */
export function predictionDriftGuardrail(options: { alpha?: number } = {}): Guardrail {
  options = checkOptions('options', options);
  const alpha = options.alpha ?? 0.01;
  assertOpenUnitInterval('options.alpha', alpha);
  return (context) => worstOverTreatments(context, (control, treatment) => {
    const name = `prediction drift (${treatment.arm} vs ${control.arm})`;
    if (control.scores.length === 0 || treatment.scores.length === 0) {
      return guardrailCheck(name, 'inconclusive', NaN, alpha, 'no scored predictions in an arm');
    }
    const result = predictionDrift(control.scores, treatment.scores, { alpha, kind: 'continuous' });
    const pValue = result.ks!.pValue;
    return guardrailCheck(name, result.drifted ? 'fail' : 'pass', pValue, alpha,
      `KS D = ${formatNumber(result.ks!.statistic)}, PSI = ${formatNumber(result.psi!.psi)} (${result.psi!.level})`);
  });
}

/** The default guardrails with their default settings, in the order they are logged. */
export function defaultGuardrails(): Guardrail[] {
  return [srmGuardrail(), errorRateGuardrail(), latencyGuardrail(), predictionDriftGuardrail()];
}
