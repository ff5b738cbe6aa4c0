import { Random } from '../../core/random.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertWorkSize } from '../../core/validate.js';

/** Seed used when none is given, so results are reproducible by default. */
export const DEFAULT_SEED = 0;
/** Default number of resamples (scipy's default). */
export const DEFAULT_RESAMPLES = 9999;

/** Options shared by every resampling routine. */
export interface ResamplingOptions {
  /** Number of bootstrap resamples / random permutations (default 9999, as scipy). */
  nResamples?: number;
  /** Confidence level of the interval (default 0.95). */
  confidenceLevel?: number;
  /** Integer seed in [0, 2^32) of the {@link Random} stream (default 0). */
  seed?: number;
}


/** Validated resample count (default 9999); `min` is the smallest count the method can use. */
export function checkResampleCount(value: unknown, min: number): number {
  if (value === undefined) return DEFAULT_RESAMPLES;
  assertWorkSize('options.nResamples', value, min, 10_000_000);
  return value;
}

/** The seeded generator for `options.seed` (default {@link DEFAULT_SEED}). */
export function randomFromSeed(seed: unknown): Random {
  if (seed === undefined) return new Random(DEFAULT_SEED);
  return new Random(seed as number, 'options.seed');
}

/** Throws unless `value` is undefined or a boolean; returns it with `fallback` for undefined. */
export function checkBoolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(name, value, 'expected true or false');
  return value;
}

/** Sample standard deviation (denominator n − 1) of a bootstrap distribution: the bootstrap standard error. */
export function standardError(values: ArrayLike<number>): number {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return Math.sqrt(squares / (n - 1));
}
