import { expect } from 'chai';
import {
  analyzeMetrics, InvalidArgumentError, MeanStats, meanDifferenceTest, nonInferiorityTest, pAdjust, ProportionStats, twoProportionZTest,
} from '../../../src/index.js';
import type { PAdjustMethod } from '../../../src/index.js';

describe('analyzeMetrics', () => {
  const conversion = { name: 'conversion', control: new ProportionStats(10000, 1000), treatment: new ProportionStats(10000, 1100) };
  const revenue = { name: 'revenue', control: new MeanStats(5000, 10, 4999 * 16), treatment: new MeanStats(5000, 10.3, 4999 * 17) };
  const clicks = { name: 'clicks', control: new ProportionStats(10000, 3000), treatment: new ProportionStats(10000, 3100) };
  const latency = { name: 'latency', control: new MeanStats(5000, 200, 4999 * 400), treatment: new MeanStats(5000, 201, 4999 * 400), higherIsBetter: false, margin: 0.02, marginType: 'relative' as const };
  const errors = { name: 'error rate', control: new ProportionStats(10000, 50), treatment: new ProportionStats(10000, 48), higherIsBetter: false, margin: 0.002 };

  it('rows reproduce the underlying tests, with the secondary family corrected', () => {
    const result = analyzeMetrics({ primary: [conversion], secondary: [revenue, clicks], guardrails: [latency, errors] }, { correction: 'BH' });
    expect(result.rows.map((r) => [r.role, r.name])).to.deep.equal([
      ['primary', 'conversion'], ['secondary', 'revenue'], ['secondary', 'clicks'], ['guardrail', 'latency'], ['guardrail', 'error rate'],
    ]);
    const primary = twoProportionZTest(1000, 10000, 1100, 10000);
    expect(result.rows[0]).to.include({ pValue: primary.pValue, adjustedPValue: primary.pValue, significant: true, verdict: 'better' });
    const secondaryP = [meanDifferenceTest(revenue.control, revenue.treatment).pValue, twoProportionZTest(3000, 10000, 3100, 10000).pValue];
    const adjusted = pAdjust(secondaryP, 'BH');
    expect(result.rows.slice(1, 3).map((r) => r.adjustedPValue)).to.deep.equal(adjusted);
    const latencyTest = nonInferiorityTest(latency.control, latency.treatment, { margin: 0.02, marginType: 'relative', higherIsBetter: false });
    expect(result.rows[3]).to.include({ pValue: latencyTest.pValue, significant: latencyTest.nonInferior });
    // Each row carries its test's interval in the common { lower, upper, level } shape.
    expect(result.rows[0].ci).to.deep.equal(primary.ci);
    expect(result.rows[3].ci).to.deep.equal(latencyTest.ci);
    expect(result.rows[0].relativeLift).to.be.closeTo(0.1, 1e-12);
    expect(result.decision).to.equal('ship');
  });

  it('decides no-ship on a worse primary or an unproven guardrail, inconclusive otherwise', () => {
    const worse = { ...conversion, treatment: new ProportionStats(10000, 900) };
    expect(analyzeMetrics({ primary: [worse] }).decision).to.equal('no-ship');
    const flat = { ...conversion, treatment: new ProportionStats(10000, 1010) };
    expect(analyzeMetrics({ primary: [flat] }).decision).to.equal('inconclusive');
    const badErrors = { ...errors, treatment: new ProportionStats(10000, 90) };
    const blocked = analyzeMetrics({ primary: [conversion], guardrails: [badErrors] });
    expect(blocked.decision).to.equal('no-ship');
    expect(blocked.reasons[0]).to.contain("guardrail 'error rate'");
    // Lower-is-better primary: a significant decrease is an improvement.
    const lowerBetter = { ...worse, higherIsBetter: false };
    expect(analyzeMetrics({ primary: [lowerBetter] }).rows[0].verdict).to.equal('better');
  });

  it('rejects malformed input', () => {
    const bad: [() => unknown, string][] = [
      [() => analyzeMetrics({ primary: [] }), 'metrics.primary'],
      [() => analyzeMetrics({ primary: [conversion] }, { alpha: 2 }), 'options.alpha'],
      [() => analyzeMetrics({ primary: [conversion] }, { correction: 'sidak' as PAdjustMethod }), 'options.correction'],
      [() => analyzeMetrics({ primary: [conversion] }, { meanTest: 't' as 'z' }), 'options.meanTest'],
      [() => analyzeMetrics({ primary: [{ ...conversion, name: 3 as unknown as string }] }), 'metrics.primary[0]'],
      [() => analyzeMetrics({ primary: [conversion], secondary: {} as [] }), 'metrics.secondary'],
      [() => analyzeMetrics({ primary: [conversion], guardrails: [{ ...errors, margin: -1 }] }), 'options.margin'],
    ];
    for (const [fn, argument] of bad) expect(fn, argument).to.throw(InvalidArgumentError).with.property('argument', argument);
  });
});
