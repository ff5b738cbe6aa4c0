import { expect } from 'chai';
import {
  cochransQ, InsufficientDataError, InvalidArgumentError, mcnemarTest, mcnemarTestFromTable,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentErrors, fixtures, type BadCall } from './fixtures.js';

/** Expands a paired table into per-sample correctness vectors (rows: A right/wrong, columns: B). */
function vectorsFromTable(table: number[][]): [boolean[], number[]] {
  const a: boolean[] = [];
  const b: number[] = [];
  table.forEach((row, i) => row.forEach((count, j) => {
    for (let k = 0; k < count; k++) { a.push(i === 0); b.push(j === 0 ? 1 : 0); }
  }));
  return [a, b];
}

describe('mcnemarTest / mcnemarTestFromTable', () => {
  // statsmodels mcnemar(exact=True / exact=False, correction=True/False); one-sided exact from
  // scipy.stats.binomtest; mid-p from scipy.stats.binom (Fagerland et al. 2013 formula);
  // Newcombe paired interval from the paper's formula on statsmodels' Wilson bounds, cross-checked
  // once against the contingencytables R package's Newcombe_square_and_add_CI_paired_2x2.
  it(`matches statsmodels/scipy on ${fixtures.mcnemar.length} tables`, () => {
    for (const c of fixtures.mcnemar) {
      const label = JSON.stringify(c.table);
      for (const alternative of ['two-sided', 'less', 'greater'] as const) {
        const exact = mcnemarTestFromTable(c.table, { alternative });
        expectClose(exact.pValue, c.exact[alternative], 1e-10, 1e-300, `${label} exact ${alternative}`);
        const midp = mcnemarTestFromTable(c.table, { method: 'midp', alternative });
        expectClose(midp.pValue, c.midp[alternative], 1e-10, 1e-300, `${label} midp ${alternative}`);
      }
      expect(mcnemarTestFromTable(c.table).statistic).to.equal(c.exactStatistic);
      if (c.chi2) {
        const plain = mcnemarTestFromTable(c.table, { method: 'chi2', correction: false });
        expectClose(plain.statistic, c.chi2.statistic, 1e-12, 0, `${label} chi2`);
        expectClose(plain.pValue, c.chi2.pValue, 1e-10, 1e-300, `${label} chi2 p`);
        const corrected = mcnemarTestFromTable(c.table, { method: 'chi2' });
        expectClose(corrected.statistic, c.chi2Corrected.statistic, 1e-12, 0, `${label} chi2 cc`);
        expectClose(corrected.pValue, c.chi2Corrected.pValue, 1e-10, 1e-300, `${label} chi2 cc p`);
      }
      const r95 = mcnemarTestFromTable(c.table);
      expectClose(r95.ci!.lower, c.ci95[0], 1e-12, 1e-15, `${label} ci95 lower`);
      expectClose(r95.ci!.upper, c.ci95[1], 1e-12, 1e-15, `${label} ci95 upper`);
      const r90 = mcnemarTestFromTable(c.table, { confidenceLevel: 0.9 });
      expectClose(r90.ci!.lower, c.ci90[0], 1e-12, 1e-15, `${label} ci90 lower`);
      expect(r90.estimate).to.equal((c.b - c.c) / c.table.flat().reduce((s: number, v: number) => s + v, 0));
      // Same answer from counts only (without the interval) and from correctness vectors.
      expect(mcnemarTestFromTable({ b: c.b, c: c.c }).pValue).to.equal(exact(c));
      const [correctA, correctB] = vectorsFromTable(c.table);
      expect(mcnemarTest(correctA, correctB).pValue).to.equal(exact(c));
    }
    function exact(c: { table: number[][] }): number {
      return mcnemarTestFromTable(c.table).pValue;
    }
  });

  it('gives p = 1 for every method when all pairs are concordant (statsmodels exact result)', () => {
    for (const method of ['exact', 'midp', 'chi2'] as const) {
      for (const correction of [true, false]) {
        const r = mcnemarTestFromTable([[7, 0], [0, 3]], { method, correction });
        expect(r.pValue, method).to.equal(1);
        expect(r.statistic, method).to.equal(0);
      }
    }
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const bad: BadCall[] = [
      [() => mcnemarTest([1, 0, 2], [1, 0, 1]), InvalidArgumentError, 'correctA[2]'],
      [() => mcnemarTest([1, 0, 1], [1, NaN, 1]), InvalidArgumentError, 'correctB[1]'],
      [() => mcnemarTest([1, 0, 1], [1, 0]), InvalidArgumentError, 'correctB'],
      [() => mcnemarTest([], []), InsufficientDataError, 'correctA'],
      [() => mcnemarTestFromTable([[1, 2], [3]]), InvalidArgumentError, 'table'],
      [() => mcnemarTestFromTable([[1, -2], [3, 4]]), InvalidArgumentError, 'table[0][1]'],
      [() => mcnemarTestFromTable([[1, 2], [3.5, 4]]), InvalidArgumentError, 'table[1][0]'],
      [() => mcnemarTestFromTable([[0, 0], [0, 0]]), InsufficientDataError, 'table'],
      [() => mcnemarTestFromTable({ b: -1, c: 2 }), InvalidArgumentError, 'table.b'],
      [() => mcnemarTestFromTable({ b: 1, c: NaN }), InvalidArgumentError, 'table.c'],
      [() => mcnemarTestFromTable({ b: 1, c: 2 }, { method: 'binomial' as never }), InvalidArgumentError, 'options.method'],
      [() => mcnemarTestFromTable({ b: 1, c: 2 }, { method: 'chi2', alternative: 'greater' }), InvalidArgumentError, 'options.alternative'],
      [() => mcnemarTestFromTable({ b: 1, c: 2 }, { correction: 0 as never }), InvalidArgumentError, 'options.correction'],
      [() => mcnemarTestFromTable([[1, 2], [3, 4]], { confidenceLevel: 95 }), InvalidArgumentError, 'options.confidenceLevel'],
    ];
    expectArgumentErrors(bad);
  });
});

describe('cochransQ', () => {
  // statsmodels cochrans_q on the transposed (samples × models) matrix.
  it(`matches statsmodels cochrans_q on ${fixtures.cochransQ.length} matrices`, () => {
    for (const c of fixtures.cochransQ) {
      const r = cochransQ(c.correctness);
      const label = `k=${c.correctness.length} n=${c.correctness[0].length}`;
      expectClose(r.statistic, c.statistic, 1e-12, 1e-15, `${label} Q`);
      expectClose(r.pValue, c.pValue, 1e-10, 1e-300, `${label} p`);
      expect(r.df).to.equal(c.df);
    }
  });

  it("equals McNemar's uncorrected chi-square for two models", () => {
    const a = [1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1];
    const b = [1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1];
    const q = cochransQ([a, b]);
    const chi2 = mcnemarTest(a, b, { method: 'chi2', correction: false });
    expectClose(q.statistic, chi2.statistic, 1e-14, 0, 'Q');
    expectClose(q.pValue, chi2.pValue, 1e-14, 0, 'p');
  });

  it('returns Q = 0 and p = 1 when every sample is scored alike by all models', () => {
    const r = cochransQ([[1, 0, 1], [1, 0, 1], [1, 0, 1]]);
    expect([r.statistic, r.pValue]).to.deep.equal([0, 1]);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const bad: BadCall[] = [
      [() => cochransQ([[1, 0, 1]]), InvalidArgumentError, 'correctness'],
      [() => cochransQ('101' as never), InvalidArgumentError, 'correctness'],
      [() => cochransQ([[1, 0, 1], [1, 0]]), InvalidArgumentError, 'correctness[1]'],
      [() => cochransQ([[1, 0, 1], [1, 0, 0.5]]), InvalidArgumentError, 'correctness[1][2]'],
      [() => cochransQ([[], []]), InsufficientDataError, 'correctness[0]'],
    ];
    expectArgumentErrors(bad);
  });
});
