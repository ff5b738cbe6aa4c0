/**
 * bootstrapCI's paired mean-difference fast path vs scipy.stats.bootstrap on the same data:
 * 10,000 paired per-sample scores, 10,000 resamples, percentile and BCa intervals.
 * Run: npx tsx bench/resampling.bench.ts   (peer: /usr/bin/python3 bench/resampling_peer.py)
 * Each side reports its best of `REPEATS` runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapCI, Random, type BootstrapMethod } from '../src/index.js';
import { startBench } from './benchRecord.js';

const N = 10_000;
const RESAMPLES = 10_000;
const REPEATS = 2;
const METHODS: BootstrapMethod[] = ['percentile', 'bca'];

const rng = new Random(2024);
const a = Array.from({ length: N }, () => rng.bernoulli(0.82));
const b = a.map((correct) => (rng.bernoulli(0.1) ? 1 - correct : correct));

function timeAblab(method: BootstrapMethod): number {
  let best = Infinity;
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const start = performance.now();
    bootstrapCI([a, b], 'meanDifference', { paired: true, nResamples: RESAMPLES, method, seed: repeat });
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

function timePeer(): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'ablab-bench-'));
  try {
    const file = join(dir, 'data.json');
    writeFileSync(file, JSON.stringify({ a, b, nResamples: RESAMPLES, methods: METHODS, repeats: REPEATS }));
    const script = join(__dirname, 'resampling_peer.py');
    return JSON.parse(execFileSync('/usr/bin/python3', [script, file], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench = startBench(__filename, 'js', { n: N, resamples: RESAMPLES, repeats: REPEATS });
const peer = timePeer();
for (const method of METHODS) {
  const ablab = timeAblab(method);
  console.log(`bootstrap paired meanDifference n=${N} B=${RESAMPLES} ${method}  ablab=${ablab.toFixed(3)}s  peer=${peer[method].toFixed(3)}s  ratio=${(peer[method] / ablab).toFixed(2)}x`);
  bench.add({ case: `paired meanDifference ${method}`, unit: 's', ablab, peer: peer[method], ratio: peer[method] / ablab });
}
bench.finish();
