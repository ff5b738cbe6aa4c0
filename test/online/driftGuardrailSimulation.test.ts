import { expect } from 'chai';
import {
  errorRateGuardrail, latencyGuardrail, meanLatencyGuardrail, predictionDriftGuardrail, rolloutPower, simulateRollouts, srmGuardrail,
  type SimulateRolloutsOptions,
} from '../../src/index.js';
import { binomialMonteCarloSe } from '../support/monteCarlo.js';

/**
 * Seeded Monte Carlo of whole rollouts (simulateRollouts: real splitter and controller, binned
 * scores aggregated per unit as in the store's SQL) with strongly user-correlated scores: few
 * users, many requests each, a user's score logit offset with sd 1.5 against 0.5 within the user
 * (intra-user correlation 0.9 on the logit scale).
 */
const BASE = { errorRate: 0.01, medianLatencyMs: 20 };
const CORRELATED: SimulateRolloutsOptions = {
  replications: 200, seed: 20261201, users: 400, periods: 12, visitProbability: 0.5, requestsPerVisit: 6,
  control: BASE, treatment: BASE, heterogeneity: { errorSd: 1.5, latencySd: 0.5, scoreSd: 1.5 },
  controller: {
    // The drift test alone, with no PSI condition, at a large alpha so that its error rate is measurable.
    alpha: 0.2, stages: [0.2, 0.5], minUnitsPerArm: 30, minStageDurationMs: 2 * 3_600_000, guardrails: [predictionDriftGuardrail({ minPsi: 0 })],
  },
};


describe('online: prediction-drift guardrail holds its error rate and power (seeded simulation)', function () {
  this.timeout(120_000);

  it('A/A with user-correlated scores: P(ever failing over the whole rollout) ≤ alpha = 0.2 (within 3 Monte Carlo SE)', async () => {
    const aa = await simulateRollouts(CORRELATED);
    expect(aa.rollbackRate).to.be.at.most(0.2 + 3 * binomialMonteCarloSe(0.2, aa.replications));
    // The looks span both stages: most A/A rollouts are promoted within the 12 periods.
    expect(aa.promoted).to.be.at.least(150);
  });

  it('a shifted score distribution (+0.7 on the logit scale) is caught with at least the stated power', async () => {
    // One stage held for all 12 periods (its minimum duration), so the stated power at the last look is a lower bound.
    const shifted = {
      ...CORRELATED, replications: 100, seed: 5, treatment: { ...BASE, scoreLogitMean: 0.7 },
      controller: { ...CORRELATED.controller, alpha: 0.05, stages: [0.5], minStageDurationMs: 13 * 3_600_000 },
    };
    const stated = rolloutPower(shifted);
    expect(stated.drift).to.be.within(0.5, 0.95); // informative: neither trivial nor hopeless
    const result = await simulateRollouts(shifted);
    expect(result.rollbackRate).to.be.at.least(stated.drift! - 3 * binomialMonteCarloSe(stated.drift!, result.replications));
  });

  it('in the default guardrail set (PSI ≥ 0.1 required) the whole A/A rollout keeps P(any rollback) ≤ alpha = 0.05', async () => {
    const aa = await simulateRollouts({
      ...CORRELATED, replications: 100, seed: 77, users: 2000, periods: 10,
      controller: {
        alpha: 0.05, minUnitsPerArm: 30, minStageDurationMs: 2 * 3_600_000,
        guardrails: [srmGuardrail(), errorRateGuardrail({ margin: 0.02 }), meanLatencyGuardrail({ margin: 0.25 }), latencyGuardrail({ margin: 0.25 }), predictionDriftGuardrail()],
      },
    });
    expect(aa.rollbackRate).to.be.at.most(0.05 + 3 * binomialMonteCarloSe(0.05, aa.replications));
    expect(aa.rollbackReasons).to.not.have.property('prediction drift (treatment vs control)');
  });
});
