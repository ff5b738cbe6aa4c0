import { expect } from 'chai';
import {
  AblabError, createModelServer, createRolloutController, createSplitter, createVirtualClock, errorRateGuardrail, guardrailCheck,
  InvalidArgumentError, latencyGuardrail, meanLatencyGuardrail, ModelPredictionError, openEventStore, predictionDriftGuardrail, Random,
  simulateTraffic, srmGuardrail, type EventStore, type Guardrail, type GuardrailContext, type RolloutOptions, type Splitter,
} from '../../src/index.js';

interface Behaviour {
  latencyScale?: number;
  errorRate?: number;
  /** Share of this arm's events lost before logging (breaks the sample ratio). */
  dropRate?: number;
}

const UNITS = Array.from({ length: 4000 }, (_, i) => `u${i}`);
const HOUR = 3_600_000;

/** One round (an hour) of traffic: every unit makes one logged request to the model of its arm. */
async function serveRound(store: EventStore, splitter: Splitter, round: number, rng: Random, behaviour: Record<string, Behaviour>) {
  const writes: Promise<void>[] = [];
  for (const unitId of UNITS) {
    const { arm } = splitter.assign(unitId);
    if (arm === null) continue;
    const b = behaviour[arm] ?? {};
    if (rng.bernoulli(b.dropRate ?? 0)) continue;
    const failed = rng.bernoulli(b.errorRate ?? 0.002) === 1;
    writes.push(store.recordPrediction({
      experiment: splitter.experiment, unitId, arm, modelVersion: arm, segment: null, prediction: null, score: failed ? null : rng.normal(),
      latencyMs: 20 * Math.exp(0.3 * rng.normal()) * (b.latencyScale ?? 1), timestamp: round * HOUR + 1, error: failed ? 'failed' : null,
    }));
  }
  await Promise.all(writes);
}

const GUARDRAILS = () => [srmGuardrail(), errorRateGuardrail({ margin: 0.02 }), meanLatencyGuardrail({ margin: 0.2 }), latencyGuardrail({ margin: 0.2 })];

/** Serves rounds and evaluates after each until the rollout finishes or `maxRounds` pass. */
async function runRollout(behaviour: Record<string, Behaviour>, options: Partial<RolloutOptions> = {}, maxRounds = 14) {
  const store = await openEventStore();
  const splitter = createSplitter({ experiment: 'rollout', arms: ['champion', 'challenger'] });
  let now = 0;
  const controller = createRolloutController({ splitter, store, minUnitsPerArm: 80, minStageDurationMs: HOUR, guardrails: GUARDRAILS(), clock: { now: () => now }, ...options });
  const rng = new Random(5);
  for (let round = 0; round < maxRounds && controller.status === 'running'; round++) {
    await serveRound(store, splitter, round, rng, behaviour);
    now = (round + 1) * HOUR;
    await controller.evaluate();
  }
  await store.close();
  return { controller, splitter };
}

describe('online: rollout controller', function () {
  this.timeout(30000);

  it("ramps the new model's share 5% → 20% → 50% → promotion (100%), and a unit on the new model keeps it", async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'rollout', arms: ['champion', 'challenger'] });
    let now = 0;
    const controller = createRolloutController({ splitter, store, minUnitsPerArm: 80, minStageDurationMs: HOUR, guardrails: GUARDRAILS(), clock: { now: () => now } });
    expect(splitter.weights).to.deep.equal([0.95, 0.05]);
    expect(splitter.allocation).to.equal(1);
    const rng = new Random(5);
    const onNewModel = new Set<string>();
    const measuredShares: number[] = [];
    for (let round = 0; round < 20 && controller.status === 'running'; round++) {
      for (const unit of UNITS) {
        const { arm } = splitter.assign(unit);
        if (onNewModel.has(unit)) expect(arm, unit).to.equal('challenger');
        if (arm === 'challenger') onNewModel.add(unit);
      }
      measuredShares.push(UNITS.filter((u) => splitter.assign(u).arm === 'challenger').length / UNITS.length);
      await serveRound(store, splitter, round, rng, {});
      now = (round + 1) * HOUR;
      await controller.evaluate();
    }
    expect(controller.status).to.equal('promoted');
    expect(UNITS.every((u) => splitter.assign(u).arm === 'challenger')).to.equal(true);
    const advances = controller.log.filter((d) => d.decision === 'advance');
    expect(advances.map((d) => [d.stage, d.allocation, d.nextAllocation])).to.deep.equal([[0, 0.05, 0.2], [1, 0.2, 0.5], [2, 0.5, 1]]);
    expect(controller.log.every((d) => d.decision !== 'rollback')).to.equal(true);
    // The measured share of units on the new model follows the stages (hash split of 4000 units).
    for (const share of [0.05, 0.2, 0.5]) expect(measuredShares.some((m) => Math.abs(m - share) < 0.02), `share ${share}`).to.equal(true);
    for (const d of advances) {
      expect(d.checks.map((c) => c.verdict)).to.deep.equal(['pass', 'pass', 'pass', 'pass']);
      expect(d.alpha).to.equal(0.05 / 12);
    }
    expect(advances[2].reason).to.contain('promoted to 100%');
    const error = await controller.evaluate().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AblabError).with.property('message').that.contains('finished');
    await store.close();
  });

  it('promotes to 1 − holdback, keeping the holdback on the current model', async () => {
    const { controller, splitter } = await runRollout({}, { holdback: 0.1, stages: [0.2, 0.5] });
    expect(controller.status).to.equal('promoted');
    expect(controller.treatmentShare).to.equal(0.9);
    expect(splitter.weights[1]).to.be.closeTo(0.9, 1e-12);
    expect(controller.log[controller.log.length - 1].reason).to.contain('holdback 10%');
  });

  const failures: [string, Behaviour, string][] = [
    ['a higher error rate', { errorRate: 0.15 }, 'error rate (challenger vs champion)'],
    ['a slower model', { latencyScale: 1.6 }, 'mean latency (challenger vs champion)'],
    ['lost exposure logs (SRM)', { dropRate: 0.5 }, 'sample ratio mismatch'],
  ];
  for (const [what, challenger, check] of failures) {
    it(`rolls back on ${what}`, async () => {
      const { controller, splitter } = await runRollout({ challenger });
      expect(controller.status).to.equal('rolledBack');
      const last = controller.log[controller.log.length - 1];
      expect(last).to.include({ decision: 'rollback', nextAllocation: 0 });
      expect(splitter.weights).to.deep.equal([1, 0]);
      expect(UNITS.some((u) => splitter.assign(u).arm === 'challenger')).to.equal(false);
      expect(last.reason).to.contain(check);
      expect(last.checks.find((c) => c.name === check)).to.include({ passed: false, verdict: 'fail' });
    });
  }

  it('rolls back on a slower p95 alone (same mean latency)', async () => {
    const check = latencyGuardrail({ margin: 0.2 });
    const { controller } = await runRollout({ challenger: { latencyScale: 1.5 } }, { guardrails: [check] });
    expect(controller.status).to.equal('rolledBack');
    expect(controller.log[controller.log.length - 1].reason).to.contain('p95 latency');
  });

  it('holds for the minimum duration and units, then rolls back after maxHoldsPerStage holds', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'quiet' });
    let now = 0;
    const controller = createRolloutController({ splitter, store, maxHoldsPerStage: 3, clock: { now: () => now } });
    now = 2 * HOUR;
    const first = await controller.evaluate();
    expect(first).to.include({ stage: 0, allocation: 0.05, decision: 'hold', nextAllocation: 0.05, time: 2 * HOUR });
    expect(first.reason).to.equal('stage ran 2 h of at least 24 h');
    expect(first.checks[1]).to.include({ name: 'guardrail 2', verdict: 'inconclusive' });
    now = 25 * HOUR;
    expect((await controller.evaluate()).reason).to.equal('waiting for 200 units per arm (fewest: 0)');
    const third = await controller.evaluate();
    expect(third.decision).to.equal('rollback');
    expect(third.reason).to.contain('after 3 evaluations');
    await store.close();
  });

  it('gives pluggable (async) guardrails the stage context and their share of alpha', async () => {
    let ready = false;
    const seen: GuardrailContext[] = [];
    const custom: Guardrail = async (context) => {
      seen.push(context);
      return guardrailCheck('business KPI', ready ? 'pass' : 'inconclusive', context.statistics.length, 2, 'custom');
    };
    const { controller } = await runRollout({}, { guardrails: [custom, srmGuardrail()], minUnitsPerArm: 2 }, 1);
    expect(controller.log[0]).to.include({ decision: 'hold', reason: 'inconclusive: business KPI' });
    expect(seen[0]).to.include({ experiment: 'rollout', stage: 0, treatmentShare: 0.05, alpha: 0.05 / 6 });
    expect(seen[0].weights).to.deep.equal([0.95, 0.05]);
    expect(seen[0].window).to.deep.equal({ since: 0, until: HOUR + 1 });
    expect(seen[0].statistics.map((s) => s.arm)).to.deep.equal(['champion', 'challenger']);
    ready = true;
    const { controller: again } = await runRollout({}, { guardrails: [custom], minUnitsPerArm: 2, stages: [0.5] });
    expect(again.log.map((d) => d.decision)).to.deep.equal(['advance']);
    expect(again.status).to.equal('promoted');
  });

  it('does not count invalid inputs as model errors: a client cannot force a rollback', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'hostile', arms: ['champion', 'challenger'] });
    const clock = createVirtualClock(0);
    const strict = (version: string) => ({
      version,
      predict: (features: unknown) => {
        if (!Array.isArray(features) || features.length !== 1) throw new InvalidArgumentError('features', features, 'expected 1 feature');
        return 0.5;
      },
    });
    const server = createModelServer({ splitter, store, clock, models: { champion: strict('v1'), challenger: strict('v2') } });
    const controller = createRolloutController({ splitter, store, clock, minUnitsPerArm: 20, minStageDurationMs: 0, guardrails: [errorRateGuardrail({ margin: 0.02 })], stages: [0.5] });
    const hostile = UNITS.filter((u) => splitter.assign(u).arm === 'challenger').slice(0, 20);
    for (let i = 0; i < 600; i++) {
      // Refused input is the client's error: rethrown as is (HTTP 400), logged with error_kind 'input'.
      await server.predict(hostile[i % 20], 'not features').catch((e: unknown) => expect(e).to.be.instanceOf(InvalidArgumentError));
    }
    for (const unit of UNITS.slice(0, 400)) await server.predict(unit, [1]);
    clock.setTime(1000);
    const decision = await controller.evaluate();
    expect(decision.decision).to.not.equal('rollback');
    expect(decision.checks[0].verdict).to.not.equal('fail');
    expect(decision.checks[0].value).to.equal(0); // 600 failed requests with invalid input left out
    expect(decision.units).to.deep.equal([UNITS.slice(0, 400).filter((u) => splitter.assign(u).arm === 'champion').length, 400 - decision.units[0]]);
    await store.close();
  });

  it('drives a simulated rollout day by day through simulateTraffic', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'sim-rollout' });
    const clock = { now: () => clockTime };
    let clockTime = Date.UTC(2024, 0, 1);
    const guardrails = [srmGuardrail(), errorRateGuardrail({ margin: 0.1 }), latencyGuardrail({ margin: 0.5 })];
    const controller = createRolloutController({ splitter, store, guardrails, minUnitsPerArm: 20, stages: [0.3, 0.6], clock });
    await simulateTraffic({
      splitter, store, seed: 4, days: 5, usersPerDay: 300,
      onDayEnd: async (day) => {
        clockTime = Date.UTC(2024, 0, day + 2);
        if (controller.status === 'running') await controller.evaluate();
      },
    });
    expect(controller.log.map((d) => d.decision)).to.not.include('rollback');
    expect(controller.log.filter((d) => d.decision === 'advance').length).to.be.at.least(1);
    // Ramping only moved units onto the new model: none went from treatment back to control.
    expect(await store.query(`SELECT unit_id FROM predictions WHERE arm IS NOT NULL GROUP BY unit_id
      HAVING MAX(CASE WHEN arm = 'treatment' THEN epoch_ms(ts) END) < MAX(CASE WHEN arm = 'control' THEN epoch_ms(ts) END)`)).to.deep.equal([]);
    await store.close();
  });

  it('rejects bad options with typed errors', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'bad' });
    const cases: [Partial<RolloutOptions>, string][] = [
      [{ stages: [] }, 'options.stages'], [{ stages: [0.5, 0.2] }, 'options.stages[1]'], [{ stages: [0, 0.5] }, 'options.stages[0]'],
      [{ stages: [0.1, 1] }, 'options.stages[1]'], [{ guardrails: [] }, 'options.guardrails'], [{ holdback: 0.5 }, 'options.holdback'],
      [{ alpha: 0 }, 'options.alpha'], [{ minUnitsPerArm: 1 }, 'options.minUnitsPerArm'], [{ maxHoldsPerStage: 0.5 }, 'options.maxHoldsPerStage'],
      [{ minStageDurationMs: -1 }, 'options.minStageDurationMs'], [{ clock: {} as never }, 'options.clock'],
      [{ splitter: createSplitter({ experiment: 'three', arms: ['a', 'b', 'c'] }) }, 'options.splitter'], [{ store: {} as never }, 'options.store'],
      // The default guardrails include prediction drift, which needs binned score sums.
      [{ store: { guardrailStatistics: store.guardrailStatistics } }, 'options.store'],
    ];
    for (const [overrides, argument] of cases) {
      expect(() => createRolloutController({ splitter, store, ...overrides }), argument).to.throw(InvalidArgumentError).with.property('argument', argument);
    }
    expect(() => createRolloutController(null as never)).to.throw(InvalidArgumentError).with.property('argument', 'options');
    const factories: [() => unknown, string][] = [
      [() => srmGuardrail({ concentration: 0 }), 'options.concentration'], [() => errorRateGuardrail({ margin: -0.1 }), 'options.margin'],
      [() => meanLatencyGuardrail({ mixingSd: 0 }), 'options.mixingSd'], [() => latencyGuardrail({ quantile: 1 }), 'options.quantile'],
      [() => predictionDriftGuardrail({ minPsi: -1 }), 'options.minPsi'], [() => predictionDriftGuardrail({ edges: [0.5, 0.2] }), 'options.edges[1]'],
      [() => predictionDriftGuardrail({ mixingSd: 0 }), 'options.mixingSd'],
    ];
    for (const [make, argument] of factories) expect(make, argument).to.throw(InvalidArgumentError).with.property('argument', argument);
    await store.close();
  });
});
