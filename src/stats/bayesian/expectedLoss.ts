import { normalCdf, normalPdf } from '../core/distributions.js';
import type { BetaPosterior, GaussianPosterior, Posterior } from './posterior.js';
import { assertSameKind, betaProbabilityGreater, gaussianDifference } from './probabilityBBeatsA.js';

/** Expected loss (in metric units) of shipping each arm. */
export interface ExpectedLoss {
  /** E[max(θ_B − θ_A, 0)]: what is lost on average by choosing A. */
  chooseA: number;
  /** E[max(θ_A − θ_B, 0)]: what is lost on average by choosing B. */
  chooseB: number;
}

/**
 * E[max(X − Y, 0)] for independent Beta posteriors. Since x·f_{α,β}(x) = (α/(α+β))·f_{α+1,β}(x),
 * E[X·1{X>Y}] = E[X]·P(X⁺ > Y) with X⁺ ~ Beta(α+1, β), so the loss is
 * E[X]·P(X⁺ > Y) − E[Y]·P(X > Y⁺), two exact probabilities (Stucchio 2015).
 */
function betaShortfall(X: BetaPosterior, Y: BetaPosterior): number {
  const xPlus = { alpha: X.alpha + 1, beta: X.beta };
  const yPlus = { alpha: Y.alpha + 1, beta: Y.beta };
  const loss = X.mean * betaProbabilityGreater(Y, xPlus) - Y.mean * betaProbabilityGreater(yPlus, X);
  return Math.max(0, loss);
}

/**
 * Expected loss of each decision in a Bayesian A/B test: choosing B loses E[max(θ_A − θ_B, 0)],
 * choosing A loses E[max(θ_B − θ_A, 0)]. A common stopping rule ships the arm whose expected loss
 * is below a "threshold of caring" (Stucchio 2015, "Bayesian A/B Testing at VWO").
 *
 * Beta posteriors: E[θ_A]·P(θ_A⁺ > θ_B) − E[θ_B]·P(θ_A > θ_B⁺) with θ⁺ ~ Beta(α+1, β), each
 * probability exact as in {@link probabilityBBeatsA}. Normal posteriors: with D = θ_A − θ_B ~ N(m, s²),
 * E[max(D, 0)] = m·Φ(m/s) + s·φ(m/s).
 *
 * @throws {InvalidArgumentError} when the posteriors are not of the same kind.
 * @example
 * const a = betaBinomialPosterior({ successes: 10, trials: 100 });
 * const b = betaBinomialPosterior({ successes: 20, trials: 100 });
 * expectedLoss(a, b); // { chooseA: 0.09851857499027228, chooseB: 0.00047935930399779433 }
 */
export function expectedLoss(postA: Posterior, postB: Posterior): ExpectedLoss {
  assertSameKind(postA, postB);
  if (postA.kind === 'beta') {
    const b = postB as BetaPosterior;
    return { chooseA: betaShortfall(b, postA), chooseB: betaShortfall(postA, b) };
  }
  const { mean, sd } = gaussianDifference(postA, postB as GaussianPosterior);
  const z = mean / sd;
  return { chooseA: -mean * normalCdf(-z) + sd * normalPdf(z), chooseB: mean * normalCdf(z) + sd * normalPdf(z) };
}
