import { expect } from 'chai';
import { InsufficientDataError, InvalidArgumentError, wilcoxonSignedRank } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentErrors, fixtures, type BadCall } from './fixtures.js';

/** Largest Walsh average ≤ x and smallest ≥ x. */
function bracketingWalshAverages(data: number[], x: number): [number, number] {
  const walsh: number[] = [];
  data.forEach((v, i) => data.slice(i).forEach((w) => walsh.push((v + w) / 2)));
  return [Math.max(...walsh.filter((w) => w <= x)), Math.min(...walsh.filter((w) => w >= x))];
}

describe('wilcoxonSignedRank', () => {
  // scipy.stats.wilcoxon 1.10 (exact for n ≤ 50 without ties/zeros; ties and zeros with method 'approx'); V from alternative='greater'.
  it(`matches scipy.stats.wilcoxon on ${fixtures.wilcoxon.length} cases`, () => {
    for (const c of fixtures.wilcoxon) {
      const label = `${JSON.stringify(c.options)} n=${c.a.length}`;
      const r = wilcoxonSignedRank(c.a, c.b, c.options);
      expectClose(r.statistic, c.statistic, 1e-12, 0, `${label} statistic`);
      expectClose(r.pValue, c.pValue, 1e-10, 1e-300, `${label} p`);
      expectClose(r.details!.V, c.V, 1e-12, 0, `${label} V`);
      expect(r.details!.exact, label).to.equal(c.z === undefined);
      if (c.z !== undefined) expectClose(r.details.z!, c.z, 1e-10, 1e-12, `${label} z`);
    }
  });

  // Brute-force enumeration of all 2^m sign patterns of the nonzero differences' midranks, checked in
  // the generator against scipy.stats.permutation_test (permutation_type='samples', every pattern).
  it(`uses the exact permutation distribution with ties and zeros by default for n ≤ 50 (${fixtures.wilcoxonExactTies.length} cases)`, () => {
    for (const c of fixtures.wilcoxonExactTies) {
      const r = wilcoxonSignedRank(c.a, undefined, c.options);
      expectClose(r.pValue, c.pValue, 1e-12, 0, `${JSON.stringify(c.options)} ${c.a}`);
      expectClose(r.details!.V, c.V, 1e-12, 0, 'V');
      expect(r.details!.exact).to.equal(true);
    }
  });

  it('gives five tied positive seeds the exact p = 2/32, not the normal approximation', () => {
    // Per-seed accuracy differences of 6/3000 on each of 5 seeds: one tie group of 5.
    const r = wilcoxonSignedRank([0.002, 0.002, 0.002, 0.002, 0.002]);
    expectClose(r.pValue, 0.0625, 1e-12);
    expect(r.method).to.equal('Wilcoxon signed rank exact test');
    expect(wilcoxonSignedRank([2, 2, 2, 2, 2], undefined, { method: 'approx' }).pValue).to.be.below(0.05);
  });

  // R 4 wilcox.test(conf.int = TRUE): exact order statistics tightly; the asymptotic interval
  // is R's uniroot (tol 1e-4) of a step function, so it agrees to that tolerance.
  it(`reproduces R's Hodges–Lehmann estimate and interval on ${fixtures.hodgesLehmann.length} cases`, () => {
    for (const c of fixtures.hodgesLehmann) {
      const label = `${JSON.stringify(c.options)} n=${c.a.length}`;
      const r = wilcoxonSignedRank(c.a, undefined, c.options);
      const tol = c.exact ? 1e-12 : 0;
      const abs = c.exact ? 0 : 2e-4;
      if (c.exact) {
        expectClose(r.estimate!, c.estimate, tol, abs, `${label} estimate`);
      } else {
        // R's asymptotic estimate is a root of W(d) = 0, a step function that can vanish on a
        // whole step; it must lie on the step holding the Walsh median (our estimate).
        const [below, above] = bracketingWalshAverages(c.a.filter((v: number) => v !== c.options.mu), r.estimate!);
        expect(c.estimate >= below - abs && c.estimate <= above + abs, `${label} estimate ${c.estimate} in [${below}, ${above}]`).to.equal(true);
      }
      expectClose(r.ci!.lower, c.lower, tol, abs, `${label} lower`);
      expectClose(r.ci!.upper, c.upper, tol, abs, `${label} upper`);
      expectClose(r.ci!.level, c.level, 1e-12, 0, `${label} level`);
      expectClose(r.details!.V, c.V, 1e-12, 0, `${label} V`);
      // R's exactness rule is n < 50 without ties or zeros, the same as ours on these inputs.
      expectClose(r.pValue, c.pValue, 1e-10, 0, `${label} p`);
    }
  });

  it('reports the matched-pairs rank-biserial correlation (r+ − r−)/(r+ + r−)', () => {
    const r = wilcoxonSignedRank([1, 2, -3, 4, 5]);
    expect(r.details!.rankBiserial).to.equal((12 - 3) / 15);
  });

  it('keeps the pseudo-median but omits the interval when every difference is equal', () => {
    const r = wilcoxonSignedRank([2, 2, 2, 2], undefined, { confInt: true });
    expect(r.estimate).to.equal(2);
    expect(r.ci).to.equal(undefined);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const bad: BadCall[] = [
      [() => wilcoxonSignedRank([1, NaN]), InvalidArgumentError, 'a (differences)[1]'],
      [() => wilcoxonSignedRank([1, Infinity], [1, 2]), InvalidArgumentError, 'a[1]'],
      [() => wilcoxonSignedRank([1, 2], [1]), InvalidArgumentError, 'b'],
      [() => wilcoxonSignedRank([]), InsufficientDataError, 'a (differences)'],
      [() => wilcoxonSignedRank([0, 0]), InsufficientDataError, 'a'],
      [() => wilcoxonSignedRank([1, 1], [1, 1], { zeroMethod: 'pratt' }), InsufficientDataError, 'a − b'],
      [() => wilcoxonSignedRank([1, 2], undefined, { zeroMethod: 'drop' as never }), InvalidArgumentError, 'options.zeroMethod'],
      [() => wilcoxonSignedRank([1, 2], undefined, { method: 'asymptotic' as never }), InvalidArgumentError, 'options.method'],
      [() => wilcoxonSignedRank([1, 2], undefined, { alternative: 'two.sided' as never }), InvalidArgumentError, 'options.alternative'],
      [() => wilcoxonSignedRank([1, 2], undefined, { correction: 1 as never }), InvalidArgumentError, 'options.correction'],
      [() => wilcoxonSignedRank([1, 2], undefined, { mu: NaN }), InvalidArgumentError, 'options.mu'],
      [() => wilcoxonSignedRank([1, 2], undefined, { confInt: true, confidenceLevel: 1 }), InvalidArgumentError, 'options.confidenceLevel'],
    ];
    expectArgumentErrors(bad);
  });
});
