/**
 * The bad inputs named in issue 12, each of which used to give a silent wrong result, a raw
 * TypeError/RangeError or unbounded work: each now gets a typed error naming the argument as the
 * caller wrote it.
 */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AblabError, analyzeExperiment, applyNormalizer, betaBinomialPosterior, betaQuantile, chiSquareSf, compareModels, createModelServer,
  createRolloutController, errorRateGuardrail, exportToMlflowFileStore, fitNormalizer, fromArrays, interquartileMean, InvalidArgumentError,
  latencyGuardrail, liftCredibleInterval, loadCsv, normalQuantile, populationStabilityIndex, predictionDrift, simulateBandit, splitDataset,
  srmGuardrail, studentTQuantile, takeSamples, toCsv, trainModel,
} from '../../src/index.js';

const throwsNaming = (call: () => unknown, argument: string) => {
  expect(call, argument).to.throw(InvalidArgumentError).with.property('argument', argument);
};

describe('issue 12: listed bad inputs', () => {
  const data = fromArrays([[1, 2], [3, 4], [5, 6], [7, 8]], [0, 1, 0, 1]);

  it('distribution functions refuse impossible probabilities and parameters', () => {
    throwsNaming(() => normalQuantile(1.5), 'p');
    throwsNaming(() => normalQuantile(NaN), 'p');
    throwsNaming(() => betaQuantile(-0.1, 2, 3), 'p');
    throwsNaming(() => betaQuantile(0.5, 0, 3), 'alpha');
    throwsNaming(() => studentTQuantile(0.3, -1), 'df');
    throwsNaming(() => chiSquareSf(3.2, -1), 'df');
    throwsNaming(() => betaBinomialPosterior({ successes: 3, trials: 10 }).quantile(1.5), 'p');
    expect(normalQuantile(0)).to.equal(-Infinity);
    expect(studentTQuantile(0.975, Infinity)).to.equal(normalQuantile(0.975));
  });

  it('datasets: out-of-range indices, NaN features, zero scales and missing labels are refused', () => {
    throwsNaming(() => takeSamples(data, [0, 5]), 'indices[1]');
    throwsNaming(() => takeSamples(data, [0.5]), 'indices[0]');
    const withNaN = { ...data, x: Float32Array.from([1, NaN, 3, 4, 5, 6, 7, 8]) };
    throwsNaming(() => fitNormalizer(withNaN), 'train.x[1]');
    return trainModel({ factory: () => { throw new Error('not reached'); }, data: { train: withNaN }, epochs: 1 } as never)
      .then(() => expect.fail('trained on NaN'), (error: unknown) => {
        expect(error).to.be.instanceOf(InvalidArgumentError).with.property('argument', 'options.data.train.x[1]');
        throwsNaming(() => applyNormalizer({ method: 'standardize', offset: [0, 0], scale: [1, 0] }, data), 'normalizer.scale[1]');
        const dir = mkdtempSync(join(tmpdir(), 'ablab-csv-'));
        writeFileSync(join(dir, 'x.csv'), 'a,b,label\n1,2,yes\n3,4,\n');
        expect(() => loadCsv(join(dir, 'x.csv'), { labelColumn: 'label' })).to.throw(InvalidArgumentError, 'row 3 column label');
      });
  });

  it('compareModels and interquartileMean near the largest doubles', () => {
    throwsNaming(() => compareModels([1e308, -1e308, 1e308], [-1e308, 1e308, 0]), 'resultsA');
    expect(interquartileMean([1.5e308, 1.6e308, 1.7e308, 1.7e308])).to.be.closeTo(1.65e308, 1e294);
  });

  it('null options objects get a typed error naming them', () => {
    for (const call of [
      () => createModelServer(null as never), () => createRolloutController(null as never), () => srmGuardrail(null as never),
      () => errorRateGuardrail(null as never), () => latencyGuardrail(null as never), () => betaBinomialPosterior(null as never),
      () => analyzeExperiment({ config: null, runs: [] } as never, null as never),
    ]) {
      expect(call).to.throw(InvalidArgumentError);
    }
    throwsNaming(() => splitDataset(data, null as never, 1), 'sizes');
    throwsNaming(() => toCsv(null as never), 'rows');
    throwsNaming(() => exportToMlflowFileStore(null as never, 'x', 'mlruns'), 'runs');
  });

  it('requested work has explicit limits', () => {
    throwsNaming(() => populationStabilityIndex([1, 2, 3], [1, 2, 3], { bins: 1e12 }), 'options.bins');
    throwsNaming(() => predictionDrift([1, 2, 3], [1, 2, 3], { bins: 1e12, kind: 'continuous' }), 'options.bins');
    const a = betaBinomialPosterior({ successes: 3, trials: 10 });
    throwsNaming(() => liftCredibleInterval(a, a, { nDraws: 1e12 }), 'options.nDraws');
    throwsNaming(() => simulateBandit({ policy: 'thompson', armMeans: [0.1, 0.2], horizon: 10, nRuns: 1e12 } as never), 'options.nRuns');
    return trainModel({ factory: () => { throw new Error('not reached'); }, data: { train: data }, epochs: 1e12 } as never)
      .then(() => expect.fail('accepted 1e12 epochs'), (error: unknown) => expect(error).to.be.instanceOf(InvalidArgumentError).with.property('argument', 'options.epochs'));
  });

  it('errors name the argument the caller passed, not a derived one (alpha, not confidenceLevel)', () => {
    const run = (variant: string, seed: number) => ({ key: `${variant}__seed${seed}`, variant, seed, metrics: { accuracy: 0.5 + seed / 100 }, history: {}, timing: { trainSeconds: 1 } });
    const experiment = { config: { name: 'x', variants: { a: {}, b: {} }, seeds: [1, 2], epochs: 1 }, runs: [run('a', 1), run('a', 2), run('b', 1), run('b', 2)] };
    throwsNaming(() => analyzeExperiment(experiment as never, { alpha: 0 }), 'options.alpha');
    expect(AblabError).to.be.a('function');
  });
});
