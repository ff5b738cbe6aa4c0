/**
 * The two kinds of events an online experiment produces, with the checks every store applies
 * before accepting one (so a bad event is rejected alone and never poisons a batch).
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
  /** Wall time of the model call in milliseconds (high-resolution clock). */
  latencyMs: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  /** Error message when the model call failed, else `null`. */
  error: string | null;
}

/** A (possibly delayed) outcome of a unit: a conversion, revenue, a pre-period covariate... */
export interface OutcomeEvent {
  experiment: string;
  unitId: string;
  metric: string;
  value: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
}

/** Throws unless `value` is a non-empty string. */
export function assertNonEmptyString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidArgumentError(name, value, 'expected a non-empty string');
}

/** The fields every event has: an object with experiment, unitId and timestamp. */
function checkEventBase(event: { experiment: unknown; unitId: unknown; timestamp: unknown }, name: string): void {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidArgumentError(name, event, 'expected an object');
  }
  assertNonEmptyString(`${name}.experiment`, event.experiment);
  assertNonEmptyString(`${name}.unitId`, event.unitId);
  assertFiniteNumber(`${name}.timestamp`, event.timestamp);
}

function assertOptionalString(name: string, value: unknown): void {
  if (value !== null) assertNonEmptyString(name, value);
}

/** Validates a prediction event; argument names are prefixed with `name`. */
export function checkPredictionEvent(event: PredictionEvent, name = 'event'): void {
  checkEventBase(event, name);
  assertOptionalString(`${name}.arm`, event.arm);
  assertNonEmptyString(`${name}.modelVersion`, event.modelVersion);
  assertOptionalString(`${name}.segment`, event.segment);
  if (event.score !== null) assertFiniteNumber(`${name}.score`, event.score);
  assertFiniteNumber(`${name}.latencyMs`, event.latencyMs);
  if (event.error !== null && typeof event.error !== 'string') {
    throw new InvalidArgumentError(`${name}.error`, event.error, 'expected a string or null');
  }
}

/** Validates an outcome event; argument names are prefixed with `name`. */
export function checkOutcomeEvent(event: OutcomeEvent, name = 'event'): void {
  checkEventBase(event, name);
  assertNonEmptyString(`${name}.metric`, event.metric);
  assertFiniteNumber(`${name}.value`, event.value);
}
