import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InvalidArgumentError, MeanStats, meansMde, meansPower, meansSampleSize, midExperimentPower, proportionsPower, proportionsSampleSize, relativeLiftTest, tTestPower,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError } from './support.js';

/** R (pwr) values quoted in statsmodels' test_power.py and statsmodels' solvers: test/fixtures/peers/generate_peers.py. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const power: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/peers/peers.json'), 'utf8')).power;

describe('power calculations the peers offer', () => {
  it('t power with unequal groups matches R pwr.t2n.test (n 20/30)', () => {
    const c = power.published[0];
    expectClose(tTestPower({ effectSize: c.effectSize, n: c.n, ratio: c.ratio, alternative: c.alternative }), c.power, 1e-9);
  });

  for (const c of power.tIndPower) {
    it(`t power matches statsmodels TTestIndPower (d ${c.effectSize}, n ${c.n}, ratio ${c.ratio}, ${c.alternative})`, () => {
      // statsmodels' noncentral t agrees with R to ~1e-8 relative (0.06330818362923 vs 0.06330818325647).
      expectClose(tTestPower({ effectSize: c.effectSize, n: c.n, ratio: c.ratio, alternative: c.alternative }), c.power, 1e-7);
    });
  }

  it('returns the small power of an effect against a one-sided alternative (R pwr.2p.test, h 0.01, n 80, less)', () => {
    const c = power.published[1];
    expectClose(proportionsPower({ effectSize: c.effectSize, n: c.n, alternative: c.alternative }), c.power, 1e-12);
    expect(proportionsPower({ effectSize: 0, n: 80, alternative: 'greater' })).to.be.closeTo(0.05, 1e-15);
    // Planning still refuses it: no sample size reaches 80 % power against the alternative.
    expectArgumentError(() => proportionsSampleSize({ effectSize: -0.1, alternative: 'greater' }), 'options.effectSize');
  });

  for (const c of [...power.published.slice(2), ...power.zOneSample]) {
    it(`one-sample z power matches ${c.source ? 'R pwr.norm.test' : 'statsmodels NormalIndPower(ratio=0)'} (d ${c.effectSize}, n ${c.n}, ${c.alternative})`, () => {
      expectClose(meansPower({ sd: 1, mde: c.effectSize, n: c.n, alternative: c.alternative, design: 'one-sample' }), c.power, 1e-12);
    });
  }

  it('two-sample z power is the one-sample power at the effective size n/(1 + 1/ratio)', () => {
    expectClose(meansPower({ sd: 2, mde: 0.6, n: 80 }), meansPower({ sd: 1, mde: 0.3, n: 40, design: 'one-sample' }), 1e-14);
  });

  describe('midExperimentPower', () => {
    const c = power.midExperiment;
    const se = relativeLiftTest(MeanStats.fromSums(c.a.n, c.a.sum, c.a.sumSquares), MeanStats.fromSums(c.b.n, c.b.sum, c.b.sumSquares)).details!.standardError;
    it('finds the exact scaling factor of gbstats\' test case and agrees with its bisection value 25.45703125', () => {
      const r = midExperimentPower({ standardError: se, mde: c.mde, alpha: c.alpha, power: c.power, n: 1000 });
      expectClose(r.scalingFactor, c.exactScalingFactor, 1e-9);
      // gbstats stops within 1e-5 of the target power: its factor lies within the matching band of ours.
      expectClose(r.scalingFactor, c.publishedScalingFactor, 0, 1e-3);
      expect(r.currentPower).to.be.lessThan(c.power);
      expectClose(r.additionalUnits!, 1000 * r.scalingFactor, 1e-15);
      const atPublished = midExperimentPower({ standardError: se / Math.sqrt(1 + c.publishedScalingFactor), mde: c.mde });
      expectClose(atPublished.currentPower, c.power, 0, 1e-5);
      expect(atPublished.scalingFactor).to.equal(0);
    });
    it('rejects bad input', () => {
      expectArgumentError(() => midExperimentPower({ standardError: 0, mde: 0.05 }), 'options.standardError');
      expectArgumentError(() => midExperimentPower({ standardError: 0.1, mde: 0 }), 'options.mde');
      expectArgumentError(() => midExperimentPower({ standardError: 0.1, mde: 0.05, power: 1 }), 'options.power');
    });
  });

  it('powered effect and required sample size match confidence\'s ZTest (0.3972, 30792)', () => {
    const c = power.poweredEffect;
    const control = MeanStats.fromSums(c.control.n, c.control.sum, c.control.sumSquares);
    const ratio = c.treatmentN / c.control.n;
    const mde = meansMde({ sd: control.sd, n: c.control.n, ratio, power: c.power, alpha: c.alpha });
    expectClose(mde, c.poweredEffect, 0, c.poweredEffectTolerance);
    // The closed form is the one-tail power equation: meansPower at that effect is the target up to the far tail.
    expectClose(meansPower({ sd: control.sd, mde, n: c.control.n, ratio }), c.power, 0, 1e-6);
    const size = meansSampleSize({ sd: control.sd, mde: c.relativeMde * control.mean, ratio, power: c.power, alpha: c.alpha });
    expectClose(size.total, c.requiredSampleSize, 0, c.requiredSampleSizeTolerance);
    expectArgumentError(() => meansMde({ sd: 1, n: 0 }), 'options.n');
  });

  it('rejects bad options', () => {
    expectArgumentError(() => tTestPower({ effectSize: 0.2, n: 10, ratio: 0 }), 'options.ratio');
    expectArgumentError(() => tTestPower({ effectSize: 0.2, n: 10, ratio: 2, design: 'paired' }), 'options.ratio');
    expectArgumentError(() => meansPower({ sd: 1, mde: 0.2, n: 10, ratio: 2, design: 'one-sample' }), 'options.ratio');
    expectArgumentError(() => meansPower({ sd: 0, mde: 0.2, n: 10 }), 'options.sd', InvalidArgumentError);
    expectArgumentError(() => meansPower({ sd: 1, mde: 0.2, n: 10, design: 'paired' as never }), 'options.design');
  });
});
