import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, assertPositive, checkOptions } from '../../core/validate.js';
import { makeBetaPosterior, type BetaPosterior } from './posterior.js';

/** Beta prior on a conversion rate; Beta(1, 1) is uniform, Beta(0.5, 0.5) is Jeffreys'. */
export interface BetaPrior {
  alpha: number;
  beta: number;
}

export interface BetaBinomialInput {
  /** Number of conversions (successes), an integer in [0, trials]. */
  successes: number;
  /** Number of Bernoulli trials (visitors, predictions), an integer ≥ 0. */
  trials: number;
  /** Beta prior, default uniform {alpha: 1, beta: 1}. */
  prior?: BetaPrior;
}

/**
 * A Beta prior given by a caller: `undefined` becomes the uniform Beta(1, 1); anything but
 * `{alpha, beta}` with both finite and > 0 is an error naming `name` (or `name.alpha`, `name.beta`).
 */
export function checkBetaPrior(name: string, value: unknown): BetaPrior {
  if (value === undefined) return { alpha: 1, beta: 1 };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(name, value, 'expected a Beta prior {alpha, beta}');
  const { alpha, beta } = value as Partial<BetaPrior>;
  assertPositive(`${name}.alpha`, alpha);
  assertPositive(`${name}.beta`, beta);
  return { alpha, beta };
}

/**
 * Conjugate posterior of a conversion rate: with a Beta(α, β) prior and `successes` out of `trials`
 * Bernoulli outcomes, the posterior is Beta(α + successes, β + trials − successes)
 * (Gelman et al., Bayesian Data Analysis, 3rd ed., §2.4).
 *
 * @throws {InvalidArgumentError} when counts are not integers, successes > trials, or a prior
 *   parameter is not a finite number > 0.
 * @example
 * betaBinomialPosterior({ successes: 12, trials: 100 }).alpha; // 13
 * betaBinomialPosterior({ successes: 12, trials: 100, prior: { alpha: 2, beta: 8 } }).mean; // 0.12727272727272726
 */
export function betaBinomialPosterior(input: BetaBinomialInput): BetaPosterior {
  if (input === undefined) throw new InvalidArgumentError('input', input, 'expected { successes, trials, prior? }');
  input = checkOptions('input', input);
  const { successes, trials } = input;
  assertInteger('input.trials', trials, 0);
  assertInteger('input.successes', successes, 0);
  if (successes > trials) throw new InvalidArgumentError('input.successes', successes, `expected at most input.trials (${trials})`);
  const prior = checkBetaPrior('input.prior', input.prior);
  return makeBetaPosterior(prior.alpha + successes, prior.beta + trials - successes);
}
