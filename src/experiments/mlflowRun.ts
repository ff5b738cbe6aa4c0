/**
 * One stored run as MLflow sees it (params, tags, metric points with steps and timestamps), and the
 * split of that data into `runs/log-batch` requests within MLflow's limits. The limits and key rules
 * are MLflow's own (mlflow/utils/validation.py: MAX_METRICS_PER_BATCH, MAX_PARAMS_TAGS_PER_BATCH,
 * MAX_ENTITIES_PER_BATCH, MAX_ENTITY_KEY_LENGTH, MAX_PARAM_VAL_LENGTH; the 1 MB request size of the
 * REST API reference); MLflow >= 2 accepts tag values up to 5000 characters on every backend.
 */
import { checkOptions } from '../core/validate.js';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { InvalidArgumentError } from '../core/errors.js';
import type { RunRecord } from './runStore.js';

/** Limits of one MLflow `runs/log-batch` request and of keys and values. */
export const MLFLOW_LIMITS = {
  metricsPerBatch: 1000,
  paramsPerBatch: 100,
  tagsPerBatch: 100,
  /** Metrics + params + tags together. */
  entitiesPerBatch: 1000,
  /** JSON body size in bytes. */
  batchBytes: 1_000_000,
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 5000,
} as const;

/** A metric value as MLflow's JSON API encodes doubles: non-finite values as "NaN", "Infinity", "-Infinity". */
export type MlflowDouble = number | 'NaN' | 'Infinity' | '-Infinity';
export interface MlflowMetric { key: string; value: MlflowDouble; timestamp: number; step: number }
export interface MlflowKeyValue { key: string; value: string }

/** Everything logged for one run, plus its identity in MLflow. */
export interface MlflowRunData {
  /** `${experiment}/${key}`, stored as the tag `ablab.run_key`: how a re-export finds the run again. */
  runKey: string;
  /** Hash of the stored record, tag `ablab.record_hash`: a run whose record changed is replaced. */
  recordHash: string;
  runName: string;
  startTime: number;
  endTime: number;
  params: MlflowKeyValue[];
  tags: MlflowKeyValue[];
  metrics: MlflowMetric[];
}

export const RUN_KEY_TAG = 'ablab.run_key';
export const RECORD_HASH_TAG = 'ablab.record_hash';

/**
 * A valid MLflow key: characters MLflow accepts on every platform (letters, digits, _ - . space),
 * others replaced by "_", at most 250 characters.
 */
function mlflowKey(key: string): string {
  return key.replace(/[^\w.\- ]/g, '_').replace(/^\.+$/, '_').slice(0, MLFLOW_LIMITS.keyLength);
}

function mlflowDouble(value: number): MlflowDouble {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** The user name the way MLflow's clients find it (Python's getpass.getuser: LOGNAME, USER, LNAME, USERNAME, else the account). */
export function mlflowUser(env: NodeJS.ProcessEnv = process.env): string {
  env = checkOptions('env', env);
  return env.LOGNAME || env.USER || env.LNAME || env.USERNAME || userInfo().username;
}

/**
 * Converts a stored run: params (variant, seed and the variant's configuration; objects as JSON),
 * tags (MLflow's system tags mlflow.runName, mlflow.user, mlflow.source.name, mlflow.source.type;
 * ablab.* identity tags; env.* for the recorded environment), and metrics: every history series as
 * `epoch_<name>` at steps 1..epochs, timestamped at the end of each epoch (start of training plus
 * the cumulative epoch times, spread evenly when epoch times were not recorded), then the final test
 * metrics, train_seconds and inference_ms_per_sample at the run's end. Deterministic: the same record
 * always gives the same data, so a re-logged point is recognisably the same point.
 * Values longer than MLflow accepts are cut and listed in the tag `ablab.truncated`.
 * @throws {InvalidArgumentError} when the record's finishedAt is not a date.
 * @example
 * toMlflowRun(record).metrics.filter((m) => m.key === 'epoch_loss').map((m) => m.step); // [1, 2]
 */
export function toMlflowRun(run: RunRecord, env: NodeJS.ProcessEnv = process.env): MlflowRunData {
  if (typeof run !== 'object' || run === null) throw new InvalidArgumentError('run', run, 'expected a run record');
  const endTime = Date.parse(run.finishedAt);
  if (!Number.isFinite(endTime)) throw new InvalidArgumentError('run.finishedAt', run.finishedAt, `expected an ISO date in run ${run.key}`);
  const startTime = Math.round(endTime - run.timing.trainSeconds * 1000);
  const truncated: string[] = [];
  // Keys made unique within params and within tags: MLflow refuses a repeated param key in a batch.
  const entries = (limit: number) => {
    const used = new Set<string>();
    return (key: string, value: unknown): MlflowKeyValue => {
      const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
      if (text.length > limit) truncated.push(key);
      let unique = mlflowKey(key);
      for (let n = 2; used.has(unique); n++) unique = mlflowKey(`${key}_${n}`);
      used.add(unique);
      return { key: unique, value: text.slice(0, limit) };
    };
  };
  const param = entries(MLFLOW_LIMITS.paramValueLength);
  const params = [param('variant', run.variant), param('seed', run.seed), ...Object.entries(run.params).map(([k, v]) => param(k, v))];
  const tag = entries(MLFLOW_LIMITS.tagValueLength);
  const tags = [
    tag('mlflow.runName', run.key),
    tag('mlflow.user', mlflowUser(env)),
    tag('mlflow.source.name', `ablab run (experiment ${run.experiment})`),
    tag('mlflow.source.type', 'LOCAL'),
    tag('ablab.experiment', run.experiment),
    tag(RUN_KEY_TAG, `${run.experiment}/${run.key}`),
    tag(RECORD_HASH_TAG, recordHash(run)),
    ...Object.entries(run.environment).map(([k, v]) => tag(`env.${k}`, v)),
  ];
  if (truncated.length > 0) tags.push(tag('ablab.truncated', truncated.join(',')));

  const epochs = Math.max(0, ...Object.values(run.history).map((values) => values.length));
  const seconds = run.history.seconds?.length === epochs ? run.history.seconds : Array<number>(epochs).fill(run.timing.trainSeconds / Math.max(epochs, 1));
  let elapsed = 0;
  const epochEnds = seconds.map((s) => { elapsed += s; return Math.round(startTime + elapsed * 1000); });
  const metrics: MlflowMetric[] = [];
  for (const [name, values] of Object.entries(run.history)) {
    values.forEach((value, i) => metrics.push({ key: mlflowKey(`epoch_${name}`), value: mlflowDouble(value), timestamp: epochEnds[i], step: i + 1 }));
  }
  const final = { ...run.metrics, train_seconds: run.timing.trainSeconds, ...(run.timing.inferenceMsPerSample === undefined ? {} : { inference_ms_per_sample: run.timing.inferenceMsPerSample }) };
  for (const [name, value] of Object.entries(final)) metrics.push({ key: mlflowKey(name), value: mlflowDouble(value), timestamp: endTime, step: epochs });
  return { runKey: `${run.experiment}/${run.key}`, recordHash: recordHash(run), runName: run.key, startTime, endTime, params, tags, metrics };
}

/** A short hash of the whole stored record. */
function recordHash(run: RunRecord): string {
  return createHash('sha256').update(JSON.stringify(run)).digest('hex').slice(0, 16);
}

/** The body of one `runs/log-batch` request, less its run_id. */
export interface LogBatchContent { metrics: MlflowMetric[]; params: MlflowKeyValue[]; tags: MlflowKeyValue[] }

/**
 * Splits params, tags and metrics into as few log-batch requests as MLflow's limits allow: at most
 * 100 params, 100 tags and 1000 metrics, 1000 entities together and 1 MB of JSON per request. Each
 * request takes as many as fit of the remaining params, then tags, then metrics, so every kind keeps
 * its order across requests (metric points stay in step order).
 * @example
 * logBatches({ params: [], tags: [], metrics: twelveHundredPoints }).map((b) => b.metrics.length); // [1000, 200]
 */
export function logBatches(content: LogBatchContent): LogBatchContent[] {
  if (typeof content !== 'object' || content === null) throw new InvalidArgumentError('content', content, 'expected { params, tags, metrics }');
  for (const kind of ['params', 'tags', 'metrics'] as const) {
    if (!Array.isArray(content[kind])) throw new InvalidArgumentError(`content.${kind}`, content[kind], 'expected an array');
    content[kind].forEach((item, i) => {
      if (typeof item !== 'object' || item === null || typeof item.key !== 'string') throw new InvalidArgumentError(`content.${kind}[${i}]`, item, 'expected an MLflow entity with a string key');
    });
  }
  const perKind = { params: MLFLOW_LIMITS.paramsPerBatch, tags: MLFLOW_LIMITS.tagsPerBatch, metrics: MLFLOW_LIMITS.metricsPerBatch };
  const next = { params: 0, tags: 0, metrics: 0 };
  const batches: LogBatchContent[] = [];
  const remaining = () => next.params < content.params.length || next.tags < content.tags.length || next.metrics < content.metrics.length;
  while (remaining()) {
    const batch: LogBatchContent = { params: [], tags: [], metrics: [] };
    let bytes = 200; // run_id and punctuation
    let entities = 0;
    for (const kind of ['params', 'tags', 'metrics'] as const) {
      const items = content[kind] as (MlflowKeyValue | MlflowMetric)[];
      while (next[kind] < items.length && batch[kind].length < perKind[kind] && entities < MLFLOW_LIMITS.entitiesPerBatch) {
        const size = Buffer.byteLength(JSON.stringify(items[next[kind]])) + 1;
        if (bytes + size > MLFLOW_LIMITS.batchBytes && entities > 0) break;
        (batch[kind] as (MlflowKeyValue | MlflowMetric)[]).push(items[next[kind]++]);
        bytes += size;
        entities++;
      }
    }
    batches.push(batch);
  }
  return batches;
}
