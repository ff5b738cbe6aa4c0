/**
 * Benchmark: events stored per second by simulateTraffic (predictions + outcomes, each committed
 * to the event store) at the settings of notebook 03, on an in-memory and on a file DuckDB store
 * (a file store fsyncs its write-ahead log on every commit). Target: 20,000 events/s on a quiet
 * machine. Run: npx tsx bench/simulateTraffic.bench.ts [days] [usersPerDay] [repeats]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSplitter, openEventStore, simulateTraffic } from '../src/index.js';

const days = Number(process.argv[2] ?? 14);
const usersPerDay = Number(process.argv[3] ?? 2500);
const repeats = Number(process.argv[4] ?? 3);

async function eventsPerSecond(path: string): Promise<{ events: number; seconds: number }> {
  const store = await openEventStore({ path });
  const start = performance.now();
  await simulateTraffic({ splitter: createSplitter({ experiment: 'bench' }), store, seed: 1, days, usersPerDay, arms: { treatment: { lift: 0.05, errorRate: 0.01 } } });
  const seconds = (performance.now() - start) / 1000;
  const [{ n }] = await store.query('SELECT CAST((SELECT COUNT(*) FROM predictions) + (SELECT COUNT(*) FROM outcomes) AS INTEGER) AS n');
  await store.close();
  return { events: n as number, seconds };
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'ablab-simulate-bench-'));
  try {
    for (const [label, path] of [['duckdb :memory:', ':memory:'], ['duckdb file', join(folder, 'events.duckdb')]]) {
      let best = { events: 0, seconds: Infinity };
      for (let i = 0; i < repeats; i++) {
        rmSync(path === ':memory:' ? join(folder, 'none') : path, { force: true });
        rmSync(`${path}.wal`, { force: true });
        const run = await eventsPerSecond(path);
        if (run.seconds < best.seconds) best = run;
      }
      console.log(`simulateTraffic ${days} days x ${usersPerDay} visits/day, ${label}: ${best.events} events in ${best.seconds.toFixed(2)} s = ${(best.events / best.seconds).toFixed(0)} events/s (best of ${repeats})`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main();
