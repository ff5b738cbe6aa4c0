export { BUCKET_COUNT, createSplitter, hashBucket, type Assignment, type Splitter, type SplitterOptions, type UnitId } from './splitter/splitter.js';
export {
  createAdaptiveAllocation, type AdaptiveAllocation, type AdaptiveAllocationOptions, type AdaptiveAssignment, type AllocationPeriod, type StickyAssignment,
} from './splitter/adaptiveAllocation.js';
export { openAdaptiveAllocation, type StoreAdaptiveAllocationOptions } from './splitter/openAdaptiveAllocation.js';
export { banditStatisticsQuery, toPeriodArmStatistics, type BanditStatisticsOptions } from './store/banditStatistics.js';
export {
  DUCKDB_EVENT_LIMITS, POSTGRES_EVENT_LIMITS, validateEvent, type ErrorKind, type EventStoreLimits, type OutcomeEvent, type PredictionEvent, type ValidPredictionEvent,
} from './store/events.js';
export { openEventStore, type EventStore, type EventStoreOptions, type EventTable } from './store/eventStore.js';
export {
  sufficientStatisticsQuery, sufficientStatisticsSql, type ArmStatistics, type SqlTarget, type SufficientStatisticsOptions,
} from './store/sufficientStatistics.js';
export {
  rewriteNamedParameters, SQL_DIALECTS, sqlDialect, sqlParameters, type BoundParameters, type ParameterStyle, type SqlDialect, type SqlDialectName, type SqlType,
} from './store/sqlDialect.js';
export {
  EVENT_COLUMNS, eventTablesSql, SCHEMA_MIGRATIONS, SchemaVersionError, type EventColumn, type EventTableNames, type SchemaMigration,
} from './store/eventSchema.js';
export {
  armScoreBinStatisticsOfUnits, checkScoreEdges, scoreBinStatisticsFromEvents, scoreBinStatisticsParameters, scoreBinStatisticsSql,
  toArmScoreBinStatistics, type ArmScoreBinStatistics, type ScoreBinStatisticsOptions,
} from './store/scoreBinStatistics.js';
export { ALL_TIME } from './store/timeWindow.js';
export {
  rowToCovarianceStats, rowToMeanStats, rowToProportionStats, toArmStatistic, toArmStatistics, type ArmStatisticsRow,
} from './store/armStatisticsConversions.js';
export {
  EXPOSURE_BY_ARM_SQL, EXPOSURE_EXAMPLES_SQL, EXPOSURE_SUMMARY_SQL, exposureIntegrity, type ArmExposure, type ExposureIntegrity, type SqlSource,
} from './store/exposureIntegrity.js';
export { exposureIntegrityGuardrail } from './rollout/exposureIntegrityGuardrail.js';
export { NO_SEGMENT, segmentArmsFromRows } from './store/segmentArms.js';
export {
  armStatisticsOfUnits, duckDbParameter, errorRateStats, guardrailMetricSummaries, guardrailStatisticsFromEvents, guardrailStatisticsParameters, guardrailStatisticsSql,
  latencyQuantileSummary, meanLatencyStats, toArmGuardrailStatistics,
  type ArmGuardrailStatistics, type GuardrailStatisticsOptions, type SqlParameter,
} from './store/guardrailStatistics.js';
export type { SampleSummary } from '../stats/core/summary.js';
export { systemClock, type Clock } from './server/clock.js';
export {
  createModelServer, defaultScore, ModelPredictionError,
  type ModelEndpoint, type ModelServer, type ModelServerOptions, type OutcomeReport, type ServedPrediction,
} from './server/modelServer.js';
export { tfjsModel, type TensorModel } from './server/tfjsModel.js';
export { createHttpServer, type HttpServerOptions } from './server/httpServer.js';
export { createVirtualClock, type VirtualClock } from './simulator/virtualClock.js';
export {
  simulateTraffic, type SegmentLevel, type SimulatedArm, type SimulationOptions, type SimulationSummary,
} from './simulator/simulateTraffic.js';
export {
  rolloutPower, simulateRollouts, type RolloutModelBehaviour, type RolloutPower, type RolloutSimulation, type SimulateRolloutsOptions,
} from './simulator/simulateRollouts.js';
export {
  DEFAULT_SCORE_EDGES, defaultGuardrails, errorRateGuardrail, guardrailCheck, latencyGuardrail, meanLatencyGuardrail, predictionDriftGuardrail, srmGuardrail,
  type Guardrail, type GuardrailCheck, type GuardrailContext, type GuardrailVerdict, type HarmGuardrailOptions, type PredictionDriftGuardrailOptions,
} from './rollout/guardrails.js';
export { evaluateGuardrails, type EvaluateGuardrailsOptions } from './rollout/evaluateGuardrails.js';
export {
  protectedSegmentsGuardrail, type ProtectedSegment, type ProtectedSegmentsOptions, type SegmentStatisticsSource,
} from './rollout/protectedSegmentsGuardrail.js';
export { protectedSegmentPower, type ProtectedSegmentPowerOptions } from './rollout/protectedSegmentPower.js';
export {
  createRolloutController, type GuardrailStatisticsSource, type RolloutAction, type RolloutController, type RolloutDecision, type RolloutOptions,
} from './rollout/rolloutController.js';
export { simulateLiveBandit, type LiveBanditSimulation, type LiveBanditSimulationOptions } from './simulator/simulateLiveBandit.js';
