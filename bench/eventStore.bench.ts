/**
 * Benchmark of the event store: events per second acknowledged (committed) by DuckDB and by
 * PostgreSQL with 1 and 4 writers, and the latency that logging adds to a prediction request.
 * Run: npx tsx bench/eventStore.bench.ts [seconds per case, default 4]. PostgreSQL is a private
 * cluster started like the tests' (test/support/postgresCluster.ts, default settings: fsync on,
 * synchronous_commit on); DuckDB is a file store. A writer is a closed loop that awaits each
 * acknowledgement before sending its next event; "processes" are separate OS processes, each
 * with its own store (DuckDB allows only one process per file, so its writers share one).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { linearQuantile } from '../src/stats/core/quantile.js';
import { createModelServer } from '../src/online/server/modelServer.js';
import { createSplitter } from '../src/online/splitter/splitter.js';
import { openEventStore, type EventStore } from '../src/online/store/eventStore.js';
import { startPostgresCluster } from '../test/support/postgresCluster.js';

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

/** A store that acknowledges without writing: the baseline of a prediction request. */
const noStore = { recordPrediction: async () => {}, recordOutcome: async () => {} } as unknown as EventStore;

async function main(): Promise<void> {
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
      console.log(`  ${label.padEnd(36)} ${(await throughput(store, processes, writers)).toFixed(0)}`);
    }
    const requests = 2000;
    console.log(`\nprediction request latency, ms (${requests} sequential requests, trivial model)`);
    const [baseP50, baseP99] = await predictLatency(noStore, requests);
    console.log(`  no logging                 p50 ${baseP50.toFixed(3)}  p99 ${baseP99.toFixed(3)}`);
    for (const [label, options] of [['duckdb file', { path: join(directory, 'latency.duckdb') }], ['postgres', { url }]] as const) {
      const store = await openEventStore(options);
      const [p50, p99] = await predictLatency(store, requests);
      await store.close();
      console.log(`  logging to ${label.padEnd(15)} p50 ${p50.toFixed(3)}  p99 ${p99.toFixed(3)}  (added: p50 +${(p50 - baseP50).toFixed(3)}, p99 +${(p99 - baseP99).toFixed(3)})`);
    }
  } finally {
    cluster?.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

void main();
