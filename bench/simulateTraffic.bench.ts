/**
 * Benchmark: events stored per second by simulateTraffic (predictions + outcomes, each committed
 * to the event store) at the settings of notebook 03, on an in-memory and on a file DuckDB store
 * (a file store fsyncs its write-ahead log on every commit). Target: 20,000 events/s on a quiet
 * machine. No peer: ratios are against that target.
 * Run: npx tsx bench/simulateTraffic.bench.ts [days] [usersPerDay] [repeats]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSplitter, openEventStore, simulateTraffic } from '../src/index.js';
import { startBench } from './benchRecord.js';

const days = Number(process.argv[2] ?? 14);
const usersPerDay = Number(process.argv[3] ?? 2500);
const repeats = Number(process.argv[4] ?? 3);
const TARGET_EVENTS_PER_SECOND = 20_000;

/** Events stored, wall seconds, and CPU seconds of this process (all its threads: DuckDB's too) — on a busy machine events per CPU second bounds what a quiet one would reach on one core. */
async function eventsPerSecond(path: string): Promise<{ events: number; seconds: number; cpuSeconds: number }> {
  const store = await openEventStore({ path });
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await simulateTraffic({ splitter: createSplitter({ experiment: 'bench' }), store, seed: 1, days, usersPerDay, arms: { treatment: { lift: 0.05, errorRate: 0.01 } } });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const [{ n }] = await store.query('SELECT CAST((SELECT COUNT(*) FROM predictions) + (SELECT COUNT(*) FROM outcomes) AS INTEGER) AS n');
  await store.close();
  return { events: n as number, seconds, cpuSeconds };
}

async function main(): Promise<void> {
  const bench = startBench(__filename, 'duckdb', { days, usersPerDay, repeats, seed: 1 });
  const folder = mkdtempSync(join(tmpdir(), 'ablab-simulate-bench-'));
  try {
    for (const [label, path] of [['duckdb :memory:', ':memory:'], ['duckdb file', join(folder, 'events.duckdb')]]) {
      let best = { events: 0, seconds: Infinity, cpuSeconds: Infinity };
      for (let i = 0; i < repeats; i++) {
        rmSync(path === ':memory:' ? join(folder, 'none') : path, { force: true });
        rmSync(`${path}.wal`, { force: true });
        const run = await eventsPerSecond(path);
        if (run.seconds < best.seconds) best = run;
      }
      const rate = best.events / best.seconds;
      console.log(`simulateTraffic ${days} days x ${usersPerDay} visits/day, ${label}: ${best.events} events in ${best.seconds.toFixed(2)} s = ${rate.toFixed(0)} events/s (best of ${repeats}; target ${TARGET_EVENTS_PER_SECOND}); ${(best.events / best.cpuSeconds).toFixed(0)} events per CPU second`);
      bench.add({ case: `simulateTraffic, ${label}`, unit: 'events/s', ablab: rate, events: best.events, seconds: best.seconds, eventsPerCpuSecond: best.events / best.cpuSeconds, target: TARGET_EVENTS_PER_SECOND });
    }
    bench.finish();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main();
