export type { DriftLevel } from './driftLevel.js';
export { ksTwoSample, type KsTwoSampleDetails, type KsTwoSampleOptions, type KsMethod } from './ksTwoSample.js';
export { jensenShannonDistance, type JensenShannonOptions, type JensenShannonResult } from './jensenShannonDistance.js';
export { populationStabilityIndex, type PsiOptions, type PsiResult } from './populationStabilityIndex.js';
export {
  predictionDrift, type ChiSquareHomogeneityDetails, type PredictionDriftOptions, type PredictionDriftResult, type PredictionKind,
} from './predictionDrift.js';
export {
  binnedScoreStatisticsOfUnits, binProportionCovariance, emptyBinnedScoreStatistics, type BinnedScoreStatistics,
} from './binnedScoreStatistics.js';
export {
  sequentialBinnedDrift, sequentialBinnedDriftPower, type SequentialBinnedDriftDetails, type SequentialBinnedDriftOptions, type SequentialBinnedDriftPowerOptions,
} from './sequentialBinnedDrift.js';
