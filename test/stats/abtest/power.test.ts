import { expect } from 'chai';
import {
  cohensH, InsufficientDataError, meansSampleSize, proportionsMde, proportionsPower,
  proportionsPowerCurve, proportionsSampleSize, testDuration,
} from '../../../src/index.js';
import type { Alternative } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError, fixtures, rFixtures } from './support.js';

describe('power and sample size for proportions', () => {
  // statsmodels (generate_online.py): NormalIndPower with Cohen's h ('arcsine'), NormalIndPower with the
  // unpooled standardized effect ('unpooled'), power_proportions_2indep ('pooled'); sample sizes are tight
  // brentq roots of those power functions (statsmodels' solve_power itself is only ~1e-6 accurate).
  for (const c of fixtures.proportionsPower) {
    const alternative = c.alternative as Alternative;
    const base = { baseline: c.baseline, mde: c.treatment - c.baseline, alpha: c.alpha, ratio: c.ratio, alternative };
    it(`matches statsmodels for ${c.baseline} → ${c.treatment}, ratio ${c.ratio}, ${alternative}`, () => {
      for (const row of c.powerAt) {
        expectClose(proportionsPower({ ...base, n: row.n }), row.pooled, 1e-10, 1e-300, `pooled n=${row.n}`);
        expectClose(proportionsPower({ ...base, n: row.n, variance: 'unpooled' }), row.unpooled, 1e-10, 1e-300, `unpooled n=${row.n}`);
        const arcsine = proportionsPower({ effectSize: c.h, alpha: c.alpha, ratio: c.ratio, alternative, n: row.n });
        expectClose(arcsine, row.arcsine, 1e-10, 1e-300, `arcsine n=${row.n}`);
      }
      const pooled = proportionsSampleSize({ ...base, power: c.power });
      expectClose(pooled.exactNA, c.nPooled, 1e-10, 0, 'pooled n');
      expect(pooled.nA).to.equal(Math.ceil(c.nPooled));
      expect(pooled.nB).to.equal(Math.ceil(c.nPooled * c.ratio));
      expect(pooled.total).to.equal(pooled.nA + pooled.nB);
      expectClose(proportionsSampleSize({ ...base, power: c.power, variance: 'unpooled' }).exactNA, c.nUnpooled, 1e-10, 0, 'unpooled n');
      expectClose(proportionsSampleSize({ effectSize: c.h, alpha: c.alpha, ratio: c.ratio, alternative, power: c.power }).exactNA, c.nArcsine, 1e-10, 0, 'arcsine n');
      // Relative MDE gives the same design.
      const relative = proportionsSampleSize({ ...base, mde: c.treatment / c.baseline - 1, mdeType: 'relative', power: c.power });
      expectClose(relative.exactNA, pooled.exactNA, 1e-9);
    });
  }

  it('pooled form equals R power.prop.test(strict = TRUE), power and n', () => {
    // R 4.2 power.prop.test(..., strict = TRUE, tol = 1e-13), generate_online.R.
    for (const c of rFixtures.powerPropTest) {
      const alternative: Alternative = c.alternative === 'two.sided' ? 'two-sided' : c.treatment > c.baseline ? 'greater' : 'less';
      const options = { baseline: c.baseline, mde: c.treatment - c.baseline, alpha: c.alpha, alternative };
      [10, 250, 4000].forEach((n, i) => expectClose(proportionsPower({ ...options, n }), c.powerAt10_250_4000[i], 1e-10, 0, `power n=${n}`));
      expectClose(proportionsSampleSize({ ...options, power: c.power }).exactNA, c.n, 1e-9, 0, 'n');
    }
  });

  it('MDE matches a tight root of statsmodels power_proportions_2indep, and round-trips', () => {
    for (const c of fixtures.proportionsMde) {
      const options = { n: c.n, baseline: c.baseline, alpha: c.alpha, power: c.power, alternative: c.alternative as Alternative };
      const m = proportionsMde(options);
      expectClose(m.mde, c.mde, 1e-9);
      expectClose(m.relativeMde, c.mde / c.baseline, 1e-9);
      expectClose(proportionsPower({ ...options, mde: m.mde }), c.power, 1e-10);
    }
    expectArgumentError(() => proportionsMde({ n: 2, baseline: 0.5, power: 0.99, alpha: 0.001 }), 'options.n', InsufficientDataError);
  });

  it('power curve rows agree with proportionsPower and proportionsMde', () => {
    const rows = proportionsPowerCurve({ baseline: 0.1, mde: 0.02, ns: [1, 500, 4000] });
    expect(rows.map((r) => r.n)).to.deep.equal([1, 500, 4000]);
    for (const r of rows) expectClose(r.power, proportionsPower({ baseline: 0.1, mde: 0.02, n: r.n }), 1e-15);
    expect(rows[0].mde).to.equal(null); // one unit per arm can never reach 80% power
    expectClose(rows[2].mde!, proportionsMde({ baseline: 0.1, n: 4000 }).mde, 1e-15);
  });

  it('cohensH matches statsmodels proportion_effectsize', () => {
    for (const c of fixtures.cohensH) expectClose(cohensH(c.args[0], c.args[1]), c.value, 1e-14, 1e-15);
  });

  it('rejects bad designs', () => {
    const base = { baseline: 0.1, mde: 0.02 };
    expectArgumentError(() => proportionsSampleSize({ ...base, baseline: 0 }), 'options.baseline');
    expectArgumentError(() => proportionsSampleSize({ ...base, baseline: NaN }), 'options.baseline');
    expectArgumentError(() => proportionsSampleSize({ ...base, mde: 0 }), 'options.mde');
    expectArgumentError(() => proportionsSampleSize({ ...base, mde: 0.95 }), 'options.mde');
    expectArgumentError(() => proportionsSampleSize({ ...base, alternative: 'less' }), 'options.mde');
    expectArgumentError(() => proportionsSampleSize({ ...base, alpha: 1.2 }), 'options.alpha');
    expectArgumentError(() => proportionsSampleSize({ ...base, power: 0 }), 'options.power');
    expectArgumentError(() => proportionsSampleSize({ ...base, power: 0.01 }), 'options.power');
    expectArgumentError(() => proportionsSampleSize({ ...base, ratio: -1 }), 'options.ratio');
    expectArgumentError(() => proportionsSampleSize({ ...base, variance: 'exact' as 'pooled' }), 'options.variance');
    expectArgumentError(() => proportionsSampleSize({ ...base, mdeType: 'percent' as 'relative' }), 'options.mdeType');
    expectArgumentError(() => proportionsSampleSize({ ...base, effectSize: 0.1 }), 'options.mde');
    expectArgumentError(() => proportionsPower({ ...base, n: 0 }), 'options.n');
    expectArgumentError(() => proportionsPowerCurve({ ...base, ns: [] }), 'options.ns');
    expectArgumentError(() => proportionsPowerCurve({ ...base, ns: [10, -1] }), 'options.ns[1]');
    expectArgumentError(() => cohensH(1.1, 0.5), 'p1');
  });
});

describe('meansSampleSize', () => {
  // Root (brentq, xtol 1e-13) of statsmodels NormalIndPower().power(mde/sd, n, alpha, ratio, alternative).
  for (const c of fixtures.meansSampleSize) {
    it(`matches statsmodels for sd=${c.sd}, mde=${c.mde}, ratio=${c.ratio}, ${c.alternative}`, () => {
      const r = meansSampleSize({ sd: c.sd, mde: c.mde, alpha: c.alpha, power: c.power, ratio: c.ratio, alternative: c.alternative });
      expectClose(r.exactNA, c.n, 1e-10);
      expect(r.nA).to.equal(Math.ceil(c.n));
    });
  }

  it('rejects bad designs', () => {
    expectArgumentError(() => meansSampleSize({ sd: 0, mde: 1 }), 'options.sd');
    expectArgumentError(() => meansSampleSize({ sd: 1, mde: Infinity }), 'options.mde');
    expectArgumentError(() => meansSampleSize({ sd: 1, mde: 1, alternative: 'less' }), 'options.mde');
    expectArgumentError(() => meansSampleSize({ sd: 1, mde: 1, power: 1 }), 'options.power');
  });
});

describe('testDuration', () => {
  it('divides each arm\'s size by its daily share of traffic', () => {
    // 3841 per arm, 1000 users/day, half enrolled, 2 arms: 250/day per arm → 15.364 days.
    const r = testDuration({ sampleSizePerArm: 3841, dailyTraffic: 1000, allocation: 0.5 });
    expect(r.dailyUnitsPerArm).to.deep.equal([250, 250]);
    expectClose(r.exactDays, 15.364, 1e-14);
    expect(r.days).to.equal(16);
    // Unequal split: the 10% arm limits the duration (1000 / (2000·0.1) = 5 days exactly, not rounded up).
    const w = testDuration({ sampleSizePerArm: [1000, 1000], dailyTraffic: 2000, weights: [0.1, 0.9] });
    expect([w.exactDays, w.days]).to.deep.equal([5, 5]);
    expect(testDuration({ sampleSizePerArm: 100, dailyTraffic: 90, arms: 3 }).days).to.equal(4);
  });

  it('rejects bad inputs', () => {
    expectArgumentError(() => testDuration({ sampleSizePerArm: 100, dailyTraffic: 0 }), 'options.dailyTraffic');
    expectArgumentError(() => testDuration({ sampleSizePerArm: 100, dailyTraffic: 10, allocation: 1.5 }), 'options.allocation');
    expectArgumentError(() => testDuration({ sampleSizePerArm: 100, dailyTraffic: 10, arms: 1 }), 'options.arms');
    expectArgumentError(() => testDuration({ sampleSizePerArm: 100, dailyTraffic: 10, weights: [0.5, 0.6] }), 'options.weights');
    expectArgumentError(() => testDuration({ sampleSizePerArm: [100, 100, 100], dailyTraffic: 10 }), 'options.sampleSizePerArm');
    expectArgumentError(() => testDuration({ sampleSizePerArm: [100, -1], dailyTraffic: 10 }), 'options.sampleSizePerArm[1]');
    expectArgumentError(() => testDuration({ sampleSizePerArm: NaN, dailyTraffic: 10 }), 'options.sampleSizePerArm');
  });
});
