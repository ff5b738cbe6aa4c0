/**
 * Runs every benchmark (bench/*.bench.ts) one after the other — each times ablab and its reference
 * peer (numpy / scipy / PyTorch / hashlib) on the same data in one run and prints ratios.
 * usage: npm run bench [-- name-filter]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const benches = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, file)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.log(`!! ${file} exited with ${run.status ?? run.signal}`);
  }
}
console.log(`\n${benches.length - failed} benchmark(s) ran, ${failed} failed`);
process.exit(failed ? 1 : 0);
