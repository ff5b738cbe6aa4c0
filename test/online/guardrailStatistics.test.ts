import { expect } from 'chai';
import {
  guardrailStatisticsFromEvents, guardrailStatisticsSql, InvalidArgumentError, openEventStore, Random,
  type ArmGuardrailStatistics, type PredictionEvent,
} from '../../src/index.js';
import { expectClose } from '../support/close.js';

/** Seeded events: units with their own error propensity and latency scale, some invalid inputs, two experiments. */
function makeEvents(seed: number): PredictionEvent[] {
  const rng = new Random(seed);
  const events: PredictionEvent[] = [];
  for (let u = 0; u < 300; u++) {
    const arm = u % 3 === 0 ? 'treatment' : 'control';
    const errorRate = rng.bernoulli(0.1) ? 0.5 : 0.01;
    const scale = 20 * Math.exp(0.5 * rng.normal());
    const visits = 1 + rng.int(8);
    for (let k = 0; k < visits; k++) {
      const invalid = rng.bernoulli(0.05) === 1;
      const failed = !invalid && rng.bernoulli(errorRate) === 1;
      events.push({
        experiment: u % 10 === 9 ? 'other' : 'exp', unitId: `u${u}`, arm, modelVersion: arm, segment: null, prediction: null, score: null,
        // Latencies on a 1/8 ms grid are exact in binary, so SQL and JS sums agree to the last bit.
        latencyMs: Math.round(8 * scale * Math.exp(0.3 * rng.normal())) / 8,
        timestamp: 1_700_000_000_000 + 1000 * rng.int(100_000) + rng.int(1000),
        error: invalid ? 'Invalid argument features = [1]: expected 3 features.' : failed ? 'timeout' : null,
        errorKind: invalid ? 'input' : failed ? 'model' : null,
      });
    }
  }
  return events;
}

function expectSameStatistics(sql: ArmGuardrailStatistics[], memory: ArmGuardrailStatistics[]): void {
  expect(sql.map((s) => s.arm)).to.deep.equal(memory.map((s) => s.arm));
  sql.forEach((row, i) => {
    for (const [key, value] of Object.entries(memory[i])) {
      if (typeof value === 'number') expectClose((row as unknown as Record<string, number>)[key], value, 1e-12, 0, `${row.arm}.${key}`);
    }
  });
}

describe('online: guardrail statistics in SQL', function () {
  this.timeout(20000);
  const events = makeEvents(3);

  it('equals the in-memory computation (unit sums, type-7 quantile and bounds), whole log and a ms window', async () => {
    const store = await openEventStore();
    await Promise.all(events.map((e) => store.recordPrediction(e)));
    try {
      for (const window of [{}, { since: 1_700_000_000_000 + 20_000_123, until: 1_700_000_000_000 + 60_000_500 }]) {
        for (const quantileLevel of [0.95, 0.5]) {
          const options = { experiment: 'exp', quantileLevel, ...window };
          expectSameStatistics(await store.guardrailStatistics(options), guardrailStatisticsFromEvents(events, options));
        }
      }
    } finally {
      await store.close();
    }
  });

  it('counts only model errors: requests refused for their input (errorKind \'input\') are left out', () => {
    const [control] = guardrailStatisticsFromEvents(events, { experiment: 'exp' });
    const served = events.filter((e) => e.experiment === 'exp' && e.arm === 'control' && e.errorKind !== 'input');
    expect(control.requests).to.equal(served.length);
    expect(control.errors).to.equal(served.filter((e) => e.error !== null).length);
    expect(control.units).to.equal(new Set(served.map((e) => e.unitId)).size);
    const withoutInvalid = guardrailStatisticsFromEvents(events.filter((e) => e.errorKind !== 'input'), { experiment: 'exp' });
    expect(withoutInvalid[0]).to.deep.equal(control);
  });

  it('is portable SQL: no DuckDB-only functions (the window\'s bounds through the dialect), parameters through one placeholder function', () => {
    const sql = guardrailStatisticsSql((name) => `:${name}`, 'postgres');
    for (const duckDbOnly of ['list(', 'make_timestamp', 'epoch_ms', 'quantile_cont', 'FILTER (', 'DOUBLE)', '$']) {
      expect(sql.includes(duckDbOnly), duckDbOnly).to.equal(false);
    }
    expect(sql).to.contain(':experiment').and.contain(':since').and.contain(':until').and.contain(':level');
  });

  it('rejects bad options naming them', async () => {
    const store = await openEventStore();
    try {
      for (const [options, argument] of [
        [{ experiment: '' }, 'options.experiment'], [{ experiment: 'e', since: NaN }, 'options.since'],
        [{ experiment: 'e', since: 5, until: 1 }, 'options.until'], [{ experiment: 'e', quantileLevel: 1 }, 'options.quantileLevel'],
      ] as const) {
        const error = await store.guardrailStatistics(options as never).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).argument).to.equal(argument);
      }
    } finally {
      await store.close();
    }
  });
});
