/** Option handling shared by the Monte Carlo posterior summaries. */
import { assertInteger, assertWorkSize } from '../../core/validate.js';
import { Random } from '../../core/random.js';

export interface MonteCarloOptions {
  /** Number of joint posterior draws (default 100 000). */
  nDraws?: number;
  /** Seed of the {@link Random} generator (default 1): the same seed gives the same answer. */
  seed?: number;
}

export function monteCarloSetup(options: MonteCarloOptions): { nDraws: number; rng: Random } {
  const { nDraws = 100_000, seed = 1 } = options;
  assertWorkSize('options.nDraws', nDraws, 1, 100_000_000);
  return { nDraws, rng: new Random(seed, 'options.seed') };
}
