/**
 * The usual fairness gaps of one classifier, from its per-group metrics.
 */
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
 */
export function fairnessGaps(byGroup: readonly GroupMetricRow[], overall: GroupMetricRow, method: DifferenceMethod = 'between_groups'): FairnessGaps {
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
