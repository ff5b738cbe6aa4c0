import { predictionDriftGuardrail, simulateRollouts } from './src/index.js';
const BASE = { errorRate: 0.01, medianLatencyMs: 20 };
(async () => {
for (const [alpha, reps] of [[0.02, 300], [0.2, 200]] as const) {
  const t0 = Date.now();
  const r = await simulateRollouts({ replications: reps, seed: 3, users: 2000, periods: 10, visitProbability: 0.3, requestsPerVisit: 2,
    control: BASE, treatment: BASE, heterogeneity: { errorSd: 1.5, latencySd: 0.5, scoreSd: 1.5 },
    controller: { alpha, minUnitsPerArm: 30, minStageDurationMs: 2 * 3_600_000, guardrails: [predictionDriftGuardrail({ minPsi: 0 })] } });
  console.log(alpha, r.rolledBack, r.promoted, r.running, Date.now() - t0);
}
})();
