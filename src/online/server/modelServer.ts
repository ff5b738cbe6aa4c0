/**
 * Serving side of an online experiment: routes each request to the model of the unit's arm and
 * records the exposure (arm, model version, prediction, latency, time) before answering.
 */
import { AblabError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, checkOptions } from '../../core/validate.js';
import type { AdaptiveAllocation } from '../splitter/adaptiveAllocation.js';
import { checkUnitId, type Splitter, type UnitId } from '../splitter/splitter.js';
import { assertNonEmptyString } from '../store/events.js';
import type { EventStore } from '../store/eventStore.js';
import { systemClock, type Clock } from './clock.js';

/** Anything that predicts asynchronously (or synchronously), tagged with a version for the log. */
export interface ModelEndpoint<Features = unknown, Prediction = unknown> {
  version: string;
  predict(features: Features): Promise<Prediction> | Prediction;
}

/** Options of {@link createModelServer}. */
export interface ModelServerOptions {
  splitter: Splitter;
  /** One model per arm of the splitter. */
  models: Record<string, ModelEndpoint>;
  store: EventStore;
  /** Arm whose model serves units outside the experiment (logged with arm `null`). Default: the first (control) arm. */
  defaultArm?: string;
  /** Numeric summary of a prediction for drift checks. Default {@link defaultScore}. */
  score?: (prediction: unknown) => number | null;
  /** Time source. Default {@link systemClock}. */
  clock?: Clock;
  /**
   * Adaptive allocation over `splitter` (openAdaptiveAllocation): units are assigned through it,
   * its schedule runs on this server's clock, and each exposure is logged with the unit's
   * assignment probability and allocation period. Default: the splitter's fixed weights.
   */
  allocation?: AdaptiveAllocation;
}

/** The answer to one prediction request. */
export interface ServedPrediction {
  unitId: string;
  /** Arm of the unit, `null` outside the experiment. */
  arm: string | null;
  inExperiment: boolean;
  modelVersion: string;
  prediction: unknown;
  latencyMs: number;
  /** Epoch milliseconds at which the request arrived. */
  timestamp: number;
  /** With an adaptive allocation: the probability and period of the unit's assignment (`null` outside the experiment). */
  assignmentProbability?: number | null;
  allocationPeriod?: number | null;
}

/** An outcome reported for a unit, possibly long after its prediction. */
export interface OutcomeReport {
  metric: string;
  value: number;
  /** Epoch milliseconds or a Date; default: now. */
  timestamp?: number | Date;
}

/** A running model server. */
export interface ModelServer {
  readonly splitter: Splitter;
  readonly store: EventStore;
  /**
   * Serves the unit's model and resolves once the exposure is durably recorded.
   * @throws {ModelPredictionError} when the model fails (the failure is recorded first).
   * @throws {InvalidArgumentError} when the model refuses the features as malformed (by throwing an
   *   InvalidArgumentError itself): the client's error, logged with error kind 'input' and never
   *   counted by the guardrails.
   */
  predict(unitId: UnitId, features: unknown, context?: { segment?: string }): Promise<ServedPrediction>;
  /** Records a delayed outcome (conversion, revenue...) for a unit of this experiment. */
  recordOutcome(unitId: UnitId, outcome: OutcomeReport): Promise<void>;
}

/** A model threw or rejected while serving a request; `cause` is the original error. */
export class ModelPredictionError extends AblabError {
  readonly arm: string;
  readonly modelVersion: string;
  constructor(arm: string, modelVersion: string, cause: unknown) {
    super(`Model ${modelVersion} of arm ${arm} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.arm = arm;
    this.modelVersion = modelVersion;
    this.cause = cause;
  }
}

/** A failure's message as stored: never empty, at most 4,096 characters. */
function errorMessage(failure: unknown): string {
  const message = failure instanceof Error ? failure.message : String(failure);
  return message.length === 0 ? '(empty error message)' : message.slice(0, 4096);
}

/**
 * Default prediction score: a finite number is its own score, as is the only element of a
 * one-element array (a binary classifier's probability); anything else has no score.
 * @example defaultScore([0.7]) // 0.7
 */
export function defaultScore(prediction: unknown): number | null {
  const value = Array.isArray(prediction) && prediction.length === 1 ? prediction[0] : prediction;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Wraps per-arm models behind one `predict(unitId, features)`: the splitter picks the arm, the
 * arm's model answers, and the store gets one prediction event per request (latency from the
 * monotonic clock around the model call only). Outcomes are recorded by unit id, later.
 * @throws {InvalidArgumentError} when a splitter arm has no model or a model has no version.
 * @example
 * const server = createModelServer({
 *   splitter: createSplitter({ experiment: 'checkout' }),
 *   models: { control: { version: 'v1', predict: async () => 0.2 }, treatment: { version: 'v2', predict: async () => 0.3 } },
 *   store: await openEventStore(),
 * });
 * (await server.predict('user-3', { basket: 2 })).arm // 'control'
 */
export function createModelServer(options: ModelServerOptions): ModelServer {
  options = checkOptions('options', options);
  const { splitter, models, store } = options;
  if (typeof splitter?.assign !== 'function') throw new InvalidArgumentError('options.splitter', splitter, 'expected a splitter (createSplitter)');
  if (typeof store?.recordPrediction !== 'function') throw new InvalidArgumentError('options.store', store, 'expected an event store (openEventStore)');
  const clock = options.clock ?? systemClock;
  const score = options.score ?? defaultScore;
  const defaultArm = options.defaultArm ?? splitter.arms[0];
  if (typeof models !== 'object' || models === null) throw new InvalidArgumentError('options.models', models, 'expected an object of models by arm');
  for (const arm of splitter.arms) {
    const model = models[arm];
    if (typeof model?.predict !== 'function') {
      throw new InvalidArgumentError(`options.models.${arm}`, model, 'expected a model with a predict function for every arm');
    }
    assertNonEmptyString(`options.models.${arm}.version`, model.version);
  }
  const { allocation } = options;
  if (allocation !== undefined && allocation?.splitter !== splitter) {
    throw new InvalidArgumentError('options.allocation', allocation, 'expected an adaptive allocation over options.splitter');
  }
  if (!splitter.arms.includes(defaultArm)) {
    throw new InvalidArgumentError('options.defaultArm', defaultArm, `expected one of ${splitter.arms.join(', ')}`);
  }

  return {
    splitter,
    store,
    async predict(unitId, features, context = {}) {
      checkUnitId(unitId);
      const segment = context.segment ?? null;
      if (segment !== null) assertNonEmptyString('context.segment', segment);
      const timestamp = clock.now();
      const adaptiveAssignment = allocation ? await allocation.assign(unitId, timestamp) : null;
      const assignment = adaptiveAssignment ?? splitter.assign(unitId);
      const adaptive: Pick<ServedPrediction, 'assignmentProbability' | 'allocationPeriod'> = adaptiveAssignment
        ? { assignmentProbability: adaptiveAssignment.probability, allocationPeriod: adaptiveAssignment.period } : {};
      const servedArm = assignment.arm ?? defaultArm;
      const model = models[servedArm];
      const started = clock.monotonicNs();
      let prediction: unknown = null;
      let failure: unknown = null;
      try {
        prediction = await model.predict(features);
      } catch (error) {
        failure = error;
      }
      const inputRefused = failure instanceof InvalidArgumentError;
      const latencyMs = Number(clock.monotonicNs() - started) / 1e6;
      const event = {
        experiment: splitter.experiment,
        unitId: assignment.unitId,
        arm: assignment.arm,
        modelVersion: model.version,
        segment,
        prediction,
        score: failure === null ? score(prediction) : null,
        latencyMs,
        timestamp,
        error: failure === null ? null : errorMessage(failure),
        errorKind: failure === null ? null : inputRefused ? 'input' as const : 'model' as const,
        ...adaptive,
      };
      await store.recordPrediction(event);
      if (inputRefused) throw failure;
      if (failure !== null) throw new ModelPredictionError(servedArm, model.version, failure);
      return {
        unitId: assignment.unitId,
        arm: assignment.arm,
        inExperiment: assignment.inExperiment,
        modelVersion: model.version,
        prediction,
        latencyMs,
        timestamp,
        ...adaptive,
      };
    },
    async recordOutcome(unitId, outcome) {
      if (typeof outcome !== 'object' || outcome === null) throw new InvalidArgumentError('outcome', outcome, 'expected {metric, value, timestamp?}');
      const timestamp = outcome.timestamp instanceof Date ? outcome.timestamp.getTime() : outcome.timestamp ?? clock.now();
      assertNonEmptyString('outcome.metric', outcome.metric);
      assertFiniteNumber('outcome.value', outcome.value);
      assertFiniteNumber('outcome.timestamp', timestamp);
      await store.recordOutcome({
        experiment: splitter.experiment,
        unitId: checkUnitId(unitId),
        metric: outcome.metric,
        value: outcome.value,
        timestamp,
      });
    },
  };
}
