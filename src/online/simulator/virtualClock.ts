/** A settable clock for simulations: event time and model latency advance only when told to. */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber } from '../../core/validate.js';
import type { Clock } from '../server/clock.js';

/** A {@link Clock} driven by the simulation. */
export interface VirtualClock extends Clock {
  /** Jumps wall time to `epochMs` (never backwards). */
  setTime(epochMs: number): void;
  /** Lets `ms` of model compute time pass on the monotonic counter. */
  elapse(ms: number): void;
}

/**
 * Creates a virtual clock starting at `epochMs`.
 * @throws {InvalidArgumentError} on a non-finite start, time or a negative elapse.
 * @example
 * const clock = createVirtualClock(0);
 * clock.elapse(2.5);
 * clock.monotonicNs() // 2500000n
 */
export function createVirtualClock(epochMs: number): VirtualClock {
  assertFiniteNumber('epochMs', epochMs);
  let wall = epochMs;
  let monotonic = 0n;
  return {
    now: () => wall,
    monotonicNs: () => monotonic,
    setTime(next) {
      assertFiniteNumber('epochMs', next);
      wall = Math.max(wall, next);
    },
    elapse(ms) {
      if (typeof ms !== 'number' || !(ms >= 0 && ms < Infinity)) throw new InvalidArgumentError('ms', ms, 'expected a finite duration >= 0');
      monotonic += BigInt(Math.round(ms * 1e6));
    },
  };
}
