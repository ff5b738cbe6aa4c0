import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CovarianceStats, InvalidArgumentError, MeanStats, ProportionStats, ratioMetricTest, relativeCupedTest, relativeLiftTest,
  cupedTest, InsufficientDataError, MomentMatrixStats, ratioCupedTest,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError } from './support.js';

/** Peers' published expectations and statsmodels values: test/fixtures/peers/generate_peers.py, README.md there. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const peers: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/peers/peers.json'), 'utf8'));

/** Published values are rounded to `decimals`: the result must round to them (half a unit in the last place). */
function expectRounded(actual: number, expected: number, decimals: number, label: string): void {
  expectClose(actual, expected, 0, 0.5 * 10 ** -decimals + 1e-12, label);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function arm(spec: any): MeanStats | ProportionStats {
  return spec.kind === 'proportion' ? new ProportionStats(spec.n, spec.successes) : MeanStats.fromSums(spec.n, spec.sum, spec.sumSquares);
}

describe('relativeLiftTest', () => {
  // gbstats frequentist/test_tests.py: TwoSidedTTest / OneSidedTreatmentGreaterTTest, difference_type 'relative'.
  for (const c of peers.relativeLift) {
    it(`matches gbstats (${c.alternative}, ${c.a.kind}) with t and Welch df`, () => {
      const r = relativeLiftTest(arm(c.a), arm(c.b), { distribution: 't', alternative: c.alternative });
      expectRounded(r.estimate!, c.estimate, c.decimals, 'estimate');
      expectRounded(r.details!.standardError, c.standardError, c.decimals, 'se');
      expectRounded(r.pValue, c.pValue, c.decimals, 'p');
      expectRounded(r.ci!.lower, c.lower, c.decimals, 'lower');
      if (c.upper === null) expect(r.ci!.upper).to.equal(Infinity);
      else expectRounded(r.ci!.upper, c.upper, c.decimals, 'upper');
      expect(r.statisticName).to.equal('t');
    });
  }

  it('uses z by default: same estimate and se, normal p-value and interval', () => {
    const c = peers.relativeLift[0];
    const t = relativeLiftTest(arm(c.a), arm(c.b), { distribution: 't' });
    const z = relativeLiftTest(arm(c.a), arm(c.b));
    expect(z.statisticName).to.equal('z');
    expect(z.estimate).to.equal(t.estimate);
    // 2·(1 − Φ(0.70732/0.37879)) with the unrounded se, computed from the same arms.
    expect(z.pValue).to.be.lessThan(t.pValue);
    expectClose(z.ci!.upper - z.estimate!, 1.959963984540054 * z.details!.standardError, 1e-12);
  });

  it('keeps the sign of B − A for a negative control mean and rejects bad input', () => {
    const r = relativeLiftTest({ n: 100, mean: -2, variance: 1 }, { n: 100, mean: -1, variance: 1 });
    expect(r.estimate).to.equal(0.5);
    expectArgumentError(() => relativeLiftTest({ n: 10, mean: 0, variance: 1 }, { n: 10, mean: 1, variance: 1 }), 'statsA.mean', InsufficientDataError);
    expectArgumentError(() => relativeLiftTest(arm(peers.relativeLift[0].a), arm(peers.relativeLift[0].b), { distribution: 'normal' as never }), 'options.distribution');
    expectArgumentError(() => relativeLiftTest(arm(peers.relativeLift[0].a), arm(peers.relativeLift[0].b), { nullValue: NaN }), 'options.nullValue');
  });
});

describe('relativeCupedTest', () => {
  // gbstats test_gbstats.py test_analyze_metric_df_ra (mean_ra metric, frequentist, relative).
  const c = peers.relativeCuped[0];
  it('matches gbstats\' regression-adjusted relative lift and p-value to 9 decimals', () => {
    const r = relativeCupedTest(CovarianceStats.fromSums(c.a), CovarianceStats.fromSums(c.b), { distribution: 't' });
    expectRounded(r.estimate!, c.estimate, c.decimals, 'estimate');
    expectRounded(r.pValue, c.pValue, c.decimals, 'p');
  });

  it('shrinks the interval relative to the unadjusted relative lift when the covariate correlates', () => {
    const y = [5, 7, 6, 9, 8, 7, 10, 6], x = [4, 6, 6, 7, 7, 6, 9, 5];
    const yB = [7, 8, 10, 9, 11, 9, 12, 8], xB = [4, 6, 7, 6, 8, 7, 9, 5];
    const adjusted = relativeCupedTest({ y, x }, { y: yB, x: xB });
    const plain = relativeLiftTest(MeanStats.fromArray(y), MeanStats.fromArray(yB));
    expect(adjusted.details!.standardError).to.be.lessThan(plain.details!.standardError);
    // Its absolute numerator equals the CUPED difference with the combined-sample θ, which
    // differs from cupedTest's within-arm θ only at O(1/n).
    expect(adjusted.estimate! * Math.abs(adjusted.details!.controlMean)).to.be.closeTo(cupedTest({ y, x }, { y: yB, x: xB }).estimate!, 0.3);
  });

  it('rejects a zero control mean and a constant covariate', () => {
    expectArgumentError(() => relativeCupedTest({ y: [0, 0, 0], x: [1, 2, 3] }, { y: [1, 2, 3], x: [1, 2, 3] }), 'armA.y', InsufficientDataError);
    expectArgumentError(() => relativeCupedTest({ y: [1, 2, 3], x: [1, 1, 1] }, { y: [1, 2, 3], x: [1, 1, 1] }), 'armA.x', InsufficientDataError);
  });
});

describe('ratioCupedTest', () => {
  // gbstats frequentist/test_tests.py test_two_sided_ttest_test_runs_ratio_ra (RegressionAdjustedRatioStatistic, relative).
  const c = peers.ratioCuped;
  const a = MomentMatrixStats.fromSums(c.a.n, c.a.sums, c.a.crossSums);
  const b = MomentMatrixStats.fromSums(c.b.n, c.b.sums, c.b.crossSums);
  it('matches gbstats: estimate, se, interval and p-value to 5 decimals', () => {
    const r = ratioCupedTest(a, b, { distribution: 't' });
    expectRounded(r.estimate!, c.estimate, c.decimals, 'estimate');
    expectRounded(r.details!.standardError, c.standardError, c.decimals, 'se');
    expectRounded(r.ci!.lower, c.lower, c.decimals, 'lower');
    expectRounded(r.ci!.upper, c.upper, c.decimals, 'upper');
    expectRounded(r.pValue, c.pValue, c.decimals, 'p');
  });
  it('merging shards gives the statistics of the whole', () => {
    const whole = a.merge(b);
    const direct = MomentMatrixStats.fromSums(200, c.a.sums.map((s: number, i: number) => s + c.b.sums[i]),
      c.a.crossSums.map((row: number[], i: number) => row.map((x, j) => x + c.b.crossSums[i][j])));
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expectClose(whole.covariance(i, j), direct.covariance(i, j), 1e-10, 1e-12);
  });
  it('rejects arms of the wrong shape and asymmetric cross sums', () => {
    expectArgumentError(() => ratioCupedTest(MomentMatrixStats.fromSums(3, [1, 2], [[1, 1], [1, 2]]), b), 'statsA');
    expectArgumentError(() => MomentMatrixStats.fromSums(3, [1, 2], [[1, 1], [0, 2]]), 'crossSums[0][1]');
  });
});

describe('ratioMetricTest on the relative scale', () => {
  it('refuses gbstats\' published ratio sums, which no data can produce', () => {
    const c = peers.relativeRatio.published;
    expectArgumentError(() => CovarianceStats.fromSums(c.a), 'sums.sumX2', InvalidArgumentError);
  });

  it('matches the gbstats transcription (checked against 0.133333333, p 0.610663339) on attainable sums', () => {
    const c = peers.relativeRatio.attainable;
    const r = ratioMetricTest(CovarianceStats.fromSums(c.a), CovarianceStats.fromSums(c.b), { scale: 'relative', distribution: 't' });
    expectClose(r.estimate!, c.estimate, 1e-12);
    expectClose(r.pValue, c.pValue, 1e-9);
    expect(ratioMetricTest(CovarianceStats.fromSums(c.a), CovarianceStats.fromSums(c.b)).statisticName).to.equal('z');
  });
});

describe('CovarianceStats.fromSums', () => {
  it('equals fromArrays on the same data', () => {
    const y = [2, 4, 6, 9], x = [1, 2, 3, 4];
    const sums = { n: 4, sumY: 21, sumX: 10, sumY2: 137, sumX2: 30, sumXY: 64 };
    const a = CovarianceStats.fromSums(sums), b = CovarianceStats.fromArrays({ y, x });
    for (const k of ['meanY', 'meanX', 'm2y', 'm2x', 'cxy'] as const) expectClose(a[k], b[k], 1e-12, 1e-12, k);
    expect(CovarianceStats.fromSums({ n: 0, sumY: 0, sumX: 0, sumY2: 0, sumX2: 0, sumXY: 0 }).n).to.equal(0);
    expectArgumentError(() => CovarianceStats.fromSums({ ...sums, sumXY: NaN }), 'sums.sumXY');
    expectArgumentError(() => CovarianceStats.fromSums({ ...sums, n: 1.5 }), 'sums.n');
  });
});
