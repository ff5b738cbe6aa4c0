export { MeanStats, type MeanStatsJSON } from './meanStats.js';
export { ProportionStats, type ProportionStatsJSON } from './proportionStats.js';
export { CovarianceStats, RatioStats, type CovarianceStatsJSON, type PairedArrays } from './covarianceStats.js';
export { twoProportionZTest, type TwoProportionDetails, type TwoProportionZTestOptions } from './twoProportionZTest.js';
export { meanDifferenceTest, type MeanDifferenceDetails, type MeanDifferenceTestOptions } from './meanDifferenceTest.js';
export { absoluteLift, relativeLift, type AbsoluteLiftOptions, type LiftEstimate, type RelativeLiftOptions } from './lift.js';
export { ratioMetricTest, type RatioMetricDetails, type RatioMetricTestOptions } from './ratioMetricTest.js';
export { nonInferiorityTest, type NonInferiorityDetails, type NonInferiorityOptions, type NonInferiorityResult } from './nonInferiorityTest.js';
export { srmTest, type SrmDetails, type SrmResult, type SrmTestOptions } from './srmTest.js';
export { cupedTest, type CupedDetails, type CupedTestOptions } from './cupedTest.js';
export type { ZTestDetails } from './normalTest.js';
export { relativeCupedTest, type RelativeCupedDetails, type RelativeCupedTestOptions } from './relativeCupedTest.js';
export { ratioCupedTest, type RatioCupedDetails, type RatioCupedTestOptions } from './ratioCupedTest.js';
export { MomentMatrixStats } from './momentMatrixStats.js';
export { relativeLiftTest, type RelativeLiftDetails, type RelativeLiftTestOptions } from './relativeLiftTest.js';
export { effectTestResult, welchDf, type ReferenceDistribution } from './effectTest.js';
export { cohensH } from './cohensH.js';
export type { PowerOptions, SampleSizeResult } from './normalPower.js';
export {
  proportionsMde, proportionsPower, proportionsPowerCurve, proportionsSampleSize,
  type PowerCurveRow, type ProportionsDesignOptions, type ProportionsMde, type ProportionsMdeOptions,
  type ProportionsPowerCurveOptions, type ProportionsPowerOptions, type ProportionsSampleSizeOptions,
} from './proportionsPower.js';
export { meansSampleSize, type MeansSampleSizeOptions } from './meansSampleSize.js';
export { meansPower, type MeansPowerOptions } from './meansPower.js';
export { meansMde, type MeansMdeOptions } from './meansMde.js';
export { midExperimentPower, type MidExperimentPowerOptions, type MidExperimentPowerResult } from './midExperimentPower.js';
export { testDuration, type TestDurationOptions, type TestDurationResult } from './testDuration.js';
export { simulateAATests, type SimulateAAOptions, type SimulateAAResult } from './simulateAATests.js';
export {
  analyzeMetrics, type AnalyzeMetricsOptions, type GuardrailInput, type MetricInput, type MetricRole, type MetricRow,
  type MetricsAnalysis, type MetricsInput,
} from './analyzeMetrics.js';
export { heterogeneityTest, type EffectEstimate, type HeterogeneityDetails } from './heterogeneityTest.js';
export {
  segmentEffects, type SegmentArms, type SegmentEffect, type SegmentEffectsOptions, type SegmentEffectsResult,
} from './segmentEffects.js';

export {
  quantileBoundLevels, quantileClustered, quantileTest, summarizeQuantile,
  type QuantileClusterSums, type QuantileEstimate, type QuantileSummary,
} from './quantileClustered.js';
export {
  postStratifiedTest, type PostStratifiedDetails, type PostStratifiedResult, type PostStratifiedTestOptions, type StratumEstimate, type Stratum,
} from './postStratifiedTest.js';
