import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InsufficientDataError, InvalidArgumentError, oddsRatioInterval, proportionDifferenceInterval, riskRatioInterval,
  waldProportionInterval,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError } from '../abtest/support.js';

/** test/fixtures/peers/generate_peers.py: confidence's and PropCIs' published values, statsmodels 0.13.5. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const peers: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/peers/peers.json'), 'utf8'));


describe('waldProportionInterval', () => {
  // Spotify confidence test_chisquared.py test_summary (ci_lower/ci_upper); statsmodels proportion_confint('normal').
  for (const c of peers.waldProportion) {
    it(`matches confidence and statsmodels for ${c.successes}/${c.n}`, () => {
      const r = waldProportionInterval(c.successes, c.n);
      expectClose(r.lower, c.lower, 1e-12);
      expectClose(r.upper, c.upper, 1e-12);
      expectClose(r.lower, c.statsmodels[0], 1e-12);
      expectClose(r.upper, c.statsmodels[1], 1e-12);
    });
  }
  it('rejects bad counts', () => {
    expectArgumentError(() => waldProportionInterval(5, 0), 'n', InsufficientDataError);
    expectArgumentError(() => waldProportionInterval(6, 5), 'successes', InvalidArgumentError);
  });
});

describe('intervals for two independent proportions', () => {
  const { cases, propCIs } = peers.twoProportionIntervals;
  it('match R PropCIs on statsmodels\' published case 7/34 vs 1/34', () => {
    const { s1, n1, s2, n2 } = propCIs;
    const score = proportionDifferenceInterval(s1, n1, s2, n2);
    expectClose(score.lower, propCIs.diffScore[0], 0, 5e-8);
    expectClose(score.upper, propCIs.diffScore[1], 0, 5e-8);
    const ac = proportionDifferenceInterval(s1, n1, s2, n2, { method: 'agresti-caffo' });
    expectClose(ac.lower, propCIs.agrestiCaffo[0], 0, 5e-9);
    expectClose(ac.upper, propCIs.agrestiCaffo[1], 0, 5e-9);
    const wald = proportionDifferenceInterval(s1, n1, s2, n2, { method: 'wald' });
    expectClose(wald.lower, propCIs.wald[0], 0, 5e-9);
    const rr = riskRatioInterval(s1, n1, s2, n2);
    expectClose(rr.lower, propCIs.riskRatioScore[0], 0, 5e-7);
    expectClose(rr.upper, propCIs.riskRatioScore[1], 0, 5e-7);
  });

  for (const c of cases) {
    for (const level of [0.95, 0.9]) {
      it(`match statsmodels for ${c.s1}/${c.n1} vs ${c.s2}/${c.n2} at ${level}`, () => {
        const ref = c[String(level)];
        const check = (r: { lower: number; upper: number }, expected: number[] | null, rel: number, label: string) => {
          if (expected === null) return;
          expectClose(r.lower, expected[0], rel, 1e-9, `${label} lower`);
          expectClose(r.upper, expected[1], rel, 1e-9, `${label} upper`);
        };
        const args = [c.s1, c.n1, c.s2, c.n2] as const;
        check(proportionDifferenceInterval(...args, { method: 'wald', confidenceLevel: level }), ref['diff-wald'], 1e-12, 'wald');
        check(proportionDifferenceInterval(...args, { method: 'agresti-caffo', confidenceLevel: level }), ref['diff-agresti-caffo'], 1e-12, 'ac');
        check(proportionDifferenceInterval(...args, { confidenceLevel: level }), ref['diff-score'], 1e-9, 'score');
        if (ref['ratio-log']) check(riskRatioInterval(...args, { method: 'log', confidenceLevel: level }), ref['ratio-log'], 1e-12, 'rr log');
        check(riskRatioInterval(...args, { confidenceLevel: level }), ref['ratio-score'], 1e-8, 'rr score');
        if (ref['or-logit']) check(oddsRatioInterval(...args, { confidenceLevel: level }), ref['or-logit'], 1e-12, 'or');
        check(oddsRatioInterval(...args, { method: 'logit-adjusted', confidenceLevel: level }), ref['or-logit-adjusted'], 1e-12, 'or adj');
      });
    }
  }

  it('refuses undefined intervals with typed errors', () => {
    expectArgumentError(() => riskRatioInterval(0, 10, 0, 10), 's1', InsufficientDataError);
    expectArgumentError(() => riskRatioInterval(0, 10, 3, 10, { method: 'log' }), 's1', InsufficientDataError);
    expectArgumentError(() => oddsRatioInterval(0, 10, 3, 10), 's1', InsufficientDataError);
    expectArgumentError(() => proportionDifferenceInterval(1, 10, 3, 10, { method: 'newcombe' as never }), 'options.method', InvalidArgumentError);
    expect(riskRatioInterval(3, 10, 0, 10).upper).to.equal(Infinity);
  });
});
