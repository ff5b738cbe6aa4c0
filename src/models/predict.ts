/** Batched inference on plain arrays, without leaking tensors. */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../core/errors.js';
import { assertInteger } from '../core/validate.js';
import { assertDataset, type Dataset, datasetSize, sampleSize } from './data/dataset.js';

/**
 * Model outputs for every sample of `data`, row-major [n, outputs], computed in batches of
 * `batchSize` in inference mode (dropout off).
 * @throws InvalidArgumentError for a bad batch size.
 * @example
 * const { values, outputs } = predictInBatches(model, test, 256);
 */
export function predictInBatches(model: tf.LayersModel, data: Dataset, batchSize = 256): { values: Float32Array; outputs: number } {
  if (typeof model?.predict !== 'function') throw new InvalidArgumentError('model', model, 'expected a tfjs model');
  assertDataset('data', data);
  assertInteger('batchSize', batchSize, 1);
  const n = datasetSize(data);
  const size = sampleSize(data);
  const chunks: Float32Array[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    chunks.push(tf.tidy(() => {
      const x = tf.tensor(data.x.subarray(start * size, end * size), [end - start, ...data.sampleShape]);
      return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    }));
  }
  const values = new Float32Array(chunks.reduce((total, c) => total + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    values.set(chunk, offset);
    offset += chunk.length;
  }
  return { values, outputs: n > 0 ? values.length / n : 0 };
}
