import { expect } from 'chai';
import {
  correctedResampledTTest, fiveByTwoCvFTest, fiveByTwoCvTTest,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { fixtures, itRejects } from './support.js';

describe('5x2cv tests', () => {
  // mlxtend's paired_ttest_5x2cv / combined_ftest_5x2cv formulas in numpy, p-values from scipy.stats.
  for (const c of fixtures.fiveByTwo) {
    it(`t and F match the mlxtend formulas for ${JSON.stringify(c.diffs)}`, () => {
      const t = fiveByTwoCvTTest(c.diffs);
      expectClose(t.statistic, c.t, 1e-12, 0, 't');
      expectClose(t.pValue, c.pTwoSided, 1e-10, 0, 'p two-sided');
      expect(t.df).to.equal(5);
      expectClose(fiveByTwoCvTTest(c.diffs, { alternative: 'less' }).pValue, c.pLess, 1e-10, 0, 'p less');
      expectClose(fiveByTwoCvTTest(c.diffs, { alternative: 'greater' }).pValue, c.pGreater, 1e-10, 0, 'p greater');
      const f = fiveByTwoCvFTest(c.diffs);
      expectClose(f.statistic, c.f, 1e-12, 0, 'F');
      expectClose(f.pValue, c.pF, 1e-10, 0, 'p F');
      expect(f.df).to.deep.equal([10, 5]);
      expectClose(f.estimate!, c.meanDifference, 1e-12, 1e-15, 'mean difference');
    });
  }

  const good = [[0.1, 0.2], [0.1, 0.2], [0.1, 0.2], [0.1, 0.2], [0.1, 0.2]];
  const bad: [string, unknown, string][] = [
    ['4 replications', good.slice(1), 'diffs'],
    ['not an array', 3, 'diffs'],
    ['3 folds', [...good.slice(1), [0.1, 0.2, 0.3]], 'diffs[4]'],
    ['NaN', [[NaN, 0.1], ...good.slice(1)], 'diffs[0][0]'],
    ['zero variance', [[0.1, 0.1], [0, 0], [0.2, 0.2], [0, 0], [0, 0]], 'diffs'],
  ];
  itRejects(bad.flatMap(([label, diffs, argument]) => [
    [`t: ${label}`, () => fiveByTwoCvTTest(diffs as never), argument],
    [`F: ${label}`, () => fiveByTwoCvFTest(diffs as never), argument],
  ] as [string, () => unknown, string][]));
});

describe('correctedResampledTTest', () => {
  // Nadeau & Bengio (2003) corrected variance computed in numpy, t distribution from scipy.stats.
  for (const c of fixtures.corrected) {
    it(`J=${c.diffs.length} ${c.alternative} ${c.nTrain ? 'nTrain/nTest' : 'testTrainRatio'}`, () => {
      const options = c.nTrain ? { nTrain: c.nTrain, nTest: c.nTest } : { testTrainRatio: c.testTrainRatio };
      const result = correctedResampledTTest(c.diffs, { ...options, alternative: c.alternative, confidenceLevel: c.confidenceLevel });
      expectClose(result.statistic, c.t, 1e-12, 0, 't');
      expectClose(result.pValue, c.pValue, 1e-10, 0, 'p');
      expect(result.df).to.equal(c.df);
      expectClose(result.estimate!, c.estimate, 1e-12, 1e-16, 'mean');
      expectClose(result.ci!.lower, c.lower, 1e-10, 1e-15, 'lower');
      expectClose(result.ci!.upper, c.upper, 1e-10, 1e-15, 'upper');
    });
  }

  const bad: [string, () => unknown, string][] = [
    ['one split', () => correctedResampledTTest([0.1], { testTrainRatio: 0.2 }), 'diffs'],
    ['NaN', () => correctedResampledTTest([0.1, NaN], { testTrainRatio: 0.2 }), 'diffs[1]'],
    ['no sizes', () => correctedResampledTTest([0.1, 0.2], {}), 'options'],
    ['no options', () => correctedResampledTTest([0.1, 0.2], undefined as never), 'options'],
    ['both ratio and sizes', () => correctedResampledTTest([0.1, 0.2], { testTrainRatio: 0.2, nTrain: 10, nTest: 2 }), 'options'],
    ['ratio 0', () => correctedResampledTTest([0.1, 0.2], { testTrainRatio: 0 }), 'options.testTrainRatio'],
    ['nTest missing', () => correctedResampledTTest([0.1, 0.2], { nTrain: 10 }), 'options.nTest'],
    ['nTrain negative', () => correctedResampledTTest([0.1, 0.2], { nTrain: -10, nTest: 3 }), 'options.nTrain'],
    ['alternative', () => correctedResampledTTest([0.1, 0.2], { testTrainRatio: 0.2, alternative: 'x' as never }), 'options.alternative'],
    ['confidenceLevel', () => correctedResampledTTest([0.1, 0.2], { testTrainRatio: 0.2, confidenceLevel: 95 }), 'options.confidenceLevel'],
    ['constant', () => correctedResampledTTest([0.1, 0.1, 0.1], { testTrainRatio: 0.2 }), 'diffs'],
  ];
  itRejects(bad);
});
