import { expect } from 'chai';
import {
  interquartileMean, probabilityOfImprovement, stratifiedBootstrapCI, type ScoreAggregate,
} from '../../../src/index.js';
import { aggregateScores } from '../../../src/stats/resampling/scoreAggregates.js';
import { expectClose } from '../../support/close.js';
import { fixtures, itRejects } from './support.js';

describe('interquartileMean', () => {
  // scipy.stats.trim_mean(x, 0.25, axis=None), rliable's aggregate_iqm.
  it(`matches scipy.stats.trim_mean on ${fixtures.iqm.length} inputs (n = 1..23, ties, outliers, a runs × tasks table)`, () => {
    for (const c of fixtures.iqm) expectClose(interquartileMean(c.scores), c.value, 1e-12, 1e-15, JSON.stringify(c.scores));
  });

  itRejects([
    ['empty', () => interquartileMean([]), 'scores'],
    ['NaN', () => interquartileMean([1, NaN]), 'scores[1]'],
    ['empty row', () => interquartileMean([[1], []]), 'scores[1]'],
    ['string', () => interquartileMean('abc' as never), 'scores'],
  ]);
});

describe('stratifiedBootstrapCI', () => {
  const { scores, indices, values } = fixtures.aggregateReplay;
  // rliable's aggregate functions (numpy) on runs resampled within each task by fixed indices.
  for (const kind of ['iqm', 'mean', 'median', 'optimalityGap'] as ScoreAggregate[]) {
    it(`${kind} of resampled tables matches rliable's numpy aggregate`, () => {
      const scratch = new Float64Array(20);
      (indices as number[][][]).forEach((byTask, b) => {
        const resampled = byTask.map((runs, t) => Float64Array.from(runs, (r) => scores[r][t]));
        expectClose(aggregateScores(kind, resampled, 1, scratch), values[kind][b], 1e-12, 1e-15, `${kind} resample ${b}`);
      });
    });
  }

  // rliable-style stratified bootstrap in numpy with 20,000 resamples: agreement within Monte Carlo error.
  for (const c of fixtures.aggregateLarge.cases) {
    it(`${c.aggregate}: estimate exact, percentile interval within Monte Carlo error of numpy's`, () => {
      const result = stratifiedBootstrapCI(fixtures.aggregateLarge.scores, c.aggregate, { nResamples: 20000, seed: 2 });
      expectClose(result.estimate, c.estimate, 1e-12, 1e-15, 'estimate');
      expectClose(result.lower, c.lower, 0, 0.15 * c.standardError, 'lower');
      expectClose(result.upper, c.upper, 0, 0.15 * c.standardError, 'upper');
      expectClose(result.standardError, c.standardError, 0.04, 0, 'standardError');
    });
  }

  it('basic interval reflects the percentile interval about the estimate', () => {
    const table = fixtures.aggregateLarge.scores;
    const percentile = stratifiedBootstrapCI(table, 'iqm', { nResamples: 500, seed: 1 });
    const basic = stratifiedBootstrapCI(table, 'iqm', { nResamples: 500, seed: 1, method: 'basic' });
    expectClose(basic.lower, 2 * percentile.estimate - percentile.upper, 1e-12, 1e-15);
    expectClose(basic.upper, 2 * percentile.estimate - percentile.lower, 1e-12, 1e-15);
  });

  const bad: [string, () => unknown, string][] = [
    ['ragged', () => stratifiedBootstrapCI([[1, 2], [1]], 'mean'), 'scoresByTask[1]'],
    ['vector', () => stratifiedBootstrapCI([1, 2] as never, 'mean'), 'scoresByTask'],
    ['no runs', () => stratifiedBootstrapCI([], 'mean'), 'scoresByTask'],
    ['NaN', () => stratifiedBootstrapCI([[1, NaN]], 'mean'), 'scoresByTask[0][1]'],
    ['aggregate', () => stratifiedBootstrapCI([[1, 2]], 'max' as never), 'aggregate'],
    ['nResamples', () => stratifiedBootstrapCI([[1, 2]], 'mean', { nResamples: 0 }), 'options.nResamples'],
    ['confidenceLevel', () => stratifiedBootstrapCI([[1, 2]], 'mean', { confidenceLevel: 0 }), 'options.confidenceLevel'],
    ['method', () => stratifiedBootstrapCI([[1, 2]], 'mean', { method: 'bca' as never }), 'options.method'],
    ['gamma', () => stratifiedBootstrapCI([[1, 2]], 'optimalityGap', { gamma: NaN }), 'options.gamma'],
    ['seed', () => stratifiedBootstrapCI([[1, 2]], 'mean', { seed: 2 ** 32 }), 'options.seed'],
  ];
  itRejects(bad);
});

describe('probabilityOfImprovement', () => {
  const c = fixtures.probabilityOfImprovement;
  // rliable: mean over tasks of scipy.stats.mannwhitneyu(x, y).statistic / (n m); CI from a numpy
  // StratifiedIndependentBootstrap with 20,000 resamples (Monte Carlo agreement).
  it('matches Mann–Whitney U/(n·m) per task and the stratified independent bootstrap', () => {
    const result = probabilityOfImprovement(c.x, c.y, { nResamples: 20000, seed: 4 });
    expectClose(result.estimate, c.estimate, 1e-12, 0, 'estimate');
    result.perTask.forEach((p, t) => expectClose(p, c.perTask[t], 1e-12, 0, `task ${t}`));
    expectClose(result.lower, c.lower, 0, 0.15 * c.standardError, 'lower');
    expectClose(result.upper, c.upper, 0, 0.15 * c.standardError, 'upper');
  });

  it('accepts flat arrays as one task, with ties counting one half', () => {
    for (const v of fixtures.poiVectors) expectClose(probabilityOfImprovement(v.x, v.y, { nResamples: 10 }).estimate, v.value, 1e-12, 0);
  });

  const bad: [string, () => unknown, string][] = [
    ['task mismatch', () => probabilityOfImprovement([[1, 2]], [[1, 2, 3]]), 'y'],
    ['NaN', () => probabilityOfImprovement([1, NaN], [1]), 'x[1]'],
    ['empty', () => probabilityOfImprovement([], [1]), 'x'],
    ['nResamples', () => probabilityOfImprovement([1], [1], { nResamples: -1 }), 'options.nResamples'],
  ];
  itRejects(bad);
});
