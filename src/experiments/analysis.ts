/**
 * Analysis of a finished experiment: per-variant summaries, every variant compared with the baseline
 * (paired by seed) with multiple-testing correction across comparisons, tables and figures.
 */
import { assertOpenUnitInterval, checkOptions } from '../core/validate.js';
import { toDataFrame } from '../helpers/dataFrame.js';
import type { Figure } from '../helpers/plot.js';
import type { TableLike } from '../helpers/table.js';
import { forestPlotFigure, learningCurvesFigure, mcnemarTableFigure, metricDistributionFigure, pairedDifferencesFigure } from '../plots/figures.js';
import { compareModels, type ModelComparison } from '../stats/compare/compareModels.js';
import { InsufficientDataError, InvalidArgumentError } from '../core/errors.js';
import { formatNumber, formatPValue } from '../stats/core/htest.js';
import { adjustedIntervalLevel } from '../stats/multiple/adjustedIntervalLevel.js';
import { pAdjust, type PAdjustMethod } from '../stats/multiple/pAdjust.js';
import { pairedTTest } from '../stats/parametric/oneSampleTTest.js';
import { linearQuantile } from '../stats/core/quantile.js';
import { summarize as sampleSummary } from '../stats/parametric/sampleSummary.js';
import { tInterval } from '../stats/parametric/tInterval.js';
import { interquartileMean } from '../stats/resampling/interquartileMean.js';
import { isHigherBetter } from '../models/metrics/metricDirection.js';
import type { RunRecord } from './runStore.js';
import { type ExperimentConfig, withExperimentDefaults } from './experimentConfig.js';

export interface VariantSummary {
  variant: string;
  runs: number;
  mean: number;
  sd: number;
  median: number;
  iqm: number;
  /** t interval of the mean over seeds (flat columns, as in the summary table and CSV). */
  ciLower: number;
  ciUpper: number;
  ciLevel: number;
  trainSeconds: number;
  inferenceMsPerSample: number;
}

export interface ComparisonRow {
  comparison: string;
  variant: string;
  baseline: string;
  meanDifference: number;
  /** Interval of the mean difference over seeds at `ciLevel`, the multiplicity-adjusted level the verdict uses. */
  ciLower: number;
  ciUpper: number;
  ciLevel: number;
  effectSizeDz: number;
  /** Tests over seeds (variance: training randomness across seeds, test set fixed). */
  pPairedT: number;
  pWilcoxon: number;
  /** Paired t p-value adjusted across all comparisons with the chosen method. */
  pAdjusted: number;
  significantAfterCorrection: boolean;
  /**
   * Tests over test samples (variance: sampling of the test set, trained models fixed), when
   * per-sample correctness was stored: sign-flip test of the seed-averaged correctness
   * difference, and how many seeds' McNemar tests fall below alpha (unadjusted).
   */
  pSeedAveraged: number | null;
  mcnemarSeedsBelowAlpha: string | null;
  outcome: string;
  /** Extra training time of the variant over the baseline, in seconds per run. */
  extraTrainSeconds: number;
}

export type TableName = 'runs' | 'summary' | 'comparisons';

export interface ExperimentAnalysis {
  name: string;
  metric: string;
  baseline: string;
  margin: number;
  correction: PAdjustMethod;
  alpha: number;
  runs: RunRecord[];
  summaries: VariantSummary[];
  comparisons: { row: ComparisonRow; detail: ModelComparison }[];
  /** The tables' rows as plain objects (what the DataFrames and the CSV files hold). */
  rows: Record<TableName, Record<string, unknown>[]>;
  /**
   * The same rows as Danfo.js DataFrames, built on first access.
   * @throws {AblabError} on access when the optional peer dependency danfojs is not installed.
   */
  readonly tables: Record<TableName, TableLike>;
  figures: { distribution: Figure; differences: Figure[]; forest: Figure; learningCurves: Figure; mcnemar?: Figure };
  print(): string;
}

export interface AnalyzeOptions {
  /** Multiple-testing correction across comparisons (default 'holm'). */
  correction?: PAdjustMethod;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Seed of the bootstrap intervals (default 0). */
  seed?: number;
}

function metricOf(run: RunRecord, metric: string): number {
  const value = metric === 'trainSeconds' ? run.timing.trainSeconds : metric === 'inferenceMsPerSample' ? run.timing.inferenceMsPerSample : run.metrics[metric];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidArgumentError('metric', metric, `run ${run.key} has no finite value for it (available: ${Object.keys(run.metrics).join(', ')})`);
  return value;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function summarize(variant: string, runs: RunRecord[], metric: string, confidenceLevel: number): VariantSummary {
  const values = runs.map((r) => metricOf(r, metric));
  const { mean: m, variance } = sampleSummary(`runs of ${variant}`, values, 2);
  const sd = Math.sqrt(variance);
  // Identical values across seeds have no t interval: the point is its own interval.
  const ci = sd > 0 ? tInterval(values, { confidenceLevel }) : { lower: m, upper: m, level: confidenceLevel };
  return {
    variant, runs: runs.length, mean: m, sd, median: linearQuantile([...values].sort((a, b) => a - b), 0.5),
    iqm: interquartileMean(values), ciLower: ci.lower, ciUpper: ci.upper, ciLevel: ci.level,
    trainSeconds: mean(runs.map((r) => r.timing.trainSeconds)),
    inferenceMsPerSample: mean(runs.map((r) => r.timing.inferenceMsPerSample ?? NaN)),
  };
}

/**
 * Analyses an experiment's runs: summaries per variant (mean, sd, median, IQM, t-interval, cost),
 * each variant against the baseline with {@link compareModels} (paired by seed; with stored
 * per-sample correctness also McNemar per seed and a sign-flip test over test items of the
 * seed-averaged correctness, see {@link compareTestSamples}). The paired t p-values are adjusted
 * across comparisons with `correction`, and the verdicts follow the adjusted results: significance
 * is adjusted p < alpha, and the intervals that classify each comparison use the matching level
 * ({@link adjustedIntervalLevel}: 1 − α/m for family-wise methods, the FCR level for BH/BY).
 * @throws {InsufficientDataError} when a variant has fewer than 2 runs or runs are not paired by seed.
 */
export function analyzeExperiment(experiment: { config: ExperimentConfig; runs: RunRecord[] }, options: AnalyzeOptions = {}): ExperimentAnalysis {
  options = checkOptions('options', options);
  if (typeof experiment !== 'object' || experiment === null || !Array.isArray(experiment.runs)) {
    throw new InvalidArgumentError('experiment', experiment, 'expected { config, runs } (from runExperiment or loadExperimentRuns)');
  }
  const config = withExperimentDefaults(experiment.config);
  const variants = Object.keys(config.variants);
  const { baseline, metric, margin } = config;
  const correction = options.correction ?? 'holm';
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha); // checked here, not as the derived confidence level 1 − alpha
  const higherIsBetter = isHigherBetter(metric);
  const byVariant = new Map(variants.map((v) => [v, experiment.runs.filter((r) => r.variant === v).sort((a, b) => a.seed - b.seed)]));
  for (const [v, runs] of byVariant) if (runs.length < 2) throw new InsufficientDataError(`runs of ${v}`, runs.length, 'need at least 2 seeds per variant to compare');
  const summaries = variants.map((v) => summarize(v, byVariant.get(v)!, metric, 1 - alpha));

  const base = byVariant.get(baseline)!;
  const paired = variants.filter((v) => v !== baseline).map((variant) => {
    const runs = byVariant.get(variant)!;
    const seeds = runs.map((r) => r.seed).filter((s) => base.some((b) => b.seed === s));
    if (seeds.length < 2) throw new InsufficientDataError(`seeds shared by ${variant} and ${baseline}`, seeds, 'need at least 2 seeds run by both');
    const pick = (rs: RunRecord[]) => seeds.map((s) => rs.find((r) => r.seed === s)!);
    const a = pick(runs), b = pick(base);
    const valuesA = a.map((r) => metricOf(r, metric)), valuesB = b.map((r) => metricOf(r, metric));
    return { variant, seeds, a, b, valuesA, valuesB };
  });
  // Adjust first, so that every verdict can follow the adjusted decision and its interval level.
  const rawP = paired.map(({ valuesA, valuesB }) => pairedTTest(valuesA, valuesB).pValue);
  const adjusted = rawP.length ? pAdjust(rawP, correction) : [];
  const verdictLevel = rawP.length ? adjustedIntervalLevel(rawP, correction, alpha) : 1 - alpha;
  const details = paired.map(({ variant, seeds, a, b, valuesA, valuesB }, i) => {
    // Per-sample correctness stays per seed: one test item is never counted once per seed.
    const withCorrectness = a.every((r) => r.correct) && b.every((r) => r.correct);
    const detail = compareModels(valuesA, valuesB, {
      metric, margin, higherIsBetter, seed: options.seed ?? 0, confidenceLevel: verdictLevel, labelA: variant, labelB: baseline,
      ...(paired.length > 1 ? { multiplicity: { method: correction, comparisons: paired.length, pAdjusted: adjusted[i], alpha } } : {}),
      ...(withCorrectness ? { correctA: a.map((r) => r.correct!), correctB: b.map((r) => r.correct!) } : {}),
    });
    return {
      variant, detail, seeds, differences: valuesA.map((v, j) => v - valuesB[j]),
      correct: withCorrectness ? { a: a.map((r) => r.correct!), b: b.map((r) => r.correct!) } : undefined,
      extraTrainSeconds: mean(a.map((r) => r.timing.trainSeconds)) - mean(b.map((r) => r.timing.trainSeconds)),
    };
  });
  const comparisons = details.map(({ variant, detail, extraTrainSeconds }, i) => {
    const samples = detail.tests.testSamples;
    return {
      detail,
      row: {
        comparison: `${variant} − ${baseline}`, variant, baseline,
        meanDifference: detail.difference.mean, ciLower: detail.difference.ci.lower, ciUpper: detail.difference.ci.upper, ciLevel: verdictLevel,
        effectSizeDz: detail.effectSize.estimate, pPairedT: detail.tests.pairedT.pValue, pWilcoxon: detail.tests.wilcoxon.pValue,
        pAdjusted: adjusted[i], significantAfterCorrection: detail.verdict.statisticallySignificant,
        pSeedAveraged: samples?.seedAveraged.pValue ?? null,
        mcnemarSeedsBelowAlpha: samples ? `${samples.mcnemarPerSeed.filter((t) => t.pValue < alpha).length}/${samples.seeds}` : null,
        outcome: detail.verdict.outcome, extraTrainSeconds,
      } satisfies ComparisonRow,
    };
  });

  const runRows = experiment.runs.map((r) => ({ variant: r.variant, seed: r.seed, ...r.metrics, trainSeconds: r.timing.trainSeconds, inferenceMsPerSample: r.timing.inferenceMsPerSample ?? NaN }));
  const figures: ExperimentAnalysis['figures'] = {
    distribution: metricDistributionFigure(Object.fromEntries(variants.map((v) => [v, byVariant.get(v)!.map((r) => metricOf(r, metric))])), { metric }),
    differences: details.map(({ variant, detail, seeds, differences }) => pairedDifferencesFigure(differences, { ci: detail.difference.ci, margin, label: `${metric}: ${variant} − ${baseline}`, seeds })),
    forest: forestPlotFigure(comparisons.map(({ row }) => ({ label: row.comparison, estimate: row.meanDifference, lower: row.ciLower, upper: row.ciUpper, pValue: row.pAdjusted })), { xTitle: `difference in ${metric}`, margin, title: `Each variant against ${baseline} (${formatNumber(verdictLevel * 100)}% CI${paired.length > 1 ? `, ${correction}-matched level for ${paired.length} comparisons` : ''})` }),
    learningCurves: learningCurvesFigure(variants.flatMap((v) => byVariant.get(v)!.filter((r) => r.history.loss).map((r) => ({ variant: r.variant, seed: r.seed, values: r.history.loss }))), { metric: 'training loss' }),
  };
  const withMcnemar = details.find((d) => d.correct);
  if (withMcnemar?.correct) {
    // Mean counts per seed: each seed's table is one McNemar test; summing them would count every test item once per seed.
    const { a, b } = withMcnemar.correct;
    const cell = (ca: number, cb: number) => a.reduce((n, row, s) => n + row.reduce((k, v, i) => k + (v === ca && b[s][i] === cb ? 1 : 0), 0), 0) / a.length;
    figures.mcnemar = mcnemarTableFigure({ bothCorrect: cell(1, 1), onlyA: cell(1, 0), onlyB: cell(0, 1), bothWrong: cell(0, 0) },
      { labelA: withMcnemar.variant, labelB: baseline, title: `Paired correctness on the test set, mean per seed over ${a.length} seeds` });
  }

  const rows: ExperimentAnalysis['rows'] = {
    runs: runRows,
    summary: summaries as unknown as Record<string, unknown>[],
    comparisons: comparisons.map(({ row }) => ({ ...row, pSeedAveraged: row.pSeedAveraged ?? NaN, mcnemarSeedsBelowAlpha: row.mcnemarSeedsBelowAlpha ?? '' })),
  };
  let tables: ExperimentAnalysis['tables'] | undefined;
  const analysis: ExperimentAnalysis = {
    name: config.name, metric, baseline, margin, correction, alpha, runs: experiment.runs, summaries, comparisons, figures, rows,
    get tables() {
      tables ??= { runs: toDataFrame(rows.runs), summary: toDataFrame(rows.summary), comparisons: toDataFrame(rows.comparisons) };
      return tables;
    },
    print: () => [
      `Experiment ${config.name}: ${metric} (${higherIsBetter ? 'higher' : 'lower'} is better), baseline ${baseline}, margin ${formatNumber(margin)}`,
      ...summaries.map((s) => `  ${s.variant.padEnd(16)} ${formatNumber(s.mean)} ± ${formatNumber(s.sd)} (n = ${s.runs}, IQM ${formatNumber(s.iqm)}, ${formatNumber(s.trainSeconds)} s/run)`),
      ...comparisons.map(({ row, detail }) => `  ${row.comparison}: ${formatNumber(row.meanDifference)} [${formatNumber(row.ciLower)}, ${formatNumber(row.ciUpper)}], ` +
        `p(t over seeds) ${formatPValue(row.pPairedT)}, ${correction}-adjusted ${formatPValue(row.pAdjusted)}` +
        `${row.pSeedAveraged === null ? '' : `; over test samples: seed-averaged sign-flip p ${formatPValue(row.pSeedAveraged)}, McNemar below ${formatNumber(alpha)} in ${row.mcnemarSeedsBelowAlpha} seeds`}\n    ${detail.verdict.text}`),
    ].join('\n'),
  };
  return analysis;
}
