/**
 * Assignment throughput of the hash splitter (millions of units per second), ablab against the
 * same algorithm in Python's hashlib (bench/splitter_peer.py), in one run.
 * Run: npx tsx bench/splitter.bench.ts [units, default 500000]
 */
import { execFileSync } from 'node:child_process';
import { hash } from 'node:crypto';
import { join } from 'node:path';
import { createSplitter, hashBucket } from '../src/index.js';
import { startBench } from './benchRecord.js';

const N = Number(process.argv[2] ?? 500_000);
const bench = startBench(__filename, 'js', { units: N });
const units = Array.from({ length: N }, (_, i) => `user-${i}`);

/** Millions of calls per second over all units, best of three passes (the first also warms up the JIT). */
function rate(fn: (unit: string) => unknown): number {
  let best = 0;
  for (let pass = 0; pass < 3; pass++) {
    const start = process.hrtime.bigint();
    for (const unit of units) fn(unit);
    best = Math.max(best, N / (Number(process.hrtime.bigint() - start) / 1e9) / 1e6);
  }
  return best;
}

const splitter = createSplitter({ experiment: 'checkout', arms: ['control', 'a', 'b'], weights: [2, 1, 1], allocation: 0.5 });
const ablab = {
  bucket: rate((unit) => hashBucket('checkout', unit)),
  assign: rate((unit) => splitter.assign(unit)),
};
const nodeCrypto = rate((unit) => parseInt(hash('md5', `checkout_${unit}`).slice(0, 8), 16));
const peer = JSON.parse(execFileSync('/usr/bin/python3', [join(__dirname, 'splitter_peer.py'), String(N)], { encoding: 'utf8' })) as Record<string, number>;

const format = (x: number) => `${x.toFixed(3)}M/s`;
for (const name of ['bucket', 'assign'] as const) {
  console.log(`${name}  ablab=${format(ablab[name])}  peer=${format(peer[name])}  ratio=${(ablab[name] / peer[name]).toFixed(2)}x`);
  bench.add({ case: name, unit: 'M units/s', ablab: ablab[name], peer: peer[name], ratio: ablab[name] / peer[name] });
}
console.log(`(units=${N}; bucket via node:crypto hash('md5') for comparison: ${format(nodeCrypto)})`);
bench.add({ case: 'bucket via node:crypto md5', unit: 'M units/s', ablab: nodeCrypto });
bench.finish();
