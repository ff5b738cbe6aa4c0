/** Seeded convolutional network: [conv → (batch norm) → relu → max-pool] × k, then the dense head. */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, checkChoice } from '../../core/validate.js';
import { addBatchNorm, addHeadAndCompile, checkSizes, type HeadOptions, hiddenLayerArgs, planHead } from './modelParts.js';

export interface CnnOptions extends HeadOptions {
  /** Filters of each convolution block (3x3 conv + 2x2 max-pool). Default [32, 64]. */
  conv?: number[];
  /** Convolution kernel size. Default 3. */
  kernelSize?: number;
  /** Convolution padding. Default 'same'. */
  padding?: 'same' | 'valid';
}

/**
 * Builds and compiles a CNN whose every initialiser and dropout mask follows `options.seed`.
 * Defaults (with `dense: [512], dropout: 0.5`) give the TensorFlow CIFAR-10 tutorial network:
 * conv32-pool-conv64-pool-dense512-dropout(0.5)-dense(numClasses, softmax), Adam 1e-3, cross-entropy;
 * with `initializer: 'pytorch'` its weights start as the PyTorch version's would (nn.Conv2d/nn.Linear defaults).
 * Inputs are NHWC: [batch, height, width, channels].
 * @throws InvalidArgumentError naming the bad option.
 * @throws AblabError when no tfjs backend is ready yet (await ensureBackend() first).
 * @example
 * await ensureBackend();
 * const model = buildCnn({ inputShape: [32, 32, 3], numClasses: 10, dense: [512], dropout: 0.5, seed: 1 });
 * const small = buildCnn({ inputShape: [28, 28, 1], numClasses: 10, conv: [8, 16], dense: [], padding: 'valid', seed: 1 });
 */
export function buildCnn(options: CnnOptions): tf.Sequential {
  const plan = planHead(options, [512]);
  const conv = checkSizes('options.conv', options.conv ?? [32, 64]);
  if (conv.length > 0 && options.inputShape.length !== 3) {
    throw new InvalidArgumentError('options.inputShape', options.inputShape, 'expected [height, width, channels] for the convolutions (or conv: [] for dense layers only)');
  }
  const kernelSize = options.kernelSize ?? 3;
  assertInteger('options.kernelSize', kernelSize, 1);
  const padding = checkChoice('options.padding', options.padding, ['same', 'valid'] as const, 'same');
  const model = tf.sequential();
  conv.forEach((filters, i) => {
    const inputChannels = i === 0 ? options.inputShape[options.inputShape.length - 1] : conv[i - 1];
    model.add(tf.layers.conv2d({
      ...(i === 0 ? { inputShape: options.inputShape } : {}),
      filters, kernelSize, padding, ...hiddenLayerArgs(plan, kernelSize * kernelSize * inputChannels),
    }));
    addBatchNorm(model, plan);
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.flatten(conv.length === 0 ? { inputShape: options.inputShape } : {}));
  return addHeadAndCompile(model, plan);
}
