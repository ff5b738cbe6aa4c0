import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adjustedDecisions, InvalidArgumentError, pAdjust, P_ADJUST_METHODS, type PAdjustMethod } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';

// Values from R 4.2 p.adjust (test/fixtures/multiple/generate_multiple.R → multiple.json).
const cases: { name: string; p: number[]; n: number; adjusted: Record<PAdjustMethod, number[]> }[] =
  JSON.parse(readFileSync(join(__dirname, '../../fixtures/multiple/multiple.json'), 'utf8'));

describe('pAdjust vs R p.adjust', () => {
  for (const method of P_ADJUST_METHODS) {
    it(`${method}: ${cases.length} cases (unsorted, ties, p = 0 and 1, n = 1, 2, 200, n > length)`, () => {
      for (const c of cases) {
        const n = c.n === c.p.length ? undefined : c.n;
        const adjusted = pAdjust(c.p, method, n);
        expect(adjusted, c.name).to.have.length(c.p.length);
        adjusted.forEach((v, i) => expectClose(v, c.adjusted[method][i], 1e-13, 0, `${c.name}[${i}]`));
      }
    });
  }

  it('never mutates its input and accepts typed arrays', () => {
    const p = [0.04, 0.001, 0.5];
    pAdjust(p, 'BH');
    pAdjust(p, 'hommel');
    expect(p).to.deep.equal([0.04, 0.001, 0.5]);
    expect(pAdjust(new Float64Array([0.01, 0.02]), 'bonferroni')).to.deep.equal([0.02, 0.04]);
    expect(pAdjust([], 'BH')).to.deep.equal([]);
  });

  it('defaults to holm, like R', () => {
    expect(pAdjust([0.01, 0.04, 0.03])).to.deep.equal(pAdjust([0.01, 0.04, 0.03], 'holm'));
  });

  it('rejects NaN, out-of-range p-values, unknown methods and bad n', () => {
    for (const p of [[0.1, NaN], [-0.01], [1.2], [Infinity], ['0.1'], [null]]) {
      expect(() => pAdjust(p as number[], 'BH'), String(p)).to.throw(InvalidArgumentError, /pValues\[/);
    }
    expect(() => pAdjust('0.1' as never)).to.throw(InvalidArgumentError, /pValues/);
    for (const method of ['fdr2', 'bh', 'Holm', '']) {
      expect(() => pAdjust([0.1, 0.2], method as never), method).to.throw(InvalidArgumentError, /method/);
    }
    for (const n of [1, 2.5, -1, NaN]) expect(() => pAdjust([0.1, 0.2, 0.3], 'BH', n), String(n)).to.throw(InvalidArgumentError, /n =/);
  });
});

describe('adjustedDecisions', () => {
  it('rejects where the adjusted p-value is at most alpha', () => {
    const p = [0.01, 0.04, 0.03, 0.005];
    expect(adjustedDecisions(p, { method: 'holm', alpha: 0.05 })).to.deep.equal([true, false, false, true]);
    expect(adjustedDecisions(p, { method: 'BH', alpha: 0.05 })).to.deep.equal([true, true, true, true]);
    expect(adjustedDecisions(p, { method: 'bonferroni', alpha: 0.04 })).to.deep.equal([true, false, false, true]);
    expect(adjustedDecisions(p)).to.deep.equal([true, false, false, true]);
  });
  it('rejects a bad alpha', () => {
    for (const alpha of [0, 1, -0.1, NaN]) expect(() => adjustedDecisions([0.1], { alpha }), String(alpha)).to.throw(InvalidArgumentError, /alpha/);
  });
});
