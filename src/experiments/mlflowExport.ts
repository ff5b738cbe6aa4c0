/**
 * Export of a run store to MLflow, either as MLflow's file-store layout (`mlruns/`, readable by
 * `mlflow ui --backend-store-uri ./mlruns` and importable into a database store with
 * `mlflow migrate-filestore`) or over MLflow's REST API to a tracking server.
 * Layout and endpoints: https://mlflow.org/docs/latest/rest-api.html (2.0 API).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AblabError, InvalidArgumentError } from '../core/errors.js';
import { makeDirectory } from '../core/makeDirectory.js';
import type { RunRecord } from './runStore.js';

interface MlflowMetric { key: string; value: number; timestamp: number; step: number }
interface MlflowParam { key: string; value: string }

/** MLflow's view of one run: flattened params, final metrics at the last step, history by epoch. */
function toMlflow(run: RunRecord): { params: MlflowParam[]; metrics: MlflowMetric[]; tags: MlflowParam[]; timestamp: number } {
  const timestamp = Date.parse(run.finishedAt) || Date.now();
  const params: MlflowParam[] = [{ key: 'variant', value: run.variant }, { key: 'seed', value: String(run.seed) }];
  for (const [key, value] of Object.entries(run.params)) {
    params.push({ key, value: (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 6000) });
  }
  const metrics: MlflowMetric[] = [];
  for (const [key, values] of Object.entries(run.history)) {
    values.forEach((value, step) => { if (Number.isFinite(value)) metrics.push({ key: `epoch_${key}`, value, timestamp, step }); });
  }
  for (const [key, value] of Object.entries(run.metrics)) if (Number.isFinite(value)) metrics.push({ key, value, timestamp, step: 0 });
  metrics.push({ key: 'train_seconds', value: run.timing.trainSeconds, timestamp, step: 0 });
  const tags: MlflowParam[] = [
    { key: 'mlflow.runName', value: run.key },
    { key: 'mlflow.source.name', value: 'ablab' },
    ...Object.entries(run.environment).map(([k, v]) => ({ key: `env.${k}`, value: String(v) })),
  ];
  return { params, metrics, tags, timestamp };
}

/** MLflow run ids are 32 hex characters: derive one from the run so re-exports are idempotent. */
function runId(run: RunRecord): string {
  return createHash('md5').update(`${run.experiment}/${run.key}`).digest('hex');
}

function yaml(fields: Record<string, string | number>): string {
  return Object.entries(fields).map(([k, v]) => `${k}: ${typeof v === 'number' ? v : `'${v.replace(/'/g, "''")}'`}`).join('\n') + '\n';
}

/**
 * Writes `runs` as MLflow's file store under `mlrunsDir` (one experiment named `experimentName`).
 * @returns the experiment id used.
 */
export function exportToMlflowFileStore(runs: RunRecord[], experimentName: string, mlrunsDir: string): string {
  if (!Array.isArray(runs)) throw new InvalidArgumentError('runs', runs, 'expected an array of run records');
  if (runs.length === 0) throw new InvalidArgumentError('runs', runs, 'expected at least one run to export');
  runs.forEach((r, i) => { if (typeof r !== 'object' || r === null || typeof r.key !== 'string') throw new InvalidArgumentError(`runs[${i}]`, r, 'expected a run record'); });
  if (typeof experimentName !== 'string' || experimentName.length === 0) throw new InvalidArgumentError('experimentName', experimentName, 'expected a name');
  if (typeof mlrunsDir !== 'string' || mlrunsDir.length === 0) throw new InvalidArgumentError('mlrunsDir', mlrunsDir, 'expected a folder path');
  const root = resolve(mlrunsDir);
  // A stable numeric id (the file store requires numeric ids; 0 is MLflow's Default experiment).
  const experimentId = String(1 + (parseInt(createHash('md5').update(experimentName).digest('hex').slice(0, 8), 16) % 1e9));
  const experimentDir = join(root, experimentId);
  makeDirectory(experimentDir);
  const now = Date.now();
  writeFileSync(join(experimentDir, 'meta.yaml'), yaml({
    artifact_location: pathToFileURL(experimentDir).href, creation_time: now, experiment_id: experimentId,
    last_update_time: now, lifecycle_stage: 'active', name: experimentName,
  }));
  for (const run of runs) {
    const id = runId(run);
    const dir = join(experimentDir, id);
    const { params, metrics, tags, timestamp } = toMlflow(run);
    for (const sub of ['params', 'metrics', 'tags', 'artifacts']) makeDirectory(join(dir, sub));
    writeFileSync(join(dir, 'meta.yaml'), yaml({
      artifact_uri: pathToFileURL(join(dir, 'artifacts')).href, end_time: timestamp, entry_point_name: '',
      experiment_id: experimentId, lifecycle_stage: 'active', run_id: id, run_name: run.key, run_uuid: id,
      source_name: '', source_type: 4, source_version: '',
      start_time: Math.round(timestamp - run.timing.trainSeconds * 1000), status: 3, user_id: 'ablab',
    }).replace(/\n$/, '\ntags: []\n'));
    for (const p of params) writeFileSync(join(dir, 'params', p.key), p.value);
    for (const t of tags) writeFileSync(join(dir, 'tags', t.key), t.value);
    const lines = new Map<string, string[]>();
    for (const m of metrics) lines.set(m.key, [...(lines.get(m.key) ?? []), `${m.timestamp} ${m.value} ${m.step}`]);
    for (const [key, values] of lines) writeFileSync(join(dir, 'metrics', key), `${values.join('\n')}\n`);
    writeFileSync(join(dir, 'artifacts', 'run.json'), JSON.stringify(run));
  }
  return experimentId;
}

async function mlflowCall(trackingUri: string, path: string, body?: object): Promise<Record<string, any>> {
  const url = `${trackingUri.replace(/\/+$/, '')}/api/2.0/mlflow/${path}`;
  const response = await fetch(url, body
    ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
    : { method: 'GET' });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = new AblabError(`MLflow ${path} failed with HTTP ${response.status}: ${text.slice(0, 300)}`);
    (error as AblabError & { code?: string }).code = json.error_code;
    throw error;
  }
  return json;
}

/**
 * Logs `runs` to an MLflow tracking server over its REST API (creating the experiment if needed).
 * Metrics, params and tags go in batches of at most 1000/100/100 entries, MLflow's limits.
 * @returns the experiment id and the created run ids.
 */
export async function exportToMlflowServer(runs: RunRecord[], experimentName: string, trackingUri: string): Promise<{ experimentId: string; runIds: string[] }> {
  if (!/^https?:\/\//.test(trackingUri)) throw new InvalidArgumentError('trackingUri', trackingUri, 'expected an http(s) URL of an MLflow server');
  let experimentId: string;
  try {
    experimentId = (await mlflowCall(trackingUri, `experiments/get-by-name?experiment_name=${encodeURIComponent(experimentName)}`)).experiment.experiment_id;
  } catch (error) {
    if ((error as { code?: string }).code !== 'RESOURCE_DOES_NOT_EXIST') throw error;
    experimentId = (await mlflowCall(trackingUri, 'experiments/create', { name: experimentName })).experiment_id;
  }
  const runIds: string[] = [];
  for (const run of runs) {
    const { params, metrics, tags, timestamp } = toMlflow(run);
    const created = await mlflowCall(trackingUri, 'runs/create', {
      experiment_id: experimentId, run_name: run.key, start_time: Math.round(timestamp - run.timing.trainSeconds * 1000), tags: [],
    });
    const id: string = created.run.info.run_id;
    const batches = Math.max(Math.ceil(metrics.length / 1000), Math.ceil(params.length / 100), Math.ceil(tags.length / 100));
    for (let b = 0; b < batches; b++) {
      await mlflowCall(trackingUri, 'runs/log-batch', {
        run_id: id, metrics: metrics.slice(b * 1000, (b + 1) * 1000), params: params.slice(b * 100, (b + 1) * 100), tags: tags.slice(b * 100, (b + 1) * 100),
      });
    }
    await mlflowCall(trackingUri, 'runs/update', { run_id: id, status: 'FINISHED', end_time: timestamp });
    runIds.push(id);
  }
  return { experimentId, runIds };
}
