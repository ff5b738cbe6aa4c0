/**
 * The binned-score SQL of the prediction-drift guardrail on DuckDB and on a real PostgreSQL
 * (started by this file, test/support/postgresCluster.ts), against an exact small case computed
 * in plain Python (test/fixtures/online-machinery/generate_score_bins.py → score_bins.json; the
 * generator's docstring derives control's sums by hand) and the in-memory computation.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  armScoreBinStatisticsOfUnits, InvalidArgumentError, openEventStore, Random, scoreBinStatisticsFromEvents, scoreBinStatisticsSql,
  type ArmScoreBinStatistics, type EventStore, type PredictionEvent, type ScoreBinStatisticsOptions,
} from '../../src/index.js';
import { suitePostgresCluster } from '../support/postgresCluster.js';

const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/online-machinery/score_bins.json'), 'utf8')) as {
  events: PredictionEvent[];
  cases: { options: ScoreBinStatisticsOptions; expected: ArmScoreBinStatistics[] }[];
};

/** Seeded events: 120 units with their own score level, several requests each, some failed or unscored. */
function seededEvents(): PredictionEvent[] {
  const rng = new Random(11);
  const events: PredictionEvent[] = [];
  for (let u = 0; u < 120; u++) {
    const arm = u % 3 === 0 ? 'treatment' : 'control';
    const level = rng.normal();
    for (let k = 0, n = 1 + rng.int(6); k < n; k++) {
      const failed = rng.bernoulli(0.05) === 1;
      // Scores on a 1/64 grid, some exactly on the cut points.
      const score = Math.round(64 / (1 + Math.exp(-level - 0.5 * rng.normal()))) / 64;
      events.push({
        experiment: 'exp', unitId: `u${u}`, arm, modelVersion: arm, segment: null, prediction: score, score: rng.bernoulli(0.1) ? null : score,
        latencyMs: 10, timestamp: 1000 * rng.int(1000), error: failed ? 'timeout' : null, errorKind: failed ? 'model' : null,
      });
    }
  }
  return events;
}

async function checkStore(open: () => Promise<EventStore>): Promise<void> {
  const store = await open();
  try {
    await Promise.all(fixture.events.map((e) => store.recordPrediction(e)));
    for (const { options, expected } of fixture.cases) {
      expect(await store.scoreBinStatistics(options), JSON.stringify(options)).to.deep.equal(expected);
    }
  } finally {
    await store.close();
  }
  const seeded = await open();
  try {
    const events = seededEvents();
    await Promise.all(events.map((e) => seeded.recordPrediction(e)));
    for (const options of [{ experiment: 'exp', edges: [0.25, 0.5, 0.75] }, { experiment: 'exp', edges: [0.5], since: 200_000, until: 700_000 }]) {
      // Sums of integer products: exact in both engines and in memory.
      expect(await seeded.scoreBinStatistics(options)).to.deep.equal(scoreBinStatisticsFromEvents(events, options));
    }
  } finally {
    await seeded.close();
  }
}

describe('online: binned score statistics in SQL (prediction-drift guardrail)', function () {
  this.timeout(60_000);

  it('the in-memory reference gives the exact sums of the small case', () => {
    for (const { options, expected } of fixture.cases) expect(scoreBinStatisticsFromEvents(fixture.events, options)).to.deep.equal(expected);
    expect(armScoreBinStatisticsOfUnits([{ arm: 'a', scores: [0.2, 0.7] }, { arm: 'a', scores: [0.9] }], [0.5])[0].counts).to.deep.equal([1, 2]);
  });

  it('DuckDB gives the exact sums of the small case and of seeded traffic', async () => {
    await checkStore(() => openEventStore());
  });

  it('is portable SQL: no engine-specific aggregates (the window\'s bounds through the dialect), parameters through one placeholder function', () => {
    const sql = scoreBinStatisticsSql(3, (name) => `:${name}`, 'postgres');
    for (const specific of ['list(', 'array_agg', 'make_timestamp', 'epoch_ms', 'FILTER (', 'DOUBLE)', '$']) expect(sql.includes(specific), specific).to.equal(false);
    expect(sql).to.contain(':edge3').and.contain(':since').and.contain(':until');
  });

  it('rejects bad options naming them', async () => {
    const store = await openEventStore();
    try {
      for (const [options, argument] of [
        [{ experiment: '', edges: [0.5] }, 'options.experiment'], [{ experiment: 'e', edges: [] }, 'options.edges'],
        [{ experiment: 'e', edges: [0.5, 0.5] }, 'options.edges[1]'], [{ experiment: 'e', edges: [0.5], since: 5, until: 1 }, 'options.until'],
        [{ experiment: 'e', edges: Array.from({ length: 64 }, (_, i) => i) }, 'options.edges'],
      ] as const) {
        const error = await store.scoreBinStatistics(options as never).catch((e: unknown) => e);
        expect(error, argument).to.be.instanceOf(InvalidArgumentError).with.property('argument', argument);
      }
    } finally {
      await store.close();
    }
  });

  describe('on a real PostgreSQL', () => {
    const cluster = suitePostgresCluster();
    let databases = 0;

    it('gives the exact sums of the small case and of seeded traffic, like DuckDB', async () => {
      await checkStore(async () => openEventStore({ url: await cluster().createDatabase(`bins${++databases}`) }));
    });
  });
});
