import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CovarianceStats, InsufficientDataError, MeanStats, meanDifferenceTest, postStratifiedTest, ProportionStats } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError } from './support.js';

/** gbstats' published values and statsmodels checks: test/fixtures/postStratification/generate_post_strat.py (README there). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/postStratification/postStratification.json'), 'utf8'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const arm = (s: any) => (s.sumX === undefined ? MeanStats.fromSums(s.n, s.sumY, s.sumY2) : CovarianceStats.fromSums(s));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const strataOf = (spec: any[]) => spec.map((c) => ({ stratum: c.stratum, control: arm(c.control), treatment: arm(c.treatment) }));
/** gbstats rounds to 5 decimals: ablab must round to the same digits. */
const expectRounded = (actual: number, expected: number, decimals: number, label: string) =>
  expectClose(actual, expected, 0, 0.5 * 10 ** -decimals + 1e-12, label);

describe('postStratifiedTest', () => {
  for (const key of ['count', 'countRegression']) {
    for (const c of fx.gbstats[key].cases) {
      it(`matches gbstats test_post_strat.py (${key}, ${c.scale}): estimate, SE and the t interval with Welch df`, () => {
        const r = postStratifiedTest(strataOf(fx.gbstats[key].strata), { scale: c.scale, distribution: 't' });
        expectRounded(r.estimate!, c.estimate, 5, 'estimate');
        expectRounded(r.details.standardError, c.standardError, 5, 'se');
        expectClose(r.df as number, fx.gbstats[key].df, 1e-9, 0, 'df');
        expectRounded(r.ci!.lower, c.lower, 5, 'lower');
        expectRounded(r.ci!.upper, c.upper, 5, 'upper');
        expect(r.method).to.contain(key === 'count' ? 'Post-stratified absolute'.replace('absolute', c.scale) : 'regression-adjusted');
      });
    }
  }

  for (const c of fx.negativeBaseline.cases) {
    it(`divides the relative effect by |control mean| like gbstats (treatment mean ${c.treatmentMean})`, () => {
      const ctl = fx.negativeBaseline.control;
      const stratum = (name: string) => ({ stratum: name, control: MeanStats.fromSums(ctl.n, ctl.sumY, ctl.sumY2), treatment: MeanStats.fromSums(1000, c.sumY, c.sumY2) });
      const r = postStratifiedTest([stratum('s1'), stratum('s2')], { scale: 'relative' });
      expectClose(r.estimate!, c.estimate, 1e-9, 1e-12, 'estimate');
    });
  }

  const sm = fx.statsmodels;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const unadjusted = () => sm.strata.map((c: any) => ({
    stratum: c.stratum,
    control: MeanStats.fromSums(c.control.n, c.control.sumY, c.control.sumY2),
    treatment: MeanStats.fromSums(c.treatment.n, c.treatment.sumY, c.treatment.sumY2),
  }));
  for (const scale of ['absolute', 'relative'] as const) {
    it(`equals statsmodels' saturated OLS with HC2 for fixed shares (${scale})`, () => {
      const r = postStratifiedTest(unadjusted(), { scale, weights: sm.unadjusted.fixedWeights.weights });
      expectClose(r.estimate!, sm.unadjusted.fixedWeights[scale].estimate, 1e-10, 0, 'estimate');
      expectClose(r.details.standardError, sm.unadjusted.fixedWeights[scale].standardError, 1e-9, 0, 'se');
      expect(r.details.fixedWeights).to.equal(true);
    });
    it(`adds the multinomial variance of sample shares (${scale})`, () => {
      const r = postStratifiedTest(unadjusted(), { scale });
      expectClose(r.estimate!, sm.unadjusted.sampleWeights[scale].estimate, 1e-10, 0, 'estimate');
      expectClose(r.details.standardError, sm.unadjusted.sampleWeights[scale].standardError, 1e-9, 0, 'se');
    });
    it(`regression adjustment per stratum equals statsmodels OLS y ~ 1 + T + x per stratum (${scale})`, () => {
      const r = postStratifiedTest(strataOf(sm.strata), { scale });
      expectClose(r.estimate!, sm.adjusted[scale].estimate, 1e-9, 0, 'estimate');
      expectClose(r.details.standardError, sm.adjusted[scale].standardError, 1e-8, 0, 'se');
      expect(r.strata.every((s) => s.adjusted)).to.equal(true);
      // adjustment removes the covariate's share of the variance (true slope 0.8 in the simulation)
      expect(r.details.standardError).to.be.lessThan(postStratifiedTest(unadjusted(), { scale }).details.standardError);
    });
  }

  it('with one stratum equals the Welch test on the pooled arms', () => {
    const a = new MeanStats(50, 3, 49 * 4), b = new MeanStats(60, 3.5, 59 * 5);
    const r = postStratifiedTest([{ stratum: 'all', control: a, treatment: b }], { distribution: 't' });
    const w = meanDifferenceTest(a, b, { distribution: 't' } as never);
    expectClose(r.estimate!, 0.5, 1e-12, 0, 'estimate');
    expectClose(r.details.standardError, Math.sqrt(4 / 50 + 5 / 60), 1e-12, 0, 'se');
    expectClose(r.pValue, w.pValue, 1e-9, 0, 'p');
  });

  it('uses p(1 - p) for proportions, as gbstats and the z tests do', () => {
    const asProportions = postStratifiedTest([
      { stratum: 'web', control: new ProportionStats(200, 30), treatment: new ProportionStats(220, 41) },
      { stratum: 'app', control: new ProportionStats(300, 60), treatment: new ProportionStats(310, 70) },
    ], { scale: 'relative' });
    const asSummaries = postStratifiedTest([
      { stratum: 'web', control: { n: 200, mean: 0.15, variance: 0.15 * 0.85 }, treatment: { n: 220, mean: 41 / 220, variance: (41 / 220) * (179 / 220) } },
      { stratum: 'app', control: { n: 300, mean: 0.2, variance: 0.2 * 0.8 }, treatment: { n: 310, mean: 7 / 31, variance: (7 / 31) * (24 / 31) } },
    ], { scale: 'relative' });
    expectClose(asProportions.estimate!, asSummaries.estimate!, 1e-12, 0, 'estimate');
    expectClose(asProportions.details.standardError, asSummaries.details.standardError, 1e-12, 0, 'se');
  });

  it('merges a stratum that cannot be estimated into the largest one (gbstats rule) and says so', () => {
    const strata = [
      { stratum: 'big', control: new MeanStats(100, 1, 99), treatment: new MeanStats(100, 1.2, 99) },
      { stratum: 'mid', control: new MeanStats(50, 2, 49), treatment: new MeanStats(50, 2.1, 49) },
      { stratum: 'tiny', control: new MeanStats(1, 3, 0), treatment: new MeanStats(2, 3, 1) },
    ];
    const r = postStratifiedTest(strata);
    expect(r.mergedStrata).to.deep.equal(['tiny']);
    expect(r.strata.map((s) => s.stratum)).to.deep.equal(['big', 'mid']);
    expect(r.strata[0].n).to.equal(203);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const ok = { stratum: 'a', control: { n: 10, mean: 1, variance: 1 }, treatment: { n: 10, mean: 1, variance: 1 } };
    expectArgumentError(() => postStratifiedTest([]), 'strata');
    expectArgumentError(() => postStratifiedTest([ok, ok], { weights: [0.5] }), 'options.weights');
    expectArgumentError(() => postStratifiedTest([ok, ok], { weights: [0.5, 0.6] }), 'options.weights');
    expectArgumentError(() => postStratifiedTest([ok, ok], { weights: [1.5, -0.5] }), 'options.weights[1]');
    expectArgumentError(() => postStratifiedTest([ok], { scale: 'log' as never }), 'options.scale');
    expectArgumentError(() => postStratifiedTest([ok, { ...ok, control: CovarianceStats.fromSums({ n: 3, sumY: 1, sumY2: 1, sumX: 1, sumX2: 1, sumXY: 1 }) }]), 'strata[1].control');
    expectArgumentError(() => postStratifiedTest([{ ...ok, control: { n: 10, mean: 0, variance: 1 } }], { scale: 'relative' }), 'strata[].control', InsufficientDataError);
    expectArgumentError(() => postStratifiedTest([{ ...ok, control: { n: 10, mean: 1, variance: 0 } }]), 'strata', InsufficientDataError);
  });

  it('reproduces its JSDoc example', () => {
    const strata = [
      { stratum: 'web', control: { n: 400, mean: 10, variance: 16 }, treatment: { n: 410, mean: 10.8, variance: 18 } },
      { stratum: 'app', control: { n: 600, mean: 20, variance: 25 }, treatment: { n: 590, mean: 21.5, variance: 27 } },
    ];
    const r = postStratifiedTest(strata);
    expect([r.estimate?.toFixed(4), r.details.standardError.toFixed(4), r.strata.length]).to.deep.equal(['1.2165', '0.2116', 2]);
  });
});
