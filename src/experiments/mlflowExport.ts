/**
 * Export of a run store to MLflow: as MLflow's file-store layout (`mlruns/`), or over MLflow's REST
 * API to a tracking server. Both are idempotent: exporting again updates what is there and never
 * duplicates a run. Layouts and rules follow MLflow's sources (mlflow/store/tracking/file_store.py,
 * mlflow/store/fs2db, mlflow/server/handlers.py); see mlflowRun.ts for what a run becomes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AblabError, InvalidArgumentError } from '../core/errors.js';
import { makeDirectory } from '../core/makeDirectory.js';
import { MlflowClient } from './mlflowClient.js';
import { logBatches, type MlflowDouble, RECORD_HASH_TAG, RUN_KEY_TAG, toMlflowRun } from './mlflowRun.js';
import type { RunRecord } from './runStore.js';

/** Checks the arguments every export shares: a non-empty array of run records and an experiment name. */
function requireRuns(runs: RunRecord[], experimentName: string): void {
  if (!Array.isArray(runs) || runs.length === 0) throw new InvalidArgumentError('runs', runs, 'expected at least one run to export');
  runs.forEach((r, i) => { if (typeof r !== 'object' || r === null || typeof r.key !== 'string') throw new InvalidArgumentError(`runs[${i}]`, r, 'expected a run record'); });
  if (typeof experimentName !== 'string' || experimentName.length === 0) throw new InvalidArgumentError('experimentName', experimentName, 'expected a name');
}

/** YAML of flat fields, strings single-quoted (what MLflow's write_yaml produces for these files). */
function yaml(fields: Record<string, string | number | null>): string {
  const value = (v: string | number | null) => (v === null ? 'null' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);
  return Object.entries(fields).map(([k, v]) => `${k}: ${value(v)}`).join('\n') + '\n';
}

/** The `name:` of an experiment's meta.yaml, as written by MLflow or by this module. */
function experimentName(metaYaml: string): string | undefined {
  const line = /^name: (.*)$/m.exec(metaYaml)?.[1]?.trim();
  if (line === undefined) return undefined;
  return line.startsWith("'") ? line.slice(1, -1).replace(/''/g, "'") : line.startsWith('"') ? JSON.parse(line) : line;
}

function writeExperiment(root: string, id: string, name: string): void {
  const now = Date.now();
  makeDirectory(join(root, id));
  writeFileSync(join(root, id, 'meta.yaml'), yaml({
    artifact_location: pathToFileURL(join(root, id)).href, creation_time: now, experiment_id: id,
    last_update_time: now, lifecycle_stage: 'active', name,
  }));
}

/**
 * The id of the file store's experiment called `name`: the existing one, else a new one numbered
 * from a hash of the name (numeric, as `mlflow migrate-filestore` requires; the next free number on a clash).
 */
function fileStoreExperiment(root: string, name: string): string {
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const meta = join(root, entry.name, 'meta.yaml');
    if (entry.isDirectory() && /^\d+$/.test(entry.name) && existsSync(meta) && experimentName(readFileSync(meta, 'utf8')) === name) return entry.name;
  }
  let id = 1 + (parseInt(createHash('sha256').update(name).digest('hex').slice(0, 8), 16) % 1e9);
  while (existsSync(join(root, String(id)))) id++;
  writeExperiment(root, String(id), name);
  return String(id);
}

const metricLine = (timestamp: number, value: MlflowDouble, step: number) => `${timestamp} ${value} ${step}`;

/**
 * Writes `runs` as MLflow's file store under `mlrunsDir`, in the experiment named `experimentName`
 * (created when missing; MLflow's Default experiment `0` too, as MLflow itself would). Each run is
 * `<experiment id>/<run id>/` with meta.yaml (FINISHED, start and end times), params/, tags/,
 * metrics/ (one `timestamp value step` line per point) and the stored record as artifacts/run.json.
 * Run ids are derived from experiment and run key, and a run's folder is replaced as a whole, so
 * exporting again rewrites the same runs instead of adding copies. MLflow >= 3.13 opens a file store
 * only with MLFLOW_ALLOW_FILE_STORE=true; `mlflow migrate-filestore --source DIR --target
 * sqlite:///mlflow.db` moves it into a database.
 * @returns the experiment id used.
 * @throws {InvalidArgumentError} for an empty list of runs, a run that is not a run record, or an empty name or folder.
 */
export function exportToMlflowFileStore(runs: RunRecord[], experimentName: string, mlrunsDir: string): string {
  requireRuns(runs, experimentName);
  if (typeof mlrunsDir !== 'string' || mlrunsDir.length === 0) throw new InvalidArgumentError('mlrunsDir', mlrunsDir, 'expected a folder path');
  const root = resolve(mlrunsDir);
  makeDirectory(join(root, '.trash'));
  if (!existsSync(join(root, '0', 'meta.yaml'))) writeExperiment(root, '0', 'Default');
  const experimentId = fileStoreExperiment(root, experimentName);
  for (const entry of readdirSync(join(root, experimentId))) {
    if (/^\..*\.tmp$/.test(entry)) rmSync(join(root, experimentId, entry), { recursive: true, force: true }); // left by an interrupted export
  }
  for (const run of runs) {
    const data = toMlflowRun(run);
    const id = createHash('md5').update(`${experimentName}/${data.runKey}`).digest('hex');
    const dir = join(root, experimentId, id);
    const staging = join(root, experimentId, `.${id}.${process.pid}.tmp`);
    rmSync(staging, { recursive: true, force: true });
    for (const sub of ['params', 'tags', 'metrics', 'artifacts']) makeDirectory(join(staging, sub));
    writeFileSync(join(staging, 'meta.yaml'), yaml({
      artifact_uri: pathToFileURL(join(dir, 'artifacts')).href, end_time: data.endTime, entry_point_name: '', experiment_id: experimentId,
      lifecycle_stage: 'active', run_id: id, run_name: data.runName, run_uuid: id, source_name: '', source_type: 4, source_version: '',
      start_time: data.startTime, status: 3, user_id: data.tags.find((t) => t.key === 'mlflow.user')!.value,
    }).replace(/\n$/, '\ntags: []\n'));
    for (const p of data.params) writeFileSync(join(staging, 'params', p.key), p.value);
    for (const t of data.tags) writeFileSync(join(staging, 'tags', t.key), t.value);
    const series = new Map<string, string[]>();
    for (const m of data.metrics) series.set(m.key, [...(series.get(m.key) ?? []), metricLine(m.timestamp, m.value, m.step)]);
    for (const [key, lines] of series) writeFileSync(join(staging, 'metrics', key), `${lines.join('\n')}\n`);
    writeFileSync(join(staging, 'artifacts', 'run.json'), JSON.stringify(run));
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  return experimentId;
}

/** What a server export did, run by run. */
export interface MlflowServerExport {
  experimentId: string;
  /** MLflow run id of every exported run, in the order of `runs`. */
  runIds: string[];
  /** Runs created, runs left as they were (already exported, unchanged), runs replaced (record changed, or an earlier export did not finish). */
  created: number;
  unchanged: number;
  replaced: number;
}

/**
 * Logs `runs` to an MLflow tracking server (REST API 2.0) in the experiment `experimentName`
 * (created if needed). Idempotent: each run carries the tags ablab.run_key and ablab.record_hash, so
 * exporting again leaves FINISHED runs with an unchanged record alone and replaces (deletes, then
 * logs anew) a run whose record changed or whose earlier export did not finish — never a duplicate.
 * Runs exported by earlier ablab versions (no ablab.run_key; source name 'ablab') are matched by run
 * name and replaced, which also removes the duplicates those versions made.
 * Data goes in log-batch requests within MLflow's limits (see logBatches). When a request fails, the
 * run is marked FAILED (never left RUNNING) and the error is thrown; exporting again repairs it.
 * Credentials: MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN in `options.env`.
 * @throws {InvalidArgumentError} for no runs or a tracking URI that is not http(s).
 * @throws {AblabError} naming the run, when the server refuses a request.
 */
export async function exportToMlflowServer(runs: RunRecord[], experimentName: string, trackingUri: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<MlflowServerExport> {
  requireRuns(runs, experimentName);
  const env = options.env ?? process.env;
  const client = new MlflowClient(trackingUri, env);
  const experimentId = await client.experimentId(experimentName);
  const existing = new Map<string, { runId: string; finished: boolean; hash?: string }[]>();
  for (const run of await client.activeRuns(experimentId)) {
    const tags = new Map((run.data?.tags ?? []).map((t) => [t.key, t.value]));
    // Runs logged by ablab before it tagged ablab.run_key (source name 'ablab') are matched by name, so re-exporting cleans up their duplicates.
    const legacy = tags.get('mlflow.source.name') === 'ablab' && tags.has('mlflow.runName') ? `${experimentName}/${tags.get('mlflow.runName')}` : undefined;
    const key = tags.get(RUN_KEY_TAG) ?? legacy;
    if (key === undefined) continue;
    existing.set(key, [...(existing.get(key) ?? []), { runId: run.info.run_id, finished: run.info.status === 'FINISHED', hash: tags.get(RECORD_HASH_TAG) }]);
  }
  const result: MlflowServerExport = { experimentId, runIds: [], created: 0, unchanged: 0, replaced: 0 };
  for (const run of runs) {
    const data = toMlflowRun(run, env);
    const previous = existing.get(data.runKey) ?? [];
    const kept = previous.find((p) => p.finished && p.hash === data.recordHash);
    for (const p of previous) if (p !== kept) await client.deleteRun(p.runId);
    if (kept) {
      result.unchanged++;
      result.runIds.push(kept.runId);
      continue;
    }
    if (previous.length > 0) result.replaced++; else result.created++;
    const runId = await client.createRun(experimentId, data.runName, data.startTime);
    try {
      for (const batch of logBatches(data)) await client.logBatch(runId, batch);
      await client.setStatus(runId, 'FINISHED', data.endTime);
    } catch (error) {
      let marked = 'marked FAILED';
      try { await client.setStatus(runId, 'FAILED', Date.now()); } catch (markError) { marked = `could not be marked FAILED either: ${(markError as Error).message}`; }
      throw new AblabError(`MLflow export of run ${run.key} (MLflow run ${runId}, ${marked}) failed: ${(error as Error).message}`);
    }
    result.runIds.push(runId);
  }
  return result;
}
