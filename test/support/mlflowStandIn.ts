/**
 * A stand-in MLflow tracking server (MLflow itself cannot be installed here: not in Debian, PyPI
 * unreachable). It serves the REST endpoints ablab uses and enforces the rules of MLflow's server,
 * read from mlflow/mlflow on GitHub:
 *   - mlflow/server/handlers.py at commit 0007c018091c370eac5bea5cc09038f0af736303 (MLflow 3.x):
 *     request schemas of _get_experiment_by_name, _create_experiment, _create_run, _update_run,
 *     _delete_run, _search_runs (max_results <= 50000) and _log_batch (metrics[i].key/value/timestamp,
 *     params[i].key and tags[i].key required); POST bodies must be application/json
 *     (_validate_content_type); errors as {error_code, message} (catch_mlflow_exception).
 *   - mlflow/utils/validation.py, the newest version in the code index (imports
 *     MLFLOW_ARTIFACT_LOCATION_MAX_LENGTH, MAX_TAG_VAL_LENGTH = 8000, colon-tolerant names; the index
 *     did not expose its commit; an older one, 9eeeff414d119c7df72b10da3dda8daf000d85ea, has the same batch limits):
 *     MAX_METRICS_PER_BATCH 1000, MAX_PARAMS_TAGS_PER_BATCH 100, MAX_ENTITIES_PER_BATCH 1000,
 *     MAX_ENTITY_KEY_LENGTH 250, MAX_PARAM_VAL_LENGTH 6000, MAX_EXPERIMENT_NAME_LENGTH 500, key
 *     characters ^[/\w.\- :]*$ and path_not_unique, timestamps >= 0, duplicate param keys refused.
 *   - mlflow/protos/service.proto (commit 4ba0c2fccaa9f6e9379e45ae0bed216d4f4c0b14): message fields,
 *     RunStatus names, the documented 1 MB request limit of LogBatch, param values immutable.
 *   - mlflow/store/tracking/sqlalchemy_store.py (_log_metrics): an identical metric point
 *     (key, value, timestamp, step) logged again is stored once; logging to a deleted run is refused.
 * Stricter than MLflow on purpose, so a client bug fails a test instead of passing silently:
 *   unknown fields are refused (MLflow ignores them), over-long param and tag values are refused (MLflow
 *   may truncate them, MLFLOW_TRUNCATE_LONG_VALUES), tag values are limited to 5000 characters (the
 *   limit of MLflow 2.x servers), and the 1 MB body limit is enforced in bytes (handlers.py measures
 *   len() of the parsed JSON object, which does not bound the size).
 * Responses omit empty lists, as proto3 JSON (message_to_json) does.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { posix } from 'node:path';

export interface StandInRun {
  info: { run_id: string; run_uuid: string; run_name: string; experiment_id: string; user_id: string; status: string; start_time?: number; end_time?: number; lifecycle_stage: string; artifact_uri: string };
  params: Map<string, string>;
  tags: Map<string, string>;
  /** Every distinct metric point, in logging order. */
  metrics: { key: string; value: number | string; timestamp: number; step: number }[];
}

export interface StandInRequest { method: string; endpoint: string; status: number; body?: Record<string, unknown> }

export interface MlflowStandIn {
  url: string;
  experiments: Map<string, { experiment_id: string; name: string; lifecycle_stage: string }>;
  runs: Map<string, StandInRun>;
  /** Every request with the HTTP status it got. */
  requests: StandInRequest[];
  /** Makes requests fail with HTTP 500 while `fail(endpoint, body)` says so (simulates an outage). */
  failWhen(fail: ((endpoint: string, body: Record<string, unknown>) => boolean) | undefined): void;
  close(): Promise<void>;
}

const LIMITS = { metrics: 1000, paramsTags: 100, entities: 1000, bytes: 1_000_000, key: 250, paramValue: 6000, tagValue: 5000, experimentName: 500, searchResults: 50000 };
const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
const VIEW_TYPES = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'];

class MlflowError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}
const invalid = (message: string) => new MlflowError(400, 'INVALID_PARAMETER_VALUE', message);
const missing = (path: string) => invalid(`Missing value for required parameter '${path}'.`);

/** Fields a request may carry, with their proto types. */
type FieldType = 'string' | 'int' | 'double' | 'enum' | 'string[]' | 'keyvalue[]' | 'metric[]';
const SCHEMAS: Record<string, { method: 'GET' | 'POST'; fields: Record<string, FieldType>; required: string[] }> = {
  'experiments/get-by-name': { method: 'GET', fields: { experiment_name: 'string' }, required: ['experiment_name'] },
  'experiments/create': { method: 'POST', fields: { name: 'string', artifact_location: 'string', tags: 'keyvalue[]' }, required: ['name'] },
  'runs/create': { method: 'POST', fields: { experiment_id: 'string', user_id: 'string', run_name: 'string', start_time: 'int', tags: 'keyvalue[]' }, required: [] },
  'runs/update': { method: 'POST', fields: { run_id: 'string', run_uuid: 'string', status: 'enum', end_time: 'int', run_name: 'string' }, required: ['run_id'] },
  'runs/delete': { method: 'POST', fields: { run_id: 'string' }, required: ['run_id'] },
  'runs/search': { method: 'POST', fields: { experiment_ids: 'string[]', filter: 'string', run_view_type: 'enum', max_results: 'int', order_by: 'string[]', page_token: 'string' }, required: [] },
  'runs/log-batch': { method: 'POST', fields: { run_id: 'string', metrics: 'metric[]', params: 'keyvalue[]', tags: 'keyvalue[]' }, required: ['run_id'] },
};

const isInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v));
const isDouble = (v: unknown) => typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';

function checkType(path: string, value: unknown, type: FieldType): void {
  const bad = (expected: string) => invalid(`Invalid value ${JSON.stringify(value)} for parameter '${path}' supplied: expected ${expected}.`);
  const objects = (keys: string[]) => {
    if (!Array.isArray(value)) throw bad('a list');
    value.forEach((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw bad('a list of objects');
      for (const k of Object.keys(item)) if (!keys.includes(k)) throw invalid(`Unknown field '${path}[${i}].${k}'.`);
    });
  };
  switch (type) {
    case 'string': case 'enum': if (typeof value !== 'string') throw bad('a string'); break;
    case 'int': if (!isInt(value)) throw bad('an integer'); break;
    case 'double': if (!isDouble(value)) throw bad('a double'); break;
    case 'string[]': if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw bad('a list of strings'); break;
    case 'keyvalue[]': objects(['key', 'value']); break;
    case 'metric[]': objects(['key', 'value', 'timestamp', 'step', 'model_id', 'dataset_name', 'dataset_digest', 'run_id']); break;
  }
}

/** validation.py: _validate_param_name / _validate_tag_name / _validate_metric_name, and the key length. */
function checkKey(path: string, key: unknown): string {
  if (typeof key !== 'string' || key === '') throw missing(path);
  if (!/^[/\w.\- :]*$/.test(key)) throw invalid(`Invalid value ${JSON.stringify(key)} for parameter '${path}' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).`);
  const norm = posix.normalize(key);
  if (norm !== key || norm === '.' || norm.startsWith('..') || norm.startsWith('/')) throw invalid(`Invalid value ${JSON.stringify(key)} for parameter '${path}' supplied: Names may be treated as files in certain cases, and must not resolve to other names when treated as such.`);
  if (key.length > LIMITS.key) throw invalid(`'${path}' exceeds the maximum length of ${LIMITS.key} characters`);
  return key;
}

function checkValue(path: string, value: unknown, limit: number): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${path}' supplied: expected a string.`);
  if (value.length > limit) throw invalid(`'${path}' exceeds the maximum length of ${limit} characters`);
  return value;
}

/** Starts the stand-in on 127.0.0.1; `auth` makes every request need exactly that Authorization header. */
export async function startMlflowStandIn(options: { authorization?: string } = {}): Promise<MlflowStandIn> {
  const experiments: MlflowStandIn['experiments'] = new Map([['0', { experiment_id: '0', name: 'Default', lifecycle_stage: 'active' }]]);
  const runs: MlflowStandIn['runs'] = new Map();
  const requests: StandInRequest[] = [];
  let nextExperiment = 1;
  let fail: ((endpoint: string, body: Record<string, unknown>) => boolean) | undefined;

  const runOf = (body: Record<string, unknown>, active = true): StandInRun => {
    const run = runs.get(String(body.run_id ?? body.run_uuid));
    if (!run) throw new MlflowError(404, 'RESOURCE_DOES_NOT_EXIST', `Run '${String(body.run_id)}' not found`);
    if (active && run.info.lifecycle_stage !== 'active') throw invalid(`The run ${run.info.run_id} must be in the 'active' state. Current state is ${run.info.lifecycle_stage}.`);
    return run;
  };
  const runJson = (run: StandInRun) => {
    const list = <T>(items: T[]) => (items.length > 0 ? items : undefined);
    const latest = new Map<string, StandInRun['metrics'][number]>();
    for (const m of run.metrics) {
      const prev = latest.get(m.key);
      if (!prev || m.step > prev.step || (m.step === prev.step && m.timestamp >= prev.timestamp)) latest.set(m.key, m);
    }
    const data = {
      metrics: list([...latest.values()]), params: list([...run.params].map(([key, value]) => ({ key, value }))),
      tags: list([...run.tags].map(([key, value]) => ({ key, value }))),
    };
    return { info: run.info, data: Object.values(data).some((v) => v !== undefined) ? data : undefined };
  };

  const handlers: Record<string, (body: Record<string, unknown>) => object> = {
    'experiments/get-by-name': (body) => {
      const found = [...experiments.values()].find((e) => e.name === body.experiment_name);
      if (!found) throw new MlflowError(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${String(body.experiment_name)}'`);
      return { experiment: found };
    },
    'experiments/create': (body) => {
      const name = body.name as string;
      if (name.length > LIMITS.experimentName) throw invalid(`'name' exceeds the maximum length of ${LIMITS.experimentName} characters`);
      if ([...experiments.values()].some((e) => e.name === name)) throw new MlflowError(400, 'RESOURCE_ALREADY_EXISTS', `Experiment '${name}' already exists.`);
      const id = String(nextExperiment++);
      experiments.set(id, { experiment_id: id, name, lifecycle_stage: 'active' });
      return { experiment_id: id };
    },
    'runs/create': (body) => {
      const experimentId = (body.experiment_id as string | undefined) ?? '0';
      if (!experiments.has(experimentId)) throw new MlflowError(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with ID ${experimentId}`);
      const id = randomUUID().replace(/-/g, '');
      const run: StandInRun = {
        info: {
          run_id: id, run_uuid: id, run_name: (body.run_name as string | undefined) ?? id, experiment_id: experimentId, user_id: (body.user_id as string | undefined) ?? '',
          status: 'RUNNING', start_time: body.start_time === undefined ? undefined : Number(body.start_time), lifecycle_stage: 'active', artifact_uri: `mlflow-artifacts:/${experimentId}/${id}/artifacts`,
        },
        params: new Map(), tags: new Map(), metrics: [],
      };
      ((body.tags as { key: string; value?: string }[] | undefined) ?? []).forEach((t, i) => run.tags.set(checkKey(`tags[${i}].key`, t.key), checkValue(`tags[${i}].value`, t.value, LIMITS.tagValue)));
      if (body.run_name !== undefined) run.tags.set('mlflow.runName', body.run_name as string);
      runs.set(id, run);
      return { run: runJson(run) };
    },
    'runs/update': (body) => {
      const run = runOf(body);
      if (body.status !== undefined) {
        if (!RUN_STATUSES.includes(body.status as string)) throw invalid(`Invalid value ${JSON.stringify(body.status)} for parameter 'status' supplied.`);
        run.info.status = body.status as string;
      }
      if (body.end_time !== undefined) run.info.end_time = Number(body.end_time);
      return { run_info: run.info };
    },
    'runs/delete': (body) => {
      runOf(body, false).info.lifecycle_stage = 'deleted';
      return {};
    },
    'runs/search': (body) => {
      const max = body.max_results === undefined ? 1000 : Number(body.max_results);
      if (max > LIMITS.searchResults) throw invalid(`Invalid value ${max} for parameter 'max_results' supplied.`);
      if (body.filter !== undefined && body.filter !== '') throw invalid('the stand-in does not implement search filters');
      const view = (body.run_view_type as string | undefined) ?? 'ACTIVE_ONLY';
      if (!VIEW_TYPES.includes(view)) throw invalid(`Invalid value ${JSON.stringify(view)} for parameter 'run_view_type' supplied.`);
      const ids = (body.experiment_ids as string[] | undefined) ?? [];
      const matching = [...runs.values()].filter((r) => ids.includes(r.info.experiment_id)
        && (view === 'ALL' || (view === 'ACTIVE_ONLY') === (r.info.lifecycle_stage === 'active')));
      const offset = body.page_token === undefined ? 0 : Number(Buffer.from(body.page_token as string, 'base64').toString('utf8'));
      const page = matching.slice(offset, offset + max);
      const next = offset + max < matching.length ? Buffer.from(String(offset + max)).toString('base64') : undefined;
      return { ...(page.length > 0 ? { runs: page.map(runJson) } : {}), ...(next ? { next_page_token: next } : {}) };
    },
    'runs/log-batch': (body) => {
      const metrics = (body.metrics as Record<string, unknown>[] | undefined) ?? [];
      const params = (body.params as Record<string, unknown>[] | undefined) ?? [];
      const tags = (body.tags as Record<string, unknown>[] | undefined) ?? [];
      // handlers._log_batch: required fields; then validation._validate_batch_log_limits and _validate_batch_log_data.
      metrics.forEach((m, i) => { for (const f of ['key', 'value', 'timestamp']) if (m[f] === undefined || m[f] === null || m[f] === '') throw missing(`metrics[${i}].${f}`); });
      params.forEach((p, i) => { if (!p.key) throw missing(`params[${i}].key`); });
      tags.forEach((t, i) => { if (!t.key) throw missing(`tags[${i}].key`); });
      const limit = (what: string, max: number, n: number) => {
        if (n > max) throw invalid(`A batch logging request can contain at most ${max} ${what}. Got ${n} ${what}. Please split up ${what} across multiple requests and try again.`);
      };
      limit('metrics', LIMITS.metrics, metrics.length);
      limit('params', LIMITS.paramsTags, params.length);
      limit('tags', LIMITS.paramsTags, tags.length);
      limit('metrics, params, and tags', LIMITS.entities, metrics.length + params.length + tags.length);
      const run = runOf(body);
      const newMetrics = metrics.map((m, i) => {
        checkKey(`metrics[${i}].key`, m.key);
        checkType(`metrics[${i}].value`, m.value, 'double');
        if (!isInt(m.timestamp) || Number(m.timestamp) < 0) throw invalid(`Invalid value ${JSON.stringify(m.timestamp)} for parameter 'metrics[${i}].timestamp' supplied: Timestamp must be a nonnegative long (64-bit integer)`);
        if (m.step !== undefined && !isInt(m.step)) throw invalid(`Invalid value ${JSON.stringify(m.step)} for parameter 'metrics[${i}].step' supplied: Step must be a valid long (64-bit integer).`);
        return { key: m.key as string, value: m.value as number | string, timestamp: Number(m.timestamp), step: Number(m.step ?? 0) };
      });
      const seen = new Set<string>();
      const newParams = params.map((p, i) => {
        const key = checkKey(`params[${i}].key`, p.key);
        if (seen.has(key)) throw invalid(`Duplicate parameter keys have been submitted: ['${key}']. Please ensure the request contains only one param value per param key.`);
        seen.add(key);
        const value = checkValue(`params[${i}].value`, p.value, LIMITS.paramValue);
        const old = run.params.get(key);
        if (old !== undefined && old !== value) throw invalid(`Changing param values is not allowed. Param with key='${key}' was already logged with value='${old}' for run ID='${run.info.run_id}'. Attempted logging new value '${value}'.`);
        return [key, value] as const;
      });
      const newTags = tags.map((t, i) => [checkKey(`tags[${i}].key`, t.key), checkValue(`tags[${i}].value`, t.value, LIMITS.tagValue)] as const);
      for (const [k, v] of newParams) run.params.set(k, v);
      for (const [k, v] of newTags) run.tags.set(k, v);
      for (const m of newMetrics) {
        if (!run.metrics.some((o) => o.key === m.key && o.value === m.value && o.timestamp === m.timestamp && o.step === m.step)) run.metrics.push(m);
      }
      return {};
    },
  };

  const respond = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, raw: Buffer, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const endpoint = url.pathname.replace(/^\/api\/2\.0\/mlflow\//, '');
    const record: StandInRequest = { method: req.method ?? '', endpoint, status: 0 };
    requests.push(record);
    const send = (status: number, body: object) => { record.status = status; respond(res, status, body); };
    try {
      if (options.authorization !== undefined && req.headers.authorization !== options.authorization) {
        throw new MlflowError(401, 'UNAUTHENTICATED', 'You are not authenticated. Please see the documentation for details.');
      }
      const schema = SCHEMAS[endpoint];
      if (!url.pathname.startsWith('/api/2.0/mlflow/') || !schema) throw new MlflowError(404, 'ENDPOINT_NOT_FOUND', `No endpoint ${url.pathname}`);
      if (req.method !== schema.method) throw new MlflowError(405, 'BAD_REQUEST', `${req.method} is not allowed for ${endpoint}`);
      let body: Record<string, unknown>;
      if (schema.method === 'GET') body = Object.fromEntries(url.searchParams);
      else {
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw invalid(`Bad Request. Content-Type must be one of ['application/json'].`);
        if (raw.length > LIMITS.bytes) throw invalid(`Batched logging API requests must be at most ${LIMITS.bytes} bytes, got a request of size ${raw.length}.`);
        try { body = JSON.parse(raw.toString('utf8')); } catch { throw invalid('Malformed JSON body.'); }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('Expected a JSON object.');
      }
      record.body = body;
      for (const [field, value] of Object.entries(body)) {
        const type = schema.fields[field];
        if (!type) throw invalid(`Unknown field '${field}' for ${endpoint}.`);
        checkType(field, value, type);
      }
      for (const field of schema.required) if (body[field] === undefined || body[field] === '') throw missing(field);
      if (fail?.(endpoint, body)) throw new MlflowError(500, 'INTERNAL_ERROR', 'simulated server failure');
      send(200, handlers[endpoint](body));
    } catch (error) {
      if (!(error instanceof MlflowError)) throw error;
      send(error.status, { error_code: error.code, message: error.message });
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    experiments, runs, requests,
    failWhen: (f) => { fail = f; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
