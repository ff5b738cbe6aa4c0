/**
 * The loss a compiled LayersModel minimises, as a function of one batch, computed exactly as
 * tfjs's own training step (LayersModel.makeTrainFunction) does: the mean over the batch of the
 * compiled loss of the outputs in training mode, plus every regulariser penalty of the layers.
 * Calling it inside optimizer.minimize / tf.variableGrads skips trainOnBatch's per-call input
 * standardisation, metric bookkeeping and callbacks.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../../core/errors.js';

type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * Returns `(x, y) => loss` for `model`.
 * @throws InvalidArgumentError naming `name` unless the model is compiled with one input, one output and one loss.
 * @example
 * const loss = modelLoss(model, 'options.model');
 * const cost = model.optimizer.minimize(() => loss(x, y), true);
 */
export function modelLoss(model: tf.LayersModel, name: string): (x: tf.Tensor, y: tf.Tensor) => tf.Scalar {
  // A Sequential compiles (and keeps the loss of) the functional model it wraps.
  const compiled = model instanceof tf.Sequential ? (model as unknown as { model: tf.LayersModel }).model : model;
  const lossFunctions = (compiled as unknown as { lossFunctions?: LossFunction[] }).lossFunctions;
  if (!model.optimizer || !Array.isArray(lossFunctions)) throw new InvalidArgumentError(name, model.name, 'expected a compiled model (call model.compile first)');
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || lossFunctions.length !== 1) {
    throw new InvalidArgumentError(name, model.name, 'expected a model with one input, one output and one loss');
  }
  const [lossFunction] = lossFunctions;
  return (x, y) => {
    const outputs = model.apply(x, { training: true }) as tf.Tensor;
    let total = tf.mean(lossFunction(y, outputs));
    for (const penalty of model.calculateLosses()) total = tf.add(total, penalty);
    return total as tf.Scalar;
  };
}
