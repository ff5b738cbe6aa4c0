import { expect } from 'chai';
import {
  absoluteLift, CovarianceStats, InsufficientDataError, meanDifferenceTest, MeanStats,
  nonInferiorityTest, ProportionStats, RatioStats, ratioMetricTest, relativeLift,
} from '../../../src/index.js';
import type { Alternative, SampleSummary } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError, fixtures } from './support.js';

const stats = (kind: string, xs: number[]): SampleSummary => (kind === 'proportion' ? ProportionStats.fromArray(xs) : MeanStats.fromArray(xs));

describe('meanDifferenceTest', () => {
  // z: statsmodels CompareMeans(B, A).ztest_ind / zconfint_diff(usevar='unequal');
  // welch: scipy ttest_ind(b, a, equal_var=False); interval from statsmodels' Welch se and df with a
  // Newton-refined scipy t quantile (generate_online.py). One-sided z intervals: statsmodels' infinite bound.
  for (const c of fixtures.meanDifferenceTest) {
    const alternative = c.alternative as Alternative;
    it(`matches statsmodels/scipy for nA=${c.a.length}, nB=${c.b.length}, ${alternative}`, () => {
      for (const test of ['z', 'welch'] as const) {
        const r = meanDifferenceTest(MeanStats.fromArray(c.a), MeanStats.fromArray(c.b), { alternative, test });
        const ref = c[test];
        expectClose(r.statistic, ref.statistic, 1e-11, 0, `${test} statistic`);
        expectClose(r.pValue, ref.p, 1e-9, 0, `${test} p`);
        expectClose(r.ci!.lower, ref.ci[0], 1e-11, 1e-13, `${test} lower`);
        expectClose(r.ci!.upper, ref.ci[1], 1e-11, 1e-13, `${test} upper`);
        expect(r.estimateName).to.equal('difference in means (B - A)');
        expect(r.details).to.include({ nA: c.a.length, nB: c.b.length });
      }
    });
  }

  it('rejects bad summaries and options', () => {
    const ok = MeanStats.fromArray([1, 2, 3]);
    expectArgumentError(() => meanDifferenceTest(MeanStats.fromArray([1]), ok), 'statsA.n', InsufficientDataError);
    expectArgumentError(() => meanDifferenceTest(ok, { n: 5, mean: NaN, variance: 1 }), 'statsB.mean');
    expectArgumentError(() => meanDifferenceTest(ok, { n: 5, mean: 1, variance: -1 }), 'statsB.variance');
    expectArgumentError(() => meanDifferenceTest(ok, { n: 4.5, mean: 1, variance: 1 }), 'statsB.n');
    expectArgumentError(() => meanDifferenceTest(ok, ok, { test: 't' as 'z' }), 'options.test');
    expectArgumentError(() => meanDifferenceTest(ok, ok, { alternative: 'up' as Alternative }), 'options.alternative');
  });
});

describe('absoluteLift and relativeLift', () => {
  // Closed forms evaluated independently in numpy (generate_online.py): Wald, delta method, Fieller roots.
  fixtures.lift.forEach((c: any, i: number) => {
    it(`case ${i} (${c.kind}) matches the numpy closed forms`, () => {
      const a = stats(c.kind, c.a);
      const b = stats(c.kind, c.b);
      const abs = absoluteLift(a, b);
      expectClose(abs.estimate, c.absolute.estimate, 1e-12, 1e-15);
      expectClose(abs.standardError, c.absolute.se, 1e-12);
      expectClose(abs.ci.lower, c.absolute.ci[0], 1e-11, 1e-14);
      expectClose(abs.ci.upper, c.absolute.ci[1], 1e-11, 1e-14);
      const delta = relativeLift(a, b);
      expectClose(delta.estimate, c.delta.estimate, 1e-12, 1e-15);
      expectClose(delta.standardError, c.delta.se, 1e-12);
      expectClose(delta.ci.lower, c.delta.ci[0], 1e-11, 1e-14);
      expectClose(delta.ci.upper, c.delta.ci[1], 1e-11, 1e-14);
      const fieller = relativeLift(a, b, { method: 'fieller' });
      expectClose(fieller.ci.lower, c.fieller.ci[0], 1e-10, 1e-14);
      expectClose(fieller.ci.upper, c.fieller.ci[1], 1e-10, 1e-14);
    });
  });

  it('Fieller bounds are where the z test of B − ρA = 0 has p = 1 − level (duality)', () => {
    const a = new MeanStats(50, 2, 49 * 4);
    const b = new MeanStats(60, 2.5, 59 * 9);
    const f = relativeLift(a, b, { method: 'fieller', confidenceLevel: 0.9 });
    for (const rho of [f.ci.lower + 1, f.ci.upper + 1]) {
      const z = (b.mean - rho * a.mean) / Math.sqrt(b.variance / b.n + rho ** 2 * a.variance / a.n);
      expectClose(Math.abs(z), 1.6448536269514722, 1e-12); // scipy norm.ppf(0.95)
    }
  });

  it('throws for zero control means, unbounded Fieller sets and bad options', () => {
    const zero = ProportionStats.fromArray([0, 0, 0]);
    const some = ProportionStats.fromArray([1, 0, 1]);
    expectArgumentError(() => relativeLift(zero, some), 'statsA.mean', InsufficientDataError);
    expectArgumentError(() => relativeLift(new MeanStats(3, 0.1, 20), new MeanStats(3, 1, 2), { method: 'fieller' }), 'statsA.mean', InsufficientDataError);
    expectArgumentError(() => relativeLift(some, some, { method: 'taylor' as 'delta' }), 'options.method');
    expectArgumentError(() => absoluteLift(some, some, { confidenceLevel: 95 }), 'options.confidenceLevel');
    expectArgumentError(() => absoluteLift(new ProportionStats(), some), 'statsA.n', InsufficientDataError);
  });
});

describe('ratioMetricTest', () => {
  // Reference per-arm variance: statsmodels OLS of session-level clicks on a constant with CR0 covariance
  // clustered by user, times n/(n − 1) (generate_online.py) — an independent route to the delta method.
  fixtures.ratioMetricTest.forEach((c: any, i: number) => {
    it(`case ${i}: delta-method z test equals the cluster-robust reference`, () => {
      const a = RatioStats.fromArrays(c.a);
      const b = RatioStats.fromArrays(c.b);
      const r = ratioMetricTest(a, b);
      expectClose(r.details!.ratioA, c.a.ratio, 1e-13);
      expectClose(r.details!.ratioB, c.b.ratio, 1e-13);
      expectClose(r.estimate!, c.estimate, 1e-12);
      expectClose(r.details!.standardError, c.se, 1e-10);
      expectClose(r.statistic, c.z, 1e-10);
      expectClose(r.pValue, c.p, 1e-9);
    });
  });

  it('rejects non-RatioStats arms, zero denominators and tiny arms', () => {
    const ok = RatioStats.fromArrays({ y: [1, 2, 3], x: [1, 1, 2] });
    expectArgumentError(() => ratioMetricTest(MeanStats.fromArray([1, 2]) as unknown as CovarianceStats, ok), 'statsA');
    expectArgumentError(() => ratioMetricTest(ok, RatioStats.fromArrays({ y: [1, 2], x: [0, 0] })), 'stats.meanX', InsufficientDataError);
    expectArgumentError(() => ratioMetricTest(ok, RatioStats.fromArrays({ y: [1], x: [2] })), 'stats.n', InsufficientDataError);
  });
});

describe('nonInferiorityTest', () => {
  // Absolute margins: statsmodels test_proportions_2indep(value=∓m, method='wald') and
  // CompareMeans.ztest_ind(value=∓m, usevar='unequal'); relative margins: the linear contrast, via
  // ztest_ind on the scaled control (means) or the numpy closed form (proportions).
  fixtures.nonInferiorityTest.forEach((c: any, i: number) => {
    it(`case ${i}: ${c.kind}, ${c.marginType} margin ${c.margin}, higherIsBetter=${c.higherIsBetter}`, () => {
      const a = c.kind === 'proportion' ? new ProportionStats(c.a[0], c.a[1]) : MeanStats.fromArray(c.a);
      const b = c.kind === 'proportion' ? new ProportionStats(c.b[0], c.b[1]) : MeanStats.fromArray(c.b);
      const r = nonInferiorityTest(a, b, { margin: c.margin, marginType: c.marginType, higherIsBetter: c.higherIsBetter });
      expectClose(r.statistic, c.z, 1e-11, 1e-14, 'z');
      expectClose(r.pValue, c.p, 1e-9, 1e-300, 'p');
      expect(r.nonInferior).to.equal(c.p < 0.05);
      // The one-sided (1 − alpha) bound clears the margin exactly when the test rejects.
      const bound = c.higherIsBetter ? r.ci!.lower : r.ci!.upper;
      const nullValue = (c.higherIsBetter ? -1 : 1) * c.margin;
      expect(c.higherIsBetter ? bound > nullValue : bound < nullValue).to.equal(r.nonInferior);
    });
  });

  it('rejects bad margins and options', () => {
    const a = new ProportionStats(100, 10);
    expectArgumentError(() => nonInferiorityTest(a, a, { margin: -0.1 }), 'options.margin');
    expectArgumentError(() => nonInferiorityTest(a, a, { margin: NaN }), 'options.margin');
    expectArgumentError(() => nonInferiorityTest(a, a, { margin: 1, marginType: 'relative' }), 'options.margin');
    expectArgumentError(() => nonInferiorityTest(a, a, { margin: 0.1, marginType: 'percent' as 'relative' }), 'options.marginType');
    expectArgumentError(() => nonInferiorityTest(a, a, { margin: 0.1, alpha: 0 }), 'options.alpha');
    expectArgumentError(() => nonInferiorityTest(a, a, { margin: 0.1, higherIsBetter: 'no' as unknown as boolean }), 'options.higherIsBetter');
    expectArgumentError(() => nonInferiorityTest(new MeanStats(5, -2, 4), new MeanStats(5, 1, 4), { margin: 0.1, marginType: 'relative' }), 'statsA.mean');
    expectArgumentError(() => nonInferiorityTest(new ProportionStats(), a, { margin: 0.1 }), 'statsA.n', InsufficientDataError);
  });
});
