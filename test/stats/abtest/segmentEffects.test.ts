import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { heterogeneityTest, InsufficientDataError, InvalidArgumentError, MeanStats, ProportionStats, segmentEffects } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';

// Reference values: statsmodels 0.13.5 (test/fixtures/abtest/generate_segments.py → segments.json):
// test_proportions_2indep / confint_proportions_2indep (wald, diff), multipletests (holm, fdr_bh),
// combine_effects(method_re='dl') for Q, I², τ² and the fixed-effect mean; scipy chi2.sf for Q's p-value.
const fixture: {
  segments: { segment: string; nA: number; sA: number; nB: number; sB: number; estimate: number; standardError: number; pValue: number; lower: number; upper: number; holm: number; BH: number }[];
  heterogeneity: { q: number; df: number; pValue: number; i2: number; tau2: number; pooled: number; pooledSe: number };
} = JSON.parse(readFileSync(join(__dirname, '../../fixtures/abtest/segments.json'), 'utf8'));

const arms = fixture.segments.map((s) => ({ segment: s.segment, control: new ProportionStats(s.nA, s.sA), treatment: new ProportionStats(s.nB, s.sB) }));

describe('abtest: segmentEffects and heterogeneityTest vs statsmodels', () => {
  for (const correction of ['holm', 'BH'] as const) {
    it(`per-segment Wald effects with ${correction} across ${arms.length} segments`, () => {
      const result = segmentEffects(arms, { correction });
      result.segments.forEach((s, i) => {
        const ref = fixture.segments[i];
        expect(s.segment).to.equal(ref.segment);
        expectClose(s.estimate, ref.estimate, 1e-12);
        expectClose(s.standardError, ref.standardError, 1e-12);
        expectClose(s.pValue, ref.pValue, 1e-9);
        expectClose(s.lower, ref.lower, 1e-9);
        expectClose(s.upper, ref.upper, 1e-9);
        expectClose(s.pAdjusted, ref[correction], 1e-9);
        expect(s.simultaneousLower).to.be.below(s.lower);
      });
      expect(result.segments.find((s) => s.segment === 'mobile/IN')!.significant).to.equal(true);
    });
  }

  it("Cochran's Q, I², DerSimonian–Laird τ² and the pooled effect", () => {
    const q = segmentEffects(arms).heterogeneity!;
    const ref = fixture.heterogeneity;
    expectClose(q.statistic, ref.q, 1e-10);
    expect(q.df).to.equal(ref.df);
    expectClose(q.pValue, ref.pValue, 1e-9);
    expectClose(q.details!.I2, ref.i2, 1e-10);
    expectClose(q.details!.tau2, ref.tau2, 1e-9);
    expectClose(q.estimate!, ref.pooled, 1e-10);
    expectClose((q.ci!.upper - q.ci!.lower) / (2 * 1.959963984540054), ref.pooledSe, 1e-9);
    expect(heterogeneityTest([{ estimate: 0.02, standardError: 0.01 }, { estimate: -0.03, standardError: 0.02 }]).statistic).to.be.closeTo(5, 1e-12);
  });

  it('skips segments without data, and refuses bad input by name', () => {
    const result = segmentEffects([...arms, { segment: 'tablet/XX', control: MeanStats.fromArray([1]), treatment: MeanStats.fromArray([1, 2]) }]);
    expect(result.skipped.map((s) => s.segment)).to.deep.equal(['tablet/XX']);
    expect(result.print()).to.contain('tablet/XX').and.to.contain('Heterogeneity: Q =');
    expect(() => segmentEffects([arms[0], arms[0]])).to.throw(InvalidArgumentError, 'segments[1].segment');
    expect(() => segmentEffects(arms, { correction: 'fdr' as never })).to.throw(InvalidArgumentError, 'options.correction');
    expect(() => segmentEffects([{ segment: 'x', control: new ProportionStats(0, 0), treatment: new ProportionStats(3, 1) }])).to.throw(InsufficientDataError);
    expect(() => heterogeneityTest([{ estimate: 1, standardError: 0 }, { estimate: 1, standardError: 1 }])).to.throw(InvalidArgumentError, 'effects[0].standardError');
  });
});
