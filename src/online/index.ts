export { BUCKET_COUNT, createSplitter, hashBucket, type Assignment, type Splitter, type SplitterOptions, type UnitId } from './splitter/splitter.js';
export {
  DUCKDB_EVENT_LIMITS, validateEvent, type ErrorKind, type EventStoreLimits, type OutcomeEvent, type PredictionEvent, type ValidPredictionEvent,
} from './store/events.js';
export { openEventStore, type EventStore, type EventStoreOptions, type EventTable } from './store/eventStore.js';
export { sufficientStatisticsSql, type ArmStatistics, type SufficientStatisticsOptions } from './store/sufficientStatistics.js';
export type { ArmMonitoring } from './store/monitoring.js';
export { rowToCovarianceStats, rowToMeanStats, rowToProportionStats } from './store/armStatisticsConversions.js';
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
  defaultGuardrails, errorRateGuardrail, guardrailCheck, latencyGuardrail, predictionDriftGuardrail, srmGuardrail,
  type Guardrail, type GuardrailCheck, type GuardrailContext, type GuardrailVerdict,
} from './rollout/guardrails.js';
export {
  createRolloutController, type RolloutAction, type RolloutController, type RolloutDecision, type RolloutOptions,
} from './rollout/rolloutController.js';
