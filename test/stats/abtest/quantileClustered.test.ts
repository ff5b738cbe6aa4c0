import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InsufficientDataError, quantileBoundLevels, quantileClustered, quantileTest, summarizeQuantile, type QuantileSummary,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError } from './support.js';

/** GrowthBook gbstats references written by test/fixtures/abtest/generate_quantile_clustered.py. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/abtest/quantile_clustered.json'), 'utf8'));

describe('quantileClustered', () => {
  it("reproduces gbstats' published quantile case (tests/bayesian/test_tests.py: effect 0.53651, interval 0.45726..0.61577)", () => {
    const { published } = fixture;
    const arm = (a: { n: number; estimate: number; lower: number; upper: number }): QuantileSummary => ({ level: published.level, ...a });
    for (const side of ['control', 'treatment'] as const) {
      // gbstats' QuantileStatistic.variance is per event: ours is that divided by n.
      expectClose(quantileClustered(arm(published[side])).variance * published[side].n, published[side].variance, 1e-12);
    }
    const result = quantileTest(arm(published.control), arm(published.treatment));
    expectClose(result.estimate!, 0.5365124375579775, 1e-12);
    expectClose(result.ci!.lower, 0.4572559589115422, 1e-10);
    expectClose(result.ci!.upper, 0.6157689162044128, 1e-10);
  });

  it("matches gbstats' QuantileClusteredStatistic on seeded per-unit latencies", () => {
    const { clustered } = fixture;
    const summaries = (['control', 'treatment'] as const).map((side) => {
      const ref = clustered[side];
      const summary = summarizeQuantile(ref.units, clustered.level);
      expect(summary.n).to.equal(ref.n);
      expectClose(summary.estimate, ref.estimate, 1e-12);
      expectClose(summary.lower, ref.lower, 1e-12);
      expectClose(summary.upper, ref.upper, 1e-12);
      for (const key of ['sumBelow', 'sumBelowSquares', 'sumEvents', 'sumEventsSquares', 'sumBelowEvents'] as const) {
        expect(summary.clusters[key], key).to.equal(ref[key]);
      }
      const estimate = quantileClustered(summary);
      expectClose(estimate.variance * ref.n, ref.variance, 1e-10);
      expectClose(estimate.designEffect, ref.variance / ref.iidVariance, 1e-10);
      expect(estimate.designEffect).to.be.greaterThan(2); // strongly unit-correlated latencies
      return summary;
    });
    const result = quantileTest(summaries[0], summaries[1]);
    expectClose(result.ci!.lower, clustered.ci95[0], 1e-10);
    expectClose(result.ci!.upper, clustered.ci95[1], 1e-10);
  });

  it('uses the bound levels of GrowthBook (nu -/+ z sqrt(nu(1-nu)/n*), clamped)', () => {
    const { clustered } = fixture;
    const levels = quantileBoundLevels(clustered.level, clustered.control.n);
    expectClose(levels.lower, clustered.control.lowerLevel, 1e-14);
    expectClose(levels.upper, clustered.control.upperLevel, 1e-14);
    expect(quantileBoundLevels(0.999, 10).upper).to.equal(1 - 1e-8);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const ok = { level: 0.9, n: 1000, estimate: 7, lower: 6.9, upper: 7.1 };
    expectArgumentError(() => quantileClustered({ ...ok, level: 1 }), 'summary.level');
    expectArgumentError(() => quantileClustered({ ...ok, n: 1.5 }), 'summary.n');
    expectArgumentError(() => quantileClustered({ ...ok, upper: 6 }), 'summary.upper');
    expectArgumentError(() => quantileClustered({ ...ok, estimate: NaN }), 'summary.estimate');
    expectArgumentError(() => quantileClustered({ ...ok, n: 30 }), 'summary.n', InsufficientDataError);
    expectArgumentError(() => quantileClustered({ ...ok, upper: 6.9 }), 'summary.upper', InsufficientDataError);
    expectArgumentError(() => summarizeQuantile([[1, NaN]], 0.5), 'units[0][1]');
    expectArgumentError(() => summarizeQuantile([[]], 0.5), 'units');
    expectArgumentError(() => quantileTest(ok, { ...ok, level: 0.95 }), 'b.level');
  });
});
