/**
 * In-memory labelled data as plain typed arrays: cheap to copy to worker threads, no tensors to
 * leak. Images are NHWC: sample i occupies x[i·size, (i+1)·size) laid out as [height, width, channels].
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger } from '../../core/validate.js';

export interface Dataset {
  /** Features, row-major [n, ...sampleShape]. */
  readonly x: Float32Array;
  /** Shape of one sample, e.g. [28, 28, 1] or [20]. */
  readonly sampleShape: readonly number[];
  /** Class index (0 … numClasses−1) or regression target, one per sample. */
  readonly y: Float32Array;
  /** Number of classes; 0 for regression. */
  readonly numClasses: number;
  /** Optional class names, index = class. */
  readonly classNames?: readonly string[];
  /**
   * Optional group of each sample (a sensitive attribute or user segment, e.g. a CSV's
   * groupColumn): carried through splits for per-group evaluation, never used as a feature.
   */
  readonly groups?: readonly string[];
}

/** The usual train / validation / test split. */
export interface DataSplits {
  train: Dataset;
  validation?: Dataset;
  test?: Dataset;
}

/** Splits with all three parts, as the dataset loaders return them. */
export type TrainValidationTest = Required<DataSplits>;

/**
 * Number of samples in `data`.
 * @example
 * datasetSize(mnist.train); // 8000
 */
export function datasetSize(data: Dataset): number {
  if (!(data?.y instanceof Float32Array)) throw new InvalidArgumentError('data', data, 'expected a Dataset (see fromArrays)');
  return data.y.length;
}

/** Number of features per sample (product of the sample shape). */
export function sampleSize(data: Pick<Dataset, 'sampleShape'>): number {
  if (!Array.isArray(data?.sampleShape)) throw new InvalidArgumentError('data', data, 'expected a Dataset with a sampleShape (see fromArrays)');
  return data.sampleShape.reduce((a, b) => a * b, 1);
}

/**
 * Throws unless `data` is a consistent dataset with at least `minSamples` samples, finite features
 * (no NaN or Infinity, which would silently poison normalisation and training) and valid labels.
 * @throws InvalidArgumentError naming `name` and the inconsistent field.
 * @example
 * assertDataset('data.train', splits.train);
 */
export function assertDataset(name: string, data: unknown, minSamples = 1): asserts data is Dataset {
  const d = data as Dataset;
  if (d === null || typeof d !== 'object' || !(d.x instanceof Float32Array) || !(d.y instanceof Float32Array) || !Array.isArray(d.sampleShape)) {
    throw new InvalidArgumentError(name, data, 'expected a Dataset {x: Float32Array, sampleShape, y: Float32Array, numClasses} (see fromArrays)');
  }
  d.sampleShape.forEach((s, i) => assertInteger(`${name}.sampleShape[${i}]`, s, 1));
  assertInteger(`${name}.numClasses`, d.numClasses, 0);
  if (d.numClasses === 1) throw new InvalidArgumentError(`${name}.numClasses`, 1, 'expected 0 (regression) or at least 2 classes');
  if (d.x.length !== d.y.length * sampleSize(d)) {
    throw new InvalidArgumentError(`${name}.x`, `${d.x.length} values`, `expected ${d.y.length} samples × ${sampleSize(d)} = ${d.y.length * sampleSize(d)} values`);
  }
  if (d.groups !== undefined) {
    if (!Array.isArray(d.groups) || d.groups.length !== d.y.length) {
      throw new InvalidArgumentError(`${name}.groups`, Array.isArray(d.groups) ? `${d.groups.length} values` : d.groups, `expected one group name per sample (${d.y.length})`);
    }
    const bad = d.groups.findIndex((g) => typeof g !== 'string' || g.length === 0);
    if (bad >= 0) throw new InvalidArgumentError(`${name}.groups[${bad}]`, d.groups[bad], 'expected a non-empty group name');
  }
  if (d.y.length < minSamples) throw new InvalidArgumentError(`${name}.y`, `${d.y.length} samples`, `expected at least ${minSamples}`);
  for (let i = 0; i < d.x.length; i++) {
    if (!Number.isFinite(d.x[i])) throw new InvalidArgumentError(`${name}.x[${i}]`, d.x[i], 'expected finite features (no NaN or Infinity)');
  }
  for (let i = 0; i < d.y.length; i++) {
    const v = d.y[i];
    if (d.numClasses > 0 ? !(Number.isInteger(v) && v >= 0 && v < d.numClasses) : !Number.isFinite(v)) {
      throw new InvalidArgumentError(`${name}.y[${i}]`, v, d.numClasses > 0 ? `expected a class index in [0, ${d.numClasses})` : 'expected a finite target');
    }
  }
}

/**
 * The samples of `data` at `indices`, in that order (a copy).
 * @throws {InvalidArgumentError} for a bad dataset, or an index that is not an integer in [0, n).
 * @example
 * const firstTen = takeSamples(data, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 */
export function takeSamples(data: Dataset, indices: ArrayLike<number>): Dataset {
  if (data === null || typeof data !== 'object' || !(data.x instanceof Float32Array) || !(data.y instanceof Float32Array) || !Array.isArray(data.sampleShape)) {
    throw new InvalidArgumentError('data', data, 'expected a Dataset {x: Float32Array, sampleShape, y: Float32Array, numClasses} (see fromArrays)');
  }
  if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') throw new InvalidArgumentError('indices', indices, 'expected an array of sample indices');
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= data.y.length) throw new InvalidArgumentError(`indices[${i}]`, j, `expected a sample index in [0, ${data.y.length})`);
  }
  const size = sampleSize(data);
  const x = new Float32Array(indices.length * size);
  const y = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    x.set(data.x.subarray(j * size, (j + 1) * size), i * size);
    y[i] = data.y[j];
  }
  const groups = data.groups ? Array.from(indices, (j) => data.groups![j]) : undefined;
  return { ...data, x, y, ...(groups ? { groups } : {}) };
}
