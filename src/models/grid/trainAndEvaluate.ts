/** One (variant, seed) run of a grid: build, train, evaluate, describe the environment. */
import { InvalidArgumentError } from '../../core/errors.js';
import { type RunEnvironment, captureEnvironment } from '../backends/environment.js';
import { datasetSize } from '../data/dataset.js';
import { type ClassifierEvaluation, evaluateClassifier, evaluateRegressor, type RegressorEvaluation } from '../evaluate.js';
import { disposeModel, type EpochRecord, trainModel } from '../train.js';
import { runKey } from './runKey.js';
import type { GridData } from './datasetSpec.js';
import { modelFactoryFor, type ModelSpec } from './modelSpec.js';

/** What a grid sends a worker for one run. */
export interface RunTask {
  variant: string;
  seed: number;
  model: ModelSpec;
  epochs: number;
  batchSize: number;
}

export interface RunResult {
  /** The run store's `runKey(variant, seed)`, so grid results and stored runs share keys. */
  key: string;
  variant: string;
  seed: number;
  evaluation: ClassifierEvaluation | RegressorEvaluation;
  history: EpochRecord[];
  trainSeconds: number;
  /** Training samples per second of this run (all epochs). */
  samplesPerSecond: number;
  environment: RunEnvironment;
  /** ISO time stamps. */
  startedAt: string;
  finishedAt: string;
}

/**
 * Trains and evaluates one run on already loaded data, freeing the model afterwards.
 * @throws whatever training or evaluation throws (bad specs, backend failures).
 * @example
 * const result = await trainAndEvaluate(task, data, (record) => console.log(record.loss));
 */
export async function trainAndEvaluate(task: RunTask, data: GridData, onEpochEnd?: (record: EpochRecord) => void): Promise<RunResult> {
  if (typeof task !== 'object' || task === null || typeof task.variant !== 'string') throw new InvalidArgumentError('task', task, 'expected a run task { variant, seed, model, … }');
  if (typeof data !== 'object' || data === null) throw new InvalidArgumentError('data', data, 'expected loaded splits { train, test }');
  const startedAt = new Date().toISOString();
  const environment = await captureEnvironment();
  const trained = await trainModel({
    factory: modelFactoryFor(task.model, `variants.${task.variant}.model`),
    data: { train: data.train, validation: data.validation },
    epochs: task.epochs, batchSize: task.batchSize, seed: task.seed, onEpochEnd,
    threads: 1, // the grid already runs one run per core
  });
  try {
    const evaluation = data.test.numClasses > 0 ? evaluateClassifier(trained.model, data.test) : evaluateRegressor(trained.model, data.test);
    return {
      key: runKey(task.variant, task.seed), variant: task.variant, seed: task.seed, evaluation,
      history: trained.history, trainSeconds: trained.trainSeconds,
      samplesPerSecond: (datasetSize(data.train) * task.epochs) / trained.trainSeconds,
      environment, startedAt, finishedAt: new Date().toISOString(),
    };
  } finally {
    disposeModel(trained.model);
  }
}
