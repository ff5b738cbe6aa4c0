import { expect } from 'chai';
import { pairedPermutationTest, Random } from '../../../src/index.js';
import { expectClose, expectWithinBinomialBand } from '../../support/close.js';
import { fixtures, itRejects } from './support.js';

describe('pairedPermutationTest', () => {
  // scipy.stats.permutation_test(permutation_type='samples') in exact mode (2^n ≤ n_resamples).
  it(`matches scipy exactly on ${fixtures.permutationExact.length} exact cases (ties, zero differences, n = 2..13)`, () => {
    for (const c of fixtures.permutationExact) {
      const result = pairedPermutationTest(c.a, c.b, { alternative: c.alternative, nResamples: c.nResamples });
      const label = `n=${c.a.length} ${c.alternative}`;
      expect(result.method, label).to.match(/exact/);
      expectClose(result.statistic, c.statistic, 1e-12, 1e-15, `${label} statistic`);
      expectClose(result.pValue, c.pValue, 1e-12, 0, `${label} p`);
    }
  });

  // scipy with 99,999 random sign patterns vs ours with 20,000: Monte Carlo sd of p ≤ 0.004.
  it('agrees with scipy\'s randomized test within Monte Carlo error and uses (count + 1)/(B + 1)', () => {
    for (const c of fixtures.permutationRandom) {
      const result = pairedPermutationTest(c.a, c.b, { alternative: c.alternative, nResamples: 20000, seed: 3 });
      expect(result.method).to.match(/20000 random/);
      expectClose(result.pValue, c.pValue, 0, 0.02, c.alternative);
      if (c.alternative !== 'two-sided') expect(Math.abs(result.pValue * 20001 - Math.round(result.pValue * 20001))).to.be.below(1e-6);
    }
  });

  it('the randomized p-value is never 0 and the test is exact when 2^n ≤ nResamples', () => {
    const a = Array.from({ length: 20 }, (_, i) => i + 10);
    const b = a.map(() => 0);
    expect(pairedPermutationTest(a, b, { nResamples: 99, alternative: 'greater' }).pValue).to.equal(1 / 100);
    expect(pairedPermutationTest([1, 2, 3], [0, 0, 0], { nResamples: 8 }).method).to.match(/exact/);
    expect(pairedPermutationTest([1, 2, 3], [0, 0, 0], { nResamples: 7 }).method).to.match(/random/);
    expect(pairedPermutationTest([1, 2, 3], [0, 0, 0], { nResamples: Infinity }).pValue).to.equal(0.25);
  });

  it('holds its level under H0 (300 data sets, randomized, α = 0.05)', () => {
    const rng = new Random(77);
    let rejections = 0;
    for (let trial = 0; trial < 300; trial++) {
      const a = Array.from({ length: 25 }, () => rng.normal());
      const b = Array.from({ length: 25 }, () => rng.normal());
      if (pairedPermutationTest(a, b, { nResamples: 499, seed: trial }).pValue <= 0.05) rejections++;
    }
    expectWithinBinomialBand(rejections, 300, 0.05, 4);
  });

  it('prints an htest-like report', () => {
    expect(pairedPermutationTest([0.82, 0.85, 0.79, 0.88, 0.84], [0.8, 0.81, 0.8, 0.83, 0.8]).print()).to.contain('mean difference = 0.028');
  });

  const bad: [string, () => unknown, string][] = [
    ['NaN', () => pairedPermutationTest([1, NaN], [1, 2]), 'a[1]'],
    ['Infinity', () => pairedPermutationTest([1, 2], [1, -Infinity]), 'b[1]'],
    ['length mismatch', () => pairedPermutationTest([1, 2, 3], [1, 2]), 'b'],
    ['empty', () => pairedPermutationTest([], []), 'a'],
    ['one pair', () => pairedPermutationTest([1], [2]), 'a'],
    ['nResamples 0', () => pairedPermutationTest([1, 2], [2, 1], { nResamples: 0 }), 'options.nResamples'],
    ['nResamples NaN', () => pairedPermutationTest([1, 2], [2, 1], { nResamples: NaN }), 'options.nResamples'],
    ['alternative', () => pairedPermutationTest([1, 2], [2, 1], { alternative: 'up' as never }), 'options.alternative'],
    ['statistic', () => pairedPermutationTest([1, 2], [2, 1], { statistic: 'median' as never }), 'options.statistic'],
    ['seed', () => pairedPermutationTest([1, 2], [2, 1], { seed: 1.5 }), 'options.seed'],
    ['exact too large', () => pairedPermutationTest(new Array(30).fill(1), new Array(30).fill(0), { nResamples: Infinity }), 'options.nResamples'],
  ];
  itRejects(bad);
});
