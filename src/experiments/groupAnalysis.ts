/**
 * The "groups" part of an experiment's analysis: when the test set has groups (e.g. a CSV's
 * groupColumn), every variant's metrics by group, its per-group differences from the baseline
 * and its fairness gaps, over the seeds.
 */
import type { Figure } from '../helpers/plot.js';
import { InvalidArgumentError } from '../core/errors.js';
import { assertOpenUnitInterval, checkOptions } from '../core/validate.js';
import { forestPlotFigure } from '../plots/figures.js';
import { groupMetricsFigure } from '../plots/segments.js';
import { compareGroups, type GroupComparison } from '../stats/fairness/compareGroups.js';
import type { PAdjustMethod } from '../stats/multiple/pAdjust.js';
import type { RunRecord } from './runStore.js';

export interface ExperimentGroupAnalysis {
  comparison: GroupComparison;
  /** Rows of the groups tables (also written as CSV). */
  rows: { groupMetrics: Record<string, unknown>[]; groupDifferences: Record<string, unknown>[]; fairnessGaps: Record<string, unknown>[] };
  figures: { accuracy: Figure; differences: Figure };
  print(): string;
}

export interface AnalyzeGroupsOptions {
  baseline: string;
  /** Across groups, per variant. Default 'holm'. */
  correction?: PAdjustMethod;
  /** Default 0.05 (intervals at 1 − alpha). */
  alpha?: number;
  /** Default 1000. */
  resamples?: number;
  /** Default 0. */
  seed?: number;
}

/**
 * Per-group analysis of an experiment's classifier runs ({@link compareGroups} on the stored
 * per-sample predictions, labels and groups of every run), or null when the runs have no groups.
 * Only seeds run by every variant are used, so the comparison stays paired.
 * @throws {InvalidArgumentError} when runs disagree on the test set (labels or groups differ).
 * @example
 * const groups = analyzeGroups(runs, { baseline: 'small' }); // null unless the dataset has a groupColumn
 * groups?.print();
 */
export function analyzeGroups(runs: readonly RunRecord[], options: AnalyzeGroupsOptions): ExperimentGroupAnalysis | null {
  if (!Array.isArray(runs as unknown)) throw new InvalidArgumentError('runs', runs, 'expected an array of run records');
  runs.forEach((run, i) => {
    if (typeof run !== 'object' || run === null) throw new InvalidArgumentError(`runs[${i}]`, run, 'expected a run record');
  });
  options = checkOptions('options', options);
  if (typeof options.baseline !== 'string') throw new InvalidArgumentError('options.baseline', options.baseline, 'expected the name of the baseline variant');
  if (options.alpha !== undefined) assertOpenUnitInterval('options.alpha', options.alpha);
  const usable = runs.filter((r) => r.groups && r.predictions && r.labels);
  if (usable.length === 0) return null;
  const reference = usable[0];
  for (const run of usable) {
    if (run.labels!.length !== reference.labels!.length || run.labels!.some((y, i) => y !== reference.labels![i]) || run.groups!.some((g, i) => g !== reference.groups![i])) {
      throw new InvalidArgumentError(`runs of ${run.key}`, run.key, `expected the same test set (labels and groups) as ${reference.key}`);
    }
  }
  const variants = [...new Set(usable.map((r) => r.variant))];
  const seeds = [...new Set(usable.map((r) => r.seed))].filter((s) => variants.every((v) => usable.some((r) => r.variant === v && r.seed === s)));
  if (variants.length < 2 || seeds.length === 0 || !variants.includes(options.baseline)) return null;
  const alpha = options.alpha ?? 0.05;
  const comparison = compareGroups({
    labels: reference.labels!, groups: reference.groups!,
    variants: Object.fromEntries(variants.map((v) => [v, seeds.map((seed) => ({ seed, predictions: usable.find((r) => r.variant === v && r.seed === seed)!.predictions! }))])),
  }, { baseline: options.baseline, correction: options.correction, confidenceLevel: 1 - alpha, resamples: options.resamples, seed: options.seed });
  const level = `${Math.round(100 * (1 - alpha))}%`;
  return {
    comparison,
    rows: {
      groupMetrics: comparison.metrics.map((m) => ({ ...m })),
      groupDifferences: comparison.differences.map((d) => ({ ...d })),
      fairnessGaps: comparison.gaps.map((g) => ({ ...g })),
    },
    figures: {
      accuracy: groupMetricsFigure(comparison.metrics, { metric: 'accuracy', title: `Accuracy by group over ${seeds.length} seeds (${level} bootstrap intervals)` }),
      differences: forestPlotFigure(comparison.differences.map((d) => ({ label: `${d.variant} − ${d.baseline}: ${d.group}`, estimate: d.estimate, lower: d.lower, upper: d.upper, pValue: d.pAdjusted })),
        { xTitle: 'accuracy difference', title: `Accuracy difference by group (${level} CI; ${comparison.correction}-adjusted p in hover)` }),
    },
    print: comparison.print,
  };
}
