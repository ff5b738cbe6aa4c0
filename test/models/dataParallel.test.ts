import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { AblabError, buildCnn, buildMlp, disposeModel, InvalidArgumentError, loadMnist, selectBackend, trainModel } from '../../src/index.js';
import { gatherBatch } from '../../src/models/training/batchFiller.js';
import { epochOrders } from '../../src/models/training/epochOrder.js';

const cnn = (dropout: number) => (seed: number) => buildCnn({ inputShape: [28, 28, 1], numClasses: 10, conv: [4], dense: [8], dropout, padding: 'valid', learningRate: 0.01, seed });
const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('models: lean training loop and data-parallel threads', function () {
  this.timeout(60_000);
  // 100 samples in batches of 15: the last batch has 10, and 15 split 2 ways gives shards of 7 and 8.
  const { train } = loadMnist({ trainSize: 100, validationSize: 0, testSize: 0, seed: 5 });
  before(async () => { await selectBackend({ prefer: 'wasm' }); });

  it('one thread takes exactly the steps of trainOnBatch (same batches, loss, dropout masks, Adam updates and state)', async () => {
    const lean = await trainModel({ factory: cnn(0.5), data: { train }, epochs: 2, batchSize: 15, seed: 3, threads: 1 });
    const keras = cnn(0.5)(3);
    const nextOrder = epochOrders(3, 100);
    const kerasLosses: number[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      const order = nextOrder();
      let sum = 0;
      for (let start = 0; start < 100; start += 15) {
        const end = Math.min(100, start + 15);
        const { x, y } = gatherBatch(train, order, start, end);
        sum += (await keras.trainOnBatch(x, y) as number) * (end - start);
        tf.dispose([x, y]);
      }
      kerasLosses.push(sum / 100);
    }
    expect(weightsOf(lean.model)).to.deep.equal(weightsOf(keras));
    // trainOnBatch reads each loss back as a float32; the lean loop too, once per epoch.
    expect(lean.history.map((h) => h.loss)).to.deep.equal(kerasLosses);
    expect(lean.threads).to.equal(1);
    // Adam's moments and step count were handed back to the model's optimizer: training on continues identically.
    const { x, y } = gatherBatch(train, [0, 1, 2, 3, 4, 5, 6, 7], 0, 8);
    await lean.model.trainOnBatch(x, y);
    await keras.trainOnBatch(x, y);
    tf.dispose([x, y]);
    expect(weightsOf(lean.model)).to.deep.equal(weightsOf(keras));
    disposeModel(lean.model);
    disposeModel(keras);
  });

  it('two threads: reproducible for a seed, and (without dropout) the same descent as one thread up to float rounding', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const run = (threads: number, dropout: number) => trainModel({ factory: cnn(dropout), data: { train }, epochs: 2, batchSize: 15, seed: 4, threads });
    const [a, b] = [await run(2, 0.5), await run(2, 0.5)];
    expect(a.threads).to.equal(2);
    expect(weightsOf(b.model)).to.deep.equal(weightsOf(a.model));
    expect(b.history.map((h) => h.loss)).to.deep.equal(a.history.map((h) => h.loss));
    const [single, parallel] = [await run(1, 0), await run(2, 0)];
    const [w1, w2] = [weightsOf(single.model).flat(), weightsOf(parallel.model).flat()];
    const maxDifference = Math.max(...w1.map((w, i) => Math.abs(w - w2[i])));
    // Averaged shard gradients = the batch gradient up to float32 rounding; 14 Adam steps of lr 0.01 move weights by ~0.1.
    expect(maxDifference).to.be.below(1e-3);
    expect(parallel.history[1].loss).to.be.closeTo(single.history[1].loss, 1e-3);
    // Other optimizers apply the averaged gradient per variable, with their own applyGradients.
    const sgd = async (threads: number) => {
      const model = cnn(0)(4);
      model.optimizer.dispose(); // buildCnn's Adam, replaced
      model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
      return trainModel({ model, data: { train }, epochs: 2, batchSize: 15, seed: 4, threads });
    };
    const [sgdSingle, sgdParallel] = [await sgd(1), await sgd(2)];
    const [s1, s2] = [weightsOf(sgdSingle.model).flat(), weightsOf(sgdParallel.model).flat()];
    expect(Math.max(...s1.map((w, i) => Math.abs(w - s2[i])))).to.be.below(1e-4);
    expect(s1).to.not.deep.equal(w1); // SGD's steps, not Adam's
    for (const r of [a, b, single, parallel, sgdSingle, sgdParallel]) disposeModel(r.model);
    expect(tf.memory().numTensors).to.equal(tensorsBefore); // nothing left behind by the replicas' setup
  });

  it('rejects bad thread counts and models that cannot be copied to a worker, naming the option', async () => {
    for (const threads of [0, 1.5, 16, 'all']) {
      await trainModel({ factory: cnn(0), data: { train }, epochs: 1, batchSize: 15, seed: 1, threads: threads as never })
        .then(() => expect.fail(String(threads)), (error: Error) => {
          expect(error).to.be.instanceOf(InvalidArgumentError);
          expect(error.message).to.match(/options\.threads/);
        });
    }
    const withFunctionLoss = buildMlp({ inputShape: [28, 28, 1], numClasses: 10, dense: [4], seed: 1 });
    withFunctionLoss.compile({ optimizer: 'adam', loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
    const error = await trainModel({ model: withFunctionLoss, data: { train }, epochs: 1, batchSize: 15, seed: 1, threads: 2 }).catch((e: Error) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect((error as Error).message).to.match(/options\.threads.*loss/);
    disposeModel(withFunctionLoss);
  });

  it('a replica that cannot rebuild the model fails the run with a typed error naming it; threads \'auto\' falls back to one', async () => {
    class MainThreadOnly extends tf.layers.Layer {
      static readonly className = 'AblabTestMainThreadOnly';
      override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor { return (Array.isArray(inputs) ? inputs[0] : inputs).clone(); }
    }
    tf.serialization.registerClass(MainThreadOnly);
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), new MainThreadOnly({}), tf.layers.dense({ units: 10, activation: 'softmax' })] });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const error = await trainModel({ model, data: { train }, epochs: 1, batchSize: 15, seed: 1, threads: 2 }).catch((e: Error) => e);
    expect(error).to.be.instanceOf(AblabError);
    expect((error as Error).message).to.match(/replica 1.*AblabTestMainThreadOnly/);
    // threads 'auto' on a run long enough for threads (100 batches of 32 ⇒ one per core) falls back to one thread instead.
    const fallback = await trainModel({ model, data: { train }, epochs: 25, batchSize: 32, seed: 1 });
    expect(fallback.threads).to.equal(1);
    expect(fallback.history).to.have.length(25);
    disposeModel(model);
  });
});
