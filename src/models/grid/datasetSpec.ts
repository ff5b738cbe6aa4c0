/** Serialisable dataset descriptions, loaded once inside each worker thread. */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertProbability } from '../../core/validate.js';
import { type CsvOptions, loadCsv } from '../data/csv.js';
import { splitDataset } from '../data/split.js';
import { type Cifar10Options, loadCifar10 } from '../data/cifar10.js';
import { assertDataset, type TrainValidationTest } from '../data/dataset.js';
import { loadMnist, type MnistOptions } from '../data/mnist.js';
import { type NormalizationSpec, normalizeSplits } from '../data/normalize.js';

/**
 * Where a grid's data comes from; `normalize` is a method fitted on train and applied to the other
 * splits, or fixed per-channel constants `{ mean: [...], std: [...] }`.
 */
export type DatasetSpec = { normalize?: NormalizationSpec } & (
  | { source: 'mnist'; options?: MnistOptions }
  | { source: 'cifar10'; options?: Cifar10Options }
  /**
   * A CSV file (loadCsv; `options.groupColumn` keeps each row's group for per-group metrics),
   * split at random by `seed` (default 0) into test (`testFraction`, default 0.2), validation
   * (`validationFraction`, default 0) and train (the rest).
   */
  | { source: 'csv'; path: string; options: CsvOptions; testFraction?: number; validationFraction?: number; seed?: number }
  /** Users' own splits (copied to each worker); a test split is required for evaluation. */
  | { source: 'splits'; splits: { train: TrainValidationTest['train']; validation?: TrainValidationTest['validation']; test: TrainValidationTest['test'] } }
);

/**
 * Rows of a CSV dataset's train, validation and test splits out of its `n` rows: test
 * round(n · testFraction), validation round(n · validationFraction), train the rest.
 * @throws InvalidArgumentError when a fraction is outside [0, 1] or a split would be empty.
 */
export function csvSplitSizes(spec: Pick<Extract<DatasetSpec, { source: 'csv' }>, 'testFraction' | 'validationFraction'>, n: number): { train: number; validation: number; test: number } {
  const testFraction = spec.testFraction ?? 0.2;
  const validationFraction = spec.validationFraction ?? 0;
  assertProbability('dataset.testFraction', testFraction);
  assertProbability('dataset.validationFraction', validationFraction);
  const test = Math.round(n * testFraction);
  const validation = Math.round(n * validationFraction);
  if (test < 1 || n - test - validation < 1) throw new InvalidArgumentError('dataset.testFraction', testFraction, `expected at least one test and one training row out of ${n}`);
  return { train: n - test - validation, validation, test };
}

/** Loaded splits; validation may be absent for user splits. */
export type GridData = { train: TrainValidationTest['train']; validation?: TrainValidationTest['validation']; test: TrainValidationTest['test'] };

/**
 * Loads (and normalises) the data a spec describes.
 * @throws InvalidArgumentError for an unknown source or inconsistent splits; AblabError from the loaders.
 * @example
 * const data = await loadDatasetSpec({ source: 'mnist', options: { trainSize: 2000, seed: 1 } });
 */
export async function loadDatasetSpec(dataset: DatasetSpec): Promise<GridData> {
  let data: GridData;
  switch (dataset?.source) {
    case 'mnist':
      data = loadMnist(dataset.options);
      break;
    case 'cifar10':
      data = await loadCifar10(dataset.options);
      break;
    case 'csv': {
      const all = loadCsv(dataset.path, dataset.options);
      data = splitDataset(all, csvSplitSizes(dataset, all.y.length), dataset.seed ?? 0);
      break;
    }
    case 'splits':
      assertDataset('dataset.splits.train', dataset.splits?.train);
      assertDataset('dataset.splits.test', dataset.splits.test);
      if (dataset.splits.validation) assertDataset('dataset.splits.validation', dataset.splits.validation);
      data = dataset.splits;
      break;
    default:
      throw new InvalidArgumentError('dataset.source', (dataset as { source?: unknown })?.source, "expected 'mnist', 'cifar10', 'csv' or 'splits'");
  }
  if (data.validation && data.validation.y.length === 0) data = { train: data.train, test: data.test };
  return dataset.normalize ? normalizeSplits(data, dataset.normalize, 'dataset.normalize') : data;
}
