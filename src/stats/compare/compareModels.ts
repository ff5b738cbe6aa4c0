/**
 * One-call offline comparison of two models evaluated on the same seeds (or folds, or datasets):
 * descriptive summary, paired tests, intervals, effect size and a verdict that separates
 * statistical from practical significance.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { formatNumber, formatPValue, type ConfidenceInterval, type TestResult } from '../core/htest.js';
import {
  assertSameLength, checkAlternative, checkConfidenceLevel, toFiniteArray, type Alternative,
} from '../../core/validate.js';
import { mcnemarTest, wilcoxonSignedRank } from '../nonparametric/index.js';
import { cohensD, pairedTTest, type EffectSizeResult } from '../parametric/index.js';
import { summarize } from '../parametric/sampleSummary.js';
import { bootstrapCI, type BootstrapMethod, type BootstrapResult } from '../resampling/index.js';

export interface CompareModelsOptions {
  /** Name of the metric, used in the verdict text (default 'metric'). */
  metric?: string;
  /** Smallest difference that matters in practice, in metric units (≥ 0, default 0). */
  margin?: number;
  /** Alternative for the p-values of the tests, about mean(A − B) (default 'two-sided'). */
  alternative?: Alternative;
  /** Level of every interval; 1 − level is the significance level (default 0.95). */
  confidenceLevel?: number;
  /** true (default) when a larger metric is better (accuracy); false for losses and error rates. */
  higherIsBetter?: boolean;
  /** Per-sample correctness (booleans or 0/1) of model A on a shared test set: enables McNemar's test. */
  correctA?: ArrayLike<boolean | number>;
  /** Per-sample correctness of model B on the same samples, in the same order. */
  correctB?: ArrayLike<boolean | number>;
  /** Seed of the bootstrap (default 0). */
  seed?: number;
  /** Bootstrap resamples (default 9999). */
  nResamples?: number;
  /** Bootstrap interval method (default 'percentile'; 'bca' needs enough seeds to be stable). */
  bootstrapMethod?: BootstrapMethod;
}

/** Verdict categories, from the interval of the improvement of A over B against ±margin. */
export type ComparisonOutcome = 'better' | 'worse' | 'equivalent within margin' | 'inconclusive';

export interface ModelComparison {
  metric: string;
  summary: { A: SampleDescription; B: SampleDescription };
  /** Mean of the per-seed differences A − B, its t interval, and its paired bootstrap interval. */
  difference: { mean: number; ci: ConfidenceInterval; bootstrapCi: BootstrapResult };
  tests: { pairedT: TestResult; wilcoxon: TestResult; mcnemar?: TestResult };
  /** d_z = mean(A − B)/sd(A − B), with its noncentral-t interval. */
  effectSize: EffectSizeResult;
  verdict: {
    statisticallySignificant: boolean;
    practicallySignificant: boolean;
    /** Whether A is better, worse, equivalent within the margin, or undetermined relative to B. */
    outcome: ComparisonOutcome;
    text: string;
  };
  margin: number;
  higherIsBetter: boolean;
  confidenceLevel: number;
  alternative: Alternative;
  /** Multi-line human-readable report. */
  print(): string;
  toString(): string;
}

export interface SampleDescription {
  mean: number;
  sd: number;
  n: number;
}

function describe(name: string, values: readonly number[]): SampleDescription {
  const { n, mean, variance } = summarize(name, values, 2);
  return { mean, sd: Math.sqrt(variance), n };
}

/**
 * Classifies the interval [lower, upper] of the improvement of A over B (A − B when higher is
 * better, B − A otherwise) against the margin m: entirely above m → 'better', entirely below −m →
 * 'worse', inside [−m, m] → 'equivalent within margin' (the two one-sided tests logic of
 * Schuirmann 1987 with this interval), otherwise 'inconclusive'.
 */
function classify(improvement: ConfidenceInterval, margin: number): ComparisonOutcome {
  if (improvement.lower > margin) return 'better';
  if (improvement.upper < -margin) return 'worse';
  if (improvement.lower >= -margin && improvement.upper <= margin) return 'equivalent within margin';
  return 'inconclusive';
}

/** McNemar's alternative: "A more often correct" is 'greater' exactly when A's better metric direction is tested. */
function mcnemarAlternative(alternative: Alternative, higherIsBetter: boolean): Alternative {
  if (alternative === 'two-sided') return alternative;
  return (alternative === 'greater') === higherIsBetter ? 'greater' : 'less';
}

function verdictText(outcome: ComparisonOutcome, metric: string, margin: number, ci: ConfidenceInterval,
  pairedT: TestResult, significant: boolean): string {
  const interval = `${formatNumber(ci.level * 100)}% CI of A − B: [${formatNumber(ci.lower)}, ${formatNumber(ci.upper)}]`;
  const test = `paired t-test p ${formatPValue(pairedT.pValue)} (${significant ? '' : 'not '}statistically significant)`;
  const beyondMargin = margin > 0 ? ` by more than the margin ${formatNumber(margin)}` : '';
  const claims: Record<ComparisonOutcome, string> = {
    better: `Model A is better than model B on ${metric}${beyondMargin}`,
    worse: `Model A is worse than model B on ${metric}${beyondMargin}`,
    'equivalent within margin': `Models A and B are equivalent on ${metric} within ±${formatNumber(margin)}`,
    inconclusive: `Inconclusive: the data cannot tell whether A and B differ on ${metric} by more than ${formatNumber(margin)}`,
  };
  return `${claims[outcome]}; ${interval}; ${test}.`;
}

/**
 * Compares two models from per-seed results (resultsA[i] and resultsB[i] come from the same seed,
 * fold or dataset, so the analysis is paired). It runs the paired t-test and the Wilcoxon
 * signed-rank test on the differences A − B (with `alternative`), McNemar's exact test when
 * per-sample correctness on a shared test set is given, a paired bootstrap interval of the mean
 * difference, and Cohen's d_z with its noncentral-t interval.
 *
 * Verdict: statistically significant when the paired t-test p-value is below 1 − confidenceLevel.
 * Practically significant when the two-sided t interval of the mean improvement lies entirely beyond
 * the margin ('better' or 'worse'); 'equivalent within margin' when it lies inside ±margin;
 * otherwise 'inconclusive' (Dror et al. 2018, "The hitchhiker's guide to testing statistical
 * significance in NLP"; Bouthillier et al. 2021, "Accounting for variance in machine learning
 * benchmarks"). The t interval, not the bootstrap one, drives the verdict because with the handful
 * of seeds typical of ML benchmarks bootstrap intervals are too narrow.
 *
 * Differences that are all identical (e.g. two deterministic models) have no variance: the paired
 * t-test then throws an InsufficientDataError saying so.
 *
 * @param resultsA per-seed metric of model A (at least 2 seeds)
 * @param resultsB per-seed metric of model B, same seeds in the same order
 * @throws {InvalidArgumentError} on NaN/Infinity, length mismatches, a negative margin, only one of
 *   correctA/correctB, or bad options.
 * @throws {InsufficientDataError} with fewer than 2 seeds or identical differences.
 * @example
 * const r = compareModels([0.912, 0.905, 0.921, 0.899, 0.915], [0.905, 0.902, 0.913, 0.901, 0.904],
 *   { metric: 'accuracy', margin: 0.002, seed: 1 });
 * r.verdict.outcome; // 'inconclusive'
 */
export function compareModels(resultsA: ArrayLike<number>, resultsB: ArrayLike<number>, options?: CompareModelsOptions): ModelComparison {
  const opts = options ?? {};
  const a = toFiniteArray('resultsA', resultsA, 0);
  const b = toFiniteArray('resultsB', resultsB, 0);
  assertSameLength('resultsA', a, 'resultsB', b);
  if (a.length < 2) throw new InsufficientDataError('resultsA', resultsA, `need at least 2 paired runs (seeds), got ${a.length}`);
  // Paired differences and their variance must be finite: metrics near ±1.8e308 would overflow them.
  const largest = Math.max(...a.map(Math.abs), ...b.map(Math.abs));
  if (largest > 1e150) throw new InvalidArgumentError(a.some((v) => Math.abs(v) === largest) ? 'resultsA' : 'resultsB', largest, 'expected metric values below 1e150 in magnitude (their differences and variance would overflow)');
  const metric = opts.metric ?? 'metric';
  if (typeof metric !== 'string') throw new InvalidArgumentError('options.metric', metric, 'expected a string');
  const margin = opts.margin ?? 0;
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0) {
    throw new InvalidArgumentError('options.margin', margin, 'expected a finite number >= 0 (in metric units)');
  }
  const higherIsBetter = opts.higherIsBetter ?? true;
  if (typeof higherIsBetter !== 'boolean') throw new InvalidArgumentError('options.higherIsBetter', higherIsBetter, 'expected true or false');
  if ((opts.correctA === undefined) !== (opts.correctB === undefined)) {
    throw new InvalidArgumentError(opts.correctA === undefined ? 'options.correctA' : 'options.correctB', undefined,
      'McNemar needs both correctA and correctB');
  }
  const alternative = checkAlternative(opts.alternative);
  const confidenceLevel = checkConfidenceLevel(opts.confidenceLevel);

  const pairedT = pairedTTest(a, b, { alternative, confidenceLevel });
  const ci = alternative === 'two-sided' ? pairedT.ci! : pairedTTest(a, b, { confidenceLevel }).ci!;
  // Per-seed metrics move in steps of 1/(test size), so ties are common; the exact null distribution
  // (conditional on ties) keeps small-sample p-values honest where the normal approximation is too small.
  const wilcoxonMethod = a.length <= 50 ? 'exact' : 'approx';
  const tests: ModelComparison['tests'] = { pairedT, wilcoxon: wilcoxonSignedRank(a, b, { alternative, method: wilcoxonMethod }) };
  if (opts.correctA !== undefined && opts.correctB !== undefined) {
    tests.mcnemar = mcnemarTest(opts.correctA, opts.correctB, { alternative: mcnemarAlternative(alternative, higherIsBetter), confidenceLevel });
  }
  const bootstrapCi = bootstrapCI([a, b], 'meanDifference', {
    paired: true, confidenceLevel, seed: opts.seed, nResamples: opts.nResamples, method: opts.bootstrapMethod ?? 'percentile',
  });
  const effectSize = cohensD(a, b, { paired: true, confidenceLevel });

  const improvement = higherIsBetter ? ci : { lower: -ci.upper, upper: -ci.lower, level: ci.level };
  const outcome = classify(improvement, margin);
  const statisticallySignificant = pairedT.pValue < 1 - confidenceLevel;
  const verdict = {
    statisticallySignificant,
    practicallySignificant: outcome === 'better' || outcome === 'worse',
    outcome,
    text: verdictText(outcome, metric, margin, ci, pairedT, statisticallySignificant),
  };
  const fields = {
    metric,
    summary: { A: describe('resultsA', a), B: describe('resultsB', b) },
    difference: { mean: pairedT.estimate!, ci, bootstrapCi },
    tests,
    effectSize,
    verdict,
    margin,
    higherIsBetter,
    confidenceLevel,
    alternative,
  };
  const print = (): string => formatComparison(fields);
  return { ...fields, print, toString: print };
}

function formatComparison(r: Omit<ModelComparison, 'print' | 'toString'>): string {
  const f = formatNumber;
  const level = `${f(r.confidenceLevel * 100)}%`;
  const testLine = (name: string, t: TestResult): string =>
    `  ${name.padEnd(22)}${t.statisticName} = ${f(t.statistic)}, p-value ${formatPValue(t.pValue)}`;
  const lines = [
    '',
    `\tModel comparison on ${r.metric} (${r.summary.A.n} paired runs, ${r.higherIsBetter ? 'higher' : 'lower'} is better)`,
    '',
    `  A: mean ${f(r.summary.A.mean)}, sd ${f(r.summary.A.sd)}`,
    `  B: mean ${f(r.summary.B.mean)}, sd ${f(r.summary.B.sd)}`,
    `  A − B: mean ${f(r.difference.mean)}, ${level} t CI [${f(r.difference.ci.lower)}, ${f(r.difference.ci.upper)}], `
      + `${level} bootstrap CI [${f(r.difference.bootstrapCi.lower)}, ${f(r.difference.bootstrapCi.upper)}]`,
    `  effect size d_z = ${f(r.effectSize.estimate)}, ${level} CI [${f(r.effectSize.ci.lower)}, ${f(r.effectSize.ci.upper)}]`,
    `tests (alternative: ${r.alternative}):`,
    testLine('paired t-test', r.tests.pairedT),
    testLine('Wilcoxon signed-rank', r.tests.wilcoxon),
  ];
  if (r.tests.mcnemar) lines.push(testLine('McNemar', r.tests.mcnemar));
  lines.push(`verdict: ${r.verdict.text}`, '');
  return lines.join('\n');
}
