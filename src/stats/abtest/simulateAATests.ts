import { normalQuantile } from '../core/distributions.js';
import { assertInteger, assertOpenUnitInterval, assertWorkSize } from '../../core/validate.js';
import { Random } from '../../core/random.js';
import { BinomialSampler } from './binomialSampler.js';

export interface SimulateAAOptions {
  /** Number of simulated A/A experiments. */
  nExperiments: number;
  /** Units per arm in each experiment (≥ 1). */
  nPerArm: number;
  /** True conversion rate of both arms, in (0, 1). */
  baseline: number;
  /** Two-sided significance level, default 0.05. */
  alpha?: number;
  /** Seed of the {@link Random} stream, default 1. */
  seed?: number;
}

export interface SimulateAAResult {
  /** Fraction of experiments in which the pooled two-sided z test rejected. */
  rejectionRate: number;
  rejections: number;
  nExperiments: number;
  /** Monte Carlo standard error of the rate, √(rate(1 − rate)/nExperiments). */
  monteCarloStandardError: number;
  /** Conversions per experiment in each arm. */
  successesA: Int32Array;
  successesB: Int32Array;
}

/**
 * Monte Carlo A/A test: both arms convert at `baseline`; each experiment draws the two arms'
 * conversions from Binomial(nPerArm, baseline) and runs the pooled two-proportion z test
 * ({@link twoProportionZTest}), rejecting when |z| > z_{1−α/2} (equivalent to p < α). The
 * rejection rate estimates the real false-positive rate, which drifts from α when counts are small.
 * Counts are drawn with an O(1) exact binomial sampler into typed arrays, so a million
 * experiments take well under a second.
 *
 * Reference: Kohavi, Tang & Xu (2020) ch. 19 "The A/A test".
 *
 * @throws {InvalidArgumentError} for non-integer or non-positive sizes, a baseline or alpha
 * outside (0, 1), or a bad seed.
 * @example
 * simulateAATests({ nExperiments: 10000, nPerArm: 1000, baseline: 0.1, seed: 7 }).rejectionRate; // 0.0462
 */
export function simulateAATests(options: SimulateAAOptions): SimulateAAResult {
  const { nExperiments, nPerArm, baseline } = options ?? {};
  assertWorkSize('options.nExperiments', nExperiments, 1, 10_000_000);
  assertWorkSize('options.nPerArm', nPerArm, 1, 100_000_000);
  assertOpenUnitInterval('options.baseline', baseline);
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const rng = new Random(options.seed ?? 1, 'options.seed');

  const sampler = new BinomialSampler(nPerArm, baseline);
  const successesA = new Int32Array(nExperiments);
  const successesB = new Int32Array(nExperiments);
  for (let i = 0; i < nExperiments; i++) {
    successesA[i] = sampler.sample(rng);
    successesB[i] = sampler.sample(rng);
  }
  // |z| > crit ⇔ (xB − xA)² > crit²·p̄(1 − p̄)·2n with p̄ = (xA + xB)/2n: no sqrt or division per experiment.
  const crit = -normalQuantile(alpha / 2);
  const scale = (crit * crit) / (2 * nPerArm);
  let rejections = 0;
  for (let i = 0; i < nExperiments; i++) {
    const total = successesA[i] + successesB[i];
    const diff = successesB[i] - successesA[i];
    if (diff * diff > scale * total * (2 * nPerArm - total)) rejections++;
  }
  const rate = rejections / nExperiments;
  return {
    rejectionRate: rate,
    rejections,
    nExperiments,
    monteCarloStandardError: Math.sqrt((rate * (1 - rate)) / nExperiments),
    successesA,
    successesB,
  };
}
