import { expect } from 'chai';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AblabError, fromArrays, type GridOptions, type GridProgress, InvalidArgumentError, Random, type RunResult, runGrid, runKey } from '../../src/index.js';

const variants: GridOptions['variants'] = {
  cnn: { model: { kind: 'cnn', options: { inputShape: [28, 28, 1], numClasses: 10, conv: [4], dense: [16], dropout: 0.3, padding: 'valid' } } },
  mlp: { model: { kind: 'mlp', options: { inputShape: [28, 28, 1], numClasses: 10, dense: [16] } }, epochs: 1 },
};
const dataset: GridOptions['dataset'] = { source: 'mnist', options: { trainSize: 192, validationSize: 32, testSize: 64, seed: 0 }, normalize: 'standardize' };

/** Everything of a run that must not depend on scheduling (timings and time stamps excluded). */
const outcome = (run: RunResult) => ({
  key: run.key, evaluation: { ...run.evaluation, latencyMsPerSample: 0 }, history: run.history.map((h) => ({ ...h, seconds: 0, samplesPerSecond: 0 })),
});

describe('models: runGrid in worker threads', function () {
  this.timeout(90_000);

  it('gives identical per-run results with 1 and 2 workers; streams progress and completed runs; skips done runs', async () => {
    const events: GridProgress[] = [];
    const completed: string[] = [];
    const one = await runGrid({ variants, seeds: [1, 2], dataset, epochs: 2, workers: 1 });
    const two = await runGrid({
      variants, seeds: [1, 2], dataset, epochs: 2, workers: 2,
      onProgress: (event) => events.push(event), onRunComplete: async (run) => { completed.push(run.key); },
    });
    expect(two.workers).to.equal(2);
    expect(two.runs.map((r) => r.key)).to.deep.equal([runKey('cnn', 1), runKey('cnn', 2), runKey('mlp', 1), runKey('mlp', 2)]);
    expect(two.runs.map(outcome)).to.deep.equal(one.runs.map(outcome));
    expect(one.runs[0].evaluation).to.not.deep.equal(one.runs[1].evaluation);
    expect([...completed].sort()).to.deep.equal(two.runs.map((r) => r.key));
    expect(events.filter((e) => e.type === 'epoch')).to.have.length(2 + 2 + 1 + 1);
    expect(events.filter((e) => e.type === 'run').map((e) => (e as { completed: number }).completed)).to.deep.equal([1, 2, 3, 4]);
    const run = two.runs[0];
    expect(run.environment.backend).to.equal('wasm');
    expect(run.history).to.have.length(2);
    expect((run.evaluation as { correct: number[] }).correct).to.have.length(64);
    expect(run.samplesPerSecond).to.be.above(0);

    const resumed = await runGrid({ variants, seeds: [1, 2], dataset, epochs: 2, workers: 2, skip: [runKey('cnn', 1), runKey('mlp', 2)] });
    expect(resumed.skipped).to.deep.equal([runKey('cnn', 1), runKey('mlp', 2)]);
    expect(resumed.runs.map(outcome)).to.deep.equal([one.runs[1], one.runs[2]].map(outcome));
    const none = await runGrid({ variants, seeds: [1], dataset, epochs: 1, skip: () => true });
    expect(none.runs).to.have.length(0);
  });

  it('runs custom model modules and user data; a failing run rejects with its key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ablab-grid-'));
    try {
      const modulePath = join(dir, 'factory.js');
      writeFileSync(modulePath, `const tf = require(${JSON.stringify(require.resolve('@tensorflow/tfjs'))});
exports.linear = (seed) => { const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed }) })] });
  m.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' }); return m; };
exports.broken = () => { throw new Error('no model today'); };`);
      const rng = new Random(1);
      const xs = Array.from({ length: 80 }, () => [rng.normal(), rng.normal()]);
      const data = fromArrays(xs, xs.map(([a]) => (a > 0 ? 1 : 0)));
      const grid = await runGrid({
        variants: { linear: { model: { kind: 'module', path: modulePath, exportName: 'linear' } } },
        seeds: [3], dataset: { source: 'splits', splits: { train: data, test: data } }, epochs: 3, batchSize: 16,
      });
      expect((grid.runs[0].evaluation as { accuracy: number }).accuracy).to.be.above(0.7);
      await runGrid({ variants: { broken: { model: { kind: 'module', path: modulePath, exportName: 'broken' } } }, seeds: [3], dataset: { source: 'splits', splits: { train: data, test: data } }, epochs: 1 })
        .then(() => expect.fail('should reject'), (e: Error) => { expect(e).to.be.instanceOf(AblabError); expect(e.message).to.contain(runKey('broken', 3)).and.contain('no model today'); });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad grid options before starting workers', async () => {
    const base: GridOptions = { variants, seeds: [1], dataset, epochs: 1 };
    const bad: [Partial<GridOptions>, RegExp][] = [
      [{ variants: {} }, /variants/], [{ seeds: [] }, /seeds/], [{ seeds: [1, 1] }, /seeds/], [{ seeds: [-1] }, /seeds\[0\]/],
      [{ epochs: 0 }, /epochs/], [{ workers: 0 }, /workers/], [{ skip: 'all' as never }, /skip/], [{ backend: 'gpu' as never }, /backend/],
      [{ variants: { v: { model: variants.cnn.model, batchSize: 0 } } }, /variants.v.batchSize/],
    ];
    for (const [override, pattern] of bad) {
      await runGrid({ ...base, ...override }).then(() => expect.fail(JSON.stringify(override)), (e: Error) => {
        expect(e, JSON.stringify(override)).to.be.instanceOf(InvalidArgumentError);
        expect(e.message).to.match(pattern);
      });
    }
  });
});
