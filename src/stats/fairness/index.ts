export { GROUP_METRICS, metricFrame, type DifferenceMethod, type GroupMetric, type GroupMetricRow, type MetricFrame, type MetricFrameOptions } from './metricFrame.js';
export { FAIRNESS_GAPS, fairnessGaps, type FairnessGaps } from './fairnessGaps.js';
export {
  compareGroups, type CompareGroupsInput, type CompareGroupsOptions, type FairnessGapEstimate, type GroupComparison,
  type GroupDifference, type GroupMetricEstimate, type SeedPredictions,
} from './compareGroups.js';
