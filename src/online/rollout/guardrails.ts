/**
 * Pluggable rollout guardrails and the five defaults: sample ratio mismatch, model error rate,
 * mean latency, a latency quantile and prediction drift. Each reads unit-level sufficient
 * statistics of the current stage (O(arms) memory; O(arms × bins²) for drift), and decides with an always-valid test at the error budget the rollout
 * controller gives it, so looking after every request would not inflate false rollbacks.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertOpenUnitInterval, assertPositive, checkOptions } from '../../core/validate.js';
import { formatNumber } from '../../stats/core/htest.js';
import { logGamma } from '../../stats/core/special.js';
import { quantileClustered } from '../../stats/abtest/quantileClustered.js';
import { ratioEstimate } from '../../stats/abtest/ratioMetricTest.js';
import { sequentialBinnedDrift } from '../../stats/drift/sequentialBinnedDrift.js';
import { normalMixtureInterval } from '../../stats/sequential/normalMixture.js';
import {
  errorRateStats, latencyQuantileSummary, meanLatencyStats, type ArmGuardrailStatistics,
} from '../store/guardrailStatistics.js';
import { checkScoreEdges, type ArmScoreBinStatistics } from '../store/scoreBinStatistics.js';

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
  /** The monitored quantity (see each guardrail) and the threshold it is compared with; NaN marks "not computable" (inconclusive checks only). */
  value: number;
  threshold: number;
  detail: string;
  /** Always-valid interval of `value` at the guardrail's error budget, when the guardrail has one. */
  interval?: { lower: number; upper: number };
}

/**
 * What a guardrail sees: the design and unit-level statistics of the stage being evaluated.
 * Changed in the always-valid rollout (was: raw per-arm monitoring lists, `allocation`, `random`).
 */
export interface GuardrailContext {
  experiment: string;
  /** Arms in splitter order: control (current model) first, then the new model. */
  arms: readonly string[];
  /** Expected share of units per arm in this stage (sums to 1). */
  weights: readonly number[];
  /** One entry per arm in `arms` order, over the stage's window; arms without traffic have zero sums. */
  statistics: ArmGuardrailStatistics[];
  /** Binned score sums per arm in `arms` order over the window, when a guardrail asked for them (its `scoreEdges`). */
  scoreBins?: ArmScoreBinStatistics[];
  /** 0-based stage index and the new model's share of traffic during it. */
  stage: number;
  treatmentShare: number;
  /** The stage's window of request timestamps, epoch ms [since, until): for guardrails that query the store themselves. */
  window: { since: number; until: number };
  /**
   * This guardrail's share of the rollout's false-rollback budget at this stage (the controller
   * splits its `alpha` evenly over guardrails and stages). A guardrail must keep
   * P(it ever fails during this stage | no harm) ≤ alpha, however many looks are taken.
   */
  alpha: number;
}

/** How a metric guardrail tests: its metric, scale (absolute difference or log ratio), margin and mixing sd on that scale. */
export interface GuardrailDesign {
  metric: 'errorRate' | 'meanLatency' | 'latencyQuantile';
  scale: 'difference' | 'logRatio';
  margin: number;
  mixingSd: number;
}

/**
 * A guardrail: any (async) function from the context to a check. `quantileLevel` asks the
 * controller for that latency quantile, `scoreEdges` for binned scores; `design` describes a
 * built-in metric guardrail (for power).
 */
export type Guardrail = ((context: GuardrailContext) => GuardrailCheck | Promise<GuardrailCheck>) & {
  quantileLevel?: number;
  /** Score bin cut points whose per-unit sums the guardrail needs (`context.scoreBins`). */
  scoreEdges?: readonly number[];
  design?: GuardrailDesign;
  /** The prediction-drift guardrail's mixture τ and PSI condition (for power). */
  driftDesign?: { mixingSd: number; minPsi: number };
};

/**
 * Builds a check; `passed` follows the verdict.
 * @throws {InvalidArgumentError} for a non-string name or detail, an unknown verdict, or a value or threshold that is not a
 * number (NaN, "not computable", only with verdict 'inconclusive').
 */
export function guardrailCheck(name: string, verdict: GuardrailVerdict, value: number, threshold: number, detail: string): GuardrailCheck {
  if (typeof name !== 'string') throw new InvalidArgumentError('name', name, 'expected a string');
  if (!['pass', 'fail', 'inconclusive'].includes(verdict)) throw new InvalidArgumentError('verdict', verdict, "expected 'pass', 'fail' or 'inconclusive'");
  for (const [argument, x] of [['value', value], ['threshold', threshold]] as const) {
    if (typeof x !== 'number' || (Number.isNaN(x) && verdict !== 'inconclusive')) throw new InvalidArgumentError(argument, x, 'expected a number (NaN only for an inconclusive check)');
  }
  if (typeof detail !== 'string') throw new InvalidArgumentError('detail', detail, 'expected a string');
  return { name, passed: verdict === 'pass', verdict, value, threshold, detail };
}

/** The worst verdict (fail > inconclusive > pass) over the treatment arms, with that arm's check. */
function worstOverTreatments(context: GuardrailContext, check: (control: ArmGuardrailStatistics, treatment: ArmGuardrailStatistics) => GuardrailCheck): GuardrailCheck {
  const rank: Record<GuardrailVerdict, number> = { pass: 0, inconclusive: 1, fail: 2 };
  const units = context.statistics.map((s) => s.units);
  if (units.some((n) => n < 2)) throw new InsufficientDataError('context.statistics', units, 'every arm needs at least 2 units in the stage');
  const [control, ...treatments] = context.statistics;
  return treatments.map((t) => check(control, t)).reduce((worst, c) => (rank[c.verdict] > rank[worst.verdict] ? c : worst));
}

/** Options shared by the metric guardrails. */
export interface HarmGuardrailOptions {
  /** Non-inferiority margin: the guardrail passes once the harm is shown to be below it. */
  margin?: number;
  /** Standard deviation τ of the normal mixture (the harm the test is tuned to detect). Default: the margin (on the test's scale). */
  mixingSd?: number;
}

/**
 * The sequential decision of every metric guardrail, for a harm Δ (treatment minus control, on
 * the test's scale, higher = worse) with standard error s: the (1 − α) normal-mixture confidence
 * sequence [L, U] (normalMixtureInterval, τ² = mixingSd²) fails the guardrail when L > 0 (harm
 * shown), passes it when U < margin (non-inferiority shown), else is inconclusive. `display`
 * maps the test scale to the reported one (e.g. log ratio → relative change).
 */
function harmCheck(name: string, harm: number, standardError: number, margin: number, mixingSd: number, alpha: number,
  display: (x: number) => number, describe: string): GuardrailCheck {
  if (!(standardError > 0)) throw new InsufficientDataError('standardError', standardError, `${name}: no variance yet`);
  const interval = normalMixtureInterval({ estimate: harm, standardError, mixingVariance: mixingSd ** 2, alpha });
  const verdict: GuardrailVerdict = interval.lower > 0 ? 'fail' : interval.upper < margin ? 'pass' : 'inconclusive';
  const shown = { lower: display(interval.lower), upper: display(interval.upper) };
  return {
    ...guardrailCheck(name, verdict, display(harm), display(margin),
      `${describe}; always-valid ${formatNumber(100 * (1 - alpha), 3)}% interval [${formatNumber(shown.lower)}, ${formatNumber(shown.upper)}]`),
    interval: shown,
  };
}

function checkHarmOptions(options: HarmGuardrailOptions | undefined, defaultMargin: number, relative: boolean): { margin: number; mixingSd: number } {
  options = checkOptions('options', options);
  const margin = options?.margin ?? defaultMargin;
  assertPositive('options.margin', margin);
  const scaled = relative ? Math.log1p(margin) : margin;
  const mixingSd = options?.mixingSd ?? scaled;
  assertPositive('options.mixingSd', mixingSd);
  return { margin: scaled, mixingSd };
}

/**
 * Sample ratio mismatch guardrail, always valid: the Dirichlet-multinomial Bayes factor of the
 * stage's units per arm against the designed weights w (Lindon & Malek 2022, "Anytime-valid
 * inference for multinomial count data", NeurIPS), with prior Dirichlet(c·w):
 * BF = Γ(c)/Γ(c + N) · Πᵢ Γ(c·wᵢ + nᵢ)/Γ(c·wᵢ) / Πᵢ wᵢ^nᵢ. Under the design it is a nonnegative
 * martingale in the arriving units, so failing at BF ≥ 1/alpha has error ≤ alpha over any number
 * of looks. Value: the always-valid p-value min(1, 1/BF); never inconclusive.
 * @throws {InvalidArgumentError} when `concentration` is not positive.
 * @example srmGuardrail({ concentration: 100 })
 */
export function srmGuardrail(options: { concentration?: number } = {}): Guardrail {
  options = checkOptions('options', options);
  const concentration = options.concentration ?? 100;
  assertPositive('options.concentration', concentration);
  return ({ statistics, weights, alpha }) => {
    const counts = statistics.map((s) => s.units);
    const total = counts.reduce((a, b) => a + b, 0);
    let logBayesFactor = logGamma(concentration) - logGamma(concentration + total);
    counts.forEach((n, i) => {
      if (weights[i] === 0) return;
      const prior = concentration * weights[i];
      logBayesFactor += logGamma(prior + n) - logGamma(prior) - n * Math.log(weights[i]);
    });
    const impossible = counts.some((n, i) => n > 0 && weights[i] === 0);
    const pValue = impossible ? 0 : Math.min(1, Math.exp(-logBayesFactor));
    return guardrailCheck('sample ratio mismatch', pValue <= alpha ? 'fail' : 'pass', pValue, alpha,
      `units ${counts.join(' / ')}, expected shares ${weights.map((w) => formatNumber(w)).join(' / ')}`);
  };
}

/**
 * Model error-rate guardrail: the error rate Σerrors/Σrequests of each arm as a ratio metric over
 * units (delta-method variance: a unit that errs on every request counts as one unit, not as many
 * independent failures), tested on the absolute difference treatment − control with the
 * always-valid rule of the metric guardrails: fail when the interval's lower bound is above 0,
 * pass when its upper bound is below `margin` (default 0.01 = one percentage point). An arm without
 * any error (or with only errors) has no delta-method variance; its variance is then floored at
 * the binomial variance of the smoothed rate (e + 1)/(m + 2) over its m requests.
 * Reference: Deng, Knoblich & Lu (2018), KDD; Johari et al. (2022), Operations Research.
 * @throws {InvalidArgumentError} on a non-positive margin or mixingSd.
 * @example errorRateGuardrail({ margin: 0.01 })
 */
export function errorRateGuardrail(options: HarmGuardrailOptions = {}): Guardrail {
  const { margin, mixingSd } = checkHarmOptions(options, 0.01, false);
  const guardrail: Guardrail = (context) => worstOverTreatments(context, (control, treatment) => {
    const rate = (s: ArmGuardrailStatistics) => {
      const { ratio, variance } = ratioEstimate(`statistics[${s.arm}]`, errorRateStats(s));
      const smoothed = (s.errors + 1) / (s.requests + 2);
      return { ratio, variance: Math.max(variance, (smoothed * (1 - smoothed)) / s.requests) };
    };
    const c = rate(control);
    const t = rate(treatment);
    return harmCheck(`error rate (${treatment.arm} vs ${control.arm})`, t.ratio - c.ratio, Math.sqrt(c.variance + t.variance),
      margin, mixingSd, context.alpha, (x) => x, `error rates ${formatNumber(c.ratio)} vs ${formatNumber(t.ratio)} over ${control.units} / ${treatment.units} units`);
  });
  guardrail.design = { metric: 'errorRate', scale: 'difference', margin, mixingSd };
  return guardrail;
}

/**
 * Mean-latency guardrail: mean request latency Σlatency/Σrequests of each arm as a ratio metric
 * over units, tested on the log ratio ln(mean_t/mean_c) (variance Var(ratio)/ratio², delta method)
 * with the always-valid rule of the metric guardrails. Value: relative change mean_t/mean_c − 1;
 * threshold: the relative `margin` (default 0.1).
 * @throws {InvalidArgumentError} on a non-positive margin or mixingSd.
 * @example meanLatencyGuardrail({ margin: 0.1 })
 */
export function meanLatencyGuardrail(options: HarmGuardrailOptions = {}): Guardrail {
  const { margin, mixingSd } = checkHarmOptions(options, 0.1, true);
  const guardrail: Guardrail = (context) => worstOverTreatments(context, (control, treatment) => {
    const c = ratioEstimate(`statistics[${control.arm}]`, meanLatencyStats(control));
    const t = ratioEstimate(`statistics[${treatment.arm}]`, meanLatencyStats(treatment));
    return harmCheck(`mean latency (${treatment.arm} vs ${control.arm})`, Math.log(t.ratio / c.ratio),
      Math.sqrt(c.variance / c.ratio ** 2 + t.variance / t.ratio ** 2), margin, mixingSd, context.alpha, Math.expm1,
      `mean ${formatNumber(c.ratio)} vs ${formatNumber(t.ratio)} ms`);
  });
  guardrail.design = { metric: 'meanLatency', scale: 'logRatio', margin, mixingSd };
  return guardrail;
}

/**
 * Latency-quantile guardrail (default p95): each arm's sample quantile of request latencies with
 * its unit-clustered variance (quantileClustered, GrowthBook's QuantileClusteredStatistic),
 * tested on the log ratio ln(q_t/q_c) (variance Var(q)/q² per arm) with the always-valid rule of
 * the metric guardrails. Value: relative change q_t/q_c − 1; threshold: the relative `margin`
 * (default 0.1). Its `quantileLevel` tells the controller which quantile to aggregate. When one
 * unit made more than a (1 − ν) share of an arm's requests (it could fill the whole tail) the
 * linearised variance is not trustworthy and the guardrail is inconclusive (InsufficientDataError).
 * @throws {InvalidArgumentError} on a quantile outside (0, 1), a non-positive margin or mixingSd.
 * @example latencyGuardrail({ quantile: 0.95, margin: 0.1 })
 */
export function latencyGuardrail(options: HarmGuardrailOptions & { quantile?: number } = {}): Guardrail {
  options = checkOptions('options', options);
  const quantile = options.quantile ?? 0.95;
  assertOpenUnitInterval('options.quantile', quantile);
  const { margin, mixingSd } = checkHarmOptions(options, 0.1, true);
  const label = `p${formatNumber(quantile * 100)} latency`;
  const guardrail: Guardrail = (context) => worstOverTreatments(context, (control, treatment) => {
    if (control.quantileLevel !== quantile) {
      throw new InvalidArgumentError('context.statistics.quantileLevel', control.quantileLevel, `expected statistics aggregated for the ${quantile} quantile`);
    }
    for (const arm of [control, treatment]) {
      // The linearised (density-based) variance assumes no unit holds the tail: if one unit's
      // requests could fill everything above the quantile, resampling units would move the
      // quantile by jumps the variance cannot see, so the guardrail does not decide.
      if (arm.maxUnitRequests > (1 - quantile) * arm.requests) {
        throw new InsufficientDataError(`statistics[${arm.arm}].maxUnitRequests`, arm.maxUnitRequests,
          `one unit made more than ${formatNumber(100 * (1 - quantile))}% of the arm's ${arm.requests} requests, enough to fill the tail above the ${quantile} quantile`);
      }
    }
    const c = quantileClustered(latencyQuantileSummary(control));
    const t = quantileClustered(latencyQuantileSummary(treatment));
    return harmCheck(`${label} (${treatment.arm} vs ${control.arm})`, Math.log(t.estimate / c.estimate),
      Math.sqrt(c.variance / c.estimate ** 2 + t.variance / t.estimate ** 2), margin, mixingSd, context.alpha, Math.expm1,
      `${label} ${formatNumber(c.estimate)} vs ${formatNumber(t.estimate)} ms, design effects ${formatNumber(c.designEffect, 3)} / ${formatNumber(t.designEffect, 3)}`);
  });
  guardrail.quantileLevel = quantile;
  guardrail.design = { metric: 'latencyQuantile', scale: 'logRatio', margin, mixingSd };
  return guardrail;
}

/** Default score bins of the prediction-drift guardrail: deciles of [0, 1] (probability scores). */
export const DEFAULT_SCORE_EDGES: readonly number[] = Object.freeze([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);

/** Options of {@link predictionDriftGuardrail}. */
export interface PredictionDriftGuardrailOptions {
  /** Score bin cut points, fixed before the rollout (strictly increasing). Default {@link DEFAULT_SCORE_EDGES}. */
  edges?: readonly number[];
  /** τ of the mixture: the standardized per-unit shift of a bin share it is tuned to. Default 0.1. */
  mixingSd?: number;
  /** Drift also needs at least this PSI (effect size) to fail the guardrail. Default 0.1 ('moderate'); 0 fails on any drift shown. */
  minPsi?: number;
}

/**
 * Prediction-drift guardrail: fails when the new model's score distribution is shown to differ
 * from the current model's, and by at least a moderate PSI. It reads the stage's binned scores
 * aggregated per unit in SQL (store.scoreBinStatistics: O(arms × bins²) numbers; successful
 * requests with a score) and runs {@link sequentialBinnedDrift}: the always-valid multivariate
 * normal-mixture test on the bin-proportion differences with a unit-clustered covariance, at the
 * error budget the controller gives the guardrail. Verdict: `fail` when Λ ≥ 1/alpha and
 * PSI ≥ `minPsi`; otherwise `pass` (no drift shown); inconclusive (InsufficientDataError) while an
 * arm with scores has fewer than 2 units, or while only one arm has scores. When neither arm
 * logged a score there is nothing to compare and it passes, saying so. Value: PSI of the pooled
 * bin counts, threshold `minPsi`; the detail adds the Jensen–Shannon distance. The PSI condition
 * only removes failures, so P(ever failing an A/A stage) ≤ alpha however often it is evaluated,
 * with units sending many correlated requests (checked by seeded simulation).
 * Its `scoreEdges` tell evaluateGuardrails which bins to aggregate.
 * References: Robbins (1970); Pace & Salvan (2020); Deng, Knoblich & Lu (2018); Siddiqi (2006).
 * @throws {InvalidArgumentError} on bad edges, a mixingSd that is not positive or a negative minPsi.
 * @example predictionDriftGuardrail({ edges: [0.25, 0.5, 0.75], minPsi: 0.1 }).scoreEdges // [0.25, 0.5, 0.75]
 */
export function predictionDriftGuardrail(options: PredictionDriftGuardrailOptions = {}): Guardrail {
  options = checkOptions('options', options);
  const edges = checkScoreEdges('options.edges', options.edges ?? DEFAULT_SCORE_EDGES);
  const mixingSd = options.mixingSd ?? 0.1;
  assertPositive('options.mixingSd', mixingSd);
  const minPsi = options.minPsi ?? 0.1;
  assertFiniteNumber('options.minPsi', minPsi);
  if (minPsi < 0) throw new InvalidArgumentError('options.minPsi', minPsi, 'expected a PSI >= 0');
  const guardrail: Guardrail = (context) => {
    const bins = context.scoreBins;
    if (!bins) throw new InvalidArgumentError('context.scoreBins', bins, 'expected binned score statistics (evaluateGuardrails reads them for a guardrail with scoreEdges)');
    const [control, ...treatments] = bins;
    const checks = treatments.map((treatment, i) => {
      const name = `prediction drift (${context.arms[i + 1]} vs ${context.arms[0]})`;
      if (control.units === 0 && treatment.units === 0) return guardrailCheck(name, 'pass', 0, minPsi, 'no scored predictions in either arm: nothing to compare');
      const test = sequentialBinnedDrift(control, treatment, { alpha: context.alpha, mixingSd });
      const { psi, jensenShannon, drifted } = test.details;
      const verdict: GuardrailVerdict = drifted && psi >= minPsi ? 'fail' : 'pass';
      return guardrailCheck(name, verdict, psi, minPsi,
        `always-valid p = ${formatNumber(test.pValue)} (fails at ${formatNumber(context.alpha, 3)}), Wald X² = ${formatNumber(test.statistic)} on ${test.df} df; `
        + `PSI = ${formatNumber(psi)}, JS distance = ${formatNumber(jensenShannon)}; ${control.units} / ${treatment.units} units with scores`);
    });
    return checks.find((c) => c.verdict === 'fail') ?? checks[0];
  };
  guardrail.scoreEdges = edges;
  guardrail.driftDesign = { mixingSd, minPsi };
  return guardrail;
}

/** The default guardrails with their default settings, in the order they are logged. */
export function defaultGuardrails(): Guardrail[] {
  return [srmGuardrail(), errorRateGuardrail(), meanLatencyGuardrail(), latencyGuardrail(), predictionDriftGuardrail()];
}
