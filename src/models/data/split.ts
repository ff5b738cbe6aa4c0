/** Seeded permutations and splits: the same seed always gives the same partition. */
import { Random } from '../../core/random.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger } from '../../core/validate.js';
import { assertSeed } from '../seeds.js';
import { assertDataset, type Dataset, datasetSize, takeSamples } from './dataset.js';

/**
 * A seeded random permutation of 0 … n−1 (Fisher–Yates with xoshiro128**).
 * @throws InvalidArgumentError for a negative n or a bad seed.
 * @example
 * seededPermutation(5, 1); // e.g. [3, 0, 4, 1, 2], always the same for seed 1
 */
export function seededPermutation(n: number, seed: number | Random): number[] {
  assertInteger('n', n, 0);
  const rng = seed instanceof Random ? seed : (assertSeed('seed', seed), new Random(seed));
  return rng.shuffle(Array.from({ length: n }, (_, i) => i));
}

/**
 * Splits `data` at random into consecutive parts of the given sizes (in the order given), drawn
 * from one seeded permutation; samples beyond the total are left out.
 * @throws InvalidArgumentError when a size is not a non-negative integer or the sizes exceed the data.
 * @example
 * const { train, test } = splitDataset(data, { train: 800, test: 200 }, 42);
 */
export function splitDataset<K extends string>(data: Dataset, sizes: Record<K, number>, seed: number): Record<K, Dataset> {
  assertDataset('data', data, 0);
  if (typeof sizes !== 'object' || sizes === null || Array.isArray(sizes)) throw new InvalidArgumentError('sizes', sizes, 'expected { part: size, … }');
  assertSeed('seed', seed);
  const n = datasetSize(data);
  let total = 0;
  for (const [name, size] of Object.entries(sizes) as [string, number][]) {
    assertInteger(`sizes.${name}`, size, 0);
    total += size;
  }
  if (total > n) throw new InvalidArgumentError('sizes', sizes, `expected at most ${n} samples in total, got ${total}`);
  const order = seededPermutation(n, seed);
  const parts = {} as Record<K, Dataset>;
  let start = 0;
  for (const [name, size] of Object.entries(sizes) as [K, number][]) {
    parts[name] = takeSamples(data, order.slice(start, start + size));
    start += size;
  }
  return parts;
}
