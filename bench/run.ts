/**
 * Runs every benchmark (bench/*.bench.ts) one after the other — each times ablab and its reference
 * peer (numpy / scipy / PyTorch / hashlib) on the same data in one run and prints ratios. Each
 * writes bench/results/<name>.json with its environment and the machine's load (bench/benchRecord.ts);
 * at the end the benches whose machine was not idle are listed again.
 * usage: npm run bench [-- name-filter]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const benches = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
let failed = 0;
const notIdle: string[] = [];
for (const file of benches) {
  console.log(`\n== ${file}`);
  const results = join(__dirname, 'results', file.replace(/\.bench\.ts$/, '.json'));
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, file)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.log(`!! ${file} exited with ${run.status ?? run.signal}`);
  } else if (existsSync(results) && statSync(results).mtimeMs >= started) {
    const { load } = JSON.parse(readFileSync(results, 'utf8')) as { load: { idle: boolean; othersCpuShare: number | null } };
    if (!load.idle) notIdle.push(`${file} (others' CPU share ${load.othersCpuShare === null ? 'unknown' : `${(load.othersCpuShare * 100).toFixed(0)}%`})`);
  }
}
console.log(`\n${benches.length - failed} benchmark(s) ran, ${failed} failed`);
if (notIdle.length > 0) console.error(`!! the machine was NOT IDLE during ${notIdle.length}: ${notIdle.join(', ')} — do not quote their ratios as quiet figures`);
process.exit(failed ? 1 : 0);
