import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAdaptiveAllocation, createSplitter, InsufficientDataError, InvalidArgumentError, ipwEffectTest, openAdaptiveAllocation, openEventStore,
  Random, simulateLiveBandit, stratifiedEffectTest, createModelServer, type ArmRewardSums, type PeriodArmStatistics,
} from '../../src/index.js';

/** Awaits `promise` and checks that it rejects with an instance of `type` whose message contains `message`. */
async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error, message: string): Promise<void> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).to.be.instanceOf(type);
  expect((error as Error).message).to.contain(message);
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const monteCarloSe = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1) / xs.length);

/**
 * One simulated bandit in memory (no store): the allocation reads per-arm sums kept here, and the
 * per-(period, arm) cells the store's bandit statistics would give are collected alongside.
 */
async function simulateInMemory(replicate: number, rate: (arm: number, progress: number) => number, units = 800, policy: 'thompson' | 'topTwoThompson' = 'thompson') {
  const splitter = createSplitter({ experiment: `simulated-${replicate}`, arms: ['control', 'treatment'] });
  const sums: ArmRewardSums[] = [0, 1].map(() => ({ n: 0, sum: 0, sumSquares: 0, successes: 0 }));
  const allocation = await createAdaptiveAllocation({ splitter, statistics: () => sums, floor: 0.1, updateEveryEvents: 100, now: 0, policy });
  const rng = new Random(1000 + replicate);
  const cells = new Map<string, PeriodArmStatistics>();
  let regret = 0;
  for (let i = 0; i < units; i++) {
    const assignment = await allocation.assign(`unit-${i}`, i);
    const arm = splitter.arms.indexOf(assignment.arm!);
    const rates = [rate(0, i / units), rate(1, i / units)];
    const y = rng.uniform() < rates[arm] ? 1 : 0;
    regret += Math.max(...rates) - rates[arm];
    Object.assign(sums[arm], { n: sums[arm].n + 1, sum: sums[arm].sum + y, sumSquares: sums[arm].sumSquares + y, successes: sums[arm].successes + y });
    const key = `${assignment.period}/${assignment.arm}`;
    const cell = cells.get(key) ?? { period: assignment.period!, arm: assignment.arm!, probability: assignment.probability!, n: 0, sum: 0, sumSquares: 0 };
    cells.set(key, { ...cell, n: cell.n + 1, sum: cell.sum + y, sumSquares: cell.sumSquares + y });
  }
  const naive = sums[1].sum / sums[1].n - sums[0].sum / sums[0].n;
  return { cells: [...cells.values()], naive, regret, allocation };
}

describe('online: bandits that steer live traffic', () => {
  it('over 200 simulated bandits with a seasonal conversion rate, IPW and stratified effects are unbiased (within 3 Monte Carlo SE) and the naive pooled difference is not', async function () {
    this.timeout(60_000);
    // Both arms' rates rise over the run (seasonality); the treatment is always 0.05 better, so the true effect is 0.05.
    // The bandit moves traffic to the treatment as it learns, so treatment units come later, when every rate is higher.
    const rate = (arm: number, progress: number) => 0.05 + 0.25 * progress + 0.05 * arm;
    const estimates: Record<'horvitzThompson' | 'hajek' | 'stratified' | 'naive', number[]> = { horvitzThompson: [], hajek: [], stratified: [], naive: [] };
    let covered = 0;
    for (let replicate = 0; replicate < 200; replicate++) {
      const { cells, naive } = await simulateInMemory(replicate, rate);
      const ht = ipwEffectTest(cells, { control: 'control', treatment: 'treatment', estimator: 'horvitzThompson' });
      estimates.horvitzThompson.push(ht.estimate!);
      estimates.hajek.push(ipwEffectTest(cells, { control: 'control', treatment: 'treatment' }).estimate!);
      estimates.stratified.push(stratifiedEffectTest(cells, { control: 'control', treatment: 'treatment' }).estimate!);
      estimates.naive.push(naive);
      if (ht.ci!.lower <= 0.05 && 0.05 <= ht.ci!.upper) covered++;
    }
    for (const name of ['horvitzThompson', 'hajek', 'stratified'] as const) {
      expect(Math.abs(mean(estimates[name]) - 0.05), name).to.be.below(3 * monteCarloSe(estimates[name]));
    }
    // Measured: the naive difference averages about 0.09 (bias ≈ +0.04, some 18 Monte Carlo SE).
    expect(mean(estimates.naive) - 0.05).to.be.above(10 * monteCarloSe(estimates.naive));
    // The 95% Wald interval of Horvitz–Thompson covers: 200 runs, binomial sd ≈ 0.015.
    expect(covered / 200).to.be.within(0.9, 0.99);
  });

  it('the live Thompson bandit has less regret than a fixed 50/50 split; top-two Thompson keeps exploring both', async function () {
    this.timeout(30_000);
    const rate = (arm: number) => (arm === 0 ? 0.1 : 0.15);
    const thompson: number[] = [];
    const topTwo: number[] = [];
    for (let replicate = 0; replicate < 40; replicate++) {
      thompson.push((await simulateInMemory(replicate, rate)).regret);
      topTwo.push((await simulateInMemory(replicate, rate, 800, 'topTwoThompson')).regret);
    }
    const fixedSplit = 800 * 0.5 * 0.05; // expected regret of 50/50: half the units lose 0.05
    expect(mean(thompson) + 3 * monteCarloSe(thompson)).to.be.below(fixedSplit);
    // Top-two with β = 0.5 gives two arms 50/50 (Russo 2016): its regret is the fixed split's, up to sampling.
    expect(Math.abs(mean(topTwo) - fixedSplit)).to.be.below(4 * monteCarloSe(topTwo) + 1);
  });

  it('sticky assignment: a unit keeps its arm, probability and period across weight updates that would move its hash bucket', async () => {
    const splitter = createSplitter({ experiment: 'sticky', arms: ['a', 'b'] });
    let sums: ArmRewardSums[] = [{ n: 0, sum: 0, sumSquares: 0, successes: 0 }, { n: 0, sum: 0, sumSquares: 0, successes: 0 }];
    const allocation = await createAdaptiveAllocation({ splitter, statistics: () => sums, floor: 0.05, updateEveryEvents: 1000, updateEveryMs: 60_000, now: 0 });
    const first = await Promise.all(Array.from({ length: 200 }, (_, i) => allocation.assign(`u${i}`, 10)));
    // Arm b now wins clearly; after 60 s of the caller's clock the next assignment starts period 1.
    sums = [{ n: 100, sum: 5, sumSquares: 5, successes: 5 }, { n: 100, sum: 30, sumSquares: 30, successes: 30 }];
    const again = await Promise.all(Array.from({ length: 200 }, (_, i) => allocation.assign(`u${i}`, 60_010)));
    expect(allocation.periods.map((p) => p.period)).to.deep.equal([0, 1]);
    expect(allocation.periods[1].weights[0]).to.be.closeTo(0.05, 1e-4);
    // Under the new weights most former a-units' buckets now fall in b: they must not move.
    const wouldMove = first.filter((x) => x.arm === 'a' && splitter.assign(x.unitId).arm === 'b');
    expect(wouldMove.length).to.be.above(50);
    again.forEach((x, i) => {
      expect(x).to.include({ arm: first[i].arm, probability: first[i].probability, period: 0, returning: true });
    });
    const newcomer = await allocation.assign('new-unit', 60_020);
    expect(newcomer).to.include({ period: 1, returning: false, probability: allocation.periods[1].weights[splitter.arms.indexOf(newcomer.arm!)] });
    expect(allocation.assignedUnits).to.equal(201);
  });

  it('end to end through the model server and a DuckDB store: regret below 50/50, sticky returns, logged probabilities are the weights used, a restart resumes', async function () {
    this.timeout(60_000);
    const directory = mkdtempSync(join(tmpdir(), 'ablab-bandit-'));
    const path = join(directory, 'bandit.duckdb');
    try {
      let store = await openEventStore({ path });
      expect(store.schemaVersion).to.equal(3);
      const splitter = createSplitter({ experiment: 'banner', arms: ['a', 'b'] });
      const allocation = await openAdaptiveAllocation({ splitter, store, metric: 'conversion', floor: 0.05, updateEveryEvents: 100, now: Date.UTC(2024, 0, 1) });
      const run = await simulateLiveBandit({
        allocation, store, units: 500, seed: 1, returningShare: 0.2, concurrency: 10, conversionRate: (arm) => (arm === 'a' ? 0.1 : 0.2),
      });
      // A fixed 50/50 split loses 0.1 on half the units: expected regret 25.
      expect(run.regret).to.be.below(25 * 0.75);
      expect(run.unitsPerArm.b).to.be.above(run.unitsPerArm.a);
      expect(run.armChanges).to.equal(0);
      expect(run.visits).to.be.above(run.units);
      const periods = allocation.periods;
      expect(periods.length).to.be.at.least(5);
      // Every exposure row: the probability and period logged are the weight of its arm in that period (returning visits: of the first one).
      const rows = await store.query(`SELECT unit_id, arm, assignment_probability AS p, CAST(allocation_period AS INTEGER) AS period,
        ROW_NUMBER() OVER (PARTITION BY unit_id ORDER BY ts) AS visit FROM predictions ORDER BY ts`);
      expect(rows.length).to.equal(run.visits);
      const firstOf = new Map<string, Record<string, unknown>>();
      for (const row of rows) {
        const period = periods.find((p) => p.period === row.period)!;
        expect(row.p).to.equal(period.weights[splitter.arms.indexOf(row.arm as string)]);
        if (row.visit === 1n) firstOf.set(row.unit_id as string, row);
        else expect({ arm: row.arm, p: row.p, period: row.period }).to.deep.equal({ arm: firstOf.get(row.unit_id as string)!.arm, p: firstOf.get(row.unit_id as string)!.p, period: firstOf.get(row.unit_id as string)!.period });
      }
      // Each period began once updateEveryEvents (100) exposures had been served in the previous one: at most 100 new units each.
      for (const { period } of periods) expect(rows.filter((r) => r.period === period && r.visit === 1n).length).to.be.at.most(100);
      const cells = await store.banditStatistics({ experiment: 'banner', metric: 'conversion', arms: splitter.arms });
      expect(cells.reduce((s, c) => s + c.n, 0)).to.equal(500);
      expect(cells.reduce((s, c) => s + c.sum, 0)).to.equal(run.conversions);
      const ipw = ipwEffectTest(cells, { control: 'a', treatment: 'b' });
      expect(ipw.ci!.lower).to.be.below(0.1);
      expect(ipw.ci!.upper).to.be.above(0.1);
      await store.close();

      // A restarted server: same store, new allocation; units keep their arms, periods continue.
      store = await openEventStore({ path });
      const resumed = await openAdaptiveAllocation({ splitter: createSplitter({ experiment: 'banner', arms: ['a', 'b'] }), store, metric: 'conversion', floor: 0.05, now: run.endTime });
      expect(resumed.periods[0].period).to.equal(periods[periods.length - 1].period + 1);
      expect(resumed.assignedUnits).to.equal(500);
      const server = createModelServer({ splitter: resumed.splitter, store, models: { a: { version: 'a', predict: () => 0 }, b: { version: 'b', predict: () => 1 } }, allocation: resumed });
      for (const unit of ['unit-0', 'unit-1', 'unit-2']) {
        const before = firstOf.get(unit)!;
        expect(await server.predict(unit, null)).to.include({ arm: before.arm, assignmentProbability: before.p, allocationPeriod: before.period });
      }
      await store.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('concurrent requests (waves of 20, updates every 60) give the same periods and weights on every run', async function () {
    this.timeout(30_000);
    const run = async () => {
      const store = await openEventStore();
      const splitter = createSplitter({ experiment: 'waves', arms: ['a', 'b', 'c'] });
      const allocation = await openAdaptiveAllocation({ splitter, store, metric: 'conversion', policy: 'topTwoThompson', floor: 0.05, updateEveryEvents: 60, now: 0, nDraws: 2000 });
      const result = await simulateLiveBandit({ allocation, store, units: 300, seed: 5, returningShare: 0.1, concurrency: 20, conversionRate: (arm) => ({ a: 0.1, b: 0.2, c: 0.25 })[arm]! });
      const cells = await store.banditStatistics({ experiment: 'waves', metric: 'conversion', arms: splitter.arms });
      await store.close();
      return { weights: allocation.periods.map((p) => p.weights), cells, armChanges: result.armChanges };
    };
    const first = await run();
    expect(first.weights.length).to.be.at.least(5);
    expect(first.armChanges).to.equal(0);
    expect(first.cells.reduce((s, c) => s + c.n, 0)).to.equal(300);
    expect(await run()).to.deep.equal(first);
  });

  it('refuses what would make the analysis or the allocation wrong', async () => {
    const store = await openEventStore();
    try {
      const base = { experiment: 'e', unitId: 'u', arm: 'a', modelVersion: 'v', segment: null, prediction: null, score: null, latencyMs: 1, timestamp: 0, error: null };
      await expectRejection(store.recordPrediction({ ...base, assignmentProbability: 0.5 }), InvalidArgumentError, 'event.allocationPeriod');
      await expectRejection(store.recordPrediction({ ...base, assignmentProbability: 0, allocationPeriod: 0 }), InvalidArgumentError, 'event.assignmentProbability = 0');
      await expectRejection(store.recordPrediction({ ...base, assignmentProbability: 0.5, allocationPeriod: 1.5 }), InvalidArgumentError, 'event.allocationPeriod = 1.5');
      await expectRejection(store.recordPrediction({ ...base, arm: null, assignmentProbability: 0.5, allocationPeriod: 0 }), InvalidArgumentError, 'outside the experiment');
      // A fixed-split exposure in the experiment: no IPW analysis, no adaptive allocation on top of it.
      await store.recordPrediction(base);
      await expectRejection(store.banditStatistics({ experiment: 'e', metric: 'm' }), InsufficientDataError, '1 exposed units have no assignment probability');
      await expectRejection(openAdaptiveAllocation({ splitter: createSplitter({ experiment: 'e', arms: ['a', 'b'] }), store, metric: 'm' }),
        InvalidArgumentError, 'start the bandit under a new experiment name');
      const splitter = createSplitter({ experiment: 'f', arms: ['a', 'b'] });
      await expectRejection(createAdaptiveAllocation({ splitter, statistics: () => [], now: 0 }), InvalidArgumentError, 'options.statistics');
      const allocation = await createAdaptiveAllocation({ splitter, statistics: () => [{ n: 0, sum: 0, sumSquares: 0, successes: 0 }, { n: 0, sum: 0, sumSquares: 0, successes: 0 }], now: 0 });
      expect(() => createModelServer({ splitter: createSplitter({ experiment: 'f', arms: ['a', 'b'] }), store, models: { a: { version: 'a', predict: () => 0 }, b: { version: 'b', predict: () => 0 } }, allocation }))
        .to.throw(InvalidArgumentError, 'options.allocation');
      await expectRejection(allocation.assign('u', Number.NaN), InvalidArgumentError, 'now');
      // A remembered assignment must be a unit id → {arm of the splitter, probability in (0, 1], period}.
      const sums = () => [{ n: 0, sum: 0, sumSquares: 0, successes: 0 }, { n: 0, sum: 0, sumSquares: 0, successes: 0 }];
      const withMemory = (assignments: unknown) => createAdaptiveAllocation({ splitter, statistics: sums, now: 0, assignments: assignments as never });
      await expectRejection(withMemory({}), InvalidArgumentError, 'options.assignments = {}: expected a Map');
      await expectRejection(withMemory('abc'), InvalidArgumentError, 'options.assignments = "abc"');
      await expectRejection(withMemory([['u', { arm: 'c', probability: 0.5, period: 0 }]]), InvalidArgumentError, 'options.assignments[0][1].arm = "c"');
      await expectRejection(withMemory(new Map([['u', { arm: 'a', probability: 0.5, period: 0 }], ['v', { arm: 'b', probability: 0, period: 0 }]])),
        InvalidArgumentError, 'options.assignments[1][1].probability = 0');
      const resumed = await withMemory(new Map([['u', { arm: 'b', probability: 0.25, period: 3 }]]));
      expect(await resumed.assign('u', 0)).to.include({ arm: 'b', probability: 0.25, period: 3, returning: true });
      await expectRejection(simulateLiveBandit({ allocation, store, units: 10, seed: 1.5, conversionRate: () => 0.1 }), InvalidArgumentError, 'options.seed = 1.5');
      await expectRejection(simulateLiveBandit({ allocation, store, units: 10, seed: 1, metric: '', conversionRate: () => 0.1 }), InvalidArgumentError, 'options.metric');
      await expectRejection(simulateLiveBandit({ allocation, store, units: 10, seed: 1, startTime: Number.NaN, conversionRate: () => 0.1 }), InvalidArgumentError, 'options.startTime');
    } finally {
      await store.close();
    }
  });
});
