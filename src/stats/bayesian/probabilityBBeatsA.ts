import { betaCdf, normalCdf } from '../core/distributions.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { logBeta } from '../core/special.js';
import { betaExpectation } from './betaDistribution.js';
import type { BetaPosterior, GaussianPosterior, Posterior } from './posterior.js';

/** Closed-form sums longer than this fall back to quadrature (same accuracy, bounded cost). */
const MAX_SUM_TERMS = 1_000_000;
const RESCALE = 1e280;

/**
 * P(Y > X) for X ~ Beta(a, b), Y ~ Beta(c, d) with integer c, by Evan Miller's closed form
 * Σ_{i<c} B(a+i, b+d) / ((d+i)·B(1+i, d)·B(a, b)). Consecutive terms have the ratio
 * (a+i)(d+i)/((a+b+d+i)(1+i)), so only the first term needs log-beta functions; a running scale
 * keeps terms that start below the double range from underflowing.
 */
function millerSum(a: number, b: number, c: number, d: number): number {
  let logScale = logBeta(a, b + d) - logBeta(a, b);
  let term = 1;
  let sum = 0;
  for (let i = 0; i < c; i++) {
    sum += term;
    term *= ((a + i) * (d + i)) / ((a + b + d + i) * (1 + i));
    if (term > RESCALE) {
      term /= RESCALE;
      sum /= RESCALE;
      logScale += Math.log(RESCALE);
    }
  }
  return sum * Math.exp(logScale);
}

/**
 * P(p_B > p_A) for independent Beta posteriors. Exact by Miller's sum when any parameter is an
 * integer (using the symmetries P(B > A) = 1 − P(A > B) and p ↦ 1 − p to put the integer where the
 * sum needs it, choosing the shortest sum); otherwise E_B[F_A(p_B)] by adaptive quadrature.
 */
export function betaProbabilityGreater(A: { alpha: number; beta: number }, B: { alpha: number; beta: number }): number {
  const candidates: [number, () => number][] = [
    [B.alpha, () => millerSum(A.alpha, A.beta, B.alpha, B.beta)],
    [A.alpha, () => 1 - millerSum(B.alpha, B.beta, A.alpha, A.beta)],
    [A.beta, () => millerSum(B.beta, B.alpha, A.beta, A.alpha)],
    [B.beta, () => 1 - millerSum(A.beta, A.alpha, B.beta, B.alpha)],
  ];
  let best: (() => number) | undefined;
  let fewest = MAX_SUM_TERMS + 1;
  for (const [terms, evaluate] of candidates) {
    if (Number.isInteger(terms) && terms < fewest) {
      fewest = terms;
      best = evaluate;
    }
  }
  const p = best ? best() : betaExpectation(B.alpha, B.beta, (x) => betaCdf(x, A.alpha, A.beta));
  return Math.min(1, Math.max(0, p));
}

/** Checks that two posteriors are of the same model, which every A/B comparison needs. */
export function assertSameKind(postA: Posterior, postB: Posterior, nameB = 'postB'): void {
  if (postB?.kind !== postA?.kind || !['beta', 'gaussian'].includes(postA?.kind)) {
    throw new InvalidArgumentError(`${nameB}.kind`, postB?.kind,
      `expected a posterior of the same kind as postA (${postA?.kind}); build both with betaBinomialPosterior or gaussianPosterior`);
  }
}

/** Mean and sd of D = X_A − X_B for independent Normal posteriors. */
export function gaussianDifference(postA: GaussianPosterior, postB: GaussianPosterior): { mean: number; sd: number } {
  return { mean: postA.mean - postB.mean, sd: Math.sqrt(postA.variance + postB.variance) };
}

/**
 * Posterior probability that arm B's metric exceeds arm A's, P(θ_B > θ_A), for independent
 * posteriors of the same kind.
 *
 * Beta posteriors: exact. When any of the four parameters is an integer (always the case for
 * counts with an integer prior) it is Evan Miller's closed form (Miller 2015, "Formulas for Bayesian
 * A/B Testing"), Σ_{i=0}^{α_B−1} B(α_A+i, β_A+β_B) / ((β_B+i)·B(1+i, β_B)·B(α_A, β_A)); otherwise
 * ∫ f_B(x)·F_A(x) dx by adaptive Gauss–Kronrod quadrature (error ≲ 1e-13).
 * Normal posteriors: Φ((μ_B − μ_A)/√(σ²_A + σ²_B)).
 *
 * @throws {InvalidArgumentError} when the posteriors are not of the same kind.
 * @example
 * const a = betaBinomialPosterior({ successes: 10, trials: 100 });
 * const b = betaBinomialPosterior({ successes: 20, trials: 100 });
 * probabilityBBeatsA(a, b); // 0.9751730331528744
 */
export function probabilityBBeatsA(postA: Posterior, postB: Posterior): number {
  assertSameKind(postA, postB);
  if (postA.kind === 'beta') return betaProbabilityGreater(postA, postB as BetaPosterior);
  const { mean, sd } = gaussianDifference(postA, postB as GaussianPosterior);
  return normalCdf(-mean / sd);
}
