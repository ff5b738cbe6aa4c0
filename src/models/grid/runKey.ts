import { InvalidArgumentError } from '../../core/errors.js';
import { assertSeed } from '../seeds.js';

/**
 * Key (file name stem) of the run of `variant` with `seed`.
 * @throws {InvalidArgumentError} unless `variant` is a name of letters, digits, "_", "-", "." (not
 *   "." or "..", no "__") and `seed` an integer in [0, 2^32).
 * @example runKey('dropout', 3) // 'dropout__seed3'
 */
export function runKey(variant: string, seed: number): string {
  if (typeof variant !== 'string' || !/^(?!\.{1,2}$)[\w.-]+$/.test(variant) || variant.includes('__')) {
    throw new InvalidArgumentError('variant', variant, 'expected a name of letters, digits, "_", "-" or "." (no "__", not "." or "..")');
  }
  assertSeed('seed', seed);
  return `${variant}__seed${seed}`;
}
