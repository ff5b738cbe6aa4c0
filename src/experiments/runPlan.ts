/**
 * What `ablab run` is about to do, said before it starts: the runs left to train, the samples they
 * process, the backend and machine, and how long it should take — estimated from a short training
 * warm-up of each variant measured on this machine now, not from a table of typical speeds.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../core/errors.js';
import { formatDuration } from '../helpers/progress.js';
import { captureEnvironment, type RunEnvironment } from '../models/backends/environment.js';
import { selectBackend } from '../models/backends/selectBackend.js';
import { csvSplitSizes, type DatasetSpec } from '../models/grid/datasetSpec.js';
import { loadCsv } from '../models/data/csv.js';
import { modelFactoryFor } from '../models/grid/modelSpec.js';
import { locateCifar10 } from '../models/data/cifar10.js';
import { workerCount } from '../models/grid/runGrid.js';
import { runKey } from '../models/grid/runKey.js';
import { Random } from '../core/random.js';
import { type ExperimentConfig, validateExperimentConfig } from './experimentConfig.js';
import { gridKeys } from './runExperiment.js';
import { RunStore } from './runStore.js';
import { resolveShard, selectShard, type Shard } from './sharding.js';

export interface VariantPlan {
  variant: string;
  /** Runs of this variant left to train in this shard. */
  runs: number;
  epochs: number;
  batchSize: number;
  /** Training samples one run processes: training-set size × epochs. */
  samplesPerRun: number;
  /** Training speed measured in the warm-up (one thread, as one worker trains); null when not measured. */
  samplesPerSecond: number | null;
  /** samplesPerRun / samplesPerSecond. */
  secondsPerRun: number | null;
}

export interface RunPlan {
  name: string;
  shard: Shard;
  /** Runs of the whole grid, runs already stored, runs this call will train. */
  gridRuns: number;
  storedRuns: number;
  runsToTrain: number;
  trainSize: number;
  testSize: number | null;
  /** Why the data cannot be loaded as configured (files missing and no download), else null. */
  dataProblem: string | null;
  variants: VariantPlan[];
  workers: number;
  /** Wall-clock training time: the runs' seconds shared over the workers; null when not measured. */
  estimatedSeconds: number | null;
  warmup: { batches: number; seconds: number } | null;
  environment: RunEnvironment;
  print(): string;
}

export interface PlanOptions {
  taskIndex?: number;
  taskCount?: number;
  /** Timed training batches per variant after two untimed ones (default 5; 0 skips the warm-up). */
  warmupBatches?: number;
}

const DEFAULT_SIZES: Record<'mnist' | 'cifar10', { trainSize: number; testSize: number }> = {
  mnist: { trainSize: 8000, testSize: 1000 },
  cifar10: { trainSize: 45000, testSize: 10000 },
};

/** Training and test set sizes a dataset spec asks for, without loading the data. */
function datasetSizes(spec: DatasetSpec): { trainSize: number; testSize: number | null } {
  if (spec?.source === 'splits') return { trainSize: spec.splits.train.y.length, testSize: spec.splits.test.y.length };
  if (spec?.source === 'csv') {
    const { train, test } = csvSplitSizes(spec, loadCsv(spec.path, spec.options).y.length);
    return { trainSize: train, testSize: test };
  }
  if (spec?.source !== 'mnist' && spec?.source !== 'cifar10') throw new InvalidArgumentError('dataset.source', (spec as { source?: unknown })?.source, "expected 'mnist', 'cifar10', 'csv' or 'splits'");
  const options = (spec.options ?? {}) as { trainSize?: number; testSize?: number };
  return { trainSize: options.trainSize ?? DEFAULT_SIZES[spec.source].trainSize, testSize: options.testSize ?? DEFAULT_SIZES[spec.source].testSize };
}

/** For CIFAR-10 without `"download": true`: the missing-files message when the files are not on disk. */
function dataProblemOf(spec: DatasetSpec): string | null {
  if (spec.source !== 'cifar10' || spec.options?.download) return null;
  const located = locateCifar10(spec.options?.dir);
  return 'problem' in located ? located.problem : null;
}

/**
 * Samples per second of training one model on random inputs of its own shape: two untimed batches
 * (kernel compilation, allocation: the first is several times slower), then `batches` timed ones. Null when the factory returns an
 * uncompiled model (nothing to time).
 */
async function measureTraining(model: tf.LayersModel, batchSize: number, batches: number, seed: number): Promise<number | null> {
  if (!model.optimizer) return null;
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const outputs = model.outputs[0].shape[1] as number;
  const rng = new Random(seed);
  const x = tf.tensor(Float32Array.from({ length: batchSize * inputShape.reduce((a, b) => a * b, 1) }, () => rng.uniform()), [batchSize, ...inputShape]);
  const y = outputs > 1
    ? tf.oneHot(tf.tensor1d(Array.from({ length: batchSize }, () => rng.int(outputs)), 'int32'), outputs).toFloat()
    : tf.tensor2d(Array.from({ length: batchSize }, () => [rng.normal()]));
  try {
    for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y);
    const started = performance.now();
    for (let i = 0; i < batches; i++) await model.trainOnBatch(x, y);
    return (batches * batchSize) / ((performance.now() - started) / 1000);
  } finally {
    tf.dispose([x, y]);
  }
}

/**
 * Plans an experiment run: which runs are left (this shard's, not yet stored), the samples they
 * train on, the backend, and a time estimate from a warm-up that trains each variant's model for a
 * few batches in this thread on the backend the workers will select.
 * The estimate assumes the workers do not slow each other down (one core each) and counts training
 * only; evaluation on the test set adds a little.
 * @throws InvalidArgumentError for an invalid configuration; AblabError when the backend cannot start.
 * @example
 * const plan = await planExperiment(JSON.parse(readFileSync('experiments/mnist-dropout.json', 'utf8')));
 * console.log(plan.print()); // Plan for mnist-dropout: 12 run(s) to train ...
 */
export async function planExperiment(config: ExperimentConfig, options: PlanOptions = {}): Promise<RunPlan> {
  const full = validateExperimentConfig(config);
  const shard = resolveShard({ taskIndex: options.taskIndex, taskCount: options.taskCount });
  const store = new RunStore(full.outDir);
  const keys = gridKeys(full);
  const todo = new Set(selectShard(keys, shard).filter((k) => !store.has(k)));
  const { trainSize, testSize } = datasetSizes(full.dataset);
  const dataProblem = dataProblemOf(full.dataset);
  // No warm-up when the data is missing: the run cannot start anyway.
  const warmupBatches = dataProblem ? 0 : options.warmupBatches ?? 5;
  await selectBackend({ prefer: full.backend });
  const started = performance.now();
  const variants: VariantPlan[] = [];
  for (const [variant, variantConfig] of Object.entries(full.variants)) {
    const epochs = variantConfig.epochs ?? full.epochs;
    const batchSize = variantConfig.batchSize ?? full.batchSize ?? 64;
    const runs = full.seeds.filter((seed) => todo.has(runKey(variant, seed))).length;
    let samplesPerSecond: number | null = null;
    if (runs > 0 && warmupBatches > 0) {
      const model = modelFactoryFor(variantConfig.model, `variants.${variant}.model`)(full.seeds[0]);
      try {
        samplesPerSecond = await measureTraining(model, batchSize, warmupBatches, full.seeds[0]);
      } finally {
        model.dispose();
      }
    }
    const samplesPerRun = trainSize * epochs;
    variants.push({ variant, runs, epochs, batchSize, samplesPerRun, samplesPerSecond, secondsPerRun: samplesPerSecond ? samplesPerRun / samplesPerSecond : null });
  }
  const measured = variants.filter((v) => v.runs > 0);
  const workers = workerCount(full.workers, todo.size);
  const estimatedSeconds = measured.length > 0 && measured.every((v) => v.secondsPerRun !== null)
    ? measured.reduce((sum, v) => sum + v.runs * v.secondsPerRun!, 0) / workers
    : null;
  const plan: RunPlan = {
    name: full.name, shard, gridRuns: keys.length, storedRuns: keys.filter((k) => store.has(k)).length, runsToTrain: todo.size,
    trainSize, testSize, dataProblem, variants, workers, estimatedSeconds,
    warmup: measured.length > 0 && warmupBatches > 0 ? { batches: warmupBatches, seconds: (performance.now() - started) / 1000 } : null,
    environment: await captureEnvironment(),
    print: () => formatPlan(plan, full.dataset.source),
  };
  return plan;
}

/** One line per fact: environment fields as the reference PyTorch script logs them. */
export function formatEnvironment(env: RunEnvironment): string {
  if (typeof env !== 'object' || env === null) throw new InvalidArgumentError('env', env, 'expected a run environment (captureEnvironment)');
  return `environment: tfjs ${env.tfjsVersion} on ${env.backend} — ${env.device}; ${env.cpuModel} × ${env.cpuCount}; `
    + `node ${env.nodeVersion} ${env.platform}; ablab ${env.ablabVersion}, commit ${env.commit ?? 'none (not a git checkout)'}, training code ${env.trainingCode}`;
}

const count = (n: number) => n.toLocaleString('en-US');

function formatPlan(plan: RunPlan, source: string): string {
  const lines = [
    `Plan for ${plan.name}: ${plan.runsToTrain} run(s) to train of ${plan.gridRuns} (${plan.storedRuns} already stored)`
      + `${plan.shard.count > 1 ? `, shard ${plan.shard.index + 1}/${plan.shard.count}` : ''}, ${plan.workers} worker(s)`,
    `  data: ${source}, ${count(plan.trainSize)} training samples${plan.testSize === null ? '' : `, ${count(plan.testSize)} test samples`}`,
    ...(plan.dataProblem ? [`  data NOT READY: ${plan.dataProblem}`] : []),
  ];
  for (const v of plan.variants) {
    const speed = v.samplesPerSecond === null ? (v.runs > 0 ? 'not measured' : 'nothing to train')
      : `${count(Math.round(v.samplesPerSecond))} samples/s ⇒ ${formatDuration(v.secondsPerRun!)} per run`;
    lines.push(`  ${v.variant}: ${v.runs} run(s) × ${v.epochs} epoch(s) × ${count(plan.trainSize)} = ${count(v.runs * v.samplesPerRun)} samples (batch ${v.batchSize}); ${speed}`);
  }
  lines.push(`  ${formatEnvironment(plan.environment)}`);
  if (plan.estimatedSeconds !== null && plan.warmup) {
    lines.push(`  estimate: ${formatDuration(plan.estimatedSeconds)} of training with ${plan.workers} worker(s), from a ${plan.warmup.seconds.toFixed(1)} s warm-up `
      + `(${plan.warmup.batches} timed batches per variant) on this machine now; other load on the machine, or workers sharing cores, make it longer`);
  } else if (plan.runsToTrain > 0) {
    lines.push(`  estimate: none (${plan.dataProblem ? 'no warm-up without the data' : 'warm-up skipped or a model factory returned an uncompiled model'})`);
  }
  return lines.join('\n');
}
