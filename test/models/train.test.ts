import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import {
  buildCnn, buildMlp, disposeModel, evaluateClassifier, evaluateRegressor, fromArrays, InvalidArgumentError, loadMnist, Random,
  SeededDropout, selectBackend, trainModel, type Dataset,
} from '../../src/index.js';

const smallCnn = (seed: number) => buildCnn({ inputShape: [28, 28, 1], numClasses: 10, conv: [4, 8], dense: [16], dropout: 0.5, padding: 'valid', learningRate: 0.005, seed });

describe('models: seeded training and evaluation', function () {
  const mnist = loadMnist({ trainSize: 256, validationSize: 64, testSize: 128, seed: 11 });
  before(async () => { await selectBackend({ prefer: 'wasm' }); });

  async function trainAndEvaluate(seed: number) {
    const { model, history } = await trainModel({ factory: smallCnn, data: { train: mnist.train, validation: mnist.validation }, epochs: 2, batchSize: 32, seed });
    const evaluation = evaluateClassifier(model, mnist.test, { keepProbabilities: true });
    disposeModel(model);
    return { history, evaluation };
  }

  it('same seed and backend ⇒ identical per-sample predictions and metrics; another seed differs', async () => {
    const first = await trainAndEvaluate(7);
    const second = await trainAndEvaluate(7);
    const other = await trainAndEvaluate(8);
    expect(second.evaluation.probabilities).to.deep.equal(first.evaluation.probabilities);
    expect(second.evaluation.predictions).to.deep.equal(first.evaluation.predictions);
    const { latencyMsPerSample: _a, ...metrics } = first.evaluation;
    const { latencyMsPerSample: _b, ...metricsAgain } = second.evaluation;
    expect(metricsAgain).to.deep.equal(metrics);
    expect(second.history.map((h) => [h.loss, h.valLoss, h.valAccuracy])).to.deep.equal(first.history.map((h) => [h.loss, h.valLoss, h.valAccuracy]));
    expect(other.evaluation.probabilities).to.not.deep.equal(first.evaluation.probabilities);
    expect(first.evaluation.correct).to.deep.equal(first.evaluation.predictions.map((p, i) => (p === mnist.test.y[i] ? 1 : 0)));
    expect(first.evaluation.accuracy).to.be.above(0.2); // chance is 0.1: it learns in 2 tiny epochs
    expect(first.evaluation.rocAuc).to.be.within(0.5, 1);
  });

  it('leaks no tensors over 10 train/evaluate runs', async () => {
    const tiny = { train: loadMnist({ trainSize: 40, validationSize: 10, testSize: 0, seed: 1 }).train };
    const counts: number[] = [];
    for (let run = 0; run < 10; run++) {
      const { model } = await trainModel({ factory: smallCnn, data: { train: tiny.train, validation: tiny.train }, epochs: 1, batchSize: 16, seed: run });
      evaluateClassifier(model, tiny.train);
      disposeModel(model);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size, `tensor counts ${counts}`).to.equal(1);
  });

  it('seeded dropout draws a new mask each training step, reproducibly, and is off for inference', () => {
    const masks = (seed: number) => tf.tidy(() => {
      const layer = new SeededDropout({ rate: 0.5, seed });
      const x = tf.ones([1, 32]);
      return [0, 1].map(() => Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync()))
        .concat([Array.from((layer.apply(x) as tf.Tensor).dataSync())]);
    });
    const [a1, a2, inference] = masks(3);
    expect(a1).to.not.deep.equal(a2);
    expect(masks(3).slice(0, 2)).to.deep.equal([a1, a2]);
    expect(inference.every((v) => v === 1)).to.equal(true);
    for (const rate of [-0.1, 1, NaN]) expect(() => new SeededDropout({ rate, seed: 1 })).to.throw(InvalidArgumentError, /dropout/);
  });

  it('buildCnn covers the tutorial network; buildMlp does regression', async () => {
    const tutorial = buildCnn({ inputShape: [32, 32, 3], numClasses: 10, dense: [512], dropout: 0.5, seed: 1 });
    expect(tutorial.countParams()).to.equal(896 + 18496 + (8 * 8 * 64 * 512 + 512) + (512 * 10 + 10));
    expect(tutorial.layers.map((l) => l.getClassName())).to.deep.equal(
      ['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'AblabSeededDropout', 'Dense']);
    disposeModel(tutorial);
    const withBatchNorm = buildCnn({ inputShape: [8, 8, 1], numClasses: 2, conv: [2], dense: [4], batchNorm: true, seed: 2 });
    expect(withBatchNorm.layers.filter((l) => l.getClassName() === 'BatchNormalization')).to.have.length(2);
    disposeModel(withBatchNorm);

    const rng = new Random(4);
    const xs = Array.from({ length: 96 }, () => [rng.normal(), rng.normal()]);
    const data: Dataset = fromArrays(xs, xs.map(([a, b]) => 2 * a - b), { task: 'regression' });
    const { model, history } = await trainModel({ factory: (seed) => buildMlp({ inputShape: [2], task: 'regression', dense: [8], learningRate: 0.05, seed }), data: { train: data, validation: data }, epochs: 5, batchSize: 16, seed: 1 });
    const result = evaluateRegressor(model, data);
    expect(result.mse).to.be.below(history[0].valLoss!);
    expect(result.squaredErrors).to.have.length(96);
    expect(() => evaluateClassifier(model, data)).to.throw(InvalidArgumentError, /numClasses/);
    disposeModel(model);
  });

  it('rejects bad options with typed errors naming them', async () => {
    const badBuilds: [Record<string, unknown>, RegExp][] = [
      [{ inputShape: [28, 28, 1], numClasses: 1 }, /numClasses/], [{ inputShape: [28, -1, 1], numClasses: 10 }, /inputShape/],
      [{ inputShape: [28, 28, 1], numClasses: 10, dropout: 1 }, /dropout/], [{ inputShape: [28, 28, 1], numClasses: 10, conv: [8, 0] }, /conv\[1\]/],
      [{ inputShape: [28, 28, 1], numClasses: 10, learningRate: 0 }, /learningRate/], [{ inputShape: [28, 28, 1], numClasses: 10, padding: 'full' }, /padding/],
      [{ inputShape: [28, 28, 1], numClasses: 10, task: 'ranking' }, /task/], [{ inputShape: [28, 28, 1], numClasses: 10, seed: -1 }, /seed/],
    ];
    for (const [options, pattern] of badBuilds) {
      expect(() => buildCnn({ seed: 1, ...options } as never), JSON.stringify(options)).to.throw(InvalidArgumentError, pattern);
    }
    const base = { factory: smallCnn, data: { train: mnist.train }, epochs: 1, seed: 1 };
    const badTrains: [Record<string, unknown>, RegExp][] = [
      [{ epochs: 0 }, /epochs/], [{ batchSize: 2.5 }, /batchSize/], [{ seed: 1.5 }, /seed/], [{ factory: undefined }, /options.model/],
      [{ model: {} }, /options.model/], [{ data: { train: { x: [1] } } }, /data.train/], [{ factory: 'cnn' }, /factory/],
    ];
    for (const [override, pattern] of badTrains) {
      await trainModel({ ...base, ...override } as never).then(() => expect.fail(JSON.stringify(override)), (error: Error) => {
        expect(error, JSON.stringify(override)).to.be.instanceOf(InvalidArgumentError);
        expect(error.message).to.match(pattern);
      });
    }
  });
});
