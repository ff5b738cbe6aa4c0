/**
 * The usual fairness gaps of one classifier, from its per-group metrics.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertArrayLike, checkChoice } from '../../core/validate.js';
import { groupDifference, type DifferenceMethod, type GroupMetricRow } from './metricFrame.js';

/** Fairness gaps of one model; binary gaps are NaN without a positive class. */
export interface FairnessGaps {
  /** Selection-rate difference across groups (Fairlearn demographic_parity_difference). */
  demographicParityDifference: number;
  /** max(TPR difference, FPR difference) (Fairlearn equalized_odds_difference, agg='worst_case'). */
  equalizedOddsDifference: number;
  truePositiveRateDifference: number;
  falsePositiveRateDifference: number;
  /** Lowest group accuracy (MetricFrame.group_min() of accuracy_score). */
  worstGroupAccuracy: number;
  /** Accuracy difference across groups. */
  accuracyDifference: number;
}

export const FAIRNESS_GAPS: readonly (keyof FairnessGaps)[] = [
  'demographicParityDifference', 'equalizedOddsDifference', 'truePositiveRateDifference', 'falsePositiveRateDifference',
  'worstGroupAccuracy', 'accuracyDifference',
];

/**
 * Fairness gaps of a model from its group rows (e.g. `metricFrame(...).byGroup`): demographic
 * parity difference = selection-rate difference; equalized-odds difference = the larger of the
 * TPR and FPR differences; worst-group accuracy = the smallest group accuracy; differences as
 * Fairlearn's MetricFrame.difference(method) (fairlearn/metrics/_fairness_metrics.py). A TPR/FPR
 * undefined in a group (no positive/negative label there) is left out, where Fairlearn counts 0.
 * @example
 * const frame = metricFrame([1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 1, 0], ['a', 'a', 'a', 'b', 'b', 'b']);
 * fairnessGaps(frame.byGroup, frame.overall).equalizedOddsDifference; // 0.5
 * @throws {InvalidArgumentError} unless byGroup and overall are metric rows (rates in [0, 1] or null) and method is
 * 'between_groups' or 'to_overall'; {InsufficientDataError} for no group.
 */
export function fairnessGaps(byGroup: readonly GroupMetricRow[], overall: GroupMetricRow, method: DifferenceMethod = 'between_groups'): FairnessGaps {
  assertArrayLike('byGroup', byGroup);
  if (byGroup.length === 0) throw new InsufficientDataError('byGroup', byGroup, 'need at least one group row');
  byGroup.forEach((row, i) => checkMetricRow(`byGroup[${i}]`, row));
  checkMetricRow('overall', overall);
  method = checkChoice('method', method, ['between_groups', 'to_overall'] as const, 'between_groups');
  const difference = (metric: 'accuracy' | 'selectionRate' | 'truePositiveRate' | 'falsePositiveRate') => groupDifference(byGroup, overall, metric, method);
  const truePositiveRateDifference = difference('truePositiveRate');
  const falsePositiveRateDifference = difference('falsePositiveRate');
  return {
    demographicParityDifference: difference('selectionRate'),
    equalizedOddsDifference: Math.max(truePositiveRateDifference, falsePositiveRateDifference),
    truePositiveRateDifference,
    falsePositiveRateDifference,
    worstGroupAccuracy: Math.min(...byGroup.map((r) => r.accuracy)),
    accuracyDifference: difference('accuracy'),
  };
}

/** Throws unless `row` is a metric row: accuracy a rate in [0, 1], the other rates in [0, 1] or null. */
function checkMetricRow(name: string, row: GroupMetricRow): void {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new InvalidArgumentError(name, row, 'expected a metric row such as metricFrame(...).overall');
  for (const metric of ['accuracy', 'selectionRate', 'truePositiveRate', 'falsePositiveRate'] as const) {
    const value = row[metric];
    if (value === null && metric !== 'accuracy') continue;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new InvalidArgumentError(`${name}.${metric}`, value, `expected a rate in [0, 1]${metric === 'accuracy' ? '' : ' or null'}`);
  }
}
