import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareGroups, fairnessGaps, InsufficientDataError, InvalidArgumentError, metricFrame, Random } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';

// Reference values: test/fixtures/fairness/generate_fairness.py, a numpy transcription of Fairlearn's
// selection_rate / true_positive_rate / false_positive_rate (_base_metrics.py @ 0346a4b),
// demographic_parity_difference / equalized_odds_difference (_fairness_metrics.py @ 1a75393) and
// MetricFrame.difference (_metric_frame.py).
interface Row { n: number; accuracy: number; selectionRate: number; truePositiveRate: number; falsePositiveRate: number }
interface Gaps { demographicParityDifference: number; equalizedOddsDifference: number; accuracyDifference: number; worstGroupAccuracy: number }
const fixture: {
  cases: { labels: number[]; predictions: number[]; groups: string[]; byGroup: Row[]; overall: Row; between_groups: Gaps; to_overall: Gaps }[];
  overSeeds: {
    labels: number[]; groups: string[]; variants: Record<string, { seed: number; predictions: number[] }[]>;
    meanAccuracy: Record<string, Record<string, number>>; meanGaps: Record<string, Record<string, number>>; accuracyDifference: Record<string, number>;
  };
} = JSON.parse(readFileSync(join(__dirname, '../../fixtures/fairness/fairness.json'), 'utf8'));

describe('fairness: metricFrame and fairnessGaps vs Fairlearn definitions', () => {
  fixture.cases.forEach((c, k) => {
    it(`case ${k + 1}: ${c.byGroup.length} groups, n = ${c.labels.length}`, () => {
      const frame = metricFrame(c.labels, c.predictions, c.groups);
      expect(frame.positiveClass).to.equal(1);
      for (const [row, expected] of [...frame.byGroup.map((r, i) => [r, c.byGroup[i]] as const), [frame.overall, c.overall] as const]) {
        expect(row.n).to.equal(expected.n);
        for (const metric of ['accuracy', 'selectionRate', 'truePositiveRate', 'falsePositiveRate'] as const) expectClose(row[metric]!, expected[metric], 1e-14, 1e-15, `${row.group} ${metric}`);
        expectClose(row.errorRate, 1 - expected.accuracy, 1e-14, 1e-15);
      }
      for (const method of ['between_groups', 'to_overall'] as const) {
        const gaps = fairnessGaps(frame.byGroup, frame.overall, method);
        for (const key of ['demographicParityDifference', 'equalizedOddsDifference', 'accuracyDifference', 'worstGroupAccuracy'] as const) {
          expectClose(gaps[key], c[method][key], 1e-13, 1e-15, `${method} ${key}`);
        }
      }
      expectClose(frame.difference('selectionRate'), c.between_groups.demographicParityDifference, 1e-13, 1e-15);
      expect(frame.worstGroup().accuracy).to.equal(frame.groupMin('accuracy'));
    });
  });

  it('leaves a rate out where its denominator is empty (Fairlearn would report 0) and refuses bad input by name', () => {
    // group b has no positive label: its TPR is undefined, not 0.
    const frame = metricFrame([1, 0, 0, 0], [1, 0, 1, 0], ['a', 'a', 'b', 'b']);
    expect(frame.byGroup[1].truePositiveRate).to.equal(null);
    expect(frame.difference('truePositiveRate')).to.equal(0);
    expect(metricFrame([0, 1, 2], [0, 2, 2], ['a', 'b', 'b']).byGroup[0].selectionRate).to.equal(null);
    expect(metricFrame([0, 1, 2], [0, 2, 2], ['a', 'b', 'b'], { positiveClass: 2 }).byGroup[1].selectionRate).to.equal(1);
    expect(() => metricFrame([0, 1], [0, 1.5], ['a', 'b'])).to.throw(InvalidArgumentError, 'predictions[1]');
    expect(() => metricFrame([0, 1], [0, 1], ['a'])).to.throw(InvalidArgumentError, 'groups');
    expect(() => metricFrame([0, 1], [0, 1], ['a', ''])).to.throw(InvalidArgumentError, 'groups[1]');
    expect(() => metricFrame([], [], [])).to.throw(InsufficientDataError);
  });
});

describe('fairness: compareGroups over seeds', () => {
  const { labels, groups, variants, meanAccuracy, meanGaps, accuracyDifference } = fixture.overSeeds;

  it('point estimates are means over seeds of the Fairlearn quantities; the harmed group is flagged after Holm', () => {
    const result = compareGroups({ labels, groups, variants }, { resamples: 400, seed: 3 });
    expect(result.baseline).to.equal('old');
    expect(result.groups).to.deep.equal(['island', 'north', 'south']);
    for (const m of result.metrics.filter((r) => r.metric === 'accuracy')) {
      expectClose(m.estimate, meanAccuracy[m.variant][m.group], 1e-13, 0, `${m.variant} ${m.group}`);
      expect(m.lower).to.be.at.most(m.estimate);
      expect(m.upper).to.be.at.least(m.estimate);
    }
    for (const g of result.gaps.filter((r) => r.gap in meanGaps.old)) expectClose(g.estimate, meanGaps[g.variant][g.gap], 1e-13, 0, `${g.variant} ${g.gap}`);
    const byGroup = Object.fromEntries(result.differences.map((d) => [d.group, d]));
    for (const g of result.groups) expectClose(byGroup[g].estimate, accuracyDifference[g], 1e-12, 1e-15, g);
    // island: ~60 samples, error 0.1 → 0.35 over three seeds: a clear harm.
    expect(byGroup.island.significant).to.equal(true);
    expect(byGroup.island.upper).to.be.below(0);
    expect(byGroup.island.pAdjusted).to.be.at.least(byGroup.island.pValue);
    expect(result.print()).to.contain('holm-adjusted across 3 groups');
  });

  it('is reproducible for a seed, and its bootstrap standard error matches the binomial one for a fixed model', () => {
    const a = compareGroups({ labels, groups, variants }, { resamples: 200, seed: 9 });
    const b = compareGroups({ labels, groups, variants }, { resamples: 200, seed: 9 });
    expect(a.differences).to.deep.equal(b.differences);
    // One seed, seeds not resampled: the interval is the test-set sampling interval of a proportion,
    // whose standard error is √(p(1 − p)/n).
    const rng = new Random(4);
    const n = 2000;
    const y = Array.from({ length: n }, () => rng.bernoulli(0.5));
    const g = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'small' : 'large'));
    const predict = (error: number) => y.map((v) => (rng.bernoulli(error) ? 1 - v : v));
    const result = compareGroups({ labels: y, groups: g, variants: { a: [{ seed: 1, predictions: predict(0.2) }], b: [{ seed: 1, predictions: predict(0.3) }] } },
      { resamples: 2000, resampleSeeds: false, seed: 1 });
    for (const m of result.metrics.filter((r) => r.metric === 'accuracy')) {
      const se = Math.sqrt((m.estimate * (1 - m.estimate)) / m.n);
      expectClose((m.upper - m.lower) / (2 * 1.959964), se, 0.1, 0, `${m.variant} ${m.group}`);
    }
  });

  it('grouping by the true class gives recall per class', () => {
    const y = [0, 0, 0, 1, 1, 2, 2, 2, 2, 2];
    const a = [0, 1, 0, 1, 1, 2, 0, 2, 2, 1];
    const b = [0, 0, 0, 0, 1, 2, 2, 2, 2, 2];
    const result = compareGroups({ labels: y, groups: y.map(String), variants: { a: [{ seed: 1, predictions: a }], b: [{ seed: 1, predictions: b }] } }, { resamples: 100 });
    const recall = (predictions: number[], c: number) => y.filter((v, i) => v === c && predictions[i] === c).length / y.filter((v) => v === c).length;
    for (const m of result.metrics.filter((r) => r.metric === 'accuracy')) expect(m.estimate).to.equal(recall(m.variant === 'a' ? a : b, Number(m.group)));
  });

  it('refuses unpaired seeds, unknown baselines and a single variant', () => {
    const runs = (seeds: number[]) => seeds.map((seed) => ({ seed, predictions: [0, 1] }));
    expect(() => compareGroups({ labels: [0, 1], groups: ['a', 'b'], variants: { a: runs([1, 2]), b: runs([1, 3]) } })).to.throw(InvalidArgumentError, 'input.variants.b');
    expect(() => compareGroups({ labels: [0, 1], groups: ['a', 'b'], variants: { a: runs([1]), b: runs([1]) } }, { baseline: 'c' })).to.throw(InvalidArgumentError, 'options.baseline');
    expect(() => compareGroups({ labels: [0, 1], groups: ['a', 'b'], variants: { a: runs([1]) } })).to.throw(InsufficientDataError);
  });
});
