import { expect } from 'chai';
import { InsufficientDataError, InvalidArgumentError, twoProportionZTest } from '../../../src/index.js';
import type { Alternative } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { fixtures, rFixtures } from './support.js';

describe('twoProportionZTest', () => {
  // statsmodels proportions_ztest([sB, sA], [nB, nA]) (pooled), test_proportions_2indep(method='wald')
  // (unpooled), confint_proportions_2indep(method='wald' | 'newcomb'), via generate_online.py.
  // Cases cover ties, zero counts, all-success arms, n = 3, and n = 10^7.
  for (const c of fixtures.twoProportionZTest) {
    const [sA, nA, sB, nB] = c.args as number[];
    const alternative = c.alternative as Alternative;
    it(`matches statsmodels for ${sA}/${nA} vs ${sB}/${nB}, ${alternative}`, () => {
      const pooled = twoProportionZTest(sA, nA, sB, nB, { alternative, confidenceLevel: c.level });
      expectClose(pooled.statistic, c.pooled.z, 1e-12, 1e-14, 'pooled z');
      expectClose(pooled.pValue, c.pooled.p, 1e-10, 1e-300, 'pooled p');
      expect(pooled.estimate).to.equal(sB / nB - sA / nA);
      const unpooled = twoProportionZTest(sA, nA, sB, nB, { alternative, pooled: false, confidenceLevel: c.level, ciMethod: 'newcombe' });
      expectClose(unpooled.statistic, c.unpooled.z, 1e-12, 1e-14, 'unpooled z');
      expectClose(unpooled.pValue, c.unpooled.p, 1e-10, 1e-300, 'unpooled p');
      // statsmodels gives two-sided intervals; a one-sided bound at level L is the two-sided bound at 2L − 1.
      const check = (ci: { lower: number; upper: number } | undefined, ref: number[], label: string): void => {
        if (alternative !== 'less') expectClose(ci!.lower, ref[0], 1e-10, 1e-14, `${label} lower`);
        else expect(ci!.lower).to.equal(-Infinity);
        if (alternative !== 'greater') expectClose(ci!.upper, ref[1], 1e-10, 1e-14, `${label} upper`);
        else expect(ci!.upper).to.equal(Infinity);
      };
      check(pooled.ci, c.wald, 'wald');
      check(unpooled.ci, c.newcombe, 'newcombe');
    });
  }

  it('z² and the interval match R prop.test(correct = FALSE)', () => {
    // R: prop.test(c(sB, sA), c(nB, nA), correct = FALSE), generate_online.R.
    for (const c of rFixtures.propTest) {
      const [sA, nA, sB, nB] = c.args;
      const r = twoProportionZTest(sA, nA, sB, nB);
      expectClose(r.statistic ** 2, c.xSquared, 1e-12, 1e-14);
      expectClose(r.pValue, c.p, 1e-10);
      expectClose(r.ci!.lower, c.ci[0], 1e-12);
      expectClose(r.ci!.upper, c.ci[1], 1e-12);
    }
  });

  it('degenerate arms: identical all-0 arms throw, a zero unpooled SE gives an infinite z', () => {
    expect(() => twoProportionZTest(0, 100, 0, 80)).to.throw(InsufficientDataError);
    expect(() => twoProportionZTest(50, 50, 80, 80, { pooled: false })).to.throw(InsufficientDataError);
    const r = twoProportionZTest(0, 20, 20, 20, { pooled: false });
    expect(r.statistic).to.equal(Infinity);
    expect(r.pValue).to.equal(0);
  });

  it('rejects bad counts and options, naming the argument', () => {
    const bad: [() => unknown, string, typeof InvalidArgumentError | typeof InsufficientDataError][] = [
      [() => twoProportionZTest(-1, 10, 1, 10), 'successA', InvalidArgumentError],
      [() => twoProportionZTest(11, 10, 1, 10), 'successA', InvalidArgumentError],
      [() => twoProportionZTest(1.5, 10, 1, 10), 'successA', InvalidArgumentError],
      [() => twoProportionZTest(1, 10, 1, 10.5), 'nB', InvalidArgumentError],
      [() => twoProportionZTest(1, 10, NaN, 10), 'successB', InvalidArgumentError],
      [() => twoProportionZTest(0, 0, 1, 10), 'nA', InsufficientDataError],
      [() => twoProportionZTest(1, 10, 0, -5), 'nB', InvalidArgumentError],
      [() => twoProportionZTest(1, 10, 2, 10, { alternative: 'bigger' as Alternative }), 'options.alternative', InvalidArgumentError],
      [() => twoProportionZTest(1, 10, 2, 10, { confidenceLevel: 1 }), 'options.confidenceLevel', InvalidArgumentError],
      [() => twoProportionZTest(1, 10, 2, 10, { ciMethod: 'exact' as 'wald' }), 'options.ciMethod', InvalidArgumentError],
      [() => twoProportionZTest(1, 10, 2, 10, { pooled: 'yes' as unknown as boolean }), 'options.pooled', InvalidArgumentError],
    ];
    for (const [fn, argument, type] of bad) {
      expect(fn, argument).to.throw(type);
      try { fn(); } catch (e) { expect((e as InvalidArgumentError).argument).to.equal(argument); }
    }
  });
});
