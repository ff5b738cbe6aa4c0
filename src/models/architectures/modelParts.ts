/** Pieces shared by the built-in architectures: seeded initialisers, the dense head, compilation. */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../../core/random.js';
import { AblabError, InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, assertPositive, assertWorkSize, checkChoice } from '../../core/validate.js';
import { SeededDropout } from '../layers/seededDropout.js';
import { assertSeed } from '../seeds.js';

export type Task = 'classification' | 'regression';
export const TASKS: readonly Task[] = ['classification', 'regression'];

/**
 * Weight initialisation scheme: 'glorot' (tfjs/Keras default: Glorot-uniform kernels, zero biases) or
 * 'pytorch' (torch.nn.Conv2d/Linear defaults: kaiming-uniform with a = √5 for kernels, which is
 * U(−1/√fan_in, 1/√fan_in), and biases from the same U(±1/√fan_in)).
 */
export type Initializer = 'glorot' | 'pytorch';
export const INITIALIZERS: readonly Initializer[] = ['glorot', 'pytorch'];

/** Options common to every built-in architecture. */
export interface HeadOptions {
  /** Per-sample input shape, e.g. [32, 32, 3] or [20]. */
  inputShape: number[];
  /** Number of classes (classification; ignored for regression). */
  numClasses?: number;
  /** 'classification' (softmax outputs, cross-entropy) or 'regression' (one linear output, MSE). Default 'classification'. */
  task?: Task;
  /** Units of the hidden dense layers. */
  dense?: number[];
  /** Dropout rate after each hidden dense layer, in [0, 1). Default 0. */
  dropout?: number;
  /** Batch normalisation after each hidden layer. Default false. */
  batchNorm?: boolean;
  /** Adam learning rate. Default 1e-3. */
  learningRate?: number;
  /** Weight initialisation: 'glorot' (default) or 'pytorch' (PyTorch's defaults, to compare with PyTorch numbers). */
  initializer?: Initializer;
  /** Seed of every initialiser and dropout mask. */
  seed: number;
}

/** Validated head options plus the stream of per-layer seeds. */
export interface HeadPlan {
  task: Task;
  numClasses: number;
  dense: number[];
  dropout: number;
  batchNorm: boolean;
  learningRate: number;
  initializer: Initializer;
  layerSeeds: Random;
}

/** Checks a list of positive layer sizes. */
export function checkSizes(name: string, sizes: unknown): number[] {
  if (!Array.isArray(sizes)) throw new InvalidArgumentError(name, sizes, 'expected an array of positive integers');
  sizes.forEach((units, i) => assertWorkSize(`${name}[${i}]`, units, 1, MAX_LAYER_SIZE));
  return sizes as number[];
}

/** Limits on what a model may ask for (a typo such as 1e12 units fails at once instead of exhausting memory). */
const MAX_LAYER_SIZE = 100_000;
const MAX_INPUT_SIZE = 10_000_000;

/** Validates the options shared by every architecture. */
export function planHead(options: HeadOptions, defaultDense: number[]): HeadPlan {
  if (tf.getBackend() === undefined) {
    // tfjs would fail later with its own message; say what to do instead.
    throw new AblabError('no TensorFlow.js backend is ready yet: `await ensureBackend()` (or `await tf.ready()`) before building a model');
  }
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', options, 'expected an options object');
  checkSizes('options.inputShape', options.inputShape);
  if (options.inputShape.length === 0 || options.inputShape.reduce((a, b) => a * b, 1) > MAX_INPUT_SIZE) {
    throw new InvalidArgumentError('options.inputShape', options.inputShape, `expected at least one dimension and at most ${MAX_INPUT_SIZE} values per sample`);
  }
  const task = checkChoice('options.task', options.task, TASKS, 'classification');
  if (task === 'classification') assertWorkSize('options.numClasses', options.numClasses, 2, MAX_LAYER_SIZE);
  const dropout = options.dropout ?? 0;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new InvalidArgumentError('options.dropout', dropout, 'expected a rate in [0, 1)');
  const batchNorm = options.batchNorm ?? false;
  if (typeof batchNorm !== 'boolean') throw new InvalidArgumentError('options.batchNorm', batchNorm, 'expected true or false');
  const learningRate = options.learningRate ?? 1e-3;
  assertPositive('options.learningRate', learningRate);
  const initializer = checkChoice('options.initializer', options.initializer, INITIALIZERS, 'glorot');
  assertSeed('options.seed', options.seed);
  return {
    task, numClasses: task === 'classification' ? options.numClasses as number : 1,
    dense: checkSizes('options.dense', options.dense ?? defaultDense), dropout, batchNorm, learningRate, initializer,
    layerSeeds: new Random(options.seed),
  };
}

type LayerInitializer = ReturnType<typeof tf.initializers.glorotUniform>;

/**
 * Seeded initialisers of a linear layer (conv or dense) with `fanIn` inputs per output unit
 * (kernel height × width × input channels for a convolution, input features for a dense layer).
 * 'glorot': Glorot-uniform kernel (tfjs's default, seeded), zero bias. 'pytorch': kernel and bias
 * both U(−b, b) with b = 1/√fan_in — kaiming-uniform with a = √5 gives gain √(2/(1+a²)) = √(1/3) and
 * bound gain·√(3/fan_in) = 1/√fan_in (torch.nn.Linear/Conv2d.reset_parameters).
 */
export function layerInitializers(plan: HeadPlan, fanIn: number): { kernelInitializer: LayerInitializer; biasInitializer?: LayerInitializer } {
  if (plan.initializer === 'glorot') return { kernelInitializer: tf.initializers.glorotUniform({ seed: plan.layerSeeds.nextUint32() }) };
  const bound = 1 / Math.sqrt(fanIn);
  return {
    kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: plan.layerSeeds.nextUint32() }),
    biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: plan.layerSeeds.nextUint32() }),
  };
}

/**
 * Arguments of a hidden linear layer (conv or dense) with `fanIn` inputs per unit: relu inside the
 * layer, which lets tfjs use its fused kernels, unless batch norm must come between the linear part
 * and the relu (then no bias: batch norm's shift replaces it).
 */
export function hiddenLayerArgs(plan: HeadPlan, fanIn: number) {
  const { kernelInitializer, biasInitializer } = layerInitializers(plan, fanIn);
  return {
    useBias: !plan.batchNorm, activation: plan.batchNorm ? 'linear' : 'relu', kernelInitializer,
    ...(biasInitializer && !plan.batchNorm ? { biasInitializer } : {}),
  } as const;
}

/** Features per sample at the model's current output (the fan-in of a dense layer added next). */
function outputFeatures(model: tf.Sequential): number {
  return (model.outputs[0].shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
}

/** Adds batch norm and its relu after a hidden layer built with {@link hiddenLayerArgs}. */
export function addBatchNorm(model: tf.Sequential, plan: HeadPlan): void {
  if (!plan.batchNorm) return;
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.activation({ activation: 'relu' }));
}

/** Adds the hidden dense layers (with dropout) and the output layer, then compiles with Adam. */
export function addHeadAndCompile(model: tf.Sequential, plan: HeadPlan): tf.Sequential {
  for (const units of plan.dense) {
    model.add(tf.layers.dense({ units, ...hiddenLayerArgs(plan, outputFeatures(model)) }));
    addBatchNorm(model, plan);
    if (plan.dropout > 0) model.add(new SeededDropout({ rate: plan.dropout, seed: plan.layerSeeds.nextUint32() }));
  }
  const classification = plan.task === 'classification';
  model.add(tf.layers.dense({
    units: plan.numClasses, activation: classification ? 'softmax' : 'linear', ...layerInitializers(plan, outputFeatures(model)),
  }));
  model.compile({
    optimizer: tf.train.adam(plan.learningRate),
    loss: classification ? 'categoricalCrossentropy' : 'meanSquaredError',
  });
  return model;
}
