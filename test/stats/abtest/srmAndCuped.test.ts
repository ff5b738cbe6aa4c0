import { expect } from 'chai';
import { CovarianceStats, cupedTest, InsufficientDataError, srmTest } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError, fixtures } from './support.js';

describe('srmTest', () => {
  // scipy.stats.chisquare(counts, f_exp = total * weights), generate_online.py: equal and unequal splits,
  // 2–4 arms, a zero arm, a perfect match and 2·10^7 units.
  for (const c of fixtures.srmTest) {
    it(`matches scipy chisquare for ${c.counts} with weights ${c.weights}`, () => {
      const r = srmTest(c.counts, c.weights);
      expectClose(r.statistic, c.statistic, 1e-12, 1e-300);
      expectClose(r.pValue, c.p, 1e-10, 1e-300);
      expect(r.df).to.equal(c.counts.length - 1);
      expect(r.mismatch).to.equal(c.p < 0.001);
      expect(r.expectedCounts.reduce((s: number, e: number) => s + e, 0)).to.be.closeTo(c.counts.reduce((s: number, x: number) => s + x, 0), 1e-6);
    });
  }

  it('uses the threshold for the verdict', () => {
    expect(srmTest([5200, 4800], [0.5, 0.5]).mismatch).to.equal(true); // p ≈ 6.3e-5
    expect(srmTest([5060, 4940], [0.5, 0.5]).mismatch).to.equal(false); // p ≈ 0.23
    expect(srmTest([5060, 4940], [0.5, 0.5], { threshold: 0.5 }).mismatch).to.equal(true);
  });

  it('rejects bad counts, weights and thresholds', () => {
    expectArgumentError(() => srmTest([10, -1], [0.5, 0.5]), 'observedCounts[1]');
    expectArgumentError(() => srmTest([10, 1.5], [0.5, 0.5]), 'observedCounts[1]');
    expectArgumentError(() => srmTest([10, NaN], [0.5, 0.5]), 'observedCounts[1]');
    expectArgumentError(() => srmTest([10, 10, 10], [0.5, 0.5]), 'observedCounts');
    expectArgumentError(() => srmTest([10, 10], [0.6, 0.5]), 'expectedWeights');
    expectArgumentError(() => srmTest([10, 10], [1 + 1e-8, -1e-8]), 'expectedWeights[1]');
    expectArgumentError(() => srmTest([10, 10], [0, 1]), 'expectedWeights[0]');
    expectArgumentError(() => srmTest([10], [1]), 'expectedWeights');
    expectArgumentError(() => srmTest([10, 10], [0.5, 0.5], { threshold: 1.5 }), 'options.threshold');
    expectArgumentError(() => srmTest([0, 0], [0.5, 0.5]), 'observedCounts', InsufficientDataError);
    // Weights within 1e-9 of summing to 1 are accepted (e.g. thirds).
    expect(srmTest([10, 10, 10], [1 / 3, 1 / 3, 1 / 3]).statistic).to.be.closeTo(0, 1e-12);
  });
});

describe('cupedTest', () => {
  // statsmodels OLS y ~ 1 + treatment + (x − x̄) with HC0 covariance (generate_online.py): the treatment
  // coefficient is exactly ablab's adjusted difference; the HC0 standard error agrees asymptotically.
  fixtures.cupedTest.forEach((c: any, i: number) => {
    it(`case ${i} (n = ${c.a.y.length} + ${c.b.y.length}) matches the OLS adjustment`, () => {
      const fromArrays = cupedTest(c.a, c.b);
      const fromStats = cupedTest(CovarianceStats.fromArrays(c.a), CovarianceStats.fromArrays(c.b));
      for (const r of [fromArrays, fromStats]) {
        expectClose(r.estimate!, c.estimate, 1e-10, 1e-13, 'adjusted difference');
        expectClose(r.details!.theta, c.theta, 1e-11, 0, 'theta');
        expectClose(r.details!.adjustedMeanA, c.adjustedMeanA, 1e-12, 0, 'adjusted mean A');
        expectClose(r.details!.adjustedMeanB, c.adjustedMeanB, 1e-12, 0, 'adjusted mean B');
        expectClose(r.details!.varianceFactor, 1 - r.details!.correlation ** 2, 1e-15);
      }
      if (c.a.y.length >= 1000) {
        expectClose(fromArrays.details!.standardError, c.seHC0, 2e-3, 0, 'SE vs HC0 (asymptotic)');
        // Var reduction: observed factor ≈ 1 − ρ² (ρ = 0.6 in the simulation).
        expectClose(fromArrays.details!.observedVarianceFactor, fromArrays.details!.varianceFactor, 0.05);
        expect(fromArrays.details!.varianceFactor).to.be.closeTo(0.64, 0.03);
      }
    });
  });

  it('rejects bad arms', () => {
    const ok = { y: [1, 2, 3], x: [1, 3, 2] };
    expectArgumentError(() => cupedTest({ y: [1, 2], x: [1] }, ok), 'armA.x');
    expectArgumentError(() => cupedTest(ok, { y: [1, NaN], x: [1, 2] }), 'armB.y[1]');
    expectArgumentError(() => cupedTest(ok, null as unknown as CovarianceStats), 'armB');
    expectArgumentError(() => cupedTest(ok, { y: [1], x: [1] }), 'armB.n', InsufficientDataError);
    expectArgumentError(() => cupedTest({ y: [1, 2], x: [5, 5] }, { y: [3, 4], x: [6, 6] }), 'armA.x', InsufficientDataError);
    expectArgumentError(() => cupedTest(ok, ok, { alternative: 'more' as 'greater' }), 'options.alternative');
  });
});
