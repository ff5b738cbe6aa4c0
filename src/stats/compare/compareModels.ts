/**
 * One-call offline comparison of two models evaluated on the same seeds (or folds, or datasets):
 * descriptive summary, paired tests, intervals, effect size and a verdict that separates
 * statistical from practical significance.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { formatNumber, formatPValue, type ConfidenceInterval, type TestResult } from '../core/htest.js';
import {
  assertSameLength, checkAlternative, checkChoice, checkConfidenceLevel, toFiniteArray, type Alternative,
} from '../../core/validate.js';
import { wilcoxonSignedRank, type WilcoxonSignedRankDetails } from '../nonparametric/index.js';
import { cohensD, pairedTTest, type EffectSizeResult, type OneSampleTTestDetails } from '../parametric/index.js';
import { summarize } from '../parametric/sampleSummary.js';
import { bootstrapCI, type BootstrapMethod, type BootstrapResult } from '../resampling/index.js';
import { compareTestSamples, type TestSampleComparison } from './testSampleComparison.js';

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
  /**
   * Per-sample correctness of model A on a shared test set, one array (booleans or 0/1) per seed in
   * the order of `resultsA`: enables the tests over test samples ({@link compareTestSamples}).
   */
  correctA?: ArrayLike<boolean | number>[];
  /** Per-sample correctness of model B, same seeds and test samples in the same order. */
  correctB?: ArrayLike<boolean | number>[];
  /** Name of model A in the verdict (default 'model A'). */
  labelA?: string;
  /** Name of model B in the verdict (default 'model B'). */
  labelB?: string;
  /**
   * This comparison's place in a family of comparisons whose paired t p-values were adjusted
   * together (as {@link analyzeExperiment} does): "statistically significant" then means adjusted
   * p < alpha, and `confidenceLevel` should be the matching level ({@link adjustedIntervalLevel}).
   */
  multiplicity?: { method: string; comparisons: number; pAdjusted: number; alpha: number };
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
  /**
   * Tests over seeds (paired t, Wilcoxon signed-rank): their variance is the training randomness
   * across seeds, on a fixed test set. Tests over test samples (`testSamples`, with per-sample
   * correctness): their variance is the sampling of the test set, for fixed trained models.
   */
  tests: { pairedT: TestResult<OneSampleTTestDetails>; wilcoxon: TestResult<WilcoxonSignedRankDetails>; testSamples?: TestSampleComparison };
  /** d_z = mean(A − B)/sd(A − B), with its noncentral-t interval. */
  effectSize: EffectSizeResult;
  verdict: {
    /** Paired t p-value over seeds below 1 − confidenceLevel, or the adjusted one below alpha with `multiplicity`. */
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
  labels: { A: string; B: string };
  multiplicity?: CompareModelsOptions['multiplicity'];
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

/** Per-sample alternative: "A more often correct" is 'greater' exactly when A's better metric direction is tested. */
function correctnessAlternative(alternative: Alternative, higherIsBetter: boolean): Alternative {
  if (alternative === 'two-sided') return alternative;
  return (alternative === 'greater') === higherIsBetter ? 'greater' : 'less';
}

function verdictText(outcome: ComparisonOutcome, r: { metric: string; margin: number; ci: ConfidenceInterval; pairedT: TestResult;
  significant: boolean; labels: { A: string; B: string }; multiplicity?: CompareModelsOptions['multiplicity'] }): string {
  const { A, B } = r.labels;
  const m = r.multiplicity;
  const family = m ? ` (level for ${m.comparisons} comparisons, ${m.method})` : '';
  const interval = `${formatNumber(r.ci.level * 100)}% CI of ${A} − ${B}${family}: [${formatNumber(r.ci.lower)}, ${formatNumber(r.ci.upper)}]`;
  const alpha = m ? m.alpha : 1 - r.ci.level;
  const adjusted = m ? `, ${m.method}-adjusted p ${formatPValue(m.pAdjusted)}` : '';
  const test = `paired t-test over seeds p ${formatPValue(r.pairedT.pValue)}${adjusted} `
    + `(${r.significant ? '' : 'not '}statistically significant at α = ${formatNumber(alpha)}${m ? ' after adjustment' : ''})`;
  const beyondMargin = r.margin > 0 ? ` by more than the margin ${formatNumber(r.margin)}` : '';
  const claims: Record<ComparisonOutcome, string> = {
    better: `${A} is better than ${B} on ${r.metric}${beyondMargin}`,
    worse: `${A} is worse than ${B} on ${r.metric}${beyondMargin}`,
    'equivalent within margin': `${A} and ${B} are equivalent on ${r.metric} within ±${formatNumber(r.margin)}`,
    inconclusive: `Inconclusive: the data cannot tell whether ${A} and ${B} differ on ${r.metric} by more than ${formatNumber(r.margin)}`,
  };
  return `${claims[outcome]}; ${interval}; ${test}.`;
}

/**
 * Compares two models from per-seed results (resultsA[i] and resultsB[i] come from the same seed,
 * fold or dataset, so the analysis is paired). It runs the paired t-test and the Wilcoxon
 * signed-rank test on the differences A − B (with `alternative`; exact permutation distribution
 * up to 50 seeds, ties included), a paired bootstrap interval of the mean difference, and Cohen's
 * d_z with its noncentral-t interval. These treat the seeds as the random units: they cover the
 * training randomness across seeds (initialisation, data order, dropout), with the test set
 * held fixed. With per-sample correctness on a shared test set it also runs
 * {@link compareTestSamples}: McNemar's exact test per seed and a sign-flip test over test items
 * of the seed-averaged correctness difference, which cover the sampling of the test set for the
 * trained models at hand (Dietterich 1998; Bouthillier et al. 2021). Neither family covers both
 * sources at once: read them together.
 *
 * Verdict: statistically significant when the paired t-test p-value is below 1 − confidenceLevel
 * or, with `multiplicity`, when the adjusted p-value is below its alpha.
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
 *   correctA/correctB, correctness not given per seed, or bad options.
 * @throws {InsufficientDataError} with fewer than 2 seeds or identical differences.
 * @example
 * const r = compareModels([0.912, 0.905, 0.921, 0.899, 0.915], [0.905, 0.902, 0.913, 0.901, 0.904],
 *   { metric: 'accuracy', margin: 0.002, seed: 1 });
 * r.verdict.outcome; // 'inconclusive'
 * r.verdict.text.startsWith('Inconclusive: the data cannot tell whether model A and model B differ'); // true
 */
export function compareModels(resultsA: ArrayLike<number>, resultsB: ArrayLike<number>, options?: CompareModelsOptions): ModelComparison {
  const opts = options ?? {};
  checkChoice('options.bootstrapMethod', opts.bootstrapMethod, ['percentile', 'basic', 'bca'] as const, 'percentile');
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
      'the tests over test samples need both correctA and correctB');
  }
  const labels = { A: opts.labelA ?? 'model A', B: opts.labelB ?? 'model B' };
  for (const [key, label] of [['labelA', labels.A], ['labelB', labels.B]]) {
    if (typeof label !== 'string' || label === '') throw new InvalidArgumentError(`options.${key}`, label, 'expected a non-empty string');
  }
  const multiplicity = opts.multiplicity;
  if (multiplicity !== undefined && !(multiplicity.pAdjusted >= 0 && multiplicity.pAdjusted <= 1 && multiplicity.alpha > 0 && multiplicity.alpha < 1
    && Number.isInteger(multiplicity.comparisons) && multiplicity.comparisons >= 1)) {
    throw new InvalidArgumentError('options.multiplicity', multiplicity, 'expected { method, comparisons ≥ 1, pAdjusted in [0, 1], alpha in (0, 1) }');
  }
  const alternative = checkAlternative(opts.alternative);
  const confidenceLevel = checkConfidenceLevel(opts.confidenceLevel);

  const pairedT = pairedTTest(a, b, { alternative, confidenceLevel });
  const ci = alternative === 'two-sided' ? pairedT.ci! : pairedTTest(a, b, { confidenceLevel }).ci!;
  const tests: ModelComparison['tests'] = { pairedT, wilcoxon: wilcoxonSignedRank(a, b, { alternative }) };
  if (opts.correctA !== undefined && opts.correctB !== undefined) {
    if (opts.correctA.length !== a.length) {
      throw new InvalidArgumentError('options.correctA', opts.correctA.length, `expected one correctness array per seed (${a.length})`);
    }
    tests.testSamples = compareTestSamples(opts.correctA, opts.correctB, {
      alternative: correctnessAlternative(alternative, higherIsBetter), confidenceLevel, seed: opts.seed, nResamples: opts.nResamples,
    });
  }
  const bootstrapCi = bootstrapCI([a, b], 'meanDifference', {
    paired: true, confidenceLevel, seed: opts.seed, nResamples: opts.nResamples, method: opts.bootstrapMethod ?? 'percentile',
  });
  const effectSize = cohensD(a, b, { paired: true, confidenceLevel });

  const improvement = higherIsBetter ? ci : { lower: -ci.upper, upper: -ci.lower, level: ci.level };
  const outcome = classify(improvement, margin);
  const statisticallySignificant = multiplicity ? multiplicity.pAdjusted < multiplicity.alpha : pairedT.pValue < 1 - confidenceLevel;
  const verdict = {
    statisticallySignificant,
    practicallySignificant: outcome === 'better' || outcome === 'worse',
    outcome,
    text: verdictText(outcome, { metric, margin, ci, pairedT, significant: statisticallySignificant, labels, multiplicity }),
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
    labels,
    ...(multiplicity ? { multiplicity } : {}),
  };
  const print = (): string => formatComparison(fields);
  return { ...fields, print, toString: print };
}

function formatComparison(r: Omit<ModelComparison, 'print' | 'toString'>): string {
  const f = formatNumber;
  const level = `${f(r.confidenceLevel * 100)}%`;
  const testLine = (name: string, t: TestResult): string =>
    `  ${name.padEnd(22)}${t.statisticName} = ${f(t.statistic)}, p-value ${formatPValue(t.pValue)}`;
  const { A, B } = r.labels;
  const lines = [
    '',
    `\tModel comparison on ${r.metric} (${r.summary.A.n} paired runs, ${r.higherIsBetter ? 'higher' : 'lower'} is better)`,
    '',
    `  ${A}: mean ${f(r.summary.A.mean)}, sd ${f(r.summary.A.sd)}`,
    `  ${B}: mean ${f(r.summary.B.mean)}, sd ${f(r.summary.B.sd)}`,
    `  ${A} − ${B}: mean ${f(r.difference.mean)}, ${level} t CI [${f(r.difference.ci.lower)}, ${f(r.difference.ci.upper)}], `
      + `${level} bootstrap CI [${f(r.difference.bootstrapCi.lower)}, ${f(r.difference.bootstrapCi.upper)}]`,
    `  effect size d_z = ${f(r.effectSize.estimate)}, ${level} CI [${f(r.effectSize.ci.lower)}, ${f(r.effectSize.ci.upper)}]`,
    `tests over seeds (variance: training randomness across seeds; test set fixed; alternative: ${r.alternative}):`,
    testLine('paired t-test', r.tests.pairedT),
    testLine('Wilcoxon signed-rank', r.tests.wilcoxon),
  ];
  const samples = r.tests.testSamples;
  if (samples) {
    const alpha = 1 - r.confidenceLevel;
    const below = samples.mcnemarPerSeed.filter((t) => t.pValue < alpha).length;
    lines.push(
      `tests over ${samples.items} test samples (variance: sampling of the test set; trained models fixed):`,
      `  ${'McNemar per seed'.padEnd(22)}p-values ${samples.mcnemarPerSeed.map((t) => f(t.pValue)).join(', ')} (${below} of ${samples.seeds} below ${f(alpha)})`,
      testLine('seed-averaged sign-flip', samples.seedAveraged),
    );
  }
  lines.push(`verdict: ${r.verdict.text}`, '');
  return lines.join('\n');
}
