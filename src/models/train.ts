/**
 * Seeded training loop: our own batches from a seeded per-epoch permutation (so shuffling is
 * reproducible), trainOnBatch on the active backend, validation after each epoch, no leaked tensors.
 */
import type * as tf from '@tensorflow/tfjs';
import { Random } from '../core/random.js';
import { InvalidArgumentError } from '../core/errors.js';
import { assertInteger, assertWorkSize } from '../core/validate.js';
import { ensureBackend } from './backends/selectBackend.js';
import { assertDataset, type Dataset, datasetSize } from './data/dataset.js';
import { evaluateClassifier, evaluateRegressor } from './evaluate.js';
import { batchTensors } from './predict.js';
import { assertSeed, deriveSeed } from './seeds.js';

/** Builds a fresh compiled model from a seed (e.g. `(seed) => buildCnn({ ..., seed })`). */
export type ModelFactory = (seed: number) => tf.LayersModel;

export interface EpochRecord {
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch's samples. */
  loss: number;
  /** Validation loss (log loss or MSE), when validation data is given. */
  valLoss?: number;
  /** Validation accuracy (classification). */
  valAccuracy?: number;
  /** Validation mean absolute error (regression). */
  valMae?: number;
  /** Training time of this epoch (validation excluded). */
  seconds: number;
  samplesPerSecond: number;
}

export interface TrainOptions {
  /** A compiled model to train in place; or give `factory`. */
  model?: tf.LayersModel;
  /** Called once with `seed` to build the model. */
  factory?: ModelFactory;
  data: { train: Dataset; validation?: Dataset };
  epochs: number;
  /** Default 64. */
  batchSize?: number;
  /** Seeds the model factory and the per-epoch shuffles. */
  seed: number;
  /** Called after every epoch (for notebooks: progress bars, live plots). */
  onEpochEnd?: (record: EpochRecord) => void;
  /** Print one line per epoch. Default false. */
  verbose?: boolean;
}

export interface TrainResult {
  model: tf.LayersModel;
  history: EpochRecord[];
  /** Training time over all epochs, validation excluded. */
  trainSeconds: number;
  /** tfjs backend that trained the model. */
  backend: string;
}

function formatEpoch(r: EpochRecord): string {
  const parts = [`epoch ${r.epoch}/${r.epochs}`, `loss ${r.loss.toFixed(4)}`];
  if (r.valLoss !== undefined) parts.push(`val_loss ${r.valLoss.toFixed(4)}`);
  if (r.valAccuracy !== undefined) parts.push(`val_acc ${r.valAccuracy.toFixed(4)}`);
  if (r.valMae !== undefined) parts.push(`val_mae ${r.valMae.toFixed(4)}`);
  parts.push(`${r.seconds.toFixed(1)} s`, `${Math.round(r.samplesPerSecond)} samples/s`);
  return parts.join('  ');
}

function validationMetrics(model: tf.LayersModel, validation: Dataset): Pick<EpochRecord, 'valLoss' | 'valAccuracy' | 'valMae'> {
  if (validation.numClasses > 0) {
    const { logLoss, accuracy } = evaluateClassifier(model, validation);
    return { valLoss: logLoss, valAccuracy: accuracy };
  }
  const { mse, mae } = evaluateRegressor(model, validation);
  return { valLoss: mse, valMae: mae };
}

function checkOptions(options: TrainOptions): void {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', options, 'expected an options object');
  if ((options.model === undefined) === (options.factory === undefined)) {
    throw new InvalidArgumentError('options.model', options.model, 'expected exactly one of options.model and options.factory');
  }
  if (options.factory !== undefined && typeof options.factory !== 'function') {
    throw new InvalidArgumentError('options.factory', options.factory, 'expected a function (seed) => tf.LayersModel');
  }
  assertDataset('options.data.train', options.data?.train);
  if (options.data.validation !== undefined) assertDataset('options.data.validation', options.data.validation);
  assertWorkSize('options.epochs', options.epochs, 1, 100_000);
  assertInteger('options.batchSize', options.batchSize ?? 64, 1);
  assertSeed('options.seed', options.seed);
}

/**
 * Trains a model with reproducible shuffling: same seed, data and backend ⇒ identical weights and
 * predictions. Selects the default backend first when none was chosen in this thread.
 * @throws InvalidArgumentError naming the bad option; AblabError when no backend starts.
 * @example
 * const { model, history } = await trainModel({
 *   factory: (seed) => buildCnn({ inputShape: [28, 28, 1], numClasses: 10, conv: [8, 16], dense: [], seed }),
 *   data: { train, validation }, epochs: 3, seed: 1, verbose: true,
 * });
 */
export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  checkOptions(options);
  const backend = await ensureBackend();
  const { train, validation } = options.data;
  const batchSize = options.batchSize ?? 64;
  const model = options.model ?? options.factory!(options.seed);
  const shuffles = new Random(deriveSeed(options.seed, 'shuffle'));
  const n = datasetSize(train);
  const history: EpochRecord[] = [];
  let trainSeconds = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = shuffles.shuffle(Array.from({ length: n }, (_, i) => i));
    const started = performance.now();
    let lossSum = 0;
    for (let start = 0; start < n; start += batchSize) {
      const indices = order.slice(start, start + batchSize);
      const { x, y } = batchTensors(train, indices);
      try {
        const loss = await model.trainOnBatch(x, y);
        lossSum += (Array.isArray(loss) ? loss[0] : loss) * indices.length;
      } finally {
        x.dispose();
        y.dispose();
      }
    }
    const seconds = (performance.now() - started) / 1000;
    trainSeconds += seconds;
    const record: EpochRecord = {
      epoch, epochs: options.epochs, loss: lossSum / n,
      ...(validation ? validationMetrics(model, validation) : {}),
      seconds, samplesPerSecond: n / seconds,
    };
    history.push(record);
    if (options.verbose) console.log(formatEpoch(record));
    options.onEpochEnd?.(record);
  }
  return { model, history, trainSeconds, backend: backend.name };
}

/**
 * Frees a model's weights and its optimizer's state (tfjs keeps an optimizer passed to compile()
 * alive after model.dispose()).
 * @example
 * disposeModel(result.model);
 */
export function disposeModel(model: tf.LayersModel): void {
  if (typeof model?.dispose !== 'function') throw new InvalidArgumentError('model', model, 'expected a tfjs model');
  const optimizer = model.optimizer;
  model.dispose();
  optimizer?.dispose();
}
