/**
 * Child process of the replica test: a rollout controller over the shared PostgreSQL store at
 * argv[2], evaluating every 200 ms and printing each decision (with the monitored units per arm)
 * as a JSON line; on "final" from stdin it evaluates the remaining stages, prints the units it
 * sees and exits.
 */
import { createInterface } from 'node:readline';
import { errorRateGuardrail, srmGuardrail } from '../../src/online/rollout/guardrails.js';
import { createRolloutController } from '../../src/online/rollout/rolloutController.js';
import { createSplitter } from '../../src/online/splitter/splitter.js';
import { openEventStore } from '../../src/online/store/eventStore.js';
import { REPLICA_EXPERIMENT } from './replicaTraffic.js';

async function main(): Promise<void> {
  const store = await openEventStore({ url: process.argv[2], maxConnections: 1 });
  const splitter = createSplitter(REPLICA_EXPERIMENT);
  // Deterministic guardrails only (assignment and errors), so the decisions do not depend on timing noise.
  // One stage at the replicas' 50/50 split: the controller's share changes are not pushed to the
  // replicas' splitters (each process has its own), so a later stage would show a ratio mismatch.
  const rollout = createRolloutController({
    splitter, store, stages: [0.5], minUnitsPerArm: 40, minStageDurationMs: 0, guardrails: [srmGuardrail(), errorRateGuardrail({ margin: 0.05 })],
  });
  const evaluate = async () => {
    if (rollout.status !== 'running') return;
    const decision = await rollout.evaluate();
    const units = (await store.guardrailStatistics({ experiment: splitter.experiment })).map((m) => m.units);
    process.stdout.write(`${JSON.stringify({ decision: decision.decision, reason: decision.reason, units })}\n`);
  };
  let busy = Promise.resolve();
  const timer = setInterval(() => {
    busy = busy.then(evaluate);
  }, 200);
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line !== 'final') return;
    clearInterval(timer);
    busy = busy.then(async () => {
      // With all traffic in, every remaining stage can be decided.
      for (let i = 0; i < 2; i++) await evaluate();
      const units = (await store.guardrailStatistics({ experiment: splitter.experiment })).map((m) => m.units);
      process.stdout.write(`${JSON.stringify({ final: true, status: rollout.status, units })}\n`);
      await store.close();
    });
  });
}

void main();
