/**
 * Batches for the training loop, laid out as the backend takes them: the samples of a batch are
 * gathered from the dataset into one Float32Array each for features and targets (classes already
 * one-hot), so a batch costs two tensor uploads and no kernel calls (no gather, oneHot or cast).
 */
import * as tf from '@tensorflow/tfjs';
import { type Dataset, sampleSize } from '../data/dataset.js';

/**
 * Feature and target tensors of the samples `order[start]`, …, `order[end − 1]`: features
 * [end − start, ...sampleShape]; targets one-hot [end − start, numClasses] for classification,
 * [end − start, 1] for regression.
 * @example
 * const { x, y } = gatherBatch(train, order, 0, 64);
 */
export function gatherBatch(data: Dataset, order: readonly number[], start: number, end: number): { x: tf.Tensor; y: tf.Tensor } {
  const size = sampleSize(data);
  const count = end - start;
  const features = new Float32Array(count * size);
  const width = data.numClasses > 0 ? data.numClasses : 1;
  const targets = new Float32Array(count * width);
  for (let i = 0; i < count; i++) {
    const sample = order[start + i];
    features.set(data.x.subarray(sample * size, (sample + 1) * size), i * size);
    if (data.numClasses > 0) targets[i * width + data.y[sample]] = 1;
    else targets[i] = data.y[sample];
  }
  return { x: tf.tensor(features, [count, ...data.sampleShape]), y: tf.tensor2d(targets, [count, width]) };
}
