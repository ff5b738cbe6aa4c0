/**
 * The time window [since, until) of the store queries (timeWindow.ts) on DuckDB and on a real
 * PostgreSQL (started by this file, test/support/postgresCluster.ts): rows exactly at the bounds,
 * a microsecond either side of them, at the first and last instant each store holds, and bounds
 * far outside the engines' timestamp ranges. The expected rows are counted here from the events
 * (the in-memory reference functions apply `since <= timestamp < until` in plain JavaScript).
 */
import { expect } from 'chai';
import {
  ALL_TIME, DUCKDB_EVENT_LIMITS, guardrailStatisticsFromEvents, openEventStore, POSTGRES_EVENT_LIMITS, scoreBinStatisticsFromEvents,
  type EventStore, type EventStoreLimits, type PredictionEvent,
} from '../../src/index.js';
import { sqlDialect } from '../../src/online/store/sqlDialect.js';
import { timeBoundCondition } from '../../src/online/store/timeWindow.js';
import { suitePostgresCluster } from '../support/postgresCluster.js';

const SINCE = 1_700_000_000_123;
const UNTIL = SINCE + 60_000;

/** One unit per timestamp, its own arm by parity; the unit id says where it lies. */
function boundaryEvents(limits: EventStoreLimits): PredictionEvent[] {
  const times: Record<string, number> = {
    first: limits.minTimestampMs, beforeSince: SINCE - 1, justBeforeSince: SINCE - 0.001, atSince: SINCE, inside: SINCE + 30_000,
    justBeforeUntil: UNTIL - 0.001, untilMinus1ms: UNTIL - 1, atUntil: UNTIL, justAfterUntil: UNTIL + 0.001, last: limits.maxTimestampMs,
  };
  return Object.entries(times).map(([unitId, timestamp], i) => ({
    experiment: 'w', unitId, arm: i % 2 === 0 ? 'a' : 'b', modelVersion: 'v', segment: null, prediction: 0.5, score: 0.25 + 0.5 * (i % 2),
    latencyMs: 10 + i, timestamp, error: null,
  }));
}

/** Units of `events` in [since, until), by arm. */
function unitsIn(events: PredictionEvent[], since: number, until: number): Record<string, string[]> {
  const inside = events.filter((e) => e.timestamp >= since && e.timestamp < until);
  return Object.fromEntries(['a', 'b'].map((arm) => [arm, inside.filter((e) => e.arm === arm).map((e) => e.unitId)]).filter(([, units]) => units.length > 0));
}

async function checkStore(store: EventStore, limits: EventStoreLimits): Promise<void> {
  const events = boundaryEvents(limits);
  try {
    await Promise.all(events.map((e) => store.recordPrediction(e)));
    await Promise.all(events.map((e) => store.recordOutcome({ experiment: 'w', unitId: e.unitId, metric: 'm', value: 1, timestamp: e.timestamp })));
    const windows = [
      { since: SINCE, until: UNTIL }, { since: SINCE - 0.001, until: UNTIL + 0.001 }, { since: SINCE + 0.001, until: UNTIL - 1 },
      {}, { since: -1e17, until: 1e17 }, { since: ALL_TIME.since, until: limits.maxTimestampMs }, { since: limits.minTimestampMs + 0.001 },
      { since: 1e17, until: 2e17 }, { since: -2e17, until: -1e17 }, { since: SINCE, until: SINCE },
    ];
    for (const window of windows) {
      const expected = unitsIn(events, window.since ?? ALL_TIME.since, window.until ?? ALL_TIME.until);
      const label = JSON.stringify(window);
      const guardrail = await store.guardrailStatistics({ experiment: 'w', ...window });
      expect(Object.fromEntries(guardrail.map((r) => [r.arm, r.units])), label).to.deep.equal(Object.fromEntries(Object.entries(expected).map(([arm, units]) => [arm, units.length])));
      // Counts and sums of whole milliseconds are exact in SQL (interpolated quantiles may differ in the last bit).
      const exact = (rows: typeof guardrail) => rows.map((r) => [r.arm, r.units, r.requests, r.latency, r.maxUnitRequests]);
      expect(exact(guardrail), label).to.deep.equal(exact(guardrailStatisticsFromEvents(events, { experiment: 'w', ...window })));
      const bins = { experiment: 'w', edges: [0.5], ...window };
      expect(await store.scoreBinStatistics(bins), label).to.deep.equal(scoreBinStatisticsFromEvents(events, bins));
      // Exposures in the window; each unit's one outcome (at its exposure) counts when before until.
      const statistics = await store.sufficientStatistics({ experiment: 'w', metric: 'm', ...window });
      expect(Object.fromEntries(statistics.map((r) => [r.arm, [r.n, r.sum]])), label)
        .to.deep.equal(Object.fromEntries(Object.entries(expected).map(([arm, units]) => [arm, [units.length, units.length]])));
    }
  } finally {
    await store.close();
  }
}

describe('online: store time windows [since, until)', function () {
  this.timeout(60_000);

  it('compares the raw ts column with bounds the dialect converts, clamped to what the store holds', () => {
    expect(timeBoundCondition(sqlDialect('duckdb'), 'since', '$since'))
      .to.equal('ts >= make_timestamp(CAST(ROUND((GREATEST(LEAST(CAST($since AS DOUBLE), 8640000000000001), -8640000000000000)) * 1000) AS BIGINT))');
    expect(timeBoundCondition(sqlDialect('postgres'), 'until', '$2', 'o.ts'))
      .to.equal("o.ts < (TIMESTAMP 'epoch' + (GREATEST(LEAST(CAST($2 AS DOUBLE PRECISION), 8640000000000001), -210866803200000)) * INTERVAL '1 millisecond')");
    // Engines without an ablab store get the plain conversion.
    expect(timeBoundCondition(sqlDialect('bigquery'), 'since', '@since')).to.equal('ts >= TIMESTAMP_MILLIS(CAST(CAST(@since AS FLOAT64) AS INT64))');
  });

  it('DuckDB: rows at since and until - 1 ms (or 1 µs) are in, at until out; extreme and all-time bounds convert', async () => {
    await checkStore(await openEventStore(), DUCKDB_EVENT_LIMITS);
  });

  describe('on a real PostgreSQL', () => {
    const cluster = suitePostgresCluster();

    it('the same, with ALL_TIME.since before PostgreSQL\'s first timestamp (4713 BC)', async () => {
      await checkStore(await openEventStore({ url: await cluster().createDatabase('time_window') }), POSTGRES_EVENT_LIMITS);
    });
  });
});
