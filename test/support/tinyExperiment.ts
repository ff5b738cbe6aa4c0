/** A tiny experiment and the ablab CLI, shared by the tests that run the grid in separate processes. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RunStore, runKey } from '../../src/index.js';

export const repoRoot = join(__dirname, '../..');

/** The ablab CLI from source: [node, args] for spawn/spawnSync. */
export const cli = (args: string[]) => [process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), ...args]] as const;

/** 2 MLP variants × 3 seeds, one epoch on 600 MNIST digits, one worker (deterministic on wasm). */
export const TINY = {
  variants: { narrow: 8, wide: 32 },
  seeds: [1, 2, 3],
};

/** Every run key of the tiny grid in grid order (variants, then seeds), as `ablab run` shards it. */
export const tinyGridKeys = Object.keys(TINY.variants).flatMap((v) => TINY.seeds.map((s) => runKey(v, s)));

/** Writes the tiny experiment's config beside `outDir` and returns its path. */
export function writeTinyExperiment(outDir: string): string {
  const mlp = (hidden: number) => ({ model: { kind: 'mlp', options: { inputShape: [28, 28, 1], numClasses: 10, dense: [hidden] } } });
  const config = {
    name: 'tiny', variants: Object.fromEntries(Object.entries(TINY.variants).map(([name, hidden]) => [name, mlp(hidden)])),
    seeds: TINY.seeds, epochs: 1, batchSize: 32, workers: 1,
    dataset: { source: 'mnist', options: { trainSize: 600, validationSize: 100, testSize: 200, seed: 0 } }, outDir,
  };
  const file = join(outDir, '..', `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Runs the CLI to completion, expecting exit code 0; returns its stdout. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const [cmd, argv] = cli(args);
  const result = spawnSync(cmd, argv, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, encoding: 'utf8' });
  expect(result.status, `ablab ${args.join(' ')}\n${result.stderr}`).to.equal(0);
  return result.stdout;
}

/**
 * A user's project folder with ablab installed, as far as `npx ablab` can tell: node_modules/.bin/ablab
 * runs this checkout's CLI from source (so the tests need no build and never run a stale dist/).
 */
export function userProject(dir: string): string {
  const bin = join(dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  const tsx = pathToFileURL(join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  writeFileSync(join(bin, 'ablab'), `#!/bin/sh\nexec '${process.execPath}' --import '${tsx}' '${join(repoRoot, 'src/cli.ts')}' "$@"\n`);
  chmodSync(join(bin, 'ablab'), 0o755);
  return dir;
}

let reference: ReturnType<typeof reproducibleResults> | undefined;

/** reproducibleResults of the tiny experiment run by one process (computed once per test process). */
export function singleProcessReference(): ReturnType<typeof reproducibleResults> {
  if (reference === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'ablab-reference-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'single');
    expect(runCli(['run', writeTinyExperiment(out), '--quiet'])).to.contain(`${tinyGridKeys.length} run(s) trained`);
    reference = reproducibleResults(out);
  }
  return reference;
}

/** Final table of an experiment: run key → test metrics, from its store. */
export function finalTable(outDir: string): Record<string, Record<string, number>> {
  return Object.fromEntries(new RunStore(outDir).loadAll().map((r) => [r.key, r.metrics]));
}

const TIMING = /seconds|MsPerSample|samplesPerSecond/i;

/**
 * What must be bit-identical between a sharded and a single-process experiment: every run's metrics,
 * per-sample correctness and learning curves (wall-clock timings left out), and the CSV tables
 * `ablab run`/`aggregate` write (timing columns left out, every other cell compared as text).
 */
export function reproducibleResults(outDir: string): { runs: Record<string, unknown>; tables: Record<string, string[][]> } {
  const runs = Object.fromEntries(new RunStore(outDir).loadAll().map((r) => [r.key, {
    metrics: r.metrics, correct: r.correct,
    history: Object.fromEntries(Object.entries(r.history).filter(([name]) => !TIMING.test(name))),
  }]));
  const tables = Object.fromEntries(['runs', 'summary', 'comparisons'].map((name) => {
    const text = readFileSync(join(outDir, `${name}.csv`), 'utf8');
    // Header names are always quoted (toCsv); no other cell may hold a quote, so splitting at commas is exact.
    const [headerLine, ...lines] = text.trimEnd().split('\n');
    const header = headerLine.split(',').map((cell) => {
      expect(cell, `${name}.csv header cell`).to.match(/^"[^",]*"$/);
      return cell.slice(1, -1);
    });
    expect(lines.join('\n'), `${name}.csv has no quoted data cells`).to.not.contain('"');
    const rows = lines.map((line) => line.split(','));
    const keep = header.map((column, i) => (TIMING.test(column) ? -1 : i)).filter((i) => i >= 0);
    return [name, [header, ...rows].map((row) => keep.map((i) => row[i]))];
  }));
  return { runs, tables };
}
