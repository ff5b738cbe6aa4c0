/**
 * The two kinds of events an online experiment produces, and the one storage-independent check
 * every store applies before accepting one: each field is checked against what the store can hold
 * (its limits are data), so a bad event is refused alone, naming the field, and never reaches
 * (or fails) a write batch.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber } from '../../core/validate.js';

/** One served prediction: the exposure record of a unit (arm `null` = served outside the experiment). */
export interface PredictionEvent {
  experiment: string;
  unitId: string;
  arm: string | null;
  modelVersion: string;
  /** Segment for analysis (e.g. `'mobile/DE'`), or `null`. */
  segment: string | null;
  /** The model output, stored as JSON text; `null` when the model failed. */
  prediction: unknown;
  /** A numeric summary of the prediction (used for drift checks), or `null`. */
  score: number | null;
  /** Wall time of the model call in milliseconds (high-resolution clock), >= 0. */
  latencyMs: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  /** Error message when the request failed, else `null`. */
  error: string | null;
  /**
   * Who caused `error`: `'model'` (the model failed: counts in the error-rate guardrail) or
   * `'input'` (the client sent features the model refused: logged, never counted in guardrails).
   * Default: `'model'` when there is an error, else `null`.
   */
  errorKind?: ErrorKind | null;
  /**
   * Adaptive allocation only: the probability, in (0, 1], with which the unit was given `arm` when
   * it was first assigned (a returning unit keeps both), for inverse-propensity-weighted analysis.
   * Default `null` (a fixed split, or a unit outside the experiment).
   */
  assignmentProbability?: number | null;
  /** Adaptive allocation only: the allocation period (weights version, an integer >= 0) of that assignment; with `assignmentProbability`. */
  allocationPeriod?: number | null;
}

/** Cause of a failed prediction request, see {@link PredictionEvent.errorKind}. */
export type ErrorKind = 'model' | 'input';
const ERROR_KINDS: readonly ErrorKind[] = ['model', 'input'];

/** A (possibly delayed) outcome of a unit: a conversion, revenue, a pre-period covariate... */
export interface OutcomeEvent {
  experiment: string;
  unitId: string;
  metric: string;
  value: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
}

/** What a store can hold, as data: {@link validateEvent} refuses anything outside it. */
export interface EventStoreLimits {
  /** Earliest and latest storable timestamp, epoch milliseconds. */
  minTimestampMs: number;
  maxTimestampMs: number;
  /** Longest text field (ids, names, messages, prediction JSON), in UTF-16 code units. */
  maxTextLength: number;
  /** Whether text may contain U+0000 (PostgreSQL `text` cannot). */
  allowNulCharacter: boolean;
}

/**
 * Limits of the DuckDB store: TIMESTAMP holds ±2⁶³ µs (about ±292,000 years), so the bound is
 * JavaScript's own Date range, ±8.64e15 ms (years −271821 to 275760), which lies inside it.
 */
export const DUCKDB_EVENT_LIMITS: Readonly<EventStoreLimits> = Object.freeze({
  minTimestampMs: -8.64e15,
  maxTimestampMs: 8.64e15,
  maxTextLength: 1 << 20,
  allowNulCharacter: true,
});

/**
 * Limits of the PostgreSQL store: `text` cannot hold U+0000, and TIMESTAMP starts at 4713 BC
 * (−210866803200000 ms); its end (294276 AD) lies beyond JavaScript's Date range, which bounds it.
 */
export const POSTGRES_EVENT_LIMITS: Readonly<EventStoreLimits> = Object.freeze({
  minTimestampMs: -210866803200000,
  maxTimestampMs: 8.64e15,
  maxTextLength: 1 << 20,
  allowNulCharacter: false,
});

/** A checked prediction event, ready to write: the prediction serialised, the error kind resolved. */
export interface ValidPredictionEvent extends Omit<PredictionEvent, 'errorKind' | 'assignmentProbability' | 'allocationPeriod'> {
  predictionJson: string | null;
  errorKind: ErrorKind | null;
  assignmentProbability: number | null;
  allocationPeriod: number | null;
}

/** Throws unless `value` is a non-empty string. */
export function assertNonEmptyString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidArgumentError(name, value, 'expected a non-empty string');
}

function checkText(name: string, value: unknown, limits: EventStoreLimits, nullable: boolean): void {
  if (nullable && value === null) return;
  assertNonEmptyString(name, value);
  if (value.length > limits.maxTextLength) {
    throw new InvalidArgumentError(name, `${value.slice(0, 40)}… (${value.length} characters)`, `expected at most ${limits.maxTextLength} characters`);
  }
  if (!limits.allowNulCharacter && value.includes('\u0000')) throw new InvalidArgumentError(name, value, 'expected text without NUL (U+0000) characters');
  if (/\p{Cs}/u.test(value)) throw new InvalidArgumentError(name, value, 'expected well-formed Unicode text (no lone surrogates)');
}

function checkTimestamp(name: string, value: unknown, limits: EventStoreLimits): void {
  assertFiniteNumber(name, value);
  if (value < limits.minTimestampMs || value > limits.maxTimestampMs) {
    throw new InvalidArgumentError(name, value,
      `expected epoch milliseconds between ${limits.minTimestampMs} and ${limits.maxTimestampMs} (what the store can hold)`);
  }
}

/** The adaptive-allocation fields: both or neither, only for a unit in an arm; a probability in (0, 1], a period that BIGINT holds exactly in JavaScript. */
function checkAllocation(name: string, arm: string | null, probability: unknown, period: unknown): void {
  if ((probability === null) !== (period === null)) {
    throw new InvalidArgumentError(`${name}.${probability === null ? 'assignmentProbability' : 'allocationPeriod'}`, null,
      'expected assignmentProbability and allocationPeriod together (both or neither)');
  }
  if (probability === null) return;
  if (arm === null) throw new InvalidArgumentError(`${name}.assignmentProbability`, probability, 'expected null for a unit outside the experiment (arm null)');
  if (typeof probability !== 'number' || !(probability > 0 && probability <= 1)) {
    throw new InvalidArgumentError(`${name}.assignmentProbability`, probability, 'expected a probability in (0, 1]');
  }
  if (!Number.isSafeInteger(period) || (period as number) < 0) throw new InvalidArgumentError(`${name}.allocationPeriod`, period, 'expected an integer >= 0');
}

/** Serialises a prediction up front, so an unserialisable or oversized one is refused alone. */
function predictionToJson(name: string, prediction: unknown, limits: EventStoreLimits): string | null {
  if (prediction === null || prediction === undefined) return null;
  let json: string | undefined;
  try {
    json = JSON.stringify(prediction);
  } catch (error) {
    throw new InvalidArgumentError(name, prediction, `expected a JSON-serialisable value (${(error as Error).message})`);
  }
  if (json === undefined) return null;
  checkText(name, json, limits, false);
  return json;
}

/**
 * Checks an event field by field against what a store can hold and returns it ready to write:
 * objects only; experiment, unitId, modelVersion, metric non-empty well-formed text of at most
 * `limits.maxTextLength` characters (arm, segment, error may be `null`); score and value finite;
 * latencyMs finite and >= 0; timestamp finite and within the store's range; the prediction
 * JSON-serialisable; assignmentProbability and allocationPeriod both given (a probability in (0, 1]
 * and an integer >= 0, at most 2^53 − 1) or both `null`, and only with an arm. Storage-independent: each store passes its own limits.
 * @param kind `'prediction'` or `'outcome'`.
 * @param name How the caller refers to the event in error messages (default `'event'`).
 * @throws {InvalidArgumentError} naming the first bad field (e.g. `event.timestamp`) and its value.
 * @example
 * validateEvent('outcome', { experiment: 'e', unitId: 'u', metric: 'm', value: 1, timestamp: 1e20 }, DUCKDB_EVENT_LIMITS)
 * // throws InvalidArgumentError: Invalid argument event.timestamp = 100000000000000000000: expected epoch milliseconds between -8640000000000000 and 8640000000000000 (what the store can hold).
 */
export function validateEvent(kind: 'prediction', event: PredictionEvent, limits: EventStoreLimits, name?: string): ValidPredictionEvent;
export function validateEvent(kind: 'outcome', event: OutcomeEvent, limits: EventStoreLimits, name?: string): OutcomeEvent;
export function validateEvent(kind: 'prediction' | 'outcome', event: PredictionEvent | OutcomeEvent, limits: EventStoreLimits, name = 'event'): ValidPredictionEvent | OutcomeEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new InvalidArgumentError(name, event, 'expected an object');
  checkText(`${name}.experiment`, event.experiment, limits, false);
  checkText(`${name}.unitId`, event.unitId, limits, false);
  checkTimestamp(`${name}.timestamp`, event.timestamp, limits);
  if (kind === 'outcome') {
    const outcome = event as OutcomeEvent;
    checkText(`${name}.metric`, outcome.metric, limits, false);
    assertFiniteNumber(`${name}.value`, outcome.value);
    return { experiment: outcome.experiment, unitId: outcome.unitId, metric: outcome.metric, value: outcome.value, timestamp: outcome.timestamp };
  }
  if (kind !== 'prediction') throw new InvalidArgumentError('kind', kind, "expected 'prediction' or 'outcome'");
  const prediction = event as PredictionEvent;
  checkText(`${name}.arm`, prediction.arm, limits, true);
  checkText(`${name}.modelVersion`, prediction.modelVersion, limits, false);
  checkText(`${name}.segment`, prediction.segment, limits, true);
  if (prediction.score !== null) assertFiniteNumber(`${name}.score`, prediction.score);
  assertFiniteNumber(`${name}.latencyMs`, prediction.latencyMs);
  if (prediction.latencyMs < 0) throw new InvalidArgumentError(`${name}.latencyMs`, prediction.latencyMs, 'expected a duration >= 0');
  checkText(`${name}.error`, prediction.error, limits, true);
  const errorKind = prediction.errorKind ?? (prediction.error === null ? null : 'model');
  if (errorKind !== null && !ERROR_KINDS.includes(errorKind)) throw new InvalidArgumentError(`${name}.errorKind`, errorKind, "expected 'model', 'input' or null");
  if ((errorKind === null) !== (prediction.error === null)) {
    throw new InvalidArgumentError(`${name}.errorKind`, errorKind, 'expected an error kind exactly when there is an error');
  }
  const { assignmentProbability = null, allocationPeriod = null } = prediction;
  checkAllocation(name, prediction.arm, assignmentProbability, allocationPeriod);
  return {
    experiment: prediction.experiment, unitId: prediction.unitId, arm: prediction.arm, modelVersion: prediction.modelVersion,
    segment: prediction.segment, prediction: prediction.prediction, predictionJson: predictionToJson(`${name}.prediction`, prediction.prediction, limits),
    score: prediction.score, latencyMs: prediction.latencyMs, timestamp: prediction.timestamp, error: prediction.error, errorKind,
    assignmentProbability, allocationPeriod,
  };
}
