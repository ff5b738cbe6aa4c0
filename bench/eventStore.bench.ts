/**
 * Benchmark of the event store: events per second acknowledged (committed) by DuckDB and by
 * PostgreSQL with 1 and 4 writers, and the latency that logging adds to a prediction request.
 * Run: npx tsx bench/eventStore.bench.ts [seconds per case, default 4]. PostgreSQL is a private
 * cluster started like the tests' (test/support/postgresCluster.ts, default settings: fsync on,
 * synchronous_commit on); DuckDB is a file store. A writer is a closed loop that awaits each
 * acknowledgement before sending its next event; "processes" are separate OS processes, each
 * with its own store (DuckDB allows only one process per file, so its writers share one).
 * Last, the four sufficient-statistics queries of the store tests on a bulk-loaded PostgreSQL
 * store (50,000 units, 150,000 outcomes, autovacuum off) before and after ANALYZE.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { linearQuantile } from '../src/stats/core/quantile.js';
import { createModelServer } from '../src/online/server/modelServer.js';
import { createSplitter } from '../src/online/splitter/splitter.js';
import { Client } from 'pg';
import { openEventStore, type EventStore } from '../src/online/store/eventStore.js';
import { sufficientStatisticsQuery } from '../src/online/store/sufficientStatistics.js';
import { startPostgresCluster, type PostgresCluster } from '../test/support/postgresCluster.js';
import { startBench } from './benchRecord.js';

const seconds = Number(process.argv[2] ?? 4);

/** Runs `processes` writer processes of `writers` writers each against `store`, started together once all are ready; returns acknowledged events per second. */
async function throughput(store: { url?: string; path?: string }, processes: number, writers: number): Promise<number> {
  const children = Array.from({ length: processes }, (_, p) => {
    const job = JSON.stringify({ store, writers, seconds, name: `p${p}-${Date.now()}` });
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'eventStoreWriter.ts'), job], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    const ready = new Promise<void>((resolve) => child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      if (output.startsWith('ready\n')) resolve();
    }));
    const count = new Promise<number>((resolve, reject) => child.on('exit', (code) => (code === 0
      ? resolve(Number(output.slice('ready\n'.length).trim()))
      : reject(new Error(`writer exited with ${code}`)))));
    return { child, ready, count };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const { child } of children) child.stdin.end('go\n');
  const counts = await Promise.all(children.map((c) => c.count));
  return counts.reduce((a, b) => a + b, 0) / seconds;
}

/** p50 and p99 of `requests` sequential predict() calls through a model server logging into `store`. */
async function predictLatency(store: EventStore, requests: number): Promise<[number, number]> {
  const splitter = createSplitter({ experiment: 'latency', arms: ['control', 'treatment'] });
  const model = { version: 'v1', predict: (features: unknown) => (features as number[])[0] * 0.5 };
  const server = createModelServer({ splitter, store, models: { control: model, treatment: model } });
  const times: number[] = [];
  for (let i = 0; i < requests + 200; i++) {
    const start = performance.now();
    await server.predict(`unit-${i}`, [i]);
    if (i >= 200) times.push(performance.now() - start); // first 200: warm-up
  }
  times.sort((a, b) => a - b);
  return [linearQuantile(times, 0.5), linearQuantile(times, 0.99)];
}

/** Seconds for the 4 sufficient-statistics queries on a bulk-loaded store, before and after ANALYZE. */
async function analyzeEffect(cluster: PostgresCluster, units: number): Promise<[number, number]> {
  const url = await cluster.createDatabase('bulk');
  await (await openEventStore({ url })).close();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ALTER TABLE predictions SET (autovacuum_enabled = false); ALTER TABLE outcomes SET (autovacuum_enabled = false)');
    await client.query(`INSERT INTO predictions SELECT CASE WHEN i % 5 = 0 THEN 'other' ELSE 'exp' END, 'u' || i, CASE WHEN i % 2 = 0 THEN 'control' ELSE 'treatment' END,
      'v1', CASE WHEN i % 3 = 0 THEN 'mobile' ELSE 'desktop' END, NULL, random(), random() * 10, TIMESTAMP '2024-01-01' + i * INTERVAL '1 second', NULL
      FROM generate_series(1, ${units}) i`);
    await client.query(`INSERT INTO outcomes SELECT CASE WHEN i % 5 = 0 THEN 'other' ELSE 'exp' END, 'u' || (i % ${units}), CASE WHEN i % 3 = 0 THEN 'clicks' ELSE 'revenue' END,
      random() * 100, TIMESTAMP '2024-01-01' + (i % ${units}) * INTERVAL '1 second' + (i % 7 - 3) * INTERVAL '1 hour' FROM generate_series(1, ${3 * units}) i`);
    const queries = [{ metric: 'revenue' }, { metric: 'revenue', covariate: 'revenue', bySegment: true }, { metric: 'clicks', covariate: 'revenue' }, { metric: 'clicks', bySegment: true }];
    const timeQueries = async () => {
      const start = performance.now();
      for (const options of queries) {
        const { sql, parameters } = sufficientStatisticsQuery({ dialect: 'postgres', experiment: 'exp', ...options });
        await client.query(sql, parameters as unknown[]);
      }
      return (performance.now() - start) / 1000;
    };
    const before = await timeQueries();
    await client.query('ANALYZE predictions, outcomes');
    return [before, await timeQueries()];
  } finally {
    await client.end();
  }
}

/** A store that acknowledges without writing: the baseline of a prediction request. */
const noStore = { recordPrediction: async () => {}, recordOutcome: async () => {} } as unknown as EventStore;

/** The PostgreSQL postmaster's pid: the parent of a backend. */
async function postmasterPid(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows as { pid: number }[];
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const bench = startBench(__filename, 'duckdb file / postgres', { secondsPerCase: seconds });
  const directory = mkdtempSync(join(tmpdir(), 'ablab-bench-store-'));
  const cluster = await startPostgresCluster();
  try {
    if (!cluster) throw new Error('PostgreSQL binaries not found (apt-get install postgresql)');
    const url = await cluster.createDatabase('bench');
    await (await openEventStore({ url })).close(); // create the schema before the writers race for it
    const duckdb = { path: join(directory, 'bench.duckdb') };
    console.log(`events/s acknowledged (${seconds} s per case, closed-loop writers)`);
    for (const [label, store, processes, writers] of [
      ['duckdb      1 writer', duckdb, 1, 1], ['duckdb      4 writers, 1 process', duckdb, 1, 4], ['duckdb     64 writers, 1 process', duckdb, 1, 64],
      ['postgres    1 writer', { url }, 1, 1], ['postgres    4 writers, 1 process', { url }, 1, 4], ['postgres    4 writers, 4 processes', { url }, 4, 1],
      ['postgres   64 writers, 1 process', { url }, 1, 64], ['postgres   64 writers, 4 processes', { url }, 4, 16],
    ] as const) {
      const rate = await throughput(store, processes, writers);
      console.log(`  ${label.padEnd(36)} ${rate.toFixed(0)}`);
      bench.add({ case: `acknowledged events, ${label.replace(/\s+/g, ' ')}`, unit: 'events/s', ablab: rate });
    }
    const requests = 2000;
    console.log(`\nprediction request latency, ms (${requests} sequential requests, trivial model)`);
    const [baseP50, baseP99] = await predictLatency(noStore, requests);
    console.log(`  no logging                 p50 ${baseP50.toFixed(3)}  p99 ${baseP99.toFixed(3)}`);
    bench.add({ case: 'predict latency, no logging', unit: 'ms', ablab: baseP50, p99: baseP99 });
    for (const [label, options] of [['duckdb file', { path: join(directory, 'latency.duckdb') }], ['postgres', { url }]] as const) {
      const store = await openEventStore(options);
      const [p50, p99] = await predictLatency(store, requests);
      await store.close();
      console.log(`  logging to ${label.padEnd(15)} p50 ${p50.toFixed(3)}  p99 ${p99.toFixed(3)}  (added: p50 +${(p50 - baseP50).toFixed(3)}, p99 +${(p99 - baseP99).toFixed(3)})`);
      bench.add({ case: `predict latency, logging to ${label}`, unit: 'ms', ablab: p50, p99 });
    }
    const [before, after] = await analyzeEffect(cluster, 50_000);
    console.log(`\n4 sufficient-statistics queries after a bulk load of 50,000 units: ${before.toFixed(2)} s before ANALYZE, ${after.toFixed(2)} s after`);
    bench.add({ case: '4 sufficient-statistics queries, 50,000 units, postgres after ANALYZE', unit: 's', ablab: after, beforeAnalyze: before });
    bench.finish(await postmasterPid(url));
  } finally {
    cluster?.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

void main();
