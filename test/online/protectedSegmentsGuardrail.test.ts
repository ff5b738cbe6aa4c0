import { expect } from 'chai';
import {
  createRolloutController, createSplitter, InvalidArgumentError, MeanStats, openEventStore, protectedSegmentPower,
  protectedSegmentsGuardrail, Random, srmGuardrail, type ArmStatistics, type GuardrailContext,
} from '../../src/index.js';
import { binomialMonteCarloSe } from '../support/monteCarlo.js';

const ARMS = ['control', 'treatment'];
const SEGMENTS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];
const SHARES = [0.3, 0.2, 0.15, 0.1, 0.1, 0.07, 0.05, 0.03];
const LOOKS = [0.05, 0.1, 0.2, 0.4, 0.7, 1];
const ALPHA = 0.05;

/**
 * A unit's metric: conversions over 1–4 visits with a unit-level Beta(1, 9) propensity (visits of
 * one unit are correlated), scaled by `factor` in the treatment arm of a harmed segment.
 */
function unitMetric(rng: Random, factor: number): number {
  const p = Math.min(1, rng.beta(1, 9) * factor);
  const visits = 1 + rng.int(4);
  let conversions = 0;
  for (let v = 0; v < visits; v++) conversions += rng.bernoulli(p);
  return conversions;
}

/** Cumulative per-(arm, segment) sums, as the SQL GROUP BY arm, segment returns them. */
class Sums {
  private readonly cells = new Map<string, ArmStatistics>();
  add(arm: string, segment: string, y: number): void {
    const key = `${arm}|${segment}`;
    const row = this.cells.get(key) ?? { arm, segment, n: 0, sum: 0, sumSquares: 0, successes: 0 };
    row.n++;
    row.sum += y;
    row.sumSquares += y * y;
    if (y > 0) row.successes++;
    this.cells.set(key, row);
  }
  rows(): ArmStatistics[] {
    return [...this.cells.values()].map((r) => ({ ...r }));
  }
}

/**
 * One simulated rollout: units arrive in random segments, are split 50/50, and the guardrail is
 * evaluated at each look on the cumulative statistics. Returns whether it failed at any look,
 * and whether a naive rule (one-sided z test at 5% per segment and look, no correction) would have.
 */
async function simulateRollout(rng: Random, totalUnits: number, harm: { segment: string; factor: number } | null) {
  const sums = new Sums();
  const guard = protectedSegmentsGuardrail({ source: { sufficientStatistics: async () => sums.rows() }, metric: 'conversions', segments: SEGMENTS, alpha: ALPHA });
  const context: GuardrailContext = { experiment: 'sim', arms: ARMS, weights: [0.5, 0.5], statistics: [], stage: 0, treatmentShare: 0.5, window: { since: 0, until: 1 }, alpha: ALPHA };
  let unit = 0;
  let failed = false;
  let failedSegment = '';
  let naive = false;
  for (const look of LOOKS) {
    for (; unit < Math.round(look * totalUnits); unit++) {
      let u = rng.uniform(), s = 0;
      while (u >= SHARES[s] && s < SHARES.length - 1) u -= SHARES[s++];
      const arm = rng.bernoulli(0.5) ? 'treatment' : 'control';
      const factor = harm && arm === 'treatment' && SEGMENTS[s] === harm.segment ? harm.factor : 1;
      sums.add(arm, SEGMENTS[s], unitMetric(rng, factor));
    }
    const check = await guard(context);
    if (check.verdict === 'fail' && !failed) {
      failed = true;
      failedSegment = /(\w+) \(treatment vs control\): fail/.exec(check.detail)![1];
    }
    const rows = sums.rows();
    naive ||= SEGMENTS.some((segment) => {
      const [a, b] = ARMS.map((arm) => rows.find((r) => r.arm === arm && r.segment === segment)!);
      const [ma, mb] = [MeanStats.fromSums(a.n, a.sum, a.sumSquares), MeanStats.fromSums(b.n, b.sum, b.sumSquares)];
      return (mb.mean - ma.mean) / Math.sqrt(ma.variance / ma.n + mb.variance / mb.n) < -1.6449;
    });
  }
  return { failed, failedSegment, naive };
}

describe('online: protected segments guardrail', function () {
  this.timeout(60000);

  it(`A/A with ${SEGMENTS.length} protected segments and ${LOOKS.length} looks: false rollbacks ≤ α (within 3 MC SE), where a naive per-segment rule fails far more often`, async () => {
    const rng = new Random(17);
    const replicates = 300;
    let failures = 0, naive = 0;
    for (let r = 0; r < replicates; r++) {
      const result = await simulateRollout(rng, 20000, null);
      failures += Number(result.failed);
      naive += Number(result.naive);
    }
    expect(failures / replicates, `false rollbacks ${failures}/${replicates}`).to.be.at.most(ALPHA + 3 * binomialMonteCarloSe(ALPHA, replicates));
    expect(naive / replicates, `naive rule ${naive}/${replicates}`).to.be.above(0.3);
  });

  it('catches harm confined to one small segment (5% of users) with at least the stated power', async () => {
    const rng = new Random(23);
    const totalUnits = 60000;
    const factor = 0.65; // the treatment cuts conversions by 35% in segment s7 only
    // The stated power needs the metric's mean and sd in the segment: from a large seeded pilot.
    const pilot = (f: number) => MeanStats.fromArray(Array.from({ length: 200000 }, () => unitMetric(rng, f)));
    const [base, harmed] = [pilot(1), pilot(factor)];
    const stated = protectedSegmentPower({
      unitsPerArm: Math.round((totalUnits * SHARES[6]) / 2), sd: Math.sqrt((base.variance + harmed.variance) / 2),
      harm: base.mean - harmed.mean, alpha: ALPHA, hypotheses: SEGMENTS.length,
    });
    expect(stated).to.be.above(0.8);
    const replicates = 150;
    let caught = 0, elsewhere = 0;
    for (let r = 0; r < replicates; r++) {
      const result = await simulateRollout(rng, totalUnits, { segment: 's7', factor });
      if (result.failed && result.failedSegment === 's7') caught++;
      else if (result.failed) elsewhere++;
    }
    expect(caught / replicates, `caught ${caught}/${replicates}, stated power ${stated}`).to.be.at.least(stated - 3 * binomialMonteCarloSe(stated, replicates));
    expect(elsewhere).to.be.at.most(3);
  });

  it('rolls a real rollout back when only a protected segment is harmed, and reads the store by segment level', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'seg', arms: ARMS });
    const guard = protectedSegmentsGuardrail({ source: store, metric: 'conversion', segments: ['IN', 'US'], alpha: 0.05, targetUnitsPerArm: 300 });
    let now = 0; // virtual time: round r's events are stamped r·1000 ms and evaluated at (r+1)·1000
    const controller = createRolloutController({
      splitter, store, stages: [0.5], minUnitsPerArm: 50, minStageDurationMs: 0, clock: { now: () => now }, guardrails: [srmGuardrail(), guard],
    });
    const rng = new Random(3);
    for (let round = 0; round < 6 && controller.status === 'running'; round++) {
      const writes: Promise<void>[] = [];
      for (let i = round * 1500; i < (round + 1) * 1500; i++) {
        const unitId = `u${i}`;
        const { arm } = splitter.assign(unitId);
        if (arm === null) continue;
        const segment = `${i % 2 ? 'mobile' : 'desktop'}/${i % 5 === 0 ? 'IN' : 'US'}`;
        const p = arm === 'treatment' && segment.endsWith('IN') ? 0.05 : 0.3;
        writes.push(store.recordPrediction({ experiment: 'seg', unitId, arm, modelVersion: arm, segment, prediction: null, score: null, latencyMs: 10, timestamp: round * 1000, error: null }));
        if (rng.bernoulli(p)) writes.push(store.recordOutcome({ experiment: 'seg', unitId, metric: 'conversion', value: 1, timestamp: round * 1000 + 1 }));
      }
      await Promise.all(writes);
      now = (round + 1) * 1000;
      await controller.evaluate();
    }
    await store.close();
    expect(controller.status).to.equal('rolledBack');
    const last = controller.log[controller.log.length - 1];
    expect(last.reason).to.equal('failed: protected segments');
    const check = last.checks[1];
    expect(check.detail).to.match(/IN \(treatment vs control\): fail/).and.to.match(/US \(treatment vs control\): pass/);
    expect(check.value).to.be.closeTo(0.25, 0.1);
  });

  it("reads only the stage's window, like the other guardrails (it gets the stage's share of alpha)", async () => {
    const store = await openEventStore();
    try {
      // Stage 1 [0, 1000): the treatment converts far less in 'IN'; stage 2 [1000, 2000): new units, no difference.
      const writes: Promise<void>[] = [];
      for (let u = 0; u < 240; u++) {
        const stage = u < 120 ? 0 : 1;
        const arm = u % 2 === 0 ? 'control' : 'treatment';
        const t = 1000 * stage + (u % 120) * 5;
        writes.push(store.recordPrediction({ experiment: 'w', unitId: `u${u}`, arm, modelVersion: arm, segment: 'IN', prediction: null, score: null, latencyMs: 5, timestamp: t, error: null }));
        const converted = stage === 0 ? (arm === 'control' ? u % 3 !== 0 : u % 10 === 0) : u % 4 !== 0;
        writes.push(store.recordOutcome({ experiment: 'w', unitId: `u${u}`, metric: 'conversion', value: converted ? 1 : 0, timestamp: t + 1 }));
      }
      await Promise.all(writes);
      const guard = protectedSegmentsGuardrail({ source: store, metric: 'conversion', segments: ['IN'], minUnitsPerArm: 20, targetUnitsPerArm: 60 });
      const look = (since: number, until: number) => guard({ experiment: 'w', arms: ARMS, weights: [0.5, 0.5], statistics: [], stage: 1, treatmentShare: 0.5, window: { since, until }, alpha: 0.01 });
      expect((await look(0, 1000)).verdict).to.equal('fail');
      const stageTwo = await look(1000, 2000);
      expect(stageTwo.verdict).to.equal('pass');
      expect(stageTwo.detail).to.contain('60 / 60 units');
    } finally {
      await store.close();
    }
  });

  it('refuses bad configuration by name', () => {
    const source = { sufficientStatistics: async () => [] };
    expect(() => protectedSegmentsGuardrail({ source, metric: 'm', segments: [] })).to.throw(InvalidArgumentError, 'options.segments');
    expect(() => protectedSegmentsGuardrail({ source, metric: 'm', segments: ['a', 'a'] })).to.throw(InvalidArgumentError, 'options.segments');
    expect(() => protectedSegmentsGuardrail({ source, metric: 'm', segments: [{ segment: 'a', margin: -1 }] })).to.throw(InvalidArgumentError, 'options.segments[0].margin');
    expect(() => protectedSegmentsGuardrail({ source: {} as never, metric: 'm', segments: ['a'] })).to.throw(InvalidArgumentError, 'options.source');
    expect(() => protectedSegmentPower({ unitsPerArm: 100, sd: 0, harm: 1, hypotheses: 1 })).to.throw(InvalidArgumentError, 'options.sd');
  });
});
