/**
 * One epoch of the training loop, the same code in every replica of a run: batches in the order of
 * the epoch's seeded permutation; per batch, the gradient of the model's loss (see modelLoss) is
 * applied with the model's optimizer (see gradientApplier). With one replica the epoch's losses are
 * read back once, at the end. With k replicas, replica r takes the r-th of k contiguous shards of each
 * batch, computes its gradient (tf.variableGrads), and all replicas apply the same gradient averaged
 * over the whole batch (GradientExchange): the model follows the same trajectory as batch-mean
 * gradient descent, up to float rounding of the split sums and with dropout masks drawn per replica.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset.js';
import { gatherBatch } from './batchFiller.js';
import { type GradientApplier, gradientApplier } from './gradientApplier.js';
import type { GradientExchange } from './gradientExchange.js';
import { modelLoss } from './modelLoss.js';

/**
 * Start (inclusive) of replica `replica`'s shard of the batch [start, end) split `replicas` ways:
 * start + ⌊(end − start)·replica / replicas⌋, so shard sizes differ by at most one sample.
 * @example
 * shardStart(0, 15, 1, 2); // 7: replica 0 takes samples 0–6, replica 1 takes 7–14
 */
export function shardStart(start: number, end: number, replica: number, replicas: number): number {
  return start + Math.floor(((end - start) * replica) / replicas);
}

/** What every step of a run uses: the model, its loss, its trainable variables and how gradients are applied to them. */
export interface TrainingStep {
  model: tf.LayersModel;
  loss: (x: tf.Tensor, y: tf.Tensor) => tf.Scalar;
  variables: tf.Variable[];
  applier: GradientApplier;
}

/**
 * The training step of a compiled model (see modelLoss and gradientApplier); call
 * `step.applier.finish()` when training ends.
 * @throws InvalidArgumentError naming `name` for a model modelLoss cannot train.
 * @example
 * const step = trainingStep(model, 'options.model');
 */
export function trainingStep(model: tf.LayersModel, name: string): TrainingStep {
  const loss = modelLoss(model, name);
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  return { model, loss, variables, applier: gradientApplier(model.optimizer, variables) };
}

/**
 * Trains the step's model for one epoch over `order` (sample indices) in batches of `batchSize`,
 * and returns this replica's sum over its samples of the per-batch mean loss (the loss of each
 * sample's batch or shard, times the samples it covered).
 * @throws ReplicaAbortedError when another replica of a data-parallel run failed.
 * @example
 * const lossSum = trainEpoch(trainingStep(model, 'model'), train, order, 64);
 */
export function trainEpoch(step: TrainingStep, data: Dataset, order: readonly number[], batchSize: number, exchange?: GradientExchange): number {
  const { loss, variables, applier } = step;
  if (exchange === undefined) {
    const costs: tf.Scalar[] = [];
    for (let start = 0; start < order.length; start += batchSize) {
      const { x, y } = gatherBatch(data, order, start, Math.min(order.length, start + batchSize));
      const { value, grads } = tf.variableGrads(() => loss(x, y), variables);
      const gradients = variables.map((v) => grads[v.name]);
      applier.applyPerVariable(gradients);
      costs.push(value);
      tf.dispose([x, y, ...gradients]);
    }
    const values = tf.tidy(() => tf.stack(costs).dataSync());
    tf.dispose(costs);
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i] * (Math.min(order.length, (i + 1) * batchSize) - i * batchSize);
    return sum;
  }
  const { replica, buffers: { replicas } } = exchange;
  let sum = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    const end = Math.min(order.length, start + batchSize);
    const weights = Array.from({ length: replicas }, (_, r) => (shardStart(start, end, r + 1, replicas) - shardStart(start, end, r, replicas)) / (end - start));
    const from = shardStart(start, end, replica, replicas);
    const to = shardStart(start, end, replica + 1, replicas);
    let parts: Float32Array[] | null = null;
    if (to > from) {
      const { x, y } = gatherBatch(data, order, from, to);
      const { value, grads } = tf.variableGrads(() => loss(x, y), variables);
      parts = variables.map((v) => grads[v.name].dataSync() as Float32Array);
      sum += value.dataSync()[0] * (to - from);
      tf.dispose([x, y, value, ...Object.values(grads)]);
    }
    applier.applyFlat(exchange.allReduce(parts, weights));
  }
  return sum;
}
