/**
 * simulatePeeking (Monte Carlo of peeking A/B tests) versus a numpy peer on the same cases.
 * Run: npx tsx bench/sequential.bench.ts   (needs /usr/bin/python3 with numpy and scipy)
 *
 * Peer variants (bench/sequential_peer.py): 'blocks' is ablab's algorithm vectorised with numpy
 * (sufficient statistics drawn per peek); 'raw' draws every observation, the usual numpy approach.
 * Timings exclude start-up on both sides; ablab takes the best of 3 runs, the peer one run.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { groupSequentialBounds, simulatePeeking, type PeekingMethod } from '../src/index.js';
import { startBench } from './benchRecord.js';

interface BenchCase {
  name: string;
  method: PeekingMethod;
  variant: 'blocks' | 'raw';
  nExperiments: number;
  nPerArm: number;
  peekSizes: number[];
}

const equallySpaced = (nPerArm: number, peeks: number) => Array.from({ length: peeks }, (_, k) => Math.round((nPerArm * (k + 1)) / peeks));
const everyObservation = (nPerArm: number) => Array.from({ length: nPerArm - 1 }, (_, k) => k + 2);

const cases: BenchCase[] = [
  ...(['naive', 'msprt', 'confidenceSequence', 'groupSequential'] as const).map((method) => ({
    name: `${method} 20000x1000 20 peeks (blocks)`, method, variant: 'blocks' as const, nExperiments: 20000, nPerArm: 1000, peekSizes: equallySpaced(1000, 20),
  })),
  { name: 'msprt 20000x1000 20 peeks (raw)', method: 'msprt', variant: 'raw', nExperiments: 20000, nPerArm: 1000, peekSizes: equallySpaced(1000, 20) },
  { name: 'msprt 2000x500 every obs (raw)', method: 'msprt', variant: 'raw', nExperiments: 2000, nPerArm: 500, peekSizes: everyObservation(500) },
  { name: 'naive 2000x500 every obs (blocks)', method: 'naive', variant: 'blocks', nExperiments: 2000, nPerArm: 500, peekSizes: everyObservation(500) },
];

const common = { alpha: 0.05, effect: 0, seed: 11, mixingVariance: 1 };
const peerInput = cases.map((c) => ({
  ...c, ...common,
  boundaries: c.method === 'groupSequential'
    ? groupSequentialBounds({ informationFractions: c.peekSizes.map((n) => n / c.nPerArm), sides: 2, spending: 'obrienFleming' }).looks.map((l) => l.zBoundary)
    : [],
}));
const bench = startBench(__filename, 'js', common);
const peer = spawnSync('/usr/bin/python3', [join(__dirname, 'sequential_peer.py')], { input: JSON.stringify(peerInput), encoding: 'utf8', maxBuffer: 1 << 24 });
if (peer.status !== 0) throw new Error(`peer failed: ${peer.stderr}`);
const peerResults = new Map(peer.stdout.trim().split('\n').map((line) => {
  const r = JSON.parse(line) as { name: string; seconds: number; rate: number };
  return [r.name, r] as const;
}));

for (const c of cases) {
  let best = Infinity;
  let rate = 0;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    rate = simulatePeeking({ method: c.method, nExperiments: c.nExperiments, nPerArm: c.nPerArm, peeks: c.peekSizes, ...common }).falsePositiveRate;
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  const p = peerResults.get(c.name)!;
  console.log(`${c.name}  ablab=${best.toFixed(4)}s  peer=${p.seconds.toFixed(4)}s  ratio=${(p.seconds / best).toFixed(2)}x  (rates ${rate.toFixed(4)} vs ${p.rate.toFixed(4)})`);
  bench.add({ case: c.name, unit: 's', ablab: best, peer: p.seconds, ratio: p.seconds / best, falsePositiveRate: rate, peerFalsePositiveRate: p.rate });
}
bench.finish();
