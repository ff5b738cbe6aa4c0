import { expect } from 'chai';
import { InsufficientDataError, InvalidArgumentError, mannWhitneyU } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentErrors, fixtures, type BadCall } from './fixtures.js';

describe('mannWhitneyU', () => {
  // scipy.stats.mannwhitneyu 1.10 with the same options (exact, asymptotic with/without continuity, auto).
  it(`matches scipy.stats.mannwhitneyu on ${fixtures.mannWhitney.length} cases`, () => {
    for (const c of fixtures.mannWhitney) {
      const label = `${JSON.stringify(c.options)} n1=${c.a.length} n2=${c.b.length}`;
      const r = mannWhitneyU(c.a, c.b, c.options);
      expectClose(r.statistic, c.statistic, 1e-12, 0, `${label} U1`);
      expectClose(r.pValue, c.pValue, 1e-10, 1e-300, `${label} p`);
    }
  });

  // Brute-force enumeration of all splits of the tied midranks (generator script).
  it('uses the exact conditional distribution with ties when method is exact', () => {
    for (const c of fixtures.mannWhitneyExactTies) {
      const r = mannWhitneyU(c.a, c.b, c.options);
      expectClose(r.pValue, c.pValue, 1e-12, 0, JSON.stringify(c.options));
      expectClose(r.statistic, c.statistic, 1e-12, 0, 'U1');
    }
  });

  it('is symmetric in the samples: swapping them swaps U1/U2 and less/greater', () => {
    const a = [1.2, 3.4, 0.5, 2.2, 5.1, 4.4];
    const b = [2.8, 0.1, 1.9];
    for (const method of ['exact', 'asymptotic'] as const) {
      const ab = mannWhitneyU(a, b, { alternative: 'greater', method });
      const ba = mannWhitneyU(b, a, { alternative: 'less', method });
      expectClose(ab.pValue, ba.pValue, 1e-12, 0, method);
      expect(ab.details!.U2).to.equal(ba.details!.U1);
    }
  });

  it('reports the common-language effect size and rank-biserial correlation', () => {
    const r = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    expect(r.details!.commonLanguage).to.equal(17 / 20);
    expectClose(r.details!.rankBiserial, 0.7, 1e-14, 0, 'rank-biserial');
  });

  it('returns p = 1 when every value is tied, with or without continuity correction', () => {
    for (const useContinuity of [true, false]) {
      expect(mannWhitneyU([3, 3], [3, 3, 3], { useContinuity }).pValue).to.equal(1);
    }
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const bad: BadCall[] = [
      [() => mannWhitneyU([1, NaN], [1]), InvalidArgumentError, 'a[1]'],
      [() => mannWhitneyU([1], [-Infinity]), InvalidArgumentError, 'b[0]'],
      [() => mannWhitneyU([], [1]), InsufficientDataError, 'a'],
      [() => mannWhitneyU([1], []), InsufficientDataError, 'b'],
      [() => mannWhitneyU([1], [2], { method: 'approx' as never }), InvalidArgumentError, 'options.method'],
      [() => mannWhitneyU([1], [2], { alternative: 'bigger' as never }), InvalidArgumentError, 'options.alternative'],
      [() => mannWhitneyU([1], [2], { useContinuity: 'yes' as never }), InvalidArgumentError, 'options.useContinuity'],
    ];
    expectArgumentErrors(bad);
  });
});
