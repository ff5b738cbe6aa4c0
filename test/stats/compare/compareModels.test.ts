import { expect } from 'chai';
import {
  cohensD, InsufficientDataError, InvalidArgumentError, mcnemarTest, pairedPermutationTest, pairedTTest, wilcoxonSignedRank,
} from '../../../src/index.js';
import { compareModels } from '../../../src/stats/compare/index.js';
import { expectClose } from '../../support/close.js';

const accuracyA = [0.912, 0.905, 0.921, 0.899, 0.915, 0.908, 0.917, 0.903, 0.911, 0.919];
const accuracyB = [0.905, 0.902, 0.913, 0.901, 0.904, 0.899, 0.912, 0.896, 0.906, 0.910];

describe('compareModels', () => {
  it('runs the component procedures with the requested options', () => {
    const r = compareModels(accuracyA, accuracyB, { metric: 'accuracy', alternative: 'greater', confidenceLevel: 0.9, seed: 7 });
    const t = pairedTTest(accuracyA, accuracyB, { alternative: 'greater', confidenceLevel: 0.9 });
    expect(r.tests.pairedT.pValue).to.equal(t.pValue);
    // Exact Wilcoxon for small n: per-seed metrics tie often, where the normal approximation is too small.
    expect(r.tests.wilcoxon.pValue).to.equal(wilcoxonSignedRank(accuracyA, accuracyB, { alternative: 'greater', method: 'exact' }).pValue);
    expect(r.tests.testSamples).to.equal(undefined);
    expect(r.effectSize).to.deep.equal(cohensD(accuracyA, accuracyB, { paired: true, confidenceLevel: 0.9 }));
    // The verdict interval is the two-sided one even when the tests are one-sided.
    expect(r.difference.ci).to.deep.equal(pairedTTest(accuracyA, accuracyB, { confidenceLevel: 0.9 }).ci);
    expectClose(r.difference.mean, 0.0062, 1e-12);
    expect(r.difference.bootstrapCi.lower).to.be.lessThan(r.difference.mean);
    expect(r.difference.bootstrapCi.upper).to.be.greaterThan(r.difference.mean);
    expect(r.difference.bootstrapCi.level).to.equal(0.9);
    expectClose(r.summary.A.mean, 0.911, 1e-12);
    expect(r.summary.B.n).to.equal(10);
  });

  it('is reproducible for a seed', () => {
    const first = compareModels(accuracyA, accuracyB, { seed: 3, nResamples: 500 });
    const second = compareModels(accuracyA, accuracyB, { seed: 3, nResamples: 500 });
    expect(first.difference.bootstrapCi).to.deep.equal(second.difference.bootstrapCi);
  });

  it('classifies better / worse / equivalent / inconclusive against the margin', () => {
    // 95% t CI of A − B is about [0.0035, 0.0089].
    expect(compareModels(accuracyA, accuracyB, { margin: 0.002 }).verdict).to.include({
      outcome: 'better', practicallySignificant: true, statisticallySignificant: true,
    });
    expect(compareModels(accuracyB, accuracyA, { margin: 0.002 }).verdict.outcome).to.equal('worse');
    const withinMargin = compareModels(accuracyA, accuracyB, { margin: 0.01 }).verdict;
    expect(withinMargin).to.include({ outcome: 'equivalent within margin', practicallySignificant: false, statisticallySignificant: true });
    const unclear = compareModels(accuracyA, accuracyB, { margin: 0.005 }).verdict;
    expect(unclear.outcome).to.equal('inconclusive');
    expect(unclear.text).to.match(/^Inconclusive/);
  });

  it('flips the direction for lower-is-better metrics', () => {
    const lossA = accuracyA.map((v) => 1 - v);
    const lossB = accuracyB.map((v) => 1 - v);
    const r = compareModels(lossA, lossB, { metric: 'error rate', higherIsBetter: false, margin: 0.002 });
    expect(r.verdict.outcome).to.equal('better');
    expect(r.verdict.text).to.contain('model A is better than model B on error rate');
    expect(r.difference.mean).to.be.lessThan(0);
  });

  it('adds McNemar per seed and the seed-averaged test over test samples, oriented so that greater means A is more accurate', () => {
    const rowA = [1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1];
    const rowB = [1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1];
    // One row per seed (10 seeds), shifted so that the seeds differ.
    const correctA = accuracyA.map((_, s) => rowA.map((_, i) => rowA[(i + s) % 12]));
    const correctB = accuracyA.map((_, s) => rowB.map((_, i) => rowB[(i + 2 * s) % 12]));
    const r = compareModels(accuracyA, accuracyB, { correctA, correctB, alternative: 'greater', seed: 4 });
    const samples = r.tests.testSamples!;
    expect(samples.mcnemarPerSeed.map((t) => t.pValue)).to.deep.equal(correctA.map((a, s) => mcnemarTest(a, correctB[s], { alternative: 'greater' }).pValue));
    const meanOver = (m: number[][]) => m[0].map((_, i) => m.reduce((sum, row) => sum + row[i], 0) / m.length);
    expect(samples.seedAveraged.pValue).to.equal(pairedPermutationTest(meanOver(correctA), meanOver(correctB), { alternative: 'greater', seed: 4 }).pValue);
    expect(samples).to.include({ seeds: 10, items: 12 });
    const loss = compareModels(accuracyA, accuracyB, { correctA, correctB, alternative: 'less', higherIsBetter: false, seed: 4 });
    expect(loss.tests.testSamples!.seedAveraged.pValue).to.equal(samples.seedAveraged.pValue);
    const text = r.print();
    expect(text).to.contain('tests over seeds (variance: training randomness across seeds');
    expect(text).to.contain('tests over 12 test samples (variance: sampling of the test set');
    expect(text).to.contain('McNemar per seed');
  });

  it('names the variants in the verdict and follows the multiplicity-adjusted decision when given', () => {
    const named = compareModels(accuracyA, accuracyB, { metric: 'accuracy', margin: 0.002, labelA: 'dropout', labelB: 'baseline' });
    expect(named.verdict.text).to.match(/^dropout is better than baseline on accuracy/);
    expect(named.verdict.text).to.contain('CI of dropout − baseline');
    expect(named.print()).to.contain('dropout − baseline: mean');
    // Raw p ≈ 8e-5 is significant, but an adjusted p of 0.06 is not: the verdict says so.
    const adjusted = compareModels(accuracyA, accuracyB, {
      margin: 0.002, confidenceLevel: 1 - 0.05 / 3, multiplicity: { method: 'holm', comparisons: 3, pAdjusted: 0.06, alpha: 0.05 },
    });
    expect(adjusted.verdict.statisticallySignificant).to.equal(false);
    expect(adjusted.verdict.text).to.contain('holm-adjusted p = 0.06 (not statistically significant at α = 0.05 after adjustment)');
    expect(adjusted.verdict.text).to.contain('98.33% CI of model A − model B (level for 3 comparisons, holm)');
  });

  it('prints a readable report', () => {
    const text = compareModels(accuracyA, accuracyB, { metric: 'accuracy', margin: 0.002 }).print();
    for (const part of ['Model comparison on accuracy', 'paired t-test', 'Wilcoxon signed-rank', 'effect size d_z', 'verdict: model A is better']) {
      expect(text).to.contain(part);
    }
  });

  it('rejects invalid input', () => {
    expect(() => compareModels([0.9, 0.8], [0.9])).to.throw(InvalidArgumentError, /resultsB/);
    expect(() => compareModels([0.9], [0.8])).to.throw(InsufficientDataError, /resultsA/);
    expect(() => compareModels([0.9, NaN], [0.8, 0.7])).to.throw(InvalidArgumentError, /resultsA\[1\]/);
    expect(() => compareModels([0.9, 0.8, 0.7], [0.8, 0.7, 0.6])).to.throw(InsufficientDataError, /all differences are identical/);
    const bad: [object, RegExp][] = [
      [{ margin: -0.01 }, /options.margin/], [{ margin: NaN }, /options.margin/], [{ higherIsBetter: 'yes' }, /higherIsBetter/],
      [{ correctA: [[1, 0]] }, /correctB/], [{ correctB: [[1, 0]] }, /correctA/], [{ alternative: 'bigger' }, /alternative/],
      [{ confidenceLevel: 1.5 }, /confidenceLevel/], [{ seed: -1 }, /seed/], [{ metric: 3 }, /metric/],
      [{ correctA: accuracyA.map(() => [1, 2]), correctB: accuracyA.map(() => [1, 0]) }, /correctA\[0\]\[1\]/],
      // Pooled vectors (one flat array over seeds) are refused: they would count each test sample once per seed.
      [{ correctA: [1, 0, 1], correctB: [1, 1, 0] }, /correctA/],
      [{ correctA: [[1, 0], [1, 1]], correctB: [[1, 0], [1, 1]] }, /options.correctA/],
      [{ labelA: '' }, /labelA/], [{ multiplicity: { method: 'holm', comparisons: 0, pAdjusted: 0.1, alpha: 0.05 } }, /multiplicity/],
    ];
    for (const [options, message] of bad) {
      expect(() => compareModels(accuracyA, accuracyB, options as never), JSON.stringify(options)).to.throw(InvalidArgumentError, message);
    }
  });
});
