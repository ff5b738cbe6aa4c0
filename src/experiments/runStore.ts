import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from '../core/makeDirectory.js';
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


const SAFE_KEY = /^(?!\.{1,2}$)[\w.-]+$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why `value` (read from `<key>.json`) is not a complete run record, or null when it is one. */
export function runRecordProblem(value: unknown, key: string): string | null {
  if (!isObject(value)) return 'not a JSON object';
  const record = value as Partial<RunRecord>;
  if (typeof record.variant !== 'string' || typeof record.seed !== 'number') return 'no variant or seed';
  let expectedKey: string;
  try {
    expectedKey = runKey(record.variant, record.seed);
  } catch (error) {
    return (error as Error).message;
  }
  if (record.key !== expectedKey || key !== expectedKey) return `key ${JSON.stringify(record.key)} does not match the file name and ${expectedKey}`;
  if (typeof record.experiment !== 'string') return 'no experiment name';
  if (!isObject(record.metrics) || Object.keys(record.metrics).length === 0) return 'no metrics';
  const badMetric = Object.entries(record.metrics).find(([, v]) => typeof v !== 'number' || Number.isNaN(v));
  if (badMetric) return `metric ${badMetric[0]} is not a number`;
  if (!isObject(record.history) || !Object.values(record.history).every((h) => Array.isArray(h))) return 'no training history';
  if (!isObject(record.params) || !isObject(record.environment)) return 'no params or environment';
  if (!isObject(record.timing) || typeof record.timing.trainSeconds !== 'number') return 'no training time';
  if (record.correct !== undefined && !(Array.isArray(record.correct) && record.correct.every((c) => c === 0 || c === 1))) return 'per-sample correctness is not 0/1';
  if (typeof record.finishedAt !== 'string') return 'no finishedAt';
  return null;
}

/**
 * A folder of finished runs, one JSON file each, written atomically the moment a run finishes.
 * Several processes (shards of a grid, on one machine or on a shared file system) can write to the
 * same store: each run has its own file, so no locking is needed. A run file that is not a complete
 * record (truncated, empty, `{}`, corrupt, or an unrelated `*.json`) is never taken for a finished
 * run: it is moved aside to `runs/corrupt/` (kept for inspection) with a warning, so the run counts
 * as missing and is trained again on resume; {@link RunStore.corruptFiles} lists what was set aside.
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

  /** Whether a complete run is stored under `key` (a corrupt file is set aside and counts as missing). */
  has(key: string): boolean {
    return this.read(key) !== null;
  }

  /** The record stored under `key`, or null when there is none or it was corrupt (then moved aside). */
  private read(key: string): RunRecord | null {
    const file = this.file(key);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new AblabError(`cannot read run ${key} from ${this.dir}: ${(error as Error).message}`);
    }
    let problem: string | null;
    let record: unknown;
    try {
      record = JSON.parse(text);
      problem = runRecordProblem(record, key);
    } catch (error) {
      problem = `invalid JSON (${(error as Error).message})`;
    }
    if (problem === null) return record as RunRecord;
    this.setAside(key, problem);
    return null;
  }

  /** Moves a corrupt run file to runs/corrupt/ (never deletes it), with a warning. */
  private setAside(key: string, problem: string): void {
    const folder = join(this.dir, 'runs', 'corrupt');
    makeDirectory(folder);
    const target = join(folder, `${key}.${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    try {
      renameSync(this.file(key), target);
      console.warn(`ablab: run file ${this.file(key)} is not a complete run (${problem}); moved it to ${target} and will train that run again`);
    } catch (error) {
      // Another process (a concurrent shard) set it aside first.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new AblabError(`cannot set aside corrupt run file ${this.file(key)}: ${(error as Error).message}`);
    }
  }

  /** Run files set aside as corrupt (paths), oldest name first. */
  corruptFiles(): string[] {
    const folder = join(this.dir, 'runs', 'corrupt');
    return existsSync(folder) ? readdirSync(folder).sort().map((f) => join(folder, f)) : [];
  }

  /** Keys of every complete finished run (corrupt files are set aside, see the class notes). */
  keys(): string[] {
    return this.loadAll().map((r) => r.key).sort();
  }

  /** File stems of the `*.json` files in runs/, complete or not. */
  private files(): string[] {
    const dir = join(this.dir, 'runs');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.')).map((f) => f.slice(0, -5)).filter((k) => SAFE_KEY.test(k)).sort();
  }

  /**
   * The run stored under `key`.
   * @throws {AblabError} when there is none, or it was corrupt (it is then set aside).
   */
  load(key: string): RunRecord {
    const record = this.read(key);
    if (record === null) throw new AblabError(`no complete run ${key} in ${this.dir}`);
    return record;
  }

  /** Every complete finished run, sorted by variant then seed. */
  loadAll(): RunRecord[] {
    return this.files().map((k) => this.read(k)).filter((r): r is RunRecord => r !== null)
      .sort((a, b) => (a.variant === b.variant ? a.seed - b.seed : a.variant < b.variant ? -1 : 1));
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
