/**
 * The experiment configuration: its shape, its defaults (the one place they live) and the check
 * of the whole file before any training starts, so a typo or a bad value fails in a second with
 * the JSON key named, not after hours of training.
 */
import { join } from 'node:path';
import { AblabError, InvalidArgumentError } from '../core/errors.js';
import { BACKEND_PREFERENCES, type BackendPreference } from '../models/backends/selectBackend.js';
import { INITIALIZERS } from '../models/architectures/modelParts.js';
import type { DatasetSpec } from '../models/grid/datasetSpec.js';
import type { VariantConfig } from '../models/grid/runGrid.js';

/** An experiment as written in an experiment JSON file. */
export interface ExperimentConfig {
  /** Used for the default output folder and in exports. */
  name: string;
  /** Named model configurations; the first is the baseline unless `baseline` says otherwise. */
  variants: Record<string, VariantConfig>;
  baseline?: string;
  seeds: number[];
  dataset: DatasetSpec;
  epochs: number;
  batchSize?: number;
  /** Metric the analysis compares (default {@link EXPERIMENT_DEFAULTS}.metric). */
  metric?: string;
  /** Smallest difference in `metric` that matters in practice (default {@link EXPERIMENT_DEFAULTS}.margin). */
  margin?: number;
  /** Where the run store lives (default runs/<name>). */
  outDir?: string;
  workers?: 'auto' | number;
  backend?: BackendPreference;
}

/** A validated configuration with every default filled in. */
export type ResolvedExperimentConfig = ExperimentConfig & Required<Pick<ExperimentConfig, 'baseline' | 'metric' | 'margin' | 'outDir' | 'batchSize' | 'workers'>>;

/** Defaults of the optional settings (baseline: the first variant; outDir: runs/<name>). */
export const EXPERIMENT_DEFAULTS = Object.freeze({ metric: 'accuracy', margin: 0.005, batchSize: 64, workers: 'auto' as const });

/**
 * `config` with the defaults of its optional settings filled in, without validating it (see
 * {@link validateExperimentConfig}, which also fills them in; this is for configs already checked).
 * @example withExperimentDefaults({ name: 'x', variants: { a: …, b: … }, seeds: [1], dataset, epochs: 1 }).margin // 0.005
 */
export function withExperimentDefaults(config: ExperimentConfig): ResolvedExperimentConfig {
  expectObject('config', config);
  expectObject('config.variants', config.variants);
  checkName('config.name', config.name);
  return {
    ...config,
    baseline: config.baseline ?? Object.keys(config.variants)[0],
    metric: config.metric ?? EXPERIMENT_DEFAULTS.metric,
    margin: config.margin ?? EXPERIMENT_DEFAULTS.margin,
    batchSize: config.batchSize ?? EXPERIMENT_DEFAULTS.batchSize,
    workers: config.workers ?? EXPERIMENT_DEFAULTS.workers,
    outDir: config.outDir ?? join('runs', config.name),
  };
}

/** Upper bounds on requested work, so a typo (1e12 epochs) fails at once instead of running for ever. */
export const EXPERIMENT_LIMITS = Object.freeze({ seeds: 10_000, epochs: 100_000, batchSize: 1 << 20, workers: 1024, variants: 1000 });

/** Metrics of classification runs, of regression runs, and those every run has. */
const CLASSIFICATION_METRICS = ['accuracy', 'macroF1', 'logLoss', 'rocAuc'];
const REGRESSION_METRICS = ['mse', 'mae'];
const TIMING_METRICS = ['trainSeconds', 'inferenceMsPerSample'];

/** Names used as file and folder names: letters, digits, "_", "-", "." but not "." or ".." alone. */
const NAME = /^(?!\.{1,2}$)[\w.-]+$/;

/** Accepted keys at each level (the schema), used for unknown-key errors with a suggestion. */
const KEYS = {
  config: ['name', 'variants', 'baseline', 'seeds', 'dataset', 'epochs', 'batchSize', 'metric', 'margin', 'outDir', 'workers', 'backend'],
  variant: ['model', 'epochs', 'batchSize'],
  dataset: {
    mnist: ['source', 'options', 'normalize'], cifar10: ['source', 'options', 'normalize'],
    csv: ['source', 'path', 'options', 'testFraction', 'validationFraction', 'seed', 'normalize'], splits: ['source', 'splits', 'normalize'],
  },
  splitOptions: ['trainSize', 'validationSize', 'testSize', 'seed'],
  cifar10Options: ['trainSize', 'validationSize', 'testSize', 'seed', 'dir', 'download'],
  csvOptions: ['labelColumn', 'featureColumns', 'task', 'groupColumn'],
  normalize: ['mean', 'std'],
  model: { cnn: ['kind', 'options'], mlp: ['kind', 'options'], module: ['kind', 'path', 'exportName'] },
  head: ['inputShape', 'numClasses', 'task', 'dense', 'dropout', 'batchNorm', 'learningRate', 'initializer'],
  cnn: ['conv', 'kernelSize', 'padding'],
} as const;

/** Per-sample input shape of the built-in datasets. */
const DATASET_SHAPES: Record<string, number[]> = { mnist: [28, 28, 1], cifar10: [32, 32, 3] };

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The closest of `candidates` to `word`, when it is close enough to be a likely typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (typeof word !== 'string') throw new InvalidArgumentError('word', word, 'expected a string');
  if (!Array.isArray(candidates) || candidates.some((c) => typeof c !== 'string')) throw new InvalidArgumentError('candidates', candidates, 'expected an array of strings');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function expectObject(path: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(path, value, 'expected a JSON object');
  return value as Record<string, unknown>;
}

/** An object with only `allowed` keys; an unknown key is an error suggesting the closest allowed one. */
function checkKeys(path: string, value: unknown, allowed: readonly string[]): Record<string, unknown> {
  const object = expectObject(path, value);
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const guess = suggest(key, allowed);
    throw new InvalidArgumentError(`${path}.${key}`, object[key], `unknown key${guess ? ` (did you mean "${guess}"?)` : ''}; allowed: ${allowed.join(', ')}`);
  }
  return object;
}

function checkInteger(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(path, value, `expected an integer in [${min}, ${max}]`);
  }
  return value;
}

function checkOptional<T>(value: T | undefined, check: (value: T) => void): void {
  if (value !== undefined) check(value);
}

function checkOneOf(path: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    const guess = typeof value === 'string' ? suggest(value, allowed) : undefined;
    throw new InvalidArgumentError(path, value, `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}${guess ? ` (did you mean "${guess}"?)` : ''}`);
  }
}

function checkName(path: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new InvalidArgumentError(path, value, 'expected a name of letters, digits, "_", "-" or "." (no path separators, not "." or "..")');
  }
  return value;
}

function checkSizes(path: string, value: unknown, minLength: number, maxLength: number): number[] {
  if (!Array.isArray(value) || value.length < minLength || value.length > maxLength) {
    throw new InvalidArgumentError(path, value, `expected an array of ${minLength === maxLength ? minLength : `${minLength} to ${maxLength}`} positive integers`);
  }
  value.forEach((size, i) => checkInteger(`${path}[${i}]`, size, 1, 1 << 24));
  return value as number[];
}

function checkText(path: string, value: unknown, expected: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidArgumentError(path, value, expected);
}

function checkNormalize(path: string, value: unknown): void {
  if (typeof value === 'string') return checkOneOf(path, value, ['standardize', 'min-max']);
  const { mean, std } = checkKeys(path, value, KEYS.normalize);
  const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!isNumbers(mean)) throw new InvalidArgumentError(`${path}.mean`, mean, 'expected a non-empty array of finite numbers (one per channel)');
  if (!isNumbers(std) || std.some((s) => !(s > 0))) throw new InvalidArgumentError(`${path}.std`, std, 'expected an array of numbers > 0 (one per channel)');
  if (std.length !== mean.length) throw new InvalidArgumentError(`${path}.std`, std, `expected as many values as ${path}.mean (${mean.length})`);
}

/** Checks the dataset spec; returns its per-sample shape when known (built-in datasets). */
function checkDataset(path: string, value: unknown): number[] | undefined {
  const source = expectObject(path, value).source;
  checkOneOf(`${path}.source`, source, Object.keys(KEYS.dataset));
  const spec = checkKeys(path, value, KEYS.dataset[source as keyof typeof KEYS.dataset]);
  checkOptional(spec.normalize, (n) => checkNormalize(`${path}.normalize`, n));
  if (source === 'splits') {
    const splits = checkKeys(`${path}.splits`, spec.splits, ['train', 'validation', 'test']);
    for (const part of ['train', 'test']) expectObject(`${path}.splits.${part}`, splits[part]);
    return (splits.train as { sampleShape?: number[] }).sampleShape;
  }
  if (source === 'csv') {
    checkText(`${path}.path`, spec.path, 'expected the CSV file\'s path');
    const options = checkKeys(`${path}.options`, spec.options, KEYS.csvOptions);
    checkText(`${path}.options.labelColumn`, options.labelColumn, 'expected the label column\'s name');
    checkOptional(options.groupColumn, (v) => checkText(`${path}.options.groupColumn`, v, 'expected the group column\'s name'));
    checkOptional(options.featureColumns, (v) => {
      if (!Array.isArray(v) || v.length === 0) throw new InvalidArgumentError(`${path}.options.featureColumns`, v, 'expected a non-empty array of column names');
      v.forEach((c, i) => checkText(`${path}.options.featureColumns[${i}]`, c, 'expected a column name'));
    });
    checkOptional(options.task, (v) => checkOneOf(`${path}.options.task`, v, ['classification', 'regression']));
    for (const key of ['testFraction', 'validationFraction']) {
      checkOptional(spec[key], (v) => { if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new InvalidArgumentError(`${path}.${key}`, v, 'expected a fraction in [0, 1)'); });
    }
    checkOptional(spec.seed, (v) => checkInteger(`${path}.seed`, v, 0, 0xffffffff));
    return undefined;
  }
  if (spec.options !== undefined) {
    const options = checkKeys(`${path}.options`, spec.options, source === 'cifar10' ? KEYS.cifar10Options : KEYS.splitOptions);
    for (const key of ['trainSize', 'validationSize', 'testSize']) checkOptional(options[key], (v) => checkInteger(`${path}.options.${key}`, v, 0, 1e8));
    checkOptional(options.seed, (v) => checkInteger(`${path}.options.seed`, v, 0, 0xffffffff));
    checkOptional(options.dir, (v) => checkText(`${path}.options.dir`, v, 'expected a folder path'));
    checkOptional(options.download, (v) => { if (typeof v !== 'boolean') throw new InvalidArgumentError(`${path}.options.download`, v, 'expected true or false'); });
  }
  return DATASET_SHAPES[source as string];
}

/** Checks a model spec; returns its task ('classification' | 'regression'), or undefined for a module. */
function checkModel(path: string, value: unknown, datasetShape: number[] | undefined): string | undefined {
  const kind = expectObject(path, value).kind;
  checkOneOf(`${path}.kind`, kind, Object.keys(KEYS.model));
  const spec = checkKeys(path, value, KEYS.model[kind as keyof typeof KEYS.model]);
  if (kind === 'module') {
    if (typeof spec.path !== 'string' || !spec.path.startsWith('/')) throw new InvalidArgumentError(`${path}.path`, spec.path, 'expected an absolute module path');
    checkOptional(spec.exportName, (v) => checkText(`${path}.exportName`, v, 'expected an export name'));
    return undefined;
  }
  const optionsPath = `${path}.options`;
  const options = checkKeys(optionsPath, spec.options, kind === 'cnn' ? [...KEYS.head, ...KEYS.cnn] : KEYS.head);
  const inputShape = checkSizes(`${optionsPath}.inputShape`, options.inputShape, kind === 'cnn' ? 3 : 1, kind === 'cnn' ? 3 : 4);
  if (datasetShape && inputShape.reduce((a, b) => a * b, 1) !== datasetShape.reduce((a, b) => a * b, 1)) {
    throw new InvalidArgumentError(`${optionsPath}.inputShape`, inputShape, `expected the dataset's sample shape [${datasetShape.join(', ')}]`);
  }
  const task = options.task ?? 'classification';
  checkOneOf(`${optionsPath}.task`, task, ['classification', 'regression']);
  if (task === 'classification') checkInteger(`${optionsPath}.numClasses`, options.numClasses, 2, 1 << 20);
  checkOptional(options.dense, (v) => checkSizes(`${optionsPath}.dense`, v, 0, 64));
  checkOptional(options.dropout, (v) => { if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new InvalidArgumentError(`${optionsPath}.dropout`, v, 'expected a rate in [0, 1)'); });
  checkOptional(options.batchNorm, (v) => { if (typeof v !== 'boolean') throw new InvalidArgumentError(`${optionsPath}.batchNorm`, v, 'expected true or false'); });
  checkOptional(options.learningRate, (v) => { if (typeof v !== 'number' || !(v > 0 && v < 1e3)) throw new InvalidArgumentError(`${optionsPath}.learningRate`, v, 'expected a number in (0, 1000)'); });
  checkOptional(options.initializer, (v) => checkOneOf(`${optionsPath}.initializer`, v, INITIALIZERS));
  if (kind === 'cnn') {
    const conv = options.conv === undefined ? [32, 64] : checkSizes(`${optionsPath}.conv`, options.conv, 0, 64);
    const kernelSize = options.kernelSize === undefined ? 3 : checkInteger(`${optionsPath}.kernelSize`, options.kernelSize, 1, 1024);
    checkOptional(options.padding, (v) => checkOneOf(`${optionsPath}.padding`, v, ['same', 'valid']));
    // Each block is a convolution ('valid' loses kernelSize − 1 pixels) then a 2x2 pooling.
    let side = Math.min(inputShape[0], inputShape[1]);
    for (let i = 0; i < conv.length; i++) side = Math.floor((options.padding === 'valid' ? side - kernelSize + 1 : side) / 2);
    if (side < 1) throw new InvalidArgumentError(`${optionsPath}.conv`, conv, `expected at most as many conv blocks as the ${inputShape[0]}x${inputShape[1]} input can be pooled (it shrinks to nothing)`);
  }
  return task as string;
}

/**
 * Validates a whole experiment configuration before any training and fills in the defaults
 * ({@link EXPERIMENT_DEFAULTS}; baseline = first variant; outDir = runs/<name>). Checks: no unknown
 * keys at any level (with a "did you mean" suggestion: "epoch" → "epochs"); name and variant names
 * usable as file names (not "..", no path separators); at least two variants; seeds a non-empty list
 * of distinct integers in [0, 2^32); epochs, batch sizes and workers integers within
 * {@link EXPERIMENT_LIMITS}; the metric known and produced by the variants' task; model kinds and
 * options (input shape against the dataset's, CNN depth against the input size); dataset source,
 * options and normalisation ('standardize', 'min-max' or per-channel { mean, std }).
 * @param name How the caller refers to the configuration in errors (default 'config').
 * @throws {InvalidArgumentError} naming the JSON key (e.g. `config.variants.b.model.kind`) and its value.
 * @example
 * validateExperimentConfig({ name: 'x', seeds: [1], epoch: 2 } as never)
 * // throws: Invalid argument config.epoch = 2: unknown key (did you mean "epochs"?); allowed: name, variants, ...
 */
export function validateExperimentConfig(config: ExperimentConfig, name = 'config'): ResolvedExperimentConfig {
  const raw = checkKeys(name, config, KEYS.config);
  checkName(`${name}.name`, raw.name);
  const variants = expectObject(`${name}.variants`, raw.variants);
  const variantNames = Object.keys(variants);
  if (variantNames.length < 2 || variantNames.length > EXPERIMENT_LIMITS.variants) {
    throw new InvalidArgumentError(`${name}.variants`, raw.variants, `expected 2 to ${EXPERIMENT_LIMITS.variants} named variants to compare`);
  }
  const seeds = raw.seeds;
  if (!Array.isArray(seeds) || seeds.length === 0 || seeds.length > EXPERIMENT_LIMITS.seeds) {
    throw new InvalidArgumentError(`${name}.seeds`, seeds, `expected a list of 1 to ${EXPERIMENT_LIMITS.seeds} seeds`);
  }
  seeds.forEach((seed, i) => checkInteger(`${name}.seeds[${i}]`, seed, 0, 0xffffffff));
  const repeated = seeds.find((seed, i) => seeds.indexOf(seed) !== i);
  if (repeated !== undefined) throw new InvalidArgumentError(`${name}.seeds`, seeds, `expected distinct seeds (${repeated} is listed twice)`);
  checkInteger(`${name}.epochs`, raw.epochs, 1, EXPERIMENT_LIMITS.epochs);
  checkOptional(raw.batchSize, (v) => checkInteger(`${name}.batchSize`, v, 1, EXPERIMENT_LIMITS.batchSize));
  checkOptional(raw.workers, (v) => { if (v !== 'auto') checkInteger(`${name}.workers`, v, 1, EXPERIMENT_LIMITS.workers); });
  checkOptional(raw.backend, (v) => checkOneOf(`${name}.backend`, v, BACKEND_PREFERENCES));
  checkOptional(raw.outDir, (v) => { if (typeof v !== 'string' || v.length === 0) throw new InvalidArgumentError(`${name}.outDir`, v, 'expected a folder path'); });
  const margin = raw.margin ?? 0;
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0) throw new InvalidArgumentError(`${name}.margin`, margin, 'expected a finite number >= 0');
  const datasetShape = checkDataset(`${name}.dataset`, raw.dataset);

  const tasks = new Set<string | undefined>();
  for (const variant of variantNames) {
    const path = `${name}.variants.${variant}`;
    checkName(path, variant);
    if (variant.includes('__')) throw new InvalidArgumentError(path, variant, 'variant names must not contain "__" (it separates variant and seed in run keys)');
    const spec = checkKeys(path, variants[variant], KEYS.variant);
    tasks.add(checkModel(`${path}.model`, spec.model, datasetShape));
    checkOptional(spec.epochs, (v) => checkInteger(`${path}.epochs`, v, 1, EXPERIMENT_LIMITS.epochs));
    checkOptional(spec.batchSize, (v) => checkInteger(`${path}.batchSize`, v, 1, EXPERIMENT_LIMITS.batchSize));
  }
  const resolved = withExperimentDefaults(config);
  checkOneOf(`${name}.baseline`, resolved.baseline, variantNames);
  const metric = resolved.metric;
  const metrics = [
    ...(tasks.has('classification') || tasks.has(undefined) ? CLASSIFICATION_METRICS : []),
    ...(tasks.has('regression') || tasks.has(undefined) ? REGRESSION_METRICS : []), ...TIMING_METRICS,
  ];
  checkOneOf(`${name}.metric`, metric, metrics);
  return resolved;
}

/** JSON text could not be read as an experiment (syntax error or a key given twice). */
export class ConfigFileError extends AblabError {}

/**
 * Parses JSON text like JSON.parse, but refuses a key given twice in one object (JSON.parse keeps
 * the last silently, so a variant listed twice would vanish).
 * @param source Named in errors (a file name).
 * @throws {ConfigFileError} for invalid JSON or a duplicate key, naming its path (e.g. `variants.a`).
 * @example
 * parseJsonStrict('{"variants": {"a": 1, "a": 2}}', 'x.json') // throws: x.json: key "variants.a" appears twice
 */
export function parseJsonStrict(text: string, source = 'JSON'): unknown {
  if (typeof text !== 'string') throw new InvalidArgumentError('text', text, 'expected JSON text');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(`${source}: invalid JSON: ${(error as Error).message}`);
  }
  // The text is valid JSON now, so a scan that tracks only strings and brackets finds every key.
  const frames: { keys: Set<string> | null; path: string; lastKey?: string; expectKey: boolean }[] = [];
  let arrayIndex: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = frames[frames.length - 1];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const path = top.path ? `${top.path}.${key}` : key;
        if (top.keys.has(key)) throw new ConfigFileError(`${source}: key "${path}" appears twice (only one would be kept)`);
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      const path = !top ? '' : top.keys ? (top.path ? `${top.path}.${top.lastKey}` : top.lastKey!) : `${top.path}[${arrayIndex[arrayIndex.length - 1]}]`;
      frames.push({ keys: c === '{' ? new Set() : null, path, expectKey: c === '{' });
      arrayIndex = [...arrayIndex, 0];
    } else if (c === '}' || c === ']') {
      frames.pop();
      arrayIndex = arrayIndex.slice(0, -1);
    } else if (c === ',' && top) {
      if (top.keys) top.expectKey = true;
      else arrayIndex[arrayIndex.length - 1]++;
    }
  }
  return value;
}
