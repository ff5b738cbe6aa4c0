import { formatNumber } from '../core/htest.js';
import { expectedLoss } from './expectedLoss.js';
import { liftCredibleInterval, type LiftInterval, type LiftOptions } from './liftCredibleInterval.js';
import type { Posterior } from './posterior.js';
import { probabilityBBeatsA } from './probabilityBBeatsA.js';

/** Everything a Bayesian A/B read-out reports, with a printable summary. */
export interface BayesianABSummary {
  posteriorA: Posterior;
  posteriorB: Posterior;
  /** P(θ_B > θ_A), exact. */
  probabilityBBeatsA: number;
  /** Expected loss of choosing A and of choosing B, exact. */
  expectedLossA: number;
  expectedLossB: number;
  /** Credible interval of the relative lift θ_B/θ_A − 1 (Monte Carlo). */
  lift: LiftInterval;
  print(): string;
  toString(): string;
}

/**
 * Bayesian A/B summary of two posteriors of the same kind: P(B > A) and both expected losses
 * (exact, see {@link probabilityBBeatsA} and {@link expectedLoss}), the posterior credible intervals
 * and a Monte Carlo credible interval of the relative lift (see {@link liftCredibleInterval}).
 *
 * @throws {InvalidArgumentError} as the functions it combines.
 * @example
 * const a = betaBinomialPosterior({ successes: 100, trials: 1000 });
 * const b = betaBinomialPosterior({ successes: 130, trials: 1000 });
 * bayesianABSummary(a, b).probabilityBBeatsA; // 0.9821650661163513
 */
export function bayesianABSummary(postA: Posterior, postB: Posterior, options: LiftOptions = {}): BayesianABSummary {
  const loss = expectedLoss(postA, postB);
  const lift = liftCredibleInterval(postA, postB, options);
  const pBetter = probabilityBBeatsA(postA, postB);
  const print = (): string => {
    const ciA = postA.credibleInterval(lift.level);
    const ciB = postB.credibleInterval(lift.level);
    const percent = formatNumber(lift.level * 100);
    return [
      '',
      `\tBayesian A/B comparison (${postA.kind === 'beta' ? 'Beta-Binomial' : 'Normal'} model)`,
      '',
      `arm A: mean ${formatNumber(postA.mean)}, ${percent}% credible interval [${formatNumber(ciA.lower)}, ${formatNumber(ciA.upper)}]`,
      `arm B: mean ${formatNumber(postB.mean)}, ${percent}% credible interval [${formatNumber(ciB.lower)}, ${formatNumber(ciB.upper)}]`,
      `P(B > A) = ${formatNumber(pBetter)}`,
      `expected loss: choose A ${formatNumber(loss.chooseA)}, choose B ${formatNumber(loss.chooseB)}`,
      `relative lift B/A - 1: median ${formatNumber(lift.median)}, ${percent}% credible interval [${formatNumber(lift.lower)}, ${formatNumber(lift.upper)}]`,
      '',
    ].join('\n');
  };
  return {
    posteriorA: postA,
    posteriorB: postB,
    probabilityBBeatsA: pBetter,
    expectedLossA: loss.chooseA,
    expectedLossB: loss.chooseB,
    lift,
    print,
    toString: print,
  };
}
