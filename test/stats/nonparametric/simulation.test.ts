import { expect } from 'chai';
import {
  clopperPearsonInterval, mcnemarTest, Random, wilcoxonSignedRank, wilsonInterval,
} from '../../../src/index.js';
import { expectWithinBinomialBand } from '../../support/close.js';
import { binomialMonteCarloSe } from '../../support/monteCarlo.js';

// Seeded Monte Carlo checks of size and coverage (small so the suite stays fast).
const ALPHA = 0.05;
const Z = 4;

/** Number of replicates for which `rejects` is true. */
function countRejections(reps: number, rejects: () => boolean): number {
  let count = 0;
  for (let i = 0; i < reps; i++) if (rejects()) count++;
  return count;
}

/** Discrete (exact or corrected) tests may be conservative: rate ≤ α + band. */
function expectAtMostAlpha(rejections: number, reps: number, label: string): void {
  const band = Z * binomialMonteCarloSe(ALPHA, reps);
  expect(rejections / reps, label).to.be.at.most(ALPHA + band);
}

describe('null rejection rates and coverage (simulation)', () => {
  const reps = 2000;

  it('Wilcoxon signed-rank holds its size (exact n = 15, normal approximation n = 60)', () => {
    const rng = new Random(11);
    const sample = (n: number): number[] => Array.from({ length: n }, () => rng.normal());
    expectAtMostAlpha(countRejections(reps, () => wilcoxonSignedRank(sample(15)).pValue < ALPHA), reps, 'exact');
    const approx = countRejections(reps, () => wilcoxonSignedRank(sample(60), undefined, { method: 'approx' }).pValue < ALPHA);
    expectWithinBinomialBand(approx, reps, ALPHA, Z, 'approx');
  });

  it("McNemar's exact, mid-p and corrected chi-square tests hold their size", () => {
    const rng = new Random(12);
    const counts = { exact: 0, midp: 0, chi2: 0 };
    for (let i = 0; i < reps; i++) {
      // Two equally accurate models (80%) with independent errors on 100 samples.
      const a = Array.from({ length: 100 }, () => rng.bernoulli(0.8));
      const b = Array.from({ length: 100 }, () => rng.bernoulli(0.8));
      for (const method of ['exact', 'midp', 'chi2'] as const) {
        if (mcnemarTest(a, b, { method }).pValue < ALPHA) counts[method]++;
      }
    }
    for (const [method, rejections] of Object.entries(counts)) expectAtMostAlpha(rejections, reps, method);
  });

  it('Wilson covers near its nominal level and Clopper–Pearson at least at it', () => {
    const rng = new Random(13);
    const p = 0.3;
    const n = 50;
    let wilson = 0;
    let clopper = 0;
    for (let i = 0; i < reps; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += rng.bernoulli(p);
      const w = wilsonInterval(s, n);
      const cp = clopperPearsonInterval(s, n);
      if (w.lower <= p && p <= w.upper) wilson++;
      if (cp.lower <= p && p <= cp.upper) clopper++;
    }
    expectWithinBinomialBand(wilson, reps, 0.95, Z, 'wilson coverage');
    expect(clopper / reps).to.be.at.least(0.95 - Z * Math.sqrt((0.95 * 0.05) / reps));
  });
});
