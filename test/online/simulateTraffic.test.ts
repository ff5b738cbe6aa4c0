import { expect } from 'chai';
import {
  createSplitter, InvalidArgumentError, openEventStore, simulateTraffic, type EventStore, type SimulationOptions,
} from '../../src/index.js';
import { dumpSimulation, FIXTURE_SIMULATION } from '../fixtures/online-machinery/simulatedTrafficCase.js';
import fixture from '../fixtures/online-machinery/simulatedTraffic.json';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

async function run(seed: number, overrides: Partial<SimulationOptions> = {}) {
  const store = await openEventStore();
  const splitter = createSplitter({ experiment: 'sim' });
  const summary = await simulateTraffic({ splitter, store, seed, days: 3, usersPerDay: 60, ...overrides });
  return { store, summary };
}

const dump = (store: EventStore) => Promise.all([
  store.query('SELECT * EXCLUDE (ts), epoch_ms(ts) AS ms FROM predictions ORDER BY rowid'),
  store.query('SELECT * EXCLUDE (ts), epoch_ms(ts) AS ms FROM outcomes ORDER BY rowid'),
]);

describe('online: traffic simulator', () => {
  it('is deterministic per seed', async () => {
    const [a, b, c] = await Promise.all([run(7), run(7), run(8)]);
    const [dumpA, dumpB, dumpC] = await Promise.all([dump(a.store), dump(b.store), dump(c.store)]);
    expect(dumpA).to.deep.equal(dumpB);
    expect(dumpA[0].length).to.be.above(100);
    expect(dumpA).to.not.deep.equal(dumpC);
    const { server: _a, ...summaryA } = a.summary;
    const { server: _b, ...summaryB } = b.summary;
    expect(summaryA).to.deep.equal(summaryB);
    await Promise.all([a.store.close(), b.store.close(), c.store.close()]);
  });

  it('stores exactly the events, in the same order, that the one-commit-per-event simulator stored', async () => {
    // simulatedTraffic.json was written by generate_simulated_traffic.ts with the simulator as of 9c9f244,
    // which awaited every event's commit; batched commits must not change a single event, draw or day-end count.
    expect(await dumpSimulation(FIXTURE_SIMULATION)).to.deep.equal(fixture);
  });

  it('produces seasonal traffic, segments, per-arm latency and errors, delayed and censored conversions', async () => {
    const { store, summary } = await run(3, {
      days: 7, usersPerDay: 100, meanConversionDelayHours: 30,
      dayOfWeekTraffic: [1, 1, 1, 1, 1.5, 0.5, 0.5],
      arms: { control: { latency: { medianMs: 10, sigma: 0.3 } }, treatment: { latency: { medianMs: 40, sigma: 0.3 }, errorRate: 0.2 } },
    });
    const perDay = await store.query(`SELECT CAST((epoch_ms(ts) - ${START}) // ${DAY} AS INTEGER) AS day, CAST(COUNT(*) AS INTEGER) AS n
      FROM predictions GROUP BY day ORDER BY day`);
    expect(perDay.map((r) => r.n)).to.deep.equal([100, 100, 100, 100, 150, 50, 50]);
    expect(summary.visits).to.equal(650);
    // Simulated failures are the model's: error_kind 'model' exactly where there is an error.
    expect(await store.query(`SELECT error_kind, CAST(COUNT(*) AS INTEGER) AS n FROM predictions
      WHERE (error IS NULL) <> (error_kind IS NULL) OR error_kind = 'input' GROUP BY error_kind`)).to.deep.equal([]);
    expect((await store.query("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM predictions WHERE error_kind = 'model'"))[0].n).to.be.above(0);

    const segments = await store.query('SELECT DISTINCT segment FROM predictions ORDER BY segment');
    for (const { segment } of segments) expect(segment).to.match(/^(mobile|desktop)\/(US|DE|IN)$/);

    const arms = await store.query(`SELECT arm, median(latency_ms) AS median, AVG(CASE WHEN error IS NULL THEN 0 ELSE 1 END) AS errors
      FROM predictions GROUP BY arm ORDER BY arm`);
    expect(arms[0].median as number).to.be.within(8.5, 11.5);
    expect(arms[1].median as number).to.be.within(34, 46);
    expect(arms[0].errors).to.equal(0);
    expect(arms[1].errors as number).to.be.within(0.12, 0.28);
    expect(summary.errors).to.be.above(0);

    // Conversions come after the converting visit's exposure, inside the window; some are censored.
    const early = await store.query(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM outcomes o
      WHERE metric = 'conversion' AND (o.ts >= make_timestamp(${summary.endTime} * 1000)
        OR o.ts < (SELECT MIN(p.ts) FROM predictions p WHERE p.unit_id = o.unit_id))`);
    expect(early).to.deep.equal([{ n: 0 }]);
    expect(summary.conversions).to.be.above(0);
    expect(summary.censoredConversions).to.be.above(0);
    // Each user's pre-period covariate precedes their first exposure.
    const covariates = await store.query(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM outcomes WHERE metric = 'pre_activity'
      AND ts < make_timestamp(${START} * 1000)`);
    expect(covariates).to.deep.equal([{ n: summary.users }]);
    await store.close();
  });

  it('ends after the day on which onDayEnd returns false, censoring conversions still due', async () => {
    const days: number[] = [];
    const { store, summary } = await run(7, { onDayEnd: (day) => { days.push(day); return day < 1; } });
    expect(days).to.deep.equal([0, 1]);
    expect(summary.endTime).to.equal(START + 2 * DAY);
    const [{ last }] = await store.query('SELECT MAX(epoch_ms(ts)) AS last FROM predictions');
    expect(Number(last)).to.be.below(START + 2 * DAY);
    const full = await run(7);
    expect(summary.visits).to.be.below(full.summary.visits);
    await Promise.all([store.close(), full.store.close()]);
  });

  it('a treatment lift shows up in the sufficient statistics', async () => {
    const { store } = await run(11, { days: 5, usersPerDay: 200, returningShare: 0.5, arms: { treatment: { lift: 1 } } });
    const [control, treatment] = await store.sufficientStatistics({ experiment: 'sim', metric: 'conversion' });
    const rate = (s: { sum: number; n: number }) => s.sum / s.n;
    expect(rate(treatment) / rate(control)).to.be.within(1.4, 2.8);
    await store.close();
  });

  it('rejects bad options with typed errors', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'sim' });
    const base = { splitter, store, seed: 1, days: 1, usersPerDay: 1 };
    const cases: [Partial<SimulationOptions>, string][] = [
      [{ days: 0 }, 'options.days'], [{ usersPerDay: -1 }, 'options.usersPerDay'], [{ seed: -1 }, 'options.seed'],
      [{ baseConversionRate: 2 }, 'options.baseConversionRate'], [{ returningShare: NaN }, 'options.returningShare'],
      [{ meanConversionDelayHours: 0 }, 'options.meanConversionDelayHours'],
      [{ dayOfWeekTraffic: [1, 1] }, 'options.dayOfWeekTraffic'], [{ dayOfWeekConversion: [1, 1, 1, 1, 1, 1, -1] }, 'options.dayOfWeekConversion[6]'],
      [{ arms: { other: {} } }, 'options.arms'], [{ arms: { treatment: { lift: -1 } } }, 'options.arms.treatment.lift'],
      [{ arms: { control: { errorRate: 1.5 } } }, 'options.arms.control.errorRate'],
      [{ arms: { control: { latency: { medianMs: 0, sigma: 1 } } } }, 'options.arms.control.latency.medianMs'],
      [{ segments: { device: {} } }, 'options.segments.device'],
      [{ segments: { device: { mobile: { share: 0, conversionMultiplier: 1 } } } }, 'options.segments.device.mobile.share'],
    ];
    for (const [overrides, argument] of cases) {
      const error = await simulateTraffic({ ...base, ...overrides } as SimulationOptions).catch((e: unknown) => e);
      expect(error, argument).to.be.instanceOf(InvalidArgumentError).with.property('argument', argument);
    }
    await store.close();
  });
});
