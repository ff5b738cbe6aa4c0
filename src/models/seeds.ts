/** Named sub-seeds of a run seed, so weights, dropout, shuffling and splits draw from independent streams. */
import { checkSeed, Random } from '../core/random.js';

/**
 * A uint32 seed derived from `seed` and a purpose label (FNV-1a of the label mixed through xoshiro).
 * @throws InvalidArgumentError unless `seed` is an integer in [0, 2^32).
 * @example
 * const shuffleSeed = deriveSeed(7, 'shuffle'); // always the same number for (7, 'shuffle')
 */
export function deriveSeed(seed: number, purpose: string): number {
  assertSeed('seed', seed);
  let hash = 0x811c9dc5;
  for (let i = 0; i < purpose.length; i++) hash = Math.imul(hash ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  return new Random((seed ^ hash) >>> 0).nextUint32();
}

/**
 * Throws unless `value` is a valid seed: an integer in [0, 2^32).
 * @throws InvalidArgumentError naming `name`.
 * @example
 * assertSeed('options.seed', 42);
 */
export function assertSeed(name: string, value: unknown): asserts value is number {
  checkSeed(name, value);
}
