import { InsufficientDataError, InvalidArgumentError } from './errors.js';

/** Alternative hypothesis, spelled as in R and scipy. */
export type Alternative = 'two-sided' | 'less' | 'greater';
export const ALTERNATIVES: readonly Alternative[] = ['two-sided', 'less', 'greater'];

/** Throws unless `value` is a finite number. */
export function assertFiniteNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(name, value, 'expected a finite number');
  }
}

/** Throws unless `value` is an integer >= `min`. */
export function assertInteger(name: string, value: unknown, min = 0): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(name, value, `expected an integer >= ${min}`);
  }
}

/** Throws unless `value` is a number strictly inside (0, 1), e.g. alpha, power, a confidence level. */
export function assertOpenUnitInterval(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new InvalidArgumentError(name, value, 'expected a number strictly between 0 and 1');
  }
}

/** Throws unless `value` is a number in [0, 1], e.g. a probability or a p-value. */
export function assertProbability(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidArgumentError(name, value, 'expected a probability in [0, 1]');
  }
}

/** Throws unless `value` is a positive finite number. */
export function assertPositive(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(name, value, 'expected a finite number > 0');
  }
}

/** Validates an `alternative` option (default `'two-sided'`). */
export function checkAlternative(value: unknown, name = 'options.alternative'): Alternative {
  if (value === undefined) return 'two-sided';
  if (!ALTERNATIVES.includes(value as Alternative)) {
    throw new InvalidArgumentError(name, value, `expected one of ${ALTERNATIVES.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as Alternative;
}

/** Validates a string option against its allowed values, returning `fallback` when undefined. */
export function checkChoice<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (!Array.isArray(allowed)) throw new InvalidArgumentError('allowed', allowed, 'expected the list of allowed values');
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new InvalidArgumentError(name, value, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as T;
}

/** Validates a confidence level (default 0.95). */
export function checkConfidenceLevel(value: unknown, name = 'options.confidenceLevel'): number {
  if (value === undefined) return 0.95;
  assertOpenUnitInterval(name, value);
  return value;
}

/**
 * Returns `values` as a plain number array after checking every element is finite and that there
 * are at least `minLength` of them. Accepts arrays and typed arrays.
 */
export function toFiniteArray(name: string, values: unknown, minLength = 1): number[] {
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new InvalidArgumentError(name, values, 'expected an array of numbers');
  }
  const out = Array.from(values as ArrayLike<unknown>);
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`${name}[${i}]`, v, 'expected a finite number (no NaN, Infinity or non-numbers)');
    }
  }
  if (out.length < minLength) {
    throw new InsufficientDataError(name, values, `need at least ${minLength} value(s), got ${out.length}`);
  }
  return out as number[];
}

/** Throws unless the paired samples `a` and `b` have the same length. */
export function assertSameLength(nameA: string, a: ArrayLike<unknown>, nameB: string, b: ArrayLike<unknown>): void {
  assertArrayLike(nameA, a);
  assertArrayLike(nameB, b);
  if (a.length !== b.length) {
    throw new InvalidArgumentError(nameB, b,
      `paired data must have the same length as ${nameA} (${a.length}), got ${b.length}`);
  }
}

/** Returns a 0/1 array, accepting booleans or 0/1 numbers; anything else throws. */
export function toBinaryArray(name: string, values: unknown, minLength = 1): number[] {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) {
    throw new InvalidArgumentError(name, values, 'expected an array of booleans or 0/1 values');
  }
  const out = Array.from(values as ArrayLike<unknown>, (v, i) => {
    if (v === true || v === 1) return 1;
    if (v === false || v === 0) return 0;
    throw new InvalidArgumentError(`${name}[${i}]`, v, 'expected a boolean or 0/1 (per-sample correctness)');
  });
  if (out.length < minLength) {
    throw new InsufficientDataError(name, values, `need at least ${minLength} value(s), got ${out.length}`);
  }
  return out;
}

/**
 * An options argument: `undefined` becomes `{}`; anything but a plain object (null, a number, an
 * array) is an error naming the argument, instead of a raw TypeError deeper down.
 * @example const { alpha = 0.05 } = checkOptions('options', options);
 */
export function checkOptions<T extends object>(name: string, value: T | undefined): Partial<T> & T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(name, value, 'expected an options object');
  return value;
}

/** Throws unless `value` is a function (a callback, a model factory...). */
export function assertFunction(name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new InvalidArgumentError(name, value, 'expected a function');
}

/** Throws unless `value` is an array or typed array (any length, any elements). */
export function assertArrayLike(name: string, value: unknown): asserts value is ArrayLike<unknown> {
  if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView))) throw new InvalidArgumentError(name, value, 'expected an array');
}

/**
 * Throws unless `value` is an integer in [min, max]: a bound on requested work (draws, runs,
 * resamples, epochs, bins), so a typo such as 1e12 fails at once with a clear error instead of
 * running for days or exhausting memory.
 */
export function assertWorkSize(name: string, value: unknown, min: number, max: number): asserts value is number {
  assertInteger(name, value, min);
  if (value > max) throw new InvalidArgumentError(name, value, `expected at most ${max} (a limit on requested work; split larger jobs)`);
}
