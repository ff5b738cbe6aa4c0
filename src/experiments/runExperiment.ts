/**
 * Runs an A/B (or ablation) experiment on models: every (variant, seed) pair is trained on the same
 * splits with the same seed per pair, so comparisons are paired; each finished run is stored at
 * once, and re-running an interrupted experiment resumes without repeating or losing any run.
 */
import { join } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { type GridProgress, runGrid } from '../models/grid/runGrid.js';
import type { RunResult } from '../models/grid/trainAndEvaluate.js';
import { createProgress, isLiveProgress } from '../helpers/progress.js';
import { trainingCodeFingerprint } from '../models/backends/environment.js';
import { changedFields, configHash } from './configHash.js';
import { type RunRecord, RunStore } from './runStore.js';
import { runKey } from '../models/grid/runKey.js';
import { jobEnvironment } from './jobEnvironment.js';
import { resolveShard, selectShard, type Shard } from './sharding.js';
import { type ExperimentConfig, type ResolvedExperimentConfig, validateExperimentConfig } from './experimentConfig.js';

export interface RunExperimentOptions {
  /** This process's slice of the grid; defaults to Slurm / Kubernetes variables, else everything. */
  taskIndex?: number;
  taskCount?: number;
  /** Show progress (terminal bar or notebook widget). Default true. */
  progress?: boolean;
  /** Print one line per epoch and run. Default false. */
  verbose?: boolean;
}

export interface ExperimentRuns {
  config: ResolvedExperimentConfig;
  store: RunStore;
  shard: Shard;
  /** Every finished run in the store (all shards), sorted by variant then seed. */
  runs: RunRecord[];
  /** Runs trained by this call. */
  trained: number;
  /** True when every (variant, seed) pair has a stored run. */
  complete: boolean;
  /** Keys not yet in the store (other shards still running, or interrupted, or set aside as corrupt). */
  missing: string[];
  /** Run files set aside as corrupt (kept under runs/corrupt/ for inspection; their runs count as missing). */
  corrupt: string[];
}

/**
 * Resuming with changed training code (kernels, loop, data) would mix runs whose numbers are not
 * comparable bit for bit: say so, naming the stored runs made by other code.
 */
function warnOnMixedTrainingCode(store: RunStore): void {
  const current = trainingCodeFingerprint();
  const other = store.loadAll().filter((r) => r.environment.trainingCode !== undefined && r.environment.trainingCode !== current);
  if (other.length > 0) {
    console.warn(`ablab: ${other.length} stored run(s) (${other.slice(0, 3).map((r) => r.key).join(', ')}${other.length > 3 ? ', …' : ''}) were trained by different training code ` +
      `(${String(other[0].environment.trainingCode)} vs ${current} now); resumed results mix the two. Use a new outDir to start clean.`);
  }
}

/**
 * Resuming with a configuration other than the one experiment.json holds (another shard's, or an
 * edited file) is allowed — adding seeds or variants extends an experiment — but never silent.
 */
function warnOnChangedConfig(store: RunStore, config: ExperimentConfig): void {
  const stored = store.loadDocument('experiment.json');
  if (stored === undefined || configHash(stored) === configHash(config)) return;
  const changed = changedFields(stored as Record<string, unknown>, config as unknown as Record<string, unknown>);
  console.warn(`ablab: ${join(store.dir, 'experiment.json')} holds a different configuration (changed: ${changed.join(', ')}); ` +
    'it is replaced by this one. Stored runs are kept.');
}

/**
 * Stored runs whose settings (model, epochs, batch size, dataset) differ from what the current
 * configuration gives them would be compared with runs trained differently: say so, naming them
 * and the settings that changed.
 */
function warnOnMixedConfiguration(store: RunStore, config: ExperimentConfig, runs: RunRecord[]): void {
  const other = runs.filter((r) => (r.configHash ?? configHash(r.params)) !== configHash(runParameters(config, r.variant)));
  if (other.length > 0) {
    const changed = changedFields(other[0].params, runParameters(config, other[0].variant));
    console.warn(`ablab: ${other.length} stored run(s) (${other.slice(0, 3).map((r) => r.key).join(', ')}${other.length > 3 ? ', …' : ''}) were trained with ` +
      `other settings than this configuration gives them (changed: ${changed.join(', ')}); resumed results mix the two. Use a new outDir to start clean.`);
  }
}

/** Keys of every (variant, seed) run of the experiment, in grid order (variants, then seeds). */
export function gridKeys(config: ExperimentConfig): string[] {
  if (typeof config?.variants !== 'object' || config.variants === null || !Array.isArray(config.seeds)) {
    throw new InvalidArgumentError('config', config, 'expected an experiment configuration with variants and seeds');
  }
  return Object.keys(config.variants).flatMap((v) => config.seeds.map((s) => runKey(v, s)));
}

/** The experiment's runs now in the store (written by any shard) and the keys still missing. */
function storedRuns(config: ExperimentConfig, store: RunStore): Pick<ExperimentRuns, 'runs' | 'complete' | 'missing' | 'corrupt'> {
  const keys = gridKeys(config);
  const wanted = new Set(keys);
  const runs = store.loadAll().filter((r) => wanted.has(r.key));
  const stored = new Set(runs.map((r) => r.key));
  const missing = keys.filter((k) => !stored.has(k));
  return { runs, complete: missing.length === 0, missing, corrupt: store.corruptFiles() };
}

/** The settings a run of `variant` is trained with (stored as the run's `params`). */
export function runParameters(config: ExperimentConfig, variant: string): Record<string, unknown> {
  const settings = typeof config?.variants === 'object' && config.variants !== null && typeof variant === 'string' && Object.hasOwn(config.variants, variant)
    ? config.variants[variant] : undefined;
  if (settings === undefined) throw new InvalidArgumentError('variant', variant, 'expected a variant of config.variants');
  return { ...settings, epochs: settings.epochs ?? config.epochs, batchSize: settings.batchSize ?? config.batchSize ?? 64, dataset: config.dataset };
}

/** Converts a grid run into the stored record. */
function toRecord(experiment: string, config: ResolvedExperimentConfig, run: RunResult): RunRecord {
  const evaluation = run.evaluation;
  const metrics: Record<string, number> = 'accuracy' in evaluation
    ? { accuracy: evaluation.accuracy, macroF1: evaluation.macroF1, logLoss: evaluation.logLoss, ...(evaluation.rocAuc === null ? {} : { rocAuc: evaluation.rocAuc }) }
    : { mse: evaluation.mse, mae: evaluation.mae };
  const history: Record<string, number[]> = {};
  for (const record of run.history) {
    for (const [key, value] of Object.entries(record)) {
      if (key === 'epoch' || key === 'epochs' || typeof value !== 'number') continue;
      (history[key] ??= []).push(value);
    }
  }
  return {
    key: run.key, experiment, variant: run.variant, seed: run.seed,
    params: runParameters(config, run.variant),
    metrics, history,
    correct: 'correct' in evaluation ? evaluation.correct : undefined,
    ...('correct' in evaluation ? { predictions: evaluation.predictions, labels: evaluation.labels, ...(evaluation.groups ? { groups: evaluation.groups } : {}) } : {}),
    timing: { trainSeconds: run.trainSeconds, inferenceMsPerSample: evaluation.latencyMsPerSample },
    environment: { ...run.environment, samplesPerSecond: run.samplesPerSecond, ...jobEnvironment() },
    finishedAt: run.finishedAt,
  };
}

/**
 * Trains the experiment's grid (this shard's part of it), storing each run the moment it finishes
 * under `config.outDir/runs/`. Runs already in the store are skipped, so an interrupted experiment
 * resumes where it stopped; several shards can write to one (shared) store concurrently.
 * @throws {InvalidArgumentError} for an invalid configuration or shard.
 * @example
 * const result = await runExperiment({
 *   name: 'dropout', seeds: [1, 2, 3], epochs: 2,
 *   dataset: { source: 'mnist', options: { trainSize: 4000, testSize: 1000 } },
 *   variants: {
 *     noDropout: { model: { kind: 'cnn', options: { inputShape: [28, 28, 1], numClasses: 10, dropout: 0 } } },
 *     dropout: { model: { kind: 'cnn', options: { inputShape: [28, 28, 1], numClasses: 10, dropout: 0.5 } } },
 *   },
 * });
 * result.runs.length; // 6
 */
export async function runExperiment(config: ExperimentConfig, options: RunExperimentOptions = {}): Promise<ExperimentRuns> {
  const full = validateExperimentConfig(config);
  const store = new RunStore(full.outDir);
  const shard = resolveShard({ taskIndex: options.taskIndex, taskCount: options.taskCount });
  warnOnChangedConfig(store, config);
  store.saveDocument('experiment.json', config);
  const todo = new Set(selectShard(gridKeys(full), shard).filter((k) => !store.has(k)));
  warnOnMixedConfiguration(store, full, storedRuns(full, store).runs);
  if (todo.size > 0) warnOnMixedTrainingCode(store);
  // In a log (not a terminal or notebook) verbose epoch/run lines already say everything once: no second report.
  const progress = options.progress === false || todo.size === 0 || (options.verbose && !isLiveProgress())
    ? null : createProgress(todo.size, { label: `${full.name} runs` });
  let trained = 0;
  if (todo.size > 0) {
    await runGrid({
      variants: full.variants, seeds: full.seeds, dataset: full.dataset, epochs: full.epochs, batchSize: full.batchSize,
      workers: full.workers, backend: full.backend, verbose: options.verbose,
      skip: (variant, seed) => !todo.has(runKey(variant, seed)),
      onProgress: (event: GridProgress) => {
        if (event.type === 'epoch') progress?.update(trained, `${event.variant} seed ${event.seed}: epoch ${event.record.epoch}/${event.record.epochs} loss ${event.record.loss.toFixed(4)}`);
      },
      onRunComplete: (run) => {
        const record = toRecord(full.name, full, run);
        store.save({ ...record, configHash: configHash(record.params) });
        trained++;
        progress?.update(trained, `${run.key} done`);
      },
    });
    progress?.finish();
  }
  return { config: full, store, shard, trained, ...storedRuns(full, store) };
}

/** Loads an experiment's stored runs (e.g. after shards finished) without training anything. */
export function loadExperimentRuns(config: ExperimentConfig): ExperimentRuns {
  const full = validateExperimentConfig(config);
  const store = new RunStore(full.outDir);
  return { config: full, store, shard: { index: 0, count: 1, source: 'single' }, trained: 0, ...storedRuns(full, store) };
}
