/** Option handling shared by the dataset loaders that split data into train/validation/test. */
import { assertInteger } from '../../core/validate.js';
import { assertSeed } from '../seeds.js';

export interface SplitSizeOptions {
  trainSize?: number;
  validationSize?: number;
  testSize?: number;
  seed?: number;
}

/**
 * Resolves the split sizes (falling back to `defaults`) and the seed (default 0), ready for
 * splitDataset (which checks that they fit the data).
 * @throws InvalidArgumentError for a size that is not a non-negative integer, or a bad seed.
 * @example
 * checkSplitSizes({ trainSize: 100 }, { trainSize: 8000, validationSize: 1000, testSize: 1000 });
 */
export function checkSplitSizes(options: SplitSizeOptions, defaults: Required<Omit<SplitSizeOptions, 'seed'>>) {
  const seed = options.seed ?? 0;
  assertSeed('options.seed', seed);
  const resolved = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof typeof defaults)[]) {
    resolved[key] = options[key] ?? defaults[key];
    assertInteger(`options.${key}`, resolved[key], 0);
  }
  return { seed, sizes: { train: resolved.trainSize, validation: resolved.validationSize, test: resolved.testSize } };
}
