/** The seeded order in which an epoch visits the training samples. */
import { Random } from '../../core/random.js';
import { deriveSeed } from '../seeds.js';

/**
 * A generator of per-epoch permutations of 0 … n−1 (Fisher–Yates with the run seed's 'shuffle'
 * stream): the same seed gives the same sequence of epochs in every replica and every run.
 * @example
 * const nextOrder = epochOrders(7, 1000);
 * const first = nextOrder(), second = nextOrder();
 */
export function epochOrders(seed: number, n: number): () => number[] {
  const shuffles = new Random(deriveSeed(seed, 'shuffle'));
  return () => shuffles.shuffle(Array.from({ length: n }, (_, i) => i));
}
