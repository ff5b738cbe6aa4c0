import { expect } from 'chai';
import {
  clopperPearsonInterval, InsufficientDataError, InvalidArgumentError, newcombeInterval, newcombePairedInterval, wilsonInterval,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentErrors, fixtures, type BadCall } from './fixtures.js';

describe('proportion intervals', () => {
  // statsmodels proportion_confint(method='wilson' / 'beta'); R prop.test(correct=TRUE)$conf.int.
  it(`wilsonInterval and clopperPearsonInterval match statsmodels and R on ${fixtures.proportion.length} cases`, () => {
    for (const c of fixtures.proportion) {
      const label = `s=${c.s} n=${c.n} level=${c.level}`;
      const options = { confidenceLevel: c.level };
      const w = wilsonInterval(c.s, c.n, options);
      expect(w.estimate).to.equal(c.s / c.n);
      expectClose(w.lower, c.wilson[0], 1e-12, 1e-15, `${label} wilson lower`);
      expectClose(w.upper, c.wilson[1], 1e-12, 1e-15, `${label} wilson upper`);
      const cc = wilsonInterval(c.s, c.n, { ...options, correction: true });
      expectClose(cc.lower, c.wilsonCorrected[0], 1e-12, 1e-15, `${label} wilson cc lower`);
      expectClose(cc.upper, c.wilsonCorrected[1], 1e-12, 1e-15, `${label} wilson cc upper`);
      const cp = clopperPearsonInterval(c.s, c.n, options);
      // scipy's beta.ppf (boost) is itself accurate to ~1e-12 relative.
      expectClose(cp.lower, c.clopperPearson[0], 1e-11, 1e-15, `${label} CP lower`);
      expectClose(cp.upper, c.clopperPearson[1], 1e-11, 1e-15, `${label} CP upper`);
    }
  });

  // statsmodels confint_proportions_2indep(method='newcomb', compare='diff'): difference s1/n1 − s2/n2.
  it(`newcombeInterval matches statsmodels on ${fixtures.newcombe.length} cases`, () => {
    for (const c of fixtures.newcombe) {
      const [s1, n1, s2, n2] = c.args;
      const r = newcombeInterval(s1, n1, s2, n2, { confidenceLevel: c.level });
      expectClose(r.lower, c.lower, 1e-12, 1e-15, `${c.args} lower`);
      expectClose(r.upper, c.upper, 1e-12, 1e-15, `${c.args} upper`);
      expectClose(r.estimate, s1 / n1 - s2 / n2, 1e-14, 1e-15, 'estimate');
    }
  });

  it('newcombePairedInterval equals the interval reported by the McNemar test', () => {
    for (const c of fixtures.mcnemar) {
      const r = newcombePairedInterval(c.table);
      expectClose(r.lower, c.ci95[0], 1e-12, 1e-15, 'lower');
      expectClose(r.upper, c.ci95[1], 1e-12, 1e-15, 'upper');
    }
  });

  it('rejects bad counts and levels with typed errors naming the argument', () => {
    const bad: BadCall[] = [
      [() => wilsonInterval(11, 10), InvalidArgumentError, 'successes'],
      [() => wilsonInterval(-1, 10), InvalidArgumentError, 'successes'],
      [() => wilsonInterval(1.5, 10), InvalidArgumentError, 'successes'],
      [() => wilsonInterval(NaN, 10), InvalidArgumentError, 'successes'],
      [() => wilsonInterval(0, 0), InsufficientDataError, 'n'],
      [() => wilsonInterval(1, Infinity), InvalidArgumentError, 'n'],
      [() => wilsonInterval(1, 10, { confidenceLevel: 0 }), InvalidArgumentError, 'options.confidenceLevel'],
      [() => wilsonInterval(1, 10, { correction: 'yes' as never }), InvalidArgumentError, 'options.correction'],
      [() => clopperPearsonInterval(3, 2), InvalidArgumentError, 'successes'],
      [() => newcombeInterval(1, 2, 3, 2), InvalidArgumentError, 's2'],
      [() => newcombeInterval(1, -2, 3, 4), InvalidArgumentError, 'n1'],
      [() => newcombePairedInterval([[1, 2], [3, -4]]), InvalidArgumentError, 'table[1][1]'],
      [() => newcombePairedInterval([[1, 2, 3], [3, 4, 5]]), InvalidArgumentError, 'table'],
    ];
    expectArgumentErrors(bad);
  });
});
