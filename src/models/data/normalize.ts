/**
 * Feature scaling per channel (the last axis: image channels, or tabular features), fitted on the
 * training split only and applied unchanged to validation and test, so no test information leaks;
 * or fixed per-channel constants given by the user (torchvision's Normalize(mean, std)).
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { checkChoice, checkOptions, toFiniteArray } from '../../core/validate.js';
import { assertDataset, type DataSplits, type Dataset } from './dataset.js';

export type NormalizationMethod = 'standardize' | 'min-max';
export const NORMALIZATION_METHODS: readonly NormalizationMethod[] = ['standardize', 'min-max'];

/** Fixed per-channel constants: x → (x − mean[c]) / std[c], as torchvision.transforms.Normalize. */
export interface ChannelNormalization {
  mean: number[];
  std: number[];
}

/** What a dataset spec's `normalize` may say: a method fitted on train, or fixed constants. */
export type NormalizationSpec = NormalizationMethod | ChannelNormalization;

/** Per-channel affine map x → (x − offset) / scale. */
export interface Normalizer {
  /** The fitted method, or 'fixed' for user-given constants. */
  method: NormalizationMethod | 'fixed';
  offset: number[];
  scale: number[];
}

/**
 * The normalizer of fixed per-channel constants (nothing is fitted).
 * @throws InvalidArgumentError naming `name`.mean / `name`.std when they are not equally long lists
 *   of finite numbers, or a std is not positive.
 * @example
 * fixedNormalizer({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }); // { method: 'fixed', offset: [0.5, 0.5, 0.5], scale: [0.5, 0.5, 0.5] }
 */
export function fixedNormalizer(spec: ChannelNormalization, name = 'normalize'): Normalizer {
  if (spec === null || typeof spec !== 'object') throw new InvalidArgumentError(name, spec, 'expected { "mean": [...], "std": [...] } (one value per channel)');
  const mean = toFiniteArray(`${name}.mean`, spec.mean);
  const std = toFiniteArray(`${name}.std`, spec.std);
  if (std.length !== mean.length) throw new InvalidArgumentError(`${name}.std`, spec.std, `expected ${mean.length} value(s), one per channel like ${name}.mean`);
  std.forEach((s, c) => { if (!(s > 0)) throw new InvalidArgumentError(`${name}.std[${c}]`, s, 'expected a positive standard deviation'); });
  return { method: 'fixed', offset: mean, scale: std };
}

/**
 * Fits per-channel statistics on `train`: 'standardize' (mean / population std, default) or
 * 'min-max' (to [0, 1]). Constant channels get scale 1 (so they map to 0, not NaN).
 * @throws InvalidArgumentError for a bad dataset or method.
 * @example
 * const normalizer = fitNormalizer(splits.train, 'standardize');
 */
export function fitNormalizer(train: Dataset, method: NormalizationMethod = 'standardize'): Normalizer {
  assertDataset('train', train);
  checkChoice('method', method, NORMALIZATION_METHODS, 'standardize');
  const channels = train.sampleShape[train.sampleShape.length - 1];
  const count = train.x.length / channels;
  const offset = new Array<number>(channels).fill(method === 'min-max' ? Infinity : 0);
  const scale = new Array<number>(channels).fill(method === 'min-max' ? -Infinity : 0);
  for (let i = 0; i < train.x.length; i++) {
    const c = i % channels;
    const v = train.x[i];
    if (method === 'min-max') {
      offset[c] = Math.min(offset[c], v);
      scale[c] = Math.max(scale[c], v);
    } else {
      offset[c] += v;
    }
  }
  if (method === 'min-max') {
    for (let c = 0; c < channels; c++) scale[c] -= offset[c];
  } else {
    for (let c = 0; c < channels; c++) offset[c] /= count;
    // Two-pass variance: exact enough in float64 even for 50,000 images.
    for (let i = 0; i < train.x.length; i++) scale[i % channels] += (train.x[i] - offset[i % channels]) ** 2;
    for (let c = 0; c < channels; c++) scale[c] = Math.sqrt(scale[c] / count);
  }
  return { method, offset, scale: scale.map((s) => (s > 0 ? s : 1)) };
}

/**
 * `data` scaled with a fitted normalizer (a new dataset; the input is untouched).
 * @throws InvalidArgumentError when the channel counts differ, or an offset is not finite or a scale not > 0.
 * @example
 * const testScaled = applyNormalizer(normalizer, splits.test);
 */
export function applyNormalizer(normalizer: Normalizer, data: Dataset): Dataset {
  if (typeof normalizer !== 'object' || normalizer === null || !Array.isArray(normalizer.offset) || !Array.isArray(normalizer.scale)) {
    throw new InvalidArgumentError('normalizer', normalizer, 'expected a fitted normalizer { method, offset, scale } (fitNormalizer)');
  }
  normalizer.offset.forEach((v, c) => { if (!Number.isFinite(v)) throw new InvalidArgumentError(`normalizer.offset[${c}]`, v, 'expected a finite number'); });
  normalizer.scale.forEach((v, c) => { if (!(Number.isFinite(v) && v > 0)) throw new InvalidArgumentError(`normalizer.scale[${c}]`, v, 'expected a finite number > 0'); });
  if (normalizer.scale.length !== normalizer.offset.length) {
    throw new InvalidArgumentError('normalizer.scale', normalizer.scale, `expected one value per channel (${normalizer.offset.length})`);
  }
  assertDataset('data', data);
  const channels = normalizer.offset.length;
  if (data.sampleShape[data.sampleShape.length - 1] !== channels) {
    throw new InvalidArgumentError('data.sampleShape', data.sampleShape, `expected ${channels} channel(s) on the last axis, as fitted`);
  }
  const x = new Float32Array(data.x.length);
  for (let i = 0; i < x.length; i++) x[i] = (data.x[i] - normalizer.offset[i % channels]) / normalizer.scale[i % channels];
  return { ...data, x };
}

/**
 * Fits on `splits.train` (or takes fixed per-channel constants) and applies the same map to every split.
 * @throws InvalidArgumentError for bad splits, method or constants (named as `normalize`…).
 * @example
 * const scaled = normalizeSplits(loadMnist({ seed: 1 }), 'standardize');
 * const torchLike = normalizeSplits(cifar, { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }); // (x − 0.5) / 0.5 ∈ [−1, 1]
 */
export function normalizeSplits<S extends DataSplits>(splits: S, method: NormalizationSpec = 'standardize', name = 'normalize'): S & { normalizer: Normalizer } {
  splits = checkOptions('splits', splits);
  if (splits.train === undefined) throw new InvalidArgumentError('splits.train', splits.train, 'expected the training split (a Dataset)');
  const normalizer = typeof method === 'object' && method !== null ? fixedNormalizer(method, name) : fitNormalizer(splits.train, method);
  const out: Record<string, unknown> = { normalizer };
  for (const [name, data] of Object.entries(splits) as [string, Dataset | undefined][]) {
    if (data && name !== 'normalizer') out[name] = applyNormalizer(normalizer, data);
  }
  return out as unknown as S & { normalizer: Normalizer };
}
