/** Adapter that serves a TensorFlow.js model through the model server. */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../../core/errors.js';
import { toFiniteArray } from '../../core/validate.js';
import { assertNonEmptyString } from '../store/events.js';
import type { ModelEndpoint } from './modelServer.js';

/** The part of a tfjs `LayersModel` or `GraphModel` the adapter uses. */
export interface TensorModel {
  predict(input: tf.Tensor): tf.Tensor | tf.Tensor[];
  /** Declared inputs (batch dimension first); when present, features are checked against the first. */
  inputs?: readonly { shape?: readonly (number | null)[] }[];
}

/** Shape of one example of `model` (its first input's shape without the batch dimension), or null when not fully known. */
function featureShape(model: TensorModel): number[] | null {
  const shape = model.inputs?.[0]?.shape?.slice(1);
  if (!shape || shape.length === 0 || !shape.every((d) => typeof d === 'number' && d > 0)) return null;
  return shape as number[];
}

/**
 * Wraps a tfjs model as a {@link ModelEndpoint}: one feature vector in, the model's output row
 * (flattened) out as a plain number array. Input and output tensors are disposed on every call,
 * including when the model throws, so serving does not leak tensor memory.
 * @throws {InvalidArgumentError} (from `predict`) when features are not a flat array of finite
 *   numbers of the length the model's input shape asks for (a string, `[]`, nested arrays, a wrong
 *   length: the client's error, which the model server answers with 400), or the model has several outputs.
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'ones' })] });
 * await tfjsModel(model, { version: 'mlp-1' }).predict([1, 2]) // [3]
 */
export function tfjsModel(model: TensorModel, options: { version: string }): ModelEndpoint<number[], number[]> {
  if (typeof model?.predict !== 'function') throw new InvalidArgumentError('model', model, 'expected a tfjs model with predict()');
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected { version }');
  assertNonEmptyString('options.version', options.version);
  return {
    version: options.version,
    async predict(features) {
      await tf.ready(); // the first call may come before the preferred backend has initialised
      const values = toFiniteArray('features', features, 0);
      const shape = featureShape(model);
      const expected = shape?.reduce((a, b) => a * b, 1);
      if (values.length === 0) throw new InvalidArgumentError('features', features, 'expected at least one number');
      if (expected !== undefined && values.length !== expected) {
        throw new InvalidArgumentError('features', features, `expected ${expected} numbers (model input shape [${shape!.join(', ')}]), got ${values.length}`);
      }
      const input = shape ? tf.tensor(values, [1, ...shape]) : tf.tensor2d([values]);
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
