/**
 * The default event store: an embedded DuckDB database holding the exposure/prediction log and
 * the outcome log of online experiments, with durable group-committed writes and SQL analysis.
 */
import { DuckDBInstance, timestampValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, checkChoice, checkOptions } from '../../core/validate.js';
import {
  assertNonEmptyString, DUCKDB_EVENT_LIMITS, validateEvent, type OutcomeEvent, type PredictionEvent, type ValidPredictionEvent,
} from './events.js';
import { createGroupCommitter } from './groupCommit.js';
import { ARM_MONITORING_SQL, toArmMonitoring, type ArmMonitoring } from './monitoring.js';
import {
  orderByArms, sufficientStatisticsParameters, sufficientStatisticsSql, toArmStatistics, type ArmStatistics, type SufficientStatisticsOptions,
} from './sufficientStatistics.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS predictions (
  experiment VARCHAR NOT NULL,
  unit_id VARCHAR NOT NULL,
  arm VARCHAR,
  model_version VARCHAR NOT NULL,
  segment VARCHAR,
  prediction VARCHAR,
  score DOUBLE,
  latency_ms DOUBLE NOT NULL,
  ts TIMESTAMP NOT NULL,
  error VARCHAR,
  error_kind VARCHAR
);
CREATE TABLE IF NOT EXISTS outcomes (
  experiment VARCHAR NOT NULL,
  unit_id VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  value DOUBLE NOT NULL,
  ts TIMESTAMP NOT NULL
);
-- stores created before error kinds were logged: their errors were all counted as model errors
ALTER TABLE predictions ADD COLUMN IF NOT EXISTS error_kind VARCHAR;
UPDATE predictions SET error_kind = 'model' WHERE error IS NOT NULL AND error_kind IS NULL;`;

/** The two tables of the store. */
export type EventTable = 'predictions' | 'outcomes';
const TABLES: readonly EventTable[] = ['predictions', 'outcomes'];
const FORMATS = ['parquet', 'csv'] as const;
const TEXT_COLUMNS: Record<EventTable, string[]> = {
  predictions: ['experiment', 'unit_id', 'arm', 'model_version', 'segment', 'prediction', 'error', 'error_kind'],
  outcomes: ['experiment', 'unit_id', 'metric'],
};
/** SQL for column $c with a leading apostrophe where a spreadsheet would run it as a formula (as neutralizeFormula). */
const NEUTRALIZE_SQL = "CASE WHEN regexp_matches($c, '^[=+\\-@\\t\\r]') AND TRY_CAST($c AS DOUBLE) IS NULL THEN '''' || $c ELSE $c END";

/** Options of {@link openEventStore}. */
export interface EventStoreOptions {
  /** Database file, created if missing, or `':memory:'` (the default) for a throw-away store. */
  path?: string;
  /** Most events written per transaction. Default 512. */
  maxBatch?: number;
}

/** An open event store. */
export interface EventStore {
  readonly path: string;
  /** Resolves once the event is committed (durable, see {@link openEventStore}); rejects bad events with a typed error. */
  recordPrediction(event: PredictionEvent): Promise<void>;
  recordOutcome(event: OutcomeEvent): Promise<void>;
  /** Per-arm (optionally per-segment) sufficient statistics of a metric. */
  sufficientStatistics(options: SufficientStatisticsOptions): Promise<ArmStatistics[]>;
  /** Per-arm traffic, errors, latencies and scores, optionally only from `since` (epoch ms) on. */
  armMonitoring(experiment: string, since?: number): Promise<ArmMonitoring[]>;
  /** Runs SQL meant for reading (analysis, COPY exports) on its own connection, which sees committed data; rows come back as plain objects (BIGINT columns as bigint). */
  query(sql: string, parameters?: Record<string, string | number | boolean | null>): Promise<Record<string, unknown>[]>;
  /** Writes a table to a Parquet or CSV (with header; text a spreadsheet would run as a formula gets a leading apostrophe) file with DuckDB's COPY. */
  exportTable(table: EventTable, file: string, format?: 'parquet' | 'csv'): Promise<void>;
  /** Waits for every write submitted so far. */
  flush(): Promise<void>;
  /** Flushes, then closes the database (a file database is checkpointed). */
  close(): Promise<void>;
}

type PendingWrite =
  | { table: 'predictions'; event: ValidPredictionEvent }
  | { table: 'outcomes'; event: OutcomeEvent };

/**
 * Opens (creating if needed) a DuckDB event store with tables `predictions` (one row per served
 * request: experiment, unit_id, arm, model_version, segment, prediction JSON, score, latency_ms,
 * ts, error, error_kind 'model' | 'input') and `outcomes` (experiment, unit_id, metric, value, ts).
 * Every event is checked against {@link DUCKDB_EVENT_LIMITS} before it is queued (validateEvent).
 *
 * Durability guarantee: a `record…` promise resolves only after the transaction containing the
 * event has committed, and DuckDB writes and fsyncs its write-ahead log on commit (checked with
 * strace on the bundled build). So an acknowledged event survives the process being killed
 * (SIGKILL; tested) and, where the disk honours fsync, a power loss; unacknowledged events may
 * be lost. Writes arriving during a commit are group-committed in the next transaction (at most
 * `maxBatch` events), which keeps throughput high without weakening the guarantee; should a batch
 * still fail, its events are retried one per transaction, so only the event at fault is rejected. A `':memory:'`
 * store is, of course, not durable. One process may open a file at a time (DuckDB's lock).
 * @throws {InvalidArgumentError} on a bad path or batch size.
 * @example
 * const store = await openEventStore();
 * await store.recordOutcome({ experiment: 'e', unitId: 'u1', metric: 'conversion', value: 1, timestamp: 0 });
 * await store.query('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM outcomes') // [{ n: 1 }]
 */
export async function openEventStore(options: EventStoreOptions = {}): Promise<EventStore> {
  options = checkOptions('options', options);
  const path = options.path ?? ':memory:';
  assertNonEmptyString('options.path', path);
  const maxBatch = options.maxBatch ?? 512;
  assertInteger('options.maxBatch', maxBatch, 1);

  const instance = await DuckDBInstance.create(path);
  const writer = await instance.connect();
  await writer.run(SCHEMA);
  const reader = await instance.connect();
  let closed = false;

  const write = createGroupCommitter<PendingWrite>(async (batch) => {
    await writer.run('BEGIN TRANSACTION');
    try {
      await appendBatch(writer, batch);
      await writer.run('COMMIT');
    } catch (error) {
      await writer.run('ROLLBACK');
      throw error;
    }
  }, maxBatch);

  const ensureOpen = (): void => {
    if (closed) throw new InvalidArgumentError('store', path, 'the event store is closed');
  };
  const query = async (sql: string, parameters?: Record<string, string | number | boolean | null>) => {
    ensureOpen();
    const result = await reader.runAndReadAll(sql, parameters);
    return result.getRowObjectsJS() as Record<string, unknown>[];
  };

  return {
    path,
    async recordPrediction(event) {
      ensureOpen();
      return write({ table: 'predictions', event: validateEvent('prediction', event, DUCKDB_EVENT_LIMITS) });
    },
    async recordOutcome(event) {
      ensureOpen();
      return write({ table: 'outcomes', event: validateEvent('outcome', event, DUCKDB_EVENT_LIMITS) });
    },
    async sufficientStatistics(options) {
      const parameters = sufficientStatisticsParameters(options);
      const rows = await query(sufficientStatisticsSql(options.bySegment ?? false), parameters);
      return orderByArms(toArmStatistics(rows, options.covariate !== undefined), options.arms);
    },
    async armMonitoring(experiment, since) {
      assertNonEmptyString('experiment', experiment);
      if (since !== undefined && !Number.isFinite(since)) throw new InvalidArgumentError('since', since, 'expected epoch milliseconds');
      return toArmMonitoring(await query(ARM_MONITORING_SQL, { experiment, since: since ?? null }));
    },
    query,
    async exportTable(table, file, format = 'parquet') {
      if (table === undefined) throw new InvalidArgumentError('table', table, "expected 'predictions' or 'outcomes'");
      checkChoice('table', table, TABLES, 'predictions');
      assertNonEmptyString('file', file);
      const kind = checkChoice('format', format, FORMATS, 'parquet');
      // CSV is opened in spreadsheets: neutralise client-supplied text that would run as a formula.
      const columns = kind === 'csv' ? TEXT_COLUMNS[table].map((c) => `${NEUTRALIZE_SQL.replaceAll('$c', c)} AS ${c}`).join(', ') : '';
      const select = kind === 'csv' ? `SELECT * REPLACE (${columns}) FROM ${table} ORDER BY ts` : `SELECT * FROM ${table} ORDER BY ts`;
      const copyOptions = kind === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet';
      await query(`COPY (${select}) TO '${file.replaceAll("'", "''")}' (${copyOptions})`);
    },
    flush: () => write.drain(),
    async close() {
      if (closed) return;
      await write.drain();
      closed = true;
      reader.closeSync();
      writer.closeSync();
      instance.closeSync();
    },
  };
}

async function appendBatch(connection: DuckDBConnection, batch: PendingWrite[]): Promise<void> {
  const appenders = new Map<EventTable, DuckDBAppender>();
  try {
    for (const pending of batch) {
      let appender = appenders.get(pending.table);
      if (!appender) appenders.set(pending.table, (appender = await connection.createAppender(pending.table)));
      if (pending.table === 'predictions') appendPrediction(appender, pending.event);
      else appendOutcome(appender, pending.event);
      appender.endRow();
    }
    for (const appender of appenders.values()) appender.flushSync();
  } finally {
    for (const appender of appenders.values()) appender.closeSync();
  }
}

function appendOptionalVarchar(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function appendTimestamp(appender: DuckDBAppender, epochMs: number): void {
  appender.appendTimestamp(timestampValue(BigInt(Math.round(epochMs * 1000))));
}

function appendPrediction(appender: DuckDBAppender, event: ValidPredictionEvent): void {
  appender.appendVarchar(event.experiment);
  appender.appendVarchar(event.unitId);
  appendOptionalVarchar(appender, event.arm);
  appender.appendVarchar(event.modelVersion);
  appendOptionalVarchar(appender, event.segment);
  appendOptionalVarchar(appender, event.predictionJson);
  if (event.score === null) appender.appendNull();
  else appender.appendDouble(event.score);
  appender.appendDouble(event.latencyMs);
  appendTimestamp(appender, event.timestamp);
  appendOptionalVarchar(appender, event.error);
  appendOptionalVarchar(appender, event.errorKind);
}

function appendOutcome(appender: DuckDBAppender, event: OutcomeEvent): void {
  appender.appendVarchar(event.experiment);
  appender.appendVarchar(event.unitId);
  appender.appendVarchar(event.metric);
  appender.appendDouble(event.value);
  appendTimestamp(appender, event.timestamp);
}
