/**
 * Seeded training loop: our own batches from a seeded per-epoch permutation (so shuffling is
 * reproducible), a lean step (the model's loss minimised by its optimizer, losses read back once per
 * epoch) on the active backend, optionally data-parallel over worker threads, validation after each
 * epoch, no leaked tensors.
 */
import type * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { AblabError, InvalidArgumentError } from '../core/errors.js';
import { assertInteger, assertWorkSize } from '../core/validate.js';
import { ensureBackend } from './backends/selectBackend.js';
import { assertDataset, type Dataset, datasetSize } from './data/dataset.js';
import { evaluateClassifier, evaluateRegressor } from './evaluate.js';
import { assertSeed } from './seeds.js';
import { epochOrders } from './training/epochOrder.js';
import { ReplicaAbortedError } from './training/gradientExchange.js';
import { type ReplicaGroup, startReplicaGroup } from './training/replicaGroup.js';
import { replicationObstacle } from './training/replicaSetup.js';
import { trainEpoch, trainingStep } from './training/trainEpoch.js';

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
  /**
   * Threads training this one model, data-parallel (each holds a replica and computes the gradient
   * of its shard of every batch; see trainEpoch). 'auto' (default): every core when called from the
   * main thread on a run of at least {@link AUTO_THREADS_MIN_STEPS} batches, with at least
   * {@link AUTO_THREADS_MIN_SHARD} samples per shard on a single-threaded backend (wasm, cpu), else 1
   * (inside a grid worker, runs already fill the cores; tfjs-node is multi-threaded itself). Results are reproducible for a given seed, backend and thread count; different
   * thread counts give slightly different numbers (float sums split differently, per-replica dropout).
   */
  threads?: 'auto' | number;
}

export interface TrainResult {
  model: tf.LayersModel;
  history: EpochRecord[];
  /** Training time over all epochs, validation excluded. */
  trainSeconds: number;
  /** tfjs backend that trained the model. */
  backend: string;
  /** Threads that trained it (1: no data parallelism). */
  threads: number;
}

/** 'auto' threads only for runs of at least this many batches: starting a replica costs about a second. */
export const AUTO_THREADS_MIN_STEPS = 100;
/** 'auto' threads give each replica at least this many samples of a batch. */
export const AUTO_THREADS_MIN_SHARD = 16;

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
  const threads = options.threads ?? 'auto';
  if (threads !== 'auto') {
    assertInteger('options.threads', threads, 1);
    if (threads > (options.batchSize ?? 64)) throw new InvalidArgumentError('options.threads', threads, `expected at most options.batchSize (${options.batchSize ?? 64}) threads: each takes a shard of every batch`);
  }
}

/** The thread count `options.threads` asks for, resolved for this model (see TrainOptions.threads). */
function resolveThreads(options: TrainOptions, model: tf.LayersModel, n: number, batchSize: number, backendThreads: number): number {
  const threads = options.threads ?? 'auto';
  const obstacle = replicationObstacle(model);
  if (threads !== 'auto') {
    if (threads > 1 && obstacle !== null) throw new InvalidArgumentError('options.threads', threads, `expected 1 for this model: ${obstacle}`);
    return threads;
  }
  const steps = options.epochs * Math.ceil(n / batchSize);
  // A native backend (tfjs-node) already uses every core for one model.
  if (!isMainThread || obstacle !== null || steps < AUTO_THREADS_MIN_STEPS || backendThreads > 1) return 1;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(batchSize / AUTO_THREADS_MIN_SHARD)));
}

/**
 * Trains a model with reproducible shuffling: same seed, data, backend and thread count ⇒ identical
 * weights and predictions. Each step minimises the mean over the batch of the compiled loss (plus
 * regulariser penalties) with the model's optimizer, exactly as model.fit/trainOnBatch would, without
 * their per-step bookkeeping; with several threads each computes the gradient of its shard and the
 * batch-size-weighted average is applied (synchronous data parallelism, Goyal et al. 2017).
 * Selects the default backend first when none was chosen in this thread.
 * @throws InvalidArgumentError naming the bad option (also: threads > 1 for a model whose loss is a
 *   function, which cannot be copied to a worker); AblabError when no backend starts or a replica
 *   thread fails.
 * @example
 * const { model, history } = await trainModel({
 *   factory: (seed) => buildCnn({ inputShape: [28, 28, 1], numClasses: 10, conv: [8, 16], dense: [], seed }),
 *   data: { train, validation }, epochs: 3, seed: 1, verbose: true, threads: 'auto',
 * });
 * // threads: every core for a long enough run from a notebook cell; 1 inside a grid worker
 */
export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  checkOptions(options);
  const backend = await ensureBackend();
  const { train, validation } = options.data;
  const batchSize = options.batchSize ?? 64;
  const model = options.model ?? options.factory!(options.seed);
  const step = trainingStep(model, options.model ? 'options.model' : 'options.factory(seed)');
  const n = datasetSize(train);
  const wanted = resolveThreads(options, model, n, batchSize, backend.threads);
  const run = { backend: backend.name, data: train, epochs: options.epochs, batchSize, seed: options.seed };
  const nextOrder = epochOrders(options.seed, n);
  const history: EpochRecord[] = [];
  let trainSeconds = 0;
  let replicas: ReplicaGroup | null = null;
  try {
    // 'auto' falls back to one thread where workers cannot hold a replica (e.g. a custom layer registered only here).
    replicas = wanted === 1 ? null : await startReplicaGroup(model, wanted, run)
      .catch((error: unknown) => { if ((options.threads ?? 'auto') === 'auto') return null; throw error; });
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const order = nextOrder();
      const started = performance.now();
      const ownLoss = trainEpoch(step, train, order, batchSize, replicas?.exchange);
      const lossSum = replicas ? replicas.exchange.totalLoss(ownLoss) : ownLoss;
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
  } catch (error) {
    if (replicas && error instanceof ReplicaAbortedError) throw new AblabError(`data-parallel training failed in ${await replicas.failure}`);
    throw error;
  } finally {
    step.applier.finish();
    await replicas?.stop();
  }
  return { model, history, trainSeconds, backend: backend.name, threads: replicas ? wanted : 1 };
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
