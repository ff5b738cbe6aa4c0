/**
 * MLflow export, file store and REST. MLflow is not installable here, so the REST export runs
 * against test/support/mlflowStandIn.ts, which enforces MLflow's request rules (sources cited there);
 * its own tests below show that a request breaking them fails.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import {
  AblabError, exportToMlflowFileStore, exportToMlflowServer, InvalidArgumentError, logBatches, MLFLOW_LIMITS, mlflowAuthorization,
  MlflowRequestError, type RunRecord, RunStore, runKey, toMlflowRun,
} from '../../src/index.js';
import { type MlflowStandIn, startMlflowStandIn } from '../support/mlflowStandIn.js';
import { cli } from '../support/tinyExperiment.js';

const ENV = { LOGNAME: 'ada' };

/** A stored run with `epochs` epochs of five history series (200 epochs: 1000 points, the case that broke one-batch exports). */
function record(variant: string, seed: number, epochs = 3): RunRecord {
  const series = (f: (e: number) => number) => Array.from({ length: epochs }, (_, e) => f(e));
  return {
    key: runKey(variant, seed), experiment: 'demo', variant, seed,
    params: { model: { kind: 'mlp', options: { dense: [32] } }, epochs, batchSize: 64, dataset: { source: 'mnist' } },
    metrics: { accuracy: 0.9 + seed / 100, macroF1: 0.88, logLoss: 0.3 },
    history: { loss: series((e) => 1 / (e + 1)), valLoss: series((e) => 1.1 / (e + 1)), valAccuracy: series((e) => 0.5 + e / (2 * epochs)), seconds: series((e) => 0.5 + (e % 3) / 10), samplesPerSecond: series(() => 1200) },
    correct: [1, 0, 1], timing: { trainSeconds: series((e) => 0.5 + (e % 3) / 10).reduce((a, b) => a + b, 0), inferenceMsPerSample: 0.02 },
    environment: { backend: 'wasm', host: 'node07', slurmJobId: 12 }, finishedAt: '2026-01-02T03:04:05.000Z',
  };
}

const grid = (epochs: number) => ['A', 'B'].flatMap((v) => [1, 2, 3, 4].map((s) => record(v, s, epochs)));

describe('MLflow run data', () => {
  it('logs history at steps 1..epochs with increasing end-of-epoch timestamps, final metrics at the end, and MLflow\'s system tags', () => {
    const run = record('A', 1, 4);
    const data = toMlflowRun(run, ENV);
    const loss = data.metrics.filter((m) => m.key === 'epoch_loss');
    expect(loss.map((m) => m.step)).to.deep.equal([1, 2, 3, 4]);
    const end = Date.parse(run.finishedAt);
    const start = Math.round(end - run.timing.trainSeconds * 1000);
    // end of epoch e = start of training + cumulative epoch seconds (0.5, 0.6, 0.7, 0.5 s)
    expect(loss.map((m) => m.timestamp)).to.deep.equal([start + 500, start + 1100, start + 1800, start + 2300]);
    expect(loss[3].timestamp).to.equal(end);
    expect(data.metrics.find((m) => m.key === 'accuracy')).to.deep.equal({ key: 'accuracy', value: 0.91, timestamp: end, step: 4 });
    expect(data.startTime).to.equal(start);
    const tags = Object.fromEntries(data.tags.map((t) => [t.key, t.value]));
    expect(tags).to.include({ 'mlflow.user': 'ada', 'mlflow.runName': 'A__seed1', 'mlflow.source.type': 'LOCAL', 'ablab.run_key': 'demo/A__seed1', 'env.host': 'node07', 'env.slurmJobId': '12' });
    expect(tags['mlflow.source.name']).to.equal('ablab run (experiment demo)');
    expect(Object.fromEntries(data.params.map((p) => [p.key, p.value]))).to.include({ variant: 'A', seed: '1', epochs: '4', model: '{"kind":"mlp","options":{"dense":[32]}}' });
  });

  it('encodes non-finite values as MLflow\'s JSON API does, makes keys valid and unique, and cuts over-long values saying so', () => {
    const run = record('A', 1, 2);
    run.history.loss = [NaN, Infinity];
    run.params = { 'bad/key': 1, variant: 'shadow', long: 'x'.repeat(7000) };
    const data = toMlflowRun(run, ENV);
    expect(data.metrics.filter((m) => m.key === 'epoch_loss').map((m) => m.value)).to.deep.equal(['NaN', 'Infinity']);
    const params = Object.fromEntries(data.params.map((p) => [p.key, p.value]));
    expect(params).to.include({ bad_key: '1', variant: 'A', variant_2: 'shadow' });
    expect(params.long).to.have.length(MLFLOW_LIMITS.paramValueLength);
    expect(data.tags.find((t) => t.key === 'ablab.truncated')?.value).to.equal('long');
    run.finishedAt = 'yesterday';
    expect(() => toMlflowRun(run)).to.throw(InvalidArgumentError, /run\.finishedAt/);
  });

  it('splits a 200-epoch run into log-batch requests within every MLflow limit, keeping all data in order', () => {
    const data = toMlflowRun(record('A', 1, 200), ENV);
    expect(data.metrics.length).to.be.greaterThan(MLFLOW_LIMITS.metricsPerBatch);
    const batches = logBatches(data);
    for (const b of batches) {
      expect(b.metrics.length).to.be.at.most(1000);
      expect(b.params.length).to.be.at.most(100);
      expect(b.tags.length).to.be.at.most(100);
      expect(b.metrics.length + b.params.length + b.tags.length).to.be.at.most(1000);
    }
    expect(batches.flatMap((b) => b.metrics)).to.deep.equal(data.metrics);
    expect(batches.flatMap((b) => b.params)).to.deep.equal(data.params);
    expect(batches.flatMap((b) => b.tags)).to.deep.equal(data.tags);
    // 150 params of 6000 characters, 150 tags of 5000 (the largest values MLflow takes), 2500 metrics:
    // the first request reaches 1 MB at 100 params + 79 tags (+ 7 small metrics), the second takes the rest of them.
    const many = {
      params: Array.from({ length: 150 }, (_, i) => ({ key: `p${i}`, value: 'v'.repeat(6000) })),
      tags: Array.from({ length: 150 }, (_, i) => ({ key: `t${i}`, value: 'x'.repeat(5000) })),
      metrics: Array.from({ length: 2500 }, (_, i) => ({ key: 'm', value: i, timestamp: i, step: i })),
    };
    const split = logBatches(many);
    expect(split.map((b) => [b.params.length, b.tags.length, b.metrics.length])).to.deep.equal([[100, 79, 7], [50, 71, 879], [0, 0, 1000], [0, 0, 614]]);
    for (const b of split) expect(Buffer.byteLength(JSON.stringify({ run_id: 'x'.repeat(32), ...b }))).to.be.at.most(MLFLOW_LIMITS.batchBytes);
    expect(split.flatMap((b) => b.metrics)).to.deep.equal(many.metrics);
  });

  it('authenticates like MLflow\'s clients: Basic from username and password first, else a Bearer token', () => {
    expect(mlflowAuthorization({ MLFLOW_TRACKING_TOKEN: 'tok' })).to.equal('Bearer tok');
    expect(mlflowAuthorization({ MLFLOW_TRACKING_USERNAME: 'ada', MLFLOW_TRACKING_PASSWORD: 'pw', MLFLOW_TRACKING_TOKEN: 'tok' })).to.equal(`Basic ${Buffer.from('ada:pw').toString('base64')}`);
    expect(mlflowAuthorization({})).to.equal(undefined);
    expect(() => mlflowAuthorization({ MLFLOW_TRACKING_USERNAME: 'ada' })).to.throw(InvalidArgumentError, /MLFLOW_TRACKING_PASSWORD/);
  });
});

describe('MLflow stand-in enforces the server\'s rules (so a violating client fails these tests)', () => {
  let server: MlflowStandIn;
  let runId: string;
  before(async () => {
    server = await startMlflowStandIn();
    runId = (await post('runs/create', { experiment_id: '0', run_name: 'r' })).body.run.info.run_id;
  });
  after(() => server.close());

  async function post(endpoint: string, body: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> {
    const response = await fetch(`${server.url}/api/2.0/mlflow/${endpoint}`, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  }
  const metric = (i: number) => ({ key: 'm', value: i, timestamp: 1000 + i, step: i });
  const kv = (prefix: string) => (_: unknown, i: number) => ({ key: `${prefix}${i}`, value: 'v' });

  it('refuses the one-batch export that failed on a real server (1000 metrics + 100 params + 100 tags) and other over-limit batches', async () => {
    const cases: [object, RegExp][] = [
      [{ metrics: Array.from({ length: 1000 }, (_, i) => metric(i)), params: Array.from({ length: 100 }, kv('p')), tags: Array.from({ length: 100 }, kv('t')) }, /at most 1000 metrics, params, and tags/],
      [{ metrics: Array.from({ length: 1001 }, (_, i) => metric(i)) }, /at most 1000 metrics/],
      [{ params: Array.from({ length: 101 }, kv('p')) }, /at most 100 params/],
      [{ tags: Array.from({ length: 101 }, kv('t')) }, /at most 100 tags/],
      [{ tags: [{ key: 't', value: 'x'.repeat(1_000_001) }] }, /at most 1000000 bytes/],
    ];
    for (const [batch, message] of cases) {
      const { status, body } = await post('runs/log-batch', { run_id: runId, ...batch });
      expect([status, body.error_code]).to.deep.equal([400, 'INVALID_PARAMETER_VALUE']);
      expect(body.message).to.match(message);
    }
    expect(server.runs.get(runId)!.metrics).to.have.length(0);
  });

  it('refuses malformed requests: missing fields, bad keys, unknown fields, non-JSON bodies, changed params, deleted runs', async () => {
    const bad: [string, unknown, RegExp, string?][] = [
      ['runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 1 }] }, /metrics\[0\]\.timestamp/],
      ['runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 'one', timestamp: 1 }] }, /metrics\[0\]\.value/],
      ['runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 1, timestamp: -1 }] }, /nonnegative/],
      ['runs/log-batch', { run_id: runId, params: [{ key: 'a/../b', value: '1' }] }, /resolve to other names/],
      ['runs/log-batch', { run_id: runId, params: [{ key: 'a*b', value: '1' }] }, /Names may only contain/],
      ['runs/log-batch', { run_id: runId, params: [{ key: 'p', value: '1' }, { key: 'p', value: '1' }] }, /Duplicate parameter keys/],
      ['runs/log-batch', { run_id: runId, params: [{ key: 'k'.repeat(251), value: '1' }] }, /maximum length of 250/],
      ['runs/log-batch', { run_uuid: runId }, /Unknown field 'run_uuid'|run_id/],
      ['runs/log-batch', { run_id: runId, metric: [] }, /Unknown field 'metric'/],
      ['runs/update', { run_id: runId, status: 'DONE' }, /status/],
      ['runs/search', { experiment_ids: ['0'], max_results: 50001 }, /max_results/],
      ['runs/log-batch', { run_id: runId }, /Content-Type/, 'text/plain'],
    ];
    for (const [endpoint, body, message, contentType] of bad) {
      const answer = await post(endpoint, body, contentType);
      expect(answer.status, `${endpoint} ${JSON.stringify(body).slice(0, 80)}`).to.equal(400);
      expect(answer.body.message).to.match(message);
    }
    expect((await post('runs/log-batch', { run_id: runId, params: [{ key: 'lr', value: '0.1' }] })).status).to.equal(200);
    expect((await post('runs/log-batch', { run_id: runId, params: [{ key: 'lr', value: '0.1' }] })).status, 'same value again').to.equal(200);
    expect((await post('runs/log-batch', { run_id: runId, params: [{ key: 'lr', value: '0.2' }] })).body.message).to.match(/Changing param values is not allowed/);
    expect((await post('runs/delete', { run_id: runId })).status).to.equal(200);
    expect((await post('runs/log-batch', { run_id: runId, tags: [{ key: 't', value: 'v' }] })).body.message).to.match(/must be in the 'active' state/);
  });
});

describe('MLflow export to a tracking server (stand-in)', function () {
  this.timeout(120_000);
  let server: MlflowStandIn;
  beforeEach(async () => { server = await startMlflowStandIn(); });
  afterEach(() => server.close());

  const active = () => [...server.runs.values()].filter((r) => r.info.lifecycle_stage === 'active');

  it('logs 8 runs of 200 epochs completely within the limits, and a re-export adds nothing', async () => {
    const runs = grid(200);
    const first = await exportToMlflowServer(runs, 'demo', server.url, { env: ENV });
    expect(first).to.include({ created: 8, unchanged: 0, replaced: 0 });
    expect(server.requests.filter((r) => r.status !== 200)).to.deep.equal([{ method: 'GET', endpoint: 'experiments/get-by-name', status: 404, body: { experiment_name: 'demo' } }]);
    expect(active()).to.have.length(8);
    for (const [i, run] of runs.entries()) {
      const logged = server.runs.get(first.runIds[i])!;
      const data = toMlflowRun(run, ENV);
      expect(logged.info).to.include({ status: 'FINISHED', run_name: run.key, start_time: data.startTime, end_time: data.endTime, experiment_id: first.experimentId });
      expect(logged.metrics).to.deep.equal(data.metrics);
      expect(Object.fromEntries(logged.params)).to.deep.equal(Object.fromEntries(data.params.map((p) => [p.key, p.value])));
      expect(Object.fromEntries(logged.tags)).to.include(Object.fromEntries(data.tags.map((t) => [t.key, t.value])));
    }
    const batchesPerRun = server.requests.filter((r) => r.endpoint === 'runs/log-batch').length / 8;
    expect(batchesPerRun).to.equal(logBatches(toMlflowRun(runs[0], ENV)).length);
    expect(batchesPerRun).to.be.greaterThan(1);

    const requestsBefore = server.requests.length;
    const second = await exportToMlflowServer(runs, 'demo', server.url, { env: ENV });
    expect(second).to.deep.equal({ ...first, created: 0, unchanged: 8 });
    expect(server.runs.size, 'runs in the server').to.equal(8);
    expect(server.requests.slice(requestsBefore).map((r) => r.endpoint)).to.deep.equal(['experiments/get-by-name', 'runs/search']);
  });

  it('pages through runs/search and replaces a run whose stored record changed (the old one deleted)', async () => {
    const runs = grid(3);
    const first = await exportToMlflowServer(runs, 'demo', server.url, { env: ENV });
    runs[2] = { ...runs[2], metrics: { ...runs[2].metrics, accuracy: 0.5 } };
    const second = await exportToMlflowServer(runs, 'demo', server.url, { env: ENV });
    expect(second).to.include({ created: 0, unchanged: 7, replaced: 1 });
    expect(server.runs.get(first.runIds[2])!.info.lifecycle_stage).to.equal('deleted');
    expect(active().map((r) => r.tags.get('ablab.run_key')).sort()).to.deep.equal(runs.map((r) => `demo/${r.key}`).sort());
    expect(active().find((r) => r.tags.get('ablab.run_key') === 'demo/A__seed3')!.metrics.find((m) => m.key === 'accuracy')!.value).to.equal(0.5);
  });

  it('replaces the duplicated runs earlier ablab versions logged (matched by name and source), leaving one run per key', async () => {
    const runs = grid(3);
    const experimentId = await (async () => {
      const created = await fetch(`${server.url}/api/2.0/mlflow/experiments/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'demo' }) });
      return ((await created.json()) as { experiment_id: string }).experiment_id;
    })();
    const legacyRun = async (name: string, source: string) => {
      const post = (endpoint: string, body: object) => fetch(`${server.url}/api/2.0/mlflow/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
      const id: string = (await post('runs/create', { experiment_id: experimentId, run_name: name })).run.info.run_id;
      await post('runs/log-batch', { run_id: id, tags: [{ key: 'mlflow.source.name', value: source }] });
      await post('runs/update', { run_id: id, status: 'FINISHED' });
    };
    for (const run of runs) { await legacyRun(run.key, 'ablab'); await legacyRun(run.key, 'ablab'); } // 16 runs after 2 old exports of 8
    await legacyRun('A__seed1', 'someone-else'); // not ablab's: left alone
    const result = await exportToMlflowServer(runs, 'demo', server.url, { env: ENV });
    expect(result).to.include({ created: 0, replaced: 8, unchanged: 0 });
    expect(active().filter((r) => r.tags.has('ablab.run_key'))).to.have.length(8);
    expect(active().map((r) => r.tags.get('mlflow.source.name'))).to.include('someone-else');
    expect(active()).to.have.length(9);
  });

  it('marks a run FAILED (never left RUNNING) when a request fails, and a re-export repairs it', async () => {
    const runs = grid(200);
    let batches = 0;
    server.failWhen((endpoint) => endpoint === 'runs/log-batch' && ++batches === 12);
    let error: unknown;
    try { await exportToMlflowServer(runs, 'demo', server.url, { env: ENV }); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(AblabError);
    expect((error as Error).message).to.match(/MLflow export of run \S+ \(MLflow run [0-9a-f]{32}, marked FAILED\) failed: MLflow runs\/log-batch failed with HTTP 500/);
    expect([...server.runs.values()].map((r) => r.info.status)).to.not.include('RUNNING');
    expect([...server.runs.values()].filter((r) => r.info.status === 'FAILED')).to.have.length(1);

    server.failWhen(undefined);
    const repaired = await exportToMlflowServer(runs, 'demo', server.url, { env: ENV });
    expect(repaired.created + repaired.replaced + repaired.unchanged).to.equal(8);
    expect(repaired.replaced).to.equal(1);
    expect(active()).to.have.length(8);
    expect(active().every((r) => r.info.status === 'FINISHED')).to.equal(true);
  });

  it('sends MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD, and reports a refusal', async () => {
    await server.close();
    server = await startMlflowStandIn({ authorization: 'Bearer s3cret' });
    expect((await exportToMlflowServer([record('A', 1)], 'demo', server.url, { env: { ...ENV, MLFLOW_TRACKING_TOKEN: 's3cret' } })).created).to.equal(1);
    let error: unknown;
    try { await exportToMlflowServer([record('A', 1)], 'demo', server.url, { env: ENV }); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(MlflowRequestError);
    expect((error as MlflowRequestError).status).to.equal(401);
    await server.close();
    server = await startMlflowStandIn({ authorization: `Basic ${Buffer.from('ada:pw').toString('base64')}` });
    const env = { ...ENV, MLFLOW_TRACKING_USERNAME: 'ada', MLFLOW_TRACKING_PASSWORD: 'pw', MLFLOW_TRACKING_TOKEN: 'ignored' };
    expect((await exportToMlflowServer([record('A', 1)], 'demo', server.url, { env })).created).to.equal(1);
  });

  it('is what `ablab export-mlflow` does with MLFLOW_TRACKING_URI and MLFLOW_TRACKING_TOKEN set', async () => {
    await server.close();
    server = await startMlflowStandIn({ authorization: 'Bearer s3cret' });
    const dir = mkdtempSync(join(tmpdir(), 'ablab-cli-mlflow-'));
    const store = new RunStore(join(dir, 'store'));
    const runs = grid(3);
    for (const run of runs) store.save(run);
    const mlp = { model: { kind: 'mlp', options: { inputShape: [28, 28, 1], numClasses: 10 } } }; // the config is validated against the dataset
    writeFileSync(join(dir, 'demo.json'), JSON.stringify({ name: 'demo', variants: { A: mlp, B: mlp }, seeds: [1, 2, 3, 4], epochs: 3, dataset: { source: 'mnist' }, outDir: store.dir }));
    const [cmd, argv] = cli(['export-mlflow', join(dir, 'demo.json')]);
    const env = { ...process.env, MLFLOW_TRACKING_URI: server.url, MLFLOW_TRACKING_TOKEN: 's3cret' };
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(cmd, argv, { env });
      let out = '';
      let err = '';
      child.stdout.on('data', (c) => { out += c; });
      child.stderr.on('data', (c) => { err += c; });
      child.on('exit', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    });
    expect(code, stderr).to.equal(0);
    expect(stdout).to.match(/MLflow experiment 1 at http:\/\/127\.0\.0\.1:\d+: 8 run\(s\) created, 0 replaced, 0 unchanged/);
    expect(active()).to.have.length(8);
  });

  it('refuses to log into a deleted experiment, saying how to restore it', async () => {
    await exportToMlflowServer([record('A', 1)], 'demo', server.url, { env: ENV });
    const experiment = [...server.experiments.values()].find((e) => e.name === 'demo')!;
    experiment.lifecycle_stage = 'deleted';
    let error: unknown;
    try { await exportToMlflowServer([record('A', 1)], 'demo', server.url, { env: ENV }); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(AblabError);
    expect((error as Error).message).to.contain(`is deleted: restore it (mlflow experiments restore --experiment-id ${experiment.experiment_id})`);
  });

  it('refuses no runs and a tracking URI that is not http(s)', async () => {
    for (const [runs, uri, argument] of [[[], server.url, 'runs'], [[record('A', 1)], './mlruns', 'trackingUri']] as const) {
      let error: unknown;
      try { await exportToMlflowServer([...runs], 'demo', uri); } catch (e) { error = e; }
      expect(error).to.be.instanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).to.equal(argument);
    }
  });
});

describe('MLflow export as a file store', () => {
  /** Every file under `dir`: relative path → contents. */
  const snapshot = (dir: string): Record<string, string> => {
    const files: Record<string, string> = {};
    const visit = (d: string) => {
      for (const name of readdirSync(d)) {
        const path = join(d, name);
        if (statSync(path).isDirectory()) visit(path); else files[relative(dir, path)] = readFileSync(path, 'utf8');
      }
    };
    visit(dir);
    return files;
  };

  it('writes the layout MLflow reads: Default experiment 0, .trash, run meta, params, tags, per-epoch metric lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ablab-mlruns-'));
    const runs = [record('A', 0, 4), record('B', 0, 4)];
    const id = exportToMlflowFileStore(runs, 'demo', dir);
    expect(id).to.match(/^\d+$/);
    // The fields MLflow's FileStore and `mlflow migrate-filestore` (mlflow/store/fs2db) read, parsed as YAML like yaml.safe_load.
    expect(load(readFileSync(join(dir, '0', 'meta.yaml'), 'utf8'))).to.include({ experiment_id: '0', name: 'Default', lifecycle_stage: 'active' });
    expect(statSync(join(dir, '.trash')).isDirectory()).to.equal(true);
    expect(load(readFileSync(join(dir, id, 'meta.yaml'), 'utf8'))).to.include({ experiment_id: id, name: 'demo', lifecycle_stage: 'active' });
    const runDirs = readdirSync(join(dir, id)).filter((f) => f !== 'meta.yaml');
    expect(runDirs).to.have.length(2);
    for (const runDir of runDirs) {
      const path = join(dir, id, runDir);
      const meta = load(readFileSync(join(path, 'meta.yaml'), 'utf8')) as Record<string, unknown>;
      expect(meta).to.include({ run_uuid: runDir, run_id: runDir, experiment_id: id, status: 3, lifecycle_stage: 'active', user_id: process.env.LOGNAME || process.env.USER || meta.user_id });
      expect(meta.start_time as number).to.be.lessThan(meta.end_time as number);
      expect(meta.tags).to.deep.equal([]);
      const run = runs.find((r) => r.key === meta.run_name)!;
      const data = toMlflowRun(run);
      expect(readFileSync(join(path, 'params', 'model'), 'utf8')).to.equal('{"kind":"mlp","options":{"dense":[32]}}');
      for (const tag of ['mlflow.user', 'mlflow.source.name', 'mlflow.source.type', 'mlflow.runName', 'ablab.run_key']) {
        expect(readFileSync(join(path, 'tags', tag), 'utf8')).to.equal(data.tags.find((t) => t.key === tag)!.value);
      }
      const lines = readFileSync(join(path, 'metrics', 'epoch_loss'), 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number));
      expect(lines.map(([, value, step]) => [value, step])).to.deep.equal(run.history.loss.map((v, i) => [v, i + 1]));
      const times = lines.map(([timestamp]) => timestamp);
      expect(times.every((t, i) => i === 0 || t > times[i - 1]), 'timestamps increase').to.equal(true);
      expect(JSON.parse(readFileSync(join(path, 'artifacts', 'run.json'), 'utf8'))).to.deep.equal(run);
    }
  });

  it('is idempotent: exporting again rewrites the same runs, byte for byte, and keeps other experiments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ablab-mlruns-'));
    const id = exportToMlflowFileStore(grid(3), 'demo', dir);
    const before = snapshot(dir);
    mkdirSync(join(dir, id, '.0123abcd.999.tmp')); // staging left by an interrupted export
    expect(exportToMlflowFileStore(grid(3), 'demo', dir)).to.equal(id);
    expect(snapshot(dir)).to.deep.equal(before);
    const other = exportToMlflowFileStore([record('A', 1)], 'other', dir);
    expect(other).to.not.equal(id);
    expect(readdirSync(join(dir, id)).filter((f) => f !== 'meta.yaml')).to.have.length(8);
    expect(readdirSync(dir).sort()).to.deep.equal(['.trash', '0', id, other].sort());
  });
});
