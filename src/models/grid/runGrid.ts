/**
 * Trains every (variant, seed) pair of a comparison, one worker thread per core (wasm and cpu
 * backends use one thread each). Each run depends only on its variant, seed and the data, so the
 * results are identical whatever the number of workers. Finished runs are handed to onRunComplete
 * at once, so a store can persist them before the grid ends.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AblabError, InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, assertWorkSize } from '../../core/validate.js';
import { BACKEND_PREFERENCES, type BackendPreference } from '../backends/selectBackend.js';
import { assertSeed } from '../seeds.js';
import type { EpochRecord } from '../train.js';
import type { DatasetSpec } from './datasetSpec.js';
import type { ModelSpec } from './modelSpec.js';
import { runKey } from './runKey.js';
import type { RunResult, RunTask } from './trainAndEvaluate.js';
import { startWorker } from './startWorker.js';
import type { FromWorker, ToWorker } from './workerMessages.js';

export interface VariantConfig {
  model: ModelSpec;
  /** Overrides the grid's epochs for this variant. */
  epochs?: number;
  /** Overrides the grid's batch size for this variant. */
  batchSize?: number;
}

export type GridProgress =
  | { type: 'epoch'; variant: string; seed: number; record: EpochRecord }
  | { type: 'run'; variant: string; seed: number; completed: number; total: number; result: RunResult };

export interface GridOptions {
  variants: Record<string, VariantConfig>;
  seeds: number[];
  dataset: DatasetSpec;
  epochs: number;
  /** Default 64. */
  batchSize?: number;
  /** Worker threads; 'auto' (default) = one per core, capped by the number of runs. */
  workers?: 'auto' | number;
  /** Backend each worker selects (default: ABLAB_BACKEND or 'auto'). */
  backend?: BackendPreference;
  /** Runs to leave out (already done): a predicate or a list of run keys (runKey(), as the run store uses). */
  skip?: ((variant: string, seed: number) => boolean) | readonly string[];
  onProgress?: (event: GridProgress) => void;
  /** Called as each run finishes (awaited before runGrid resolves); persist results here. */
  onRunComplete?: (result: RunResult) => void | Promise<void>;
  /** Print one line per epoch and per finished run. Default false. */
  verbose?: boolean;
}

export interface GridResult {
  /** Completed runs in variant order, then seed order (skipped runs excluded). */
  runs: RunResult[];
  /** Keys of the runs skipped. */
  skipped: string[];
  workers: number;
  wallSeconds: number;
  /** Training samples processed per wall-clock second by the whole grid. */
  samplesPerSecond: number;
}

function planTasks(options: GridOptions): { tasks: RunTask[]; skipped: string[] } {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', options, 'expected an options object');
  const names = Object.keys(options.variants ?? {});
  if (names.length === 0) throw new InvalidArgumentError('options.variants', options.variants, 'expected at least one named variant');
  if (!Array.isArray(options.seeds) || options.seeds.length === 0) throw new InvalidArgumentError('options.seeds', options.seeds, 'expected a non-empty array of seeds');
  options.seeds.forEach((seed, i) => assertSeed(`options.seeds[${i}]`, seed));
  if (new Set(options.seeds).size !== options.seeds.length) throw new InvalidArgumentError('options.seeds', options.seeds, 'expected distinct seeds');
  assertWorkSize('options.epochs', options.epochs, 1, 100_000);
  const skip = options.skip;
  if (skip !== undefined && typeof skip !== 'function' && !Array.isArray(skip)) {
    throw new InvalidArgumentError('options.skip', skip, 'expected a predicate (variant, seed) => boolean or a list of run keys');
  }
  const isSkipped = typeof skip === 'function' ? skip : (variant: string, seed: number) => (skip ?? []).includes(runKey(variant, seed));
  const tasks: RunTask[] = [];
  const skipped: string[] = [];
  for (const variant of names) {
    const config = options.variants[variant];
    const epochs = config?.epochs ?? options.epochs;
    const batchSize = config?.batchSize ?? options.batchSize ?? 64;
    assertInteger(`options.variants.${variant}.epochs`, epochs, 1);
    assertInteger(`options.variants.${variant}.batchSize`, batchSize, 1);
    for (const seed of options.seeds) {
      if (isSkipped(variant, seed)) skipped.push(runKey(variant, seed));
      else tasks.push({ variant, seed, model: config.model, epochs, batchSize });
    }
  }
  return { tasks, skipped };
}

/** Worker threads a grid of `tasks` runs uses: one per core ('auto') or as requested, never more than the runs. */
export function workerCount(requested: GridOptions['workers'], tasks: number): number {
  assertInteger('tasks', tasks, 0);
  if (requested === undefined || requested === 'auto') return Math.max(1, Math.min(tasks, availableParallelism()));
  assertInteger('options.workers', requested, 1);
  return Math.min(requested, Math.max(1, tasks));
}

/**
 * Runs the grid and resolves with every run's metrics, per-sample correctness, history, timing and
 * environment. The first failed run rejects the grid (runs already finished were delivered).
 * @throws InvalidArgumentError for bad options; AblabError when a run fails in its worker.
 * @example
 * const grid = await runGrid({
 *   variants: {
 *     small: { model: { kind: 'cnn', options: { inputShape: [28, 28, 1], numClasses: 10, conv: [8, 16], dense: [], padding: 'valid' } } },
 *     wide: { model: { kind: 'cnn', options: { inputShape: [28, 28, 1], numClasses: 10, conv: [16, 32], dense: [], padding: 'valid' } } },
 *   },
 *   seeds: [1, 2, 3], dataset: { source: 'mnist', options: { trainSize: 4000, seed: 0 } }, epochs: 2,
 *   onRunComplete: (run) => store.save(run),
 * });
 */
export async function runGrid(options: GridOptions): Promise<GridResult> {
  const { tasks, skipped } = planTasks(options);
  if (options.backend !== undefined && !BACKEND_PREFERENCES.includes(options.backend)) {
    throw new InvalidArgumentError('options.backend', options.backend, `expected one of ${BACKEND_PREFERENCES.join(', ')}`);
  }
  const workers = workerCount(options.workers, tasks.length);
  const started = performance.now();
  const results = new Map<string, RunResult>();
  const pending = [...tasks];
  const deliveries: Promise<void>[] = [];
  const pool: Worker[] = [];
  const log = options.verbose ? console.log : () => undefined;

  try {
    await new Promise<void>((resolve, reject) => {
      if (tasks.length === 0) return resolve();
      const fail = (error: unknown) => reject(error instanceof Error ? error : new AblabError(String(error)));
      const next = (worker: Worker) => {
        const task = pending.shift();
        if (task) worker.postMessage({ type: 'run', task } satisfies ToWorker);
      };
      for (let i = 0; i < workers; i++) {
        const worker = startWorker('gridWorker', { dataset: options.dataset, backend: options.backend });
        pool.push(worker);
        worker.on('error', fail);
        worker.on('message', (message: FromWorker) => {
          if (message.type === 'epoch') {
            log(`[${runKey(message.variant, message.seed)}] epoch ${message.record.epoch}/${message.record.epochs}  loss ${message.record.loss.toFixed(4)}`);
            options.onProgress?.(message);
          } else if (message.type === 'failed') {
            fail(new AblabError(`Run ${runKey(message.variant, message.seed)} failed: ${message.message}`));
          } else {
            const { result } = message;
            results.set(result.key, result);
            log(`run ${results.size}/${tasks.length} done: ${result.key}  ${result.trainSeconds.toFixed(1)} s`);
            options.onProgress?.({ type: 'run', variant: result.variant, seed: result.seed, completed: results.size, total: tasks.length, result });
            deliveries.push(Promise.resolve().then(() => options.onRunComplete?.(result)));
            if (results.size === tasks.length) resolve();
            else next(worker);
          }
        });
        next(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  await Promise.all(deliveries);
  const wallSeconds = (performance.now() - started) / 1000;
  const runs = tasks.map((task) => results.get(runKey(task.variant, task.seed))!);
  const samples = runs.reduce((sum, run) => sum + run.samplesPerSecond * run.trainSeconds, 0);
  return { runs, skipped, workers, wallSeconds, samplesPerSecond: samples / wallSeconds };
}
