/**
 * Benchmark: ablab's simulateAATests (Monte Carlo A/A false-positive rate) against an equivalent
 * numpy implementation (bench/online_peer.py, Debian's /usr/bin/python3) on the same settings.
 * Run: npx tsx bench/online.bench.ts. Each side reports its best of `repeats` runs, timed inside
 * its own process (interpreter start-up excluded). Prints `name  ablab=<s>  peer=<s>  ratio=<peer/ablab>x`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { simulateAATests } from '../src/index.js';
import { startBench } from './benchRecord.js';

interface Case {
  name: string;
  nExperiments: number;
  nPerArm: number;
  baseline: number;
  alpha: number;
  seed: number;
  repeats: number;
}

const cases: Case[] = [
  { name: 'aa-btpe-200k-x-10000', nExperiments: 200_000, nPerArm: 10_000, baseline: 0.1, alpha: 0.05, seed: 1, repeats: 5 },
  { name: 'aa-inversion-200k-x-100', nExperiments: 200_000, nPerArm: 100, baseline: 0.05, alpha: 0.05, seed: 2, repeats: 5 },
  { name: 'aa-btpe-1m-x-1000', nExperiments: 1_000_000, nPerArm: 1_000, baseline: 0.3, alpha: 0.05, seed: 3, repeats: 3 },
];

function timeAblab(c: Case): { seconds: number; rejectionRate: number } {
  simulateAATests({ ...c, nExperiments: 1000 }); // warm up the JIT
  let best = Infinity;
  let rejectionRate = NaN;
  for (let i = 0; i < c.repeats; i++) {
    const start = performance.now();
    rejectionRate = simulateAATests(c).rejectionRate;
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return { seconds: best, rejectionRate };
}

const bench = startBench(__filename, 'js', { cases });
const peer: { name: string; seconds: number; rejectionRate: number }[] = JSON.parse(
  execFileSync('/usr/bin/python3', [join(__dirname, 'online_peer.py'), JSON.stringify(cases)], { encoding: 'utf8' }),
);
for (const c of cases) {
  const ours = timeAblab(c);
  const theirs = peer.find((p) => p.name === c.name)!;
  console.log(`${c.name}  ablab=${ours.seconds.toFixed(4)}  peer=${theirs.seconds.toFixed(4)}  ratio=${(theirs.seconds / ours.seconds).toFixed(2)}x`
    + `  (rejection rate ablab ${ours.rejectionRate.toFixed(4)}, numpy ${theirs.rejectionRate.toFixed(4)})`);
  bench.add({ case: c.name, unit: 's', ablab: ours.seconds, peer: theirs.seconds, ratio: theirs.seconds / ours.seconds, rejectionRate: ours.rejectionRate, peerRejectionRate: theirs.rejectionRate });
}
bench.finish();
