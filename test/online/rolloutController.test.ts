import { expect } from 'chai';
import {
  AblabError, createRolloutController, createSplitter, errorRateGuardrail, guardrailCheck, InvalidArgumentError,
  latencyGuardrail, openEventStore, predictionDriftGuardrail, Random, simulateTraffic, srmGuardrail,
  type EventStore, type Guardrail, type RolloutOptions, type Splitter,
} from '../../src/index.js';

interface Behaviour {
  latencyScale?: number;
  errorRate?: number;
  scoreShift?: number;
  /** Share of this arm's events lost before logging (breaks the sample ratio). */
  dropRate?: number;
}

const UNITS = Array.from({ length: 4000 }, (_, i) => `u${i}`);

/** One round of traffic: every unit currently in the experiment makes one logged request. */
async function serveRound(store: EventStore, splitter: Splitter, round: number, rng: Random, behaviour: Record<string, Behaviour>) {
  const writes: Promise<void>[] = [];
  for (const unitId of UNITS) {
    const { arm } = splitter.assign(unitId);
    if (arm === null) continue;
    const b = behaviour[arm] ?? {};
    if (rng.bernoulli(b.dropRate ?? 0)) continue;
    const failed = rng.bernoulli(b.errorRate ?? 0) === 1;
    writes.push(store.recordPrediction({
      experiment: splitter.experiment, unitId, arm, modelVersion: arm, segment: null,
      prediction: null, score: failed ? null : rng.normal() + (b.scoreShift ?? 0),
      latencyMs: 20 * Math.exp(0.3 * rng.normal()) * (b.latencyScale ?? 1), timestamp: round * 1000, error: failed ? 'failed' : null,
    }));
  }
  await Promise.all(writes);
}

/** Serves rounds and evaluates after each until the rollout finishes or `maxRounds` pass. */
async function runRollout(behaviour: Record<string, Behaviour>, options: Partial<RolloutOptions> = {}, maxRounds = 12) {
  const store = await openEventStore();
  const splitter = createSplitter({ experiment: 'rollout', arms: ['champion', 'challenger'] });
  const controller = createRolloutController({ splitter, store, minUnitsPerArm: 80, guardrails: [srmGuardrail(), errorRateGuardrail({ margin: 0.02 }), latencyGuardrail({ resamples: 200 }), predictionDriftGuardrail()], ...options });
  const rng = new Random(5);
  for (let round = 0; round < maxRounds && controller.status === 'running'; round++) {
    await serveRound(store, splitter, round, rng, behaviour);
    await controller.evaluate();
  }
  await store.close();
  return { controller, splitter };
}

describe('online: rollout controller', function () {
  this.timeout(20000);

  it('ramps a healthy challenger 5% → 20% → 50% → 100% without moving any unit', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'rollout', arms: ['champion', 'challenger'] });
    const controller = createRolloutController({ splitter, store, minUnitsPerArm: 80, guardrails: [srmGuardrail(), errorRateGuardrail({ margin: 0.02 }), latencyGuardrail({ resamples: 200 }), predictionDriftGuardrail()] });
    expect(splitter.allocation).to.equal(0.05);
    const rng = new Random(5);
    const armOf = new Map<string, string>();
    for (let round = 0; round < 12 && controller.status === 'running'; round++) {
      await serveRound(store, splitter, round, rng, {});
      for (const unit of UNITS) {
        const { arm } = splitter.assign(unit);
        if (arm === null) continue;
        expect(armOf.get(unit) ?? arm, unit).to.equal(arm);
        armOf.set(unit, arm);
      }
      await controller.evaluate();
    }
    expect(controller.status).to.equal('completed');
    expect(splitter.allocation).to.equal(1);
    const advances = controller.log.filter((d) => d.decision === 'advance');
    expect(advances.map((d) => [d.stage, d.allocation, d.nextAllocation])).to.deep.equal([[0, 0.05, 0.2], [1, 0.2, 0.5], [2, 0.5, 1], [3, 1, 1]]);
    expect(controller.log.every((d) => d.decision !== 'rollback')).to.equal(true);
    for (const d of advances) {
      expect(d.checks.map((c) => c.passed)).to.deep.equal([true, true, true, true]);
      for (const c of d.checks) expect(c).to.have.all.keys('name', 'passed', 'verdict', 'value', 'threshold', 'detail');
    }
    expect(advances[3].reason).to.contain('rollout complete');
    const error = await controller.evaluate().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AblabError).with.property('message').that.contains('finished');
    await store.close();
  });

  const failures: [string, Behaviour, string][] = [
    ['a higher error rate', { errorRate: 0.15 }, 'error rate (challenger vs champion)'],
    ['a slower p95 latency', { latencyScale: 1.6 }, 'p95 latency (challenger vs champion)'],
    ['drifted predictions', { scoreShift: 1 }, 'prediction drift (challenger vs champion)'],
    ['lost exposure logs (SRM)', { dropRate: 0.4 }, 'sample ratio mismatch'],
  ];
  for (const [what, challenger, check] of failures) {
    it(`rolls back on ${what}`, async () => {
      const { controller, splitter } = await runRollout({ challenger });
      expect(controller.status).to.equal('rolledBack');
      const last = controller.log[controller.log.length - 1];
      expect(last.decision).to.equal('rollback');
      expect(last.nextAllocation).to.equal(0);
      expect(splitter.allocation).to.equal(0);
      expect(last.reason).to.contain(check);
      const failed = last.checks.find((c) => c.name === check)!;
      expect(failed).to.include({ passed: false, verdict: 'fail' });
    });
  }

  it('holds while data is missing and rolls back after maxHoldsPerStage holds', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'quiet' });
    const controller = createRolloutController({ splitter, store, maxHoldsPerStage: 3 });
    const first = await controller.evaluate();
    expect(first).to.include({ stage: 0, allocation: 0.05, decision: 'hold', nextAllocation: 0.05 });
    expect(first.reason).to.equal('waiting for 200 units per arm (fewest: 0)');
    expect(first.checks[0]).to.include({ name: 'guardrail 1', verdict: 'inconclusive' });
    await controller.evaluate();
    const third = await controller.evaluate();
    expect(third.decision).to.equal('rollback');
    expect(third.reason).to.contain('after 3 evaluations');
    expect(splitter.allocation).to.equal(0);
    await store.close();
  });

  it('accepts custom (async) guardrails', async () => {
    let ready = false;
    const custom: Guardrail = async ({ monitoring }) => guardrailCheck('business KPI', ready ? 'pass' : 'inconclusive', monitoring.length, 2, 'custom');
    const { controller } = await runRollout({}, { guardrails: [custom], minUnitsPerArm: 1 }, 1);
    expect(controller.log[0]).to.include({ decision: 'hold', reason: 'inconclusive: business KPI' });
    ready = true;
    const { controller: again } = await runRollout({}, { guardrails: [custom], minUnitsPerArm: 1, stages: [0.5, 1] });
    expect(again.log.map((d) => d.decision)).to.deep.equal(['advance', 'advance']);
    expect(again.status).to.equal('completed');
  });

  it('drives a simulated rollout day by day', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'sim-rollout' });
    const guardrails = [srmGuardrail(), errorRateGuardrail({ margin: 0.1 }), latencyGuardrail({ margin: 0.5, resamples: 200 }), predictionDriftGuardrail()];
    const controller = createRolloutController({ splitter, store, guardrails, minUnitsPerArm: 20, stages: [0.3, 0.6, 1] });
    await simulateTraffic({
      splitter, store, seed: 4, days: 5, usersPerDay: 150,
      onDayEnd: async () => {
        if (controller.status === 'running') await controller.evaluate();
      },
    });
    expect(controller.log.map((d) => d.decision)).to.not.include('rollback');
    expect(controller.log.filter((d) => d.decision === 'advance').length).to.be.at.least(1);
    // Ramping never moved a unit: each unit has exactly one arm in the log.
    expect(await store.query(`SELECT unit_id FROM predictions WHERE arm IS NOT NULL GROUP BY unit_id HAVING COUNT(DISTINCT arm) > 1`)).to.deep.equal([]);
    await store.close();
  });

  it('rejects bad options with typed errors', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'bad' });
    const cases: [Partial<RolloutOptions>, string][] = [
      [{ stages: [] }, 'options.stages'], [{ stages: [0.5, 0.2, 1] }, 'options.stages[1]'], [{ stages: [0, 1] }, 'options.stages[0]'],
      [{ stages: [0.1, 0.5] }, 'options.stages'], [{ guardrails: [] }, 'options.guardrails'],
      [{ minUnitsPerArm: 0 }, 'options.minUnitsPerArm'], [{ maxHoldsPerStage: 0.5 }, 'options.maxHoldsPerStage'], [{ seed: -2 }, 'seed'],
    ];
    for (const [overrides, argument] of cases) {
      expect(() => createRolloutController({ splitter, store, ...overrides }), argument).to.throw(InvalidArgumentError).with.property('argument', argument);
    }
    const factories: [() => unknown, string][] = [
      [() => srmGuardrail({ threshold: 1 }), 'options.threshold'], [() => errorRateGuardrail({ margin: -0.1 }), 'options.margin'],
      [() => errorRateGuardrail({ alpha: 0 }), 'options.alpha'], [() => latencyGuardrail({ quantile: 1 }), 'options.quantile'],
      [() => latencyGuardrail({ resamples: 10 }), 'options.resamples'], [() => predictionDriftGuardrail({ alpha: 2 }), 'options.alpha'],
    ];
    for (const [make, argument] of factories) expect(make, argument).to.throw(InvalidArgumentError).with.property('argument', argument);
    await store.close();
  });
});

describe('online: error-rate guardrail with no observed errors', () => {
  const arm = (name: string, requests: number, errors: number) => ({ arm: name, requests, errors }) as never;
  const check = (control: number, treatment: number, margin = 0.005) =>
    errorRateGuardrail({ margin })({ monitoring: [arm('champion', control, 0), arm('challenger', treatment, 0)] } as never);

  it('is inconclusive on few requests: 0 errors in 50 is likely even at a 3% error rate', async () => {
    const result = await check(50, 50);
    expect(result).to.include({ verdict: 'inconclusive', passed: false });
    expect(result.detail).to.contain('exact bounds');
  });

  it('passes once the exact upper bound of the difference is below the margin', async () => {
    // Clopper–Pearson 97.5% upper bound of 0/n is 1 − 0.025^(1/n) ≈ 3.69/n: below 0.005 from n ≈ 740.
    expect(await check(1000, 1000)).to.include({ verdict: 'pass', passed: true });
  });
});
