/**
 * Bandit regret simulator: ablab's simulateBandit vs an equivalent numpy implementation
 * (bench/bandits_peer.py, vectorized across runs) on the same problem.
 * Run: npx tsx bench/bandits.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { simulateBandit, type SimulatedPolicy } from '../src/index.js';
import { startBench } from './benchRecord.js';


const armMeans = [0.05, 0.04, 0.03];
const horizon = 10_000;
const nRuns = 200;
const cases: SimulatedPolicy[] = ['thompson', 'epsilonGreedy', 'ucb1'];
const bench = startBench(__filename, 'js', { armMeans, horizon, nRuns });

function timeAblab(policy: SimulatedPolicy): number {
  simulateBandit({ policy, armMeans, horizon: 500, nRuns: 5, seed: 2 }); // warm-up (JIT)
  const start = performance.now();
  simulateBandit({ policy, armMeans, horizon, nRuns, seed: 1 });
  return (performance.now() - start) / 1000;
}

function timePeer(policy: SimulatedPolicy): number {
  const args = [join(__dirname, 'bandits_peer.py'), policy, String(horizon), String(nRuns), '1', ...armMeans.map(String)];
  const output = execFileSync('/usr/bin/python3', args, { encoding: 'utf8' });
  return Number(output.trim().split(/\s+/)[0]);
}

for (const policy of cases) {
  const ablab = timeAblab(policy);
  const peer = timePeer(policy);
  console.log(`${policy} (${armMeans.length} arms, horizon ${horizon}, ${nRuns} runs)  ablab=${ablab.toFixed(3)}s  peer=${peer.toFixed(3)}s  ratio=${(peer / ablab).toFixed(2)}x`);
  bench.add({ case: policy, unit: 's', ablab, peer, ratio: peer / ablab });
}
bench.finish();
