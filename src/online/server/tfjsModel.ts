/** Adapter that serves a TensorFlow.js model through the model server. */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../../core/errors.js';
import { toFiniteArray } from '../../core/validate.js';
import { assertNonEmptyString } from '../store/events.js';
import type { ModelEndpoint } from './modelServer.js';

/** The part of a tfjs `LayersModel` or `GraphModel` the adapter uses. */
export interface TensorModel {
  predict(input: tf.Tensor): tf.Tensor | tf.Tensor[];
}

/**
 * Wraps a tfjs model as a {@link ModelEndpoint}: one feature vector in, the model's output row
 * (flattened) out as a plain number array. Input and output tensors are disposed on every call,
 * including when the model throws, so serving does not leak tensor memory.
 * @throws {InvalidArgumentError} (from `predict`) when features are not finite numbers or the
 *   model has several outputs.
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'ones' })] });
 * await tfjsModel(model, { version: 'mlp-1' }).predict([1, 2]) // [3]
 */
export function tfjsModel(model: TensorModel, options: { version: string }): ModelEndpoint<number[], number[]> {
  if (typeof model?.predict !== 'function') throw new InvalidArgumentError('model', model, 'expected a tfjs model with predict()');
  assertNonEmptyString('options.version', options.version);
  return {
    version: options.version,
    async predict(features) {
      await tf.ready(); // the first call may come before the preferred backend has initialised
      const input = tf.tensor2d([toFiniteArray('features', features)]);
      let output: tf.Tensor | tf.Tensor[] | undefined;
      try {
        output = model.predict(input);
        if (Array.isArray(output)) throw new InvalidArgumentError('model', `${output.length} outputs`, 'expected a single-output model');
        return Array.from(await output.data());
      } finally {
        input.dispose();
        if (output !== undefined) tf.dispose(output);
      }
    },
  };
}
