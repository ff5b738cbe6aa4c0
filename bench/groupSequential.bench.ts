/**
 * groupSequentialBounds with many and closely spaced looks: wall time (best of 3) per design.
 * Run: npx tsx bench/groupSequential.bench.ts   Target: 200 looks under one second on a quiet core.
 * Accuracy is tested in test/stats/sequential/groupSequential.test.ts against an independent
 * Gauss–Legendre computation (test/fixtures/sequential/generate_sequential_many_looks.py).
 */
import { groupSequentialBounds, type GroupSequentialOptions } from '../src/index.js';

const equally = (k: number) => Array.from({ length: k }, (_, i) => (i + 1) / k);
const designs: [string, GroupSequentialOptions][] = [
  ['4 looks, three within 2e-4', { informationFractions: [0.5, 0.5001, 0.5002, 1], alpha: 0.05, sides: 2, spending: 'powerFamily', rho: 2 }],
  ['10 looks, OBF two-sided', { looks: 10, sides: 2, spending: 'obrienFleming' }],
  ['200 looks, power family two-sided', { informationFractions: equally(200), alpha: 0.00333, sides: 2, spending: 'powerFamily', rho: 2 }],
  ['200 looks, OBF one-sided', { informationFractions: equally(200), alpha: 0.025, sides: 1, spending: 'obrienFleming' }],
  ['500 looks, Pocock two-sided', { informationFractions: equally(500), sides: 2, spending: 'pocock' }],
];
for (const [name, options] of designs) {
  let best = Infinity;
  let last = 0;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    const { looks } = groupSequentialBounds(options);
    best = Math.min(best, (performance.now() - start) / 1000);
    last = looks[looks.length - 1].zBoundary;
  }
  console.log(`${name.padEnd(36)} ${best.toFixed(3)} s   last bound ${last.toFixed(6)}`);
}
