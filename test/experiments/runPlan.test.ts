import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrays, planExperiment, Random, RunStore, runKey, type ExperimentConfig } from '../../src/index.js';

/** 2 MLP variants × 3 seeds on 200 random 4-feature samples: cheap to warm up. */
function tinyConfig(outDir: string): ExperimentConfig {
  const rng = new Random(1);
  const rows = (n: number) => Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal(), rng.normal()]);
  const train = fromArrays(rows(200), Array.from({ length: 200 }, (_, i) => i % 3));
  const test = fromArrays(rows(50), Array.from({ length: 50 }, (_, i) => i % 3));
  const mlp = (hidden: number) => ({ model: { kind: 'mlp' as const, options: { inputShape: [4], numClasses: 3, dense: [hidden] } } });
  return { name: 'plan', variants: { narrow: mlp(4), wide: { ...mlp(16), epochs: 4 } }, seeds: [1, 2, 3], epochs: 2, batchSize: 20, workers: 2, dataset: { source: 'splits', splits: { train, test } }, outDir };
}

describe('planExperiment: what `ablab run` prints before training', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'ablab-plan-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts runs left (stored ones excluded), samples per variant, and estimates time from a measured warm-up', async () => {
    const config = tinyConfig(join(dir, 'a'));
    const store = new RunStore(config.outDir!);
    store.save({ key: runKey('narrow', 1), experiment: 'plan', variant: 'narrow', seed: 1, params: {}, metrics: { accuracy: 0.5 }, history: {}, timing: { trainSeconds: 1 }, environment: {}, finishedAt: new Date().toISOString() });
    const plan = await planExperiment(config);
    expect([plan.gridRuns, plan.storedRuns, plan.runsToTrain, plan.workers, plan.trainSize, plan.testSize]).to.deep.equal([6, 1, 5, 2, 200, 50]);
    expect(plan.variants.map((v) => [v.variant, v.runs, v.epochs, v.samplesPerRun])).to.deep.equal([['narrow', 2, 2, 400], ['wide', 3, 4, 800]]);
    for (const v of plan.variants) {
      expect(v.samplesPerSecond).to.be.above(0);
      expect(v.secondsPerRun).to.be.closeTo(v.samplesPerRun / v.samplesPerSecond!, 1e-9);
    }
    // Runs spread over the 2 workers.
    const expected = (2 * plan.variants[0].secondsPerRun! + 3 * plan.variants[1].secondsPerRun!) / 2;
    expect(plan.estimatedSeconds).to.be.closeTo(expected, 1e-9);
    const text = plan.print();
    expect(text).to.match(/^Plan for plan: 5 run\(s\) to train of 6 \(1 already stored\), 2 worker\(s\)/);
    expect(text).to.contain('wide: 3 run(s) × 4 epoch(s) × 200 = 2,400 samples (batch 20)');
    expect(text).to.match(/environment: tfjs \d+\.\d+\.\d+ on \w+ — .*ablab \d+\.\d+\.\d+, commit [0-9a-f]{12}/);
    expect(text).to.match(/estimate: .* from a \d+\.\d s warm-up \(5 timed batches per variant\)/);
  });

  it('says when CIFAR-10 is not on disk (and finds it when it is) before anything trains', async () => {
    // The config is validated against the dataset: CIFAR-10 variants take 32x32x3 images.
    const cifarMlp = { model: { kind: 'mlp' as const, options: { inputShape: [32, 32, 3], numClasses: 10, dense: [4] } } };
    const cifarConfig = (outDir: string): ExperimentConfig => ({ ...tinyConfig(outDir), variants: { narrow: cifarMlp, wide: cifarMlp } });
    const missing = await planExperiment({ ...cifarConfig(join(dir, 'c')), dataset: { source: 'cifar10', options: { dir: join(dir, 'no-cifar') } } });
    expect(missing.dataProblem).to.contain('"download": true').and.contain('--from');
    expect(missing.print()).to.contain('data NOT READY: CIFAR-10 files not found').and.contain('estimate: none (no warm-up without the data)');
    const fixture = join(__dirname, '..', 'fixtures', 'models', 'cifarPy', 'cifar-10-batches-py');
    const present = await planExperiment({ ...cifarConfig(join(dir, 'd')), dataset: { source: 'cifar10', options: { dir: fixture } } }, { warmupBatches: 0 });
    expect(present.dataProblem).to.equal(null);
  });

  it('sizes a CSV dataset from its rows and fractions (as loadDatasetSpec splits it)', async () => {
    const file = join(dir, 'rows.csv');
    writeFileSync(file, `x1,x2,y\n${Array.from({ length: 10 }, (_, i) => `${i},${i % 3},${i % 2}`).join('\n')}\n`);
    const csvMlp = { model: { kind: 'mlp' as const, options: { inputShape: [2], numClasses: 2 } } };
    const plan = await planExperiment({
      ...tinyConfig(join(dir, 'e')), variants: { narrow: csvMlp, wide: csvMlp },
      dataset: { source: 'csv', path: file, options: { labelColumn: 'y' }, testFraction: 0.2, validationFraction: 0.1 },
    }, { warmupBatches: 0 });
    expect([plan.trainSize, plan.testSize]).to.deep.equal([7, 2]);
  });

  it('without a warm-up (or nothing to train) it says so instead of guessing', async () => {
    const plan = await planExperiment(tinyConfig(join(dir, 'b')), { warmupBatches: 0, taskIndex: 1, taskCount: 2 });
    expect(plan.estimatedSeconds).to.equal(null);
    expect(plan.runsToTrain).to.equal(3);
    expect(plan.print()).to.contain('shard 2/2').and.contain('estimate: none');
  });
});
