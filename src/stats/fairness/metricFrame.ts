/**
 * Disaggregated classifier metrics, after Fairlearn's MetricFrame: each metric overall and per
 * group of a sensitive feature, with the group minimum, maximum and the between-group difference.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { checkChoice } from '../../core/validate.js';
import { formatNumber } from '../core/htest.js';
import { groupSamples, sumTallies, tallyGroups, toClassArray, type GroupTally } from './groupTallies.js';

/** The metrics of a {@link MetricFrame}; the last three need a positive class. */
export const GROUP_METRICS = ['accuracy', 'errorRate', 'selectionRate', 'truePositiveRate', 'falsePositiveRate'] as const;
export type GroupMetric = (typeof GROUP_METRICS)[number];

/** One row of a metric frame: a group (or 'overall') with its size and metrics. */
export interface GroupMetricRow extends Record<GroupMetric, number | null> {
  group: string;
  n: number;
  accuracy: number;
  errorRate: number;
  /** Share of samples predicted positive; null without a positive class. */
  selectionRate: number | null;
  /** Recall of the positive class; null without a positive class or when the group has no positive label. */
  truePositiveRate: number | null;
  /** Share of negatives predicted positive; null without a positive class or when the group has no negative label. */
  falsePositiveRate: number | null;
}

/** How a between-group disparity is measured (Fairlearn's `method`). */
export type DifferenceMethod = 'between_groups' | 'to_overall';

export interface MetricFrameOptions {
  /**
   * Class treated as the positive (selected) outcome for selection rate, TPR and FPR. Default 1
   * when every label and prediction is 0 or 1; otherwise give it (one-vs-rest) or go without the
   * binary metrics (null).
   */
  positiveClass?: number | null;
}

export interface MetricFrame {
  positiveClass: number | null;
  overall: GroupMetricRow;
  /** One row per group, sorted by group name. */
  byGroup: GroupMetricRow[];
  /** Smallest / largest group value of a metric (groups where it is undefined are skipped). */
  groupMin(metric: GroupMetric): number;
  groupMax(metric: GroupMetric): number;
  /** 'between_groups': max − min over groups; 'to_overall': max |group − overall|. */
  difference(metric: GroupMetric, method?: DifferenceMethod): number;
  /** Group with the lowest accuracy (first by name on ties). */
  worstGroup(): GroupMetricRow;
  print(): string;
}

/** Metrics of one tally; rates with an empty denominator are null. */
export function tallyMetrics(group: string, t: GroupTally, binary: boolean): GroupMetricRow {
  const accuracy = t.correct / t.n;
  return {
    group, n: t.n, accuracy, errorRate: 1 - accuracy,
    selectionRate: binary ? t.selected / t.n : null,
    truePositiveRate: binary && t.positives > 0 ? t.truePositives / t.positives : null,
    falsePositiveRate: binary && t.negatives > 0 ? t.falsePositives / t.negatives : null,
  };
}

/** Default positive class: 1 for 0/1 data, else none. */
export function resolvePositiveClass(positiveClass: number | null | undefined, labels: Int32Array, predictions: Int32Array[]): number | null {
  if (positiveClass === null) return null;
  if (positiveClass !== undefined) {
    if (!Number.isInteger(positiveClass) || positiveClass < 0) throw new InvalidArgumentError('options.positiveClass', positiveClass, 'expected a class index (integer >= 0) or null');
    if (!labels.includes(positiveClass) && !predictions.some((p) => p.includes(positiveClass))) throw new InvalidArgumentError('options.positiveClass', positiveClass, 'expected a class that occurs in the labels or predictions');
    return positiveClass;
  }
  const binary = (values: Int32Array) => values.every((v) => v <= 1);
  return binary(labels) && predictions.every(binary) ? 1 : null;
}

/** Values of a metric over the groups where it is defined. */
function definedValues(rows: readonly GroupMetricRow[], metric: GroupMetric): number[] {
  return rows.map((r) => r[metric]).filter((v): v is number => v !== null);
}

/**
 * Largest minus smallest group value (`between_groups`) or the largest absolute deviation of a
 * group from the overall value (`to_overall`); NaN when fewer than one group has the metric.
 */
export function groupDifference(rows: readonly GroupMetricRow[], overall: GroupMetricRow, metric: GroupMetric, method: DifferenceMethod = 'between_groups'): number {
  const values = definedValues(rows, metric);
  if (values.length === 0) return NaN;
  if (method === 'between_groups') return Math.max(...values) - Math.min(...values);
  const reference = overall[metric];
  return reference === null ? NaN : Math.max(...values.map((v) => Math.abs(v - reference)));
}

/**
 * Per-group and overall accuracy, error rate, selection rate, true positive rate (recall) and
 * false positive rate of one classifier, as Fairlearn's `MetricFrame(metrics=…, y_true, y_pred,
 * sensitive_features)` with `accuracy_score`, `selection_rate`, `true_positive_rate` and
 * `false_positive_rate` (fairlearn/metrics/_base_metrics.py, _metric_frame.py). In words:
 * accuracy = share of samples predicted right; selection rate = share predicted positive;
 * TPR = predicted positive among labelled positive; FPR = predicted positive among labelled
 * negative; difference('between_groups') = group max − group min; difference('to_overall') =
 * largest |group − overall|.
 *
 * Where ablab differs from Fairlearn: (1) a TPR or FPR whose denominator is empty in a group is
 * null and left out of min/max/difference — Fairlearn (through scikit-learn's confusion_matrix
 * with normalize='true') reports 0 there, which can invent a disparity; (2) multiclass data is
 * allowed with a `positiveClass` (one-vs-rest), where Fairlearn refuses more than two labels;
 * (3) no sample weights. Per-class recall is the accuracy of groups formed by the true class
 * (`groups = labels.map(String)`).
 * Reference: Weerts et al. (2023) "Fairlearn: Assessing and improving fairness of AI systems", JMLR 24(257).
 *
 * @throws {InvalidArgumentError} on labels or predictions that are not class indices, lengths that
 *   differ, group names that are not non-empty strings, a bad positive class or method.
 * @throws {InsufficientDataError} on no samples.
 * @example
 * const frame = metricFrame([1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 1, 0], ['a', 'a', 'a', 'b', 'b', 'b']);
 * frame.byGroup.map((r) => r.selectionRate); // [0.3333333333333333, 0.6666666666666666]
 * frame.difference('selectionRate'); // 0.3333333333333333 (Fairlearn's demographic_parity_difference)
 */
export function metricFrame(labels: ArrayLike<number>, predictions: ArrayLike<number>, groups: ArrayLike<string>, options: MetricFrameOptions = {}): MetricFrame {
  const samples = groupSamples(labels, groups);
  const predicted = toClassArray('predictions', predictions, samples.labels.length);
  const positiveClass = resolvePositiveClass(options.positiveClass, samples.labels, [predicted]);
  const tallies = tallyGroups(samples, predicted, positiveClass);
  const binary = positiveClass !== null;
  const byGroup = tallies.map((t, g) => tallyMetrics(samples.groupNames[g], t, binary));
  const overall = tallyMetrics('overall', sumTallies(tallies), binary);
  const checkMetric = (metric: GroupMetric) => checkChoice('metric', metric, GROUP_METRICS, 'accuracy');
  const extreme = (metric: GroupMetric, pick: (...values: number[]) => number) => {
    const values = definedValues(byGroup, checkMetric(metric));
    return values.length ? pick(...values) : NaN;
  };
  return {
    positiveClass, overall, byGroup,
    groupMin: (metric) => extreme(metric, Math.min),
    groupMax: (metric) => extreme(metric, Math.max),
    difference: (metric, method = 'between_groups') =>
      groupDifference(byGroup, overall, checkMetric(metric), checkChoice('method', method, ['between_groups', 'to_overall'] as const, 'between_groups')),
    worstGroup: () => byGroup.reduce((worst, row) => (row.accuracy < worst.accuracy ? row : worst)),
    print: () => [
      `Metrics by group${binary ? ` (positive class ${positiveClass})` : ''}`,
      ...[overall, ...byGroup].map((r) => `  ${r.group.padEnd(14)} n = ${String(r.n).padStart(6)}  ` +
        GROUP_METRICS.filter((m) => r[m] !== null || binary).map((m) => `${m} ${r[m] === null ? '–' : formatNumber(r[m] as number)}`).join(', ')),
    ].join('\n'),
  };
}
