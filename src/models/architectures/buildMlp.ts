/** Seeded multi-layer perceptron: flatten, then [dense → (batch norm) → relu → (dropout)] × k and the output. */
import * as tf from '@tensorflow/tfjs';
import { addHeadAndCompile, type HeadOptions, planHead } from './modelParts.js';

/**
 * Builds and compiles an MLP (default one hidden layer of 128 units) whose initialisers and dropout
 * masks follow `options.seed`. Inputs of any shape are flattened.
 * @throws InvalidArgumentError naming the bad option.
 * @throws AblabError when no tfjs backend is ready yet (await ensureBackend() first).
 * @example
 * await ensureBackend();
 * const clf = buildMlp({ inputShape: [28, 28, 1], numClasses: 10, dense: [128], dropout: 0.2, seed: 3 });
 * const reg = buildMlp({ inputShape: [8], task: 'regression', dense: [32, 32], seed: 3 });
 */
export function buildMlp(options: HeadOptions): tf.Sequential {
  const plan = planHead(options, [128]);
  const model = tf.sequential();
  const { inputShape } = options;
  // tfjs's Flatten rejects inputs that are already flat.
  model.add(inputShape.length > 1 ? tf.layers.flatten({ inputShape }) : tf.layers.inputLayer({ inputShape }));
  return addHeadAndCompile(model, plan);
}
