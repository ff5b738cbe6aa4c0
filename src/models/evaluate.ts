/** Test-set evaluation of trained models: the metrics plus the per-sample results paired tests need. */
import type * as tf from '@tensorflow/tfjs';
import { InsufficientDataError, InvalidArgumentError } from '../core/errors.js';
import { assertDataset, datasetSize, type Dataset } from './data/dataset.js';
import { accuracy } from './metrics/accuracy.js';
import { logLoss } from './metrics/logLoss.js';
import { macroF1 } from './metrics/macroF1.js';
import { meanAbsoluteError, meanSquaredError } from './metrics/regressionErrors.js';
import { rocAucOvr } from './metrics/rocAuc.js';
import { predictInBatches } from './predict.js';

export interface EvaluateOptions {
  /** Inference batch size. Default 256. */
  batchSize?: number;
  /** Keep the n × k probability rows in the result. Default false. */
  keepProbabilities?: boolean;
}

export interface ClassifierEvaluation {
  n: number;
  accuracy: number;
  macroF1: number;
  /** One-vs-rest macro ROC-AUC; null when some class is absent from the test labels (AUC undefined). */
  rocAuc: number | null;
  logLoss: number;
  /** Predicted class (arg-max probability) per test sample. */
  predictions: number[];
  /** True class per test sample (with `predictions`, the input of per-group metrics). */
  labels: number[];
  /** The test set's group per sample, when it has groups. */
  groups?: string[];
  /** 1 where the prediction is right, else 0 — per-sample input for McNemar / paired tests. */
  correct: number[];
  probabilities?: number[][];
  /** Wall-clock inference time per sample, in milliseconds, at the batch size used. */
  latencyMsPerSample: number;
}

export interface RegressorEvaluation {
  n: number;
  mse: number;
  mae: number;
  predictions: number[];
  /** Squared error per sample (paired input for comparing two regressors). */
  squaredErrors: number[];
  latencyMsPerSample: number;
}

function timedPredict(model: tf.LayersModel, data: Dataset, options: EvaluateOptions) {
  if (model === null || typeof model !== 'object' || typeof (model as tf.LayersModel).predict !== 'function') {
    throw new InvalidArgumentError('model', model, 'expected a tfjs LayersModel');
  }
  const started = performance.now();
  const result = predictInBatches(model, data, options.batchSize ?? 256);
  return { ...result, latencyMsPerSample: (performance.now() - started) / datasetSize(data) };
}

/**
 * Evaluates a classifier whose outputs are class probabilities (softmax), e.g. from buildCnn.
 * @throws InvalidArgumentError for a non-model, a regression dataset, or outputs that are not
 *   probabilities over `testSet.numClasses` classes.
 * @example
 * const result = evaluateClassifier(model, splits.test);
 * result.accuracy; result.correct; // per-sample 0/1 for mcnemar
 */
export function evaluateClassifier(model: tf.LayersModel, testSet: Dataset, options: EvaluateOptions = {}): ClassifierEvaluation {
  assertDataset('testSet', testSet);
  if (testSet.numClasses === 0) throw new InvalidArgumentError('testSet.numClasses', 0, 'expected a classification dataset (use evaluateRegressor)');
  const { values, outputs, latencyMsPerSample } = timedPredict(model, testSet, options);
  if (outputs !== testSet.numClasses) {
    throw new InvalidArgumentError('model', `${outputs} outputs`, `expected ${testSet.numClasses} class probabilities per sample`);
  }
  const labels = Array.from(testSet.y);
  const probabilities = labels.map((_, i) => Array.from(values.subarray(i * outputs, (i + 1) * outputs)));
  const predictions = probabilities.map((row) => row.indexOf(Math.max(...row)));
  let rocAuc: number | null;
  try {
    rocAuc = rocAucOvr(labels, probabilities);
  } catch (error) {
    if (!(error instanceof InsufficientDataError)) throw error;
    rocAuc = null;
  }
  return {
    n: labels.length,
    accuracy: accuracy(labels, predictions),
    macroF1: macroF1(labels, predictions),
    rocAuc,
    logLoss: logLoss(labels, probabilities),
    predictions,
    labels,
    ...(testSet.groups ? { groups: [...testSet.groups] } : {}),
    correct: predictions.map((p, i) => (p === labels[i] ? 1 : 0)),
    ...(options.keepProbabilities ? { probabilities } : {}),
    latencyMsPerSample,
  };
}

/**
 * Evaluates a single-output regressor.
 * @throws InvalidArgumentError for a non-model, a classification dataset, or a model with several outputs.
 * @example
 * const { mse, mae } = evaluateRegressor(model, splits.test);
 */
export function evaluateRegressor(model: tf.LayersModel, testSet: Dataset, options: Pick<EvaluateOptions, 'batchSize'> = {}): RegressorEvaluation {
  assertDataset('testSet', testSet);
  if (testSet.numClasses !== 0) throw new InvalidArgumentError('testSet.numClasses', testSet.numClasses, 'expected a regression dataset (numClasses 0; use evaluateClassifier)');
  const { values, outputs, latencyMsPerSample } = timedPredict(model, testSet, options);
  if (outputs !== 1) throw new InvalidArgumentError('model', `${outputs} outputs`, 'expected one output per sample');
  const targets = Array.from(testSet.y);
  const predictions = Array.from(values);
  return {
    n: targets.length,
    mse: meanSquaredError(targets, predictions),
    mae: meanAbsoluteError(targets, predictions),
    predictions,
    squaredErrors: predictions.map((p, i) => (p - targets[i]) ** 2),
    latencyMsPerSample,
  };
}
