/**
 * groupSequentialBounds with many and closely spaced looks: wall time and CPU time (best of 3) per
 * design, written to bench/results/groupSequential.json with the machine's load (bench/benchRecord.ts).
 * CPU time (process.cpuUsage, user + system) suffers less than wall time from other processes on a
 * shared machine. Run: npx tsx bench/groupSequential.bench.ts
 * Target: 200 looks under one second, single-threaded. Accuracy is tested in
 * test/stats/sequential/groupSequential.test.ts against an independent Gauss–Legendre computation
 * (test/fixtures/sequential/generate_sequential_many_looks.py). No peer: rpact (R) caps its designs at
 * 50 looks; the Python reference takes minutes per 500-look design.
 */
import { groupSequentialBounds, type GroupSequentialOptions } from '../src/index.js';
import { startBench } from './benchRecord.js';

const spaced = (k: number, at: (fraction: number) => number = (x) => x) => Array.from({ length: k }, (_, i) => at((i + 1) / k));
const designs: [string, GroupSequentialOptions][] = [
  ['4 looks, three within 2e-4', { informationFractions: [0.5, 0.5001, 0.5002, 1], alpha: 0.05, sides: 2, spending: 'powerFamily', rho: 2 }],
  ['10 looks, OBF two-sided', { looks: 10, sides: 2, spending: 'obrienFleming' }],
  ['200 looks, power family two-sided', { informationFractions: spaced(200), alpha: 0.00333, sides: 2, spending: 'powerFamily', rho: 2 }],
  ['200 looks, OBF one-sided', { informationFractions: spaced(200), alpha: 0.025, sides: 1, spending: 'obrienFleming' }],
  ['500 looks, Pocock two-sided', { informationFractions: spaced(500), sides: 2, spending: 'pocock' }],
  ['500 looks, OBF one-sided', { informationFractions: spaced(500), alpha: 0.025, sides: 1, spending: 'obrienFleming' }],
  ['500 looks at 1-(1-k/500)^2, power family one-sided', { informationFractions: spaced(500, (x) => 1 - (1 - x) ** 2), alpha: 0.025, sides: 1, spending: 'powerFamily', rho: 1.5 }],
];
const bench = startBench(__filename, 'js', { repeats: 3, statistic: 'best of 3' });
for (const [name, options] of designs) {
  let bestWall = Infinity;
  let bestCpu = Infinity;
  let last = 0;
  for (let run = 0; run < 3; run++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const { looks } = groupSequentialBounds(options);
    bestWall = Math.min(bestWall, (performance.now() - start) / 1000);
    const cpu = process.cpuUsage(cpuStart);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1e6);
    last = looks[looks.length - 1].zBoundary;
  }
  console.log(`${name.padEnd(52)} wall ${bestWall.toFixed(3)} s   cpu ${bestCpu.toFixed(3)} s   last bound ${last.toFixed(6)}`);
  bench.add({ case: name, unit: 's', ablab: bestWall, cpuSeconds: bestCpu, lastBound: last });
}
bench.finish();
