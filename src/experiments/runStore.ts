import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AblabError, InvalidArgumentError } from '../core/errors.js';
import { writeFileAtomic } from './atomicWrite.js';
import { runKey } from '../models/grid/runKey.js';

/** Everything recorded about one finished (variant, seed) training run. */
export interface RunRecord {
  /** `${variant}__seed${seed}`: unique within an experiment. */
  key: string;
  experiment: string;
  variant: string;
  seed: number;
  /** The variant's configuration as it was run. */
  params: Record<string, unknown>;
  /** Final test-set metrics (accuracy, macroF1, logLoss...). */
  metrics: Record<string, number>;
  /** Per-epoch training history: metric name → values by epoch. */
  history: Record<string, number[]>;
  /** Per-sample test correctness (0/1) for McNemar's test, aligned across runs of one experiment. */
  correct?: number[];
  /** Per-sample predicted and true classes of a classifier, aligned like `correct` (per-group metrics). */
  predictions?: number[];
  labels?: number[];
  /** Per-sample group of the test set, when the dataset has groups (e.g. a CSV groupColumn). */
  groups?: string[];
  /** Seconds spent training, and inference latency per test sample in milliseconds. */
  timing: { trainSeconds: number; inferenceMsPerSample?: number };
  /** Backend, versions, device, host and scheduler job ids (see jobEnvironment), captured when the run was made. */
  environment: Record<string, unknown>;
  finishedAt: string;
  /** {@link configHash} of `params`: runs with different values were trained with different settings. */
  configHash?: string;
}


const SAFE_KEY = /^[\w.-]+$/;

/**
 * A folder of finished runs, one JSON file each, written atomically the moment a run finishes.
 * Several processes (shards of a grid, on one machine or on a shared file system) can write to the
 * same store: each run has its own file, so no locking is needed.
 */
export class RunStore {
  readonly dir: string;

  constructor(dir: string) {
    if (typeof dir !== 'string' || dir.length === 0) throw new InvalidArgumentError('dir', dir, 'expected a folder path');
    this.dir = dir;
  }

  private file(key: string): string {
    if (!SAFE_KEY.test(key)) throw new InvalidArgumentError('key', key, 'expected letters, digits, "_", "-" or "."');
    return join(this.dir, 'runs', `${key}.json`);
  }

  /** Persists a finished run (atomic: a crash leaves either no file or the whole record). */
  save(record: RunRecord): void {
    writeFileAtomic(this.file(record.key), `${JSON.stringify(record)}\n`);
  }

  has(key: string): boolean {
    return existsSync(this.file(key));
  }

  /** Keys of every finished run. */
  keys(): string[] {
    const dir = join(this.dir, 'runs');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.')).map((f) => f.slice(0, -5)).sort();
  }

  load(key: string): RunRecord {
    try {
      return JSON.parse(readFileSync(this.file(key), 'utf8')) as RunRecord;
    } catch (error) {
      throw new AblabError(`cannot read run ${key} from ${this.dir}: ${(error as Error).message}`);
    }
  }

  /** Every finished run, sorted by variant then seed. */
  loadAll(): RunRecord[] {
    return this.keys().map((k) => this.load(k)).sort((a, b) => (a.variant === b.variant ? a.seed - b.seed : a.variant < b.variant ? -1 : 1));
  }

  /** A JSON document saved with {@link saveDocument}, or undefined when there is none. */
  loadDocument(name: string): unknown {
    const file = join(this.dir, name);
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch (error) {
      throw new AblabError(`cannot read ${name} from ${this.dir}: ${(error as Error).message}`);
    }
  }

  /** Saves a JSON document beside the runs (the experiment's config, a summary...). */
  saveDocument(name: string, value: unknown): void {
    writeFileAtomic(join(this.dir, name), `${JSON.stringify(value, null, 2)}\n`);
  }
}
