/**
 * The event store: the exposure/prediction log and the outcome log of online experiments, with
 * durable group-committed writes and SQL analysis. An embedded DuckDB database by default; a
 * PostgreSQL database (given a URL) when several processes or hosts log into one store.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, checkOptions } from '../../core/validate.js';
import { openDuckDbBackend } from './duckDbEventStore.js';
import type { EventTable } from './eventSchema.js';
import type { BanditStatisticsOptions } from './banditStatistics.js';
import type { PeriodArmStatistics } from '../../stats/bandits/periodArmStatistics.js';
import type { ArmGuardrailStatistics, GuardrailStatisticsOptions } from './guardrailStatistics.js';
import type { ArmScoreBinStatistics, ScoreBinStatisticsOptions } from './scoreBinStatistics.js';
import { createEventStore } from './eventStoreBackend.js';
import type { OutcomeEvent, PredictionEvent } from './events.js';
import { openPostgresBackend } from './postgresEventStore.js';
import type { SqlDialectName } from './sqlDialect.js';
import type { ArmStatistics, SufficientStatisticsOptions } from './sufficientStatistics.js';

export type { EventTable } from './eventSchema.js';

/** Options of {@link openEventStore}. */
export interface EventStoreOptions {
  /** DuckDB database file, created if missing, or `':memory:'` (the default) for a throw-away store. */
  path?: string;
  /** `postgres://user:password@host:port/database` (libpq URL, `?sslmode=…` honoured): use that PostgreSQL database instead of DuckDB. */
  url?: string;
  /** Most events written per transaction. Default 512. */
  maxBatch?: number;
  /** PostgreSQL only: most pooled connections. Default 4: up to 3 batch commits at once, one connection kept for queries. */
  maxConnections?: number;
}

/** An open event store. */
export interface EventStore {
  /** The DuckDB file, or the PostgreSQL URL without its password. */
  readonly path: string;
  /** The engine holding the events: `'duckdb'` or `'postgres'`. */
  readonly dialect: SqlDialectName;
  /** Schema version of the store after opening (see SCHEMA_MIGRATIONS). */
  readonly schemaVersion: number;
  /** Resolves once the event is committed (durable, see {@link openEventStore}); rejects bad events with a typed error. */
  recordPrediction(event: PredictionEvent): Promise<void>;
  recordOutcome(event: OutcomeEvent): Promise<void>;
  /** Per-arm (optionally per-segment) sufficient statistics of a metric. */
  sufficientStatistics(options: SufficientStatisticsOptions): Promise<ArmStatistics[]>;
  /**
   * Per allocation period and arm, the metric's sums over the units first assigned then and their
   * assignment probability (banditStatisticsQuery): the input of ipwEffectTest and stratifiedEffectTest.
   * @throws {InsufficientDataError} when some exposed units have no assignment probability.
   */
  banditStatistics(options: BanditStatisticsOptions): Promise<PeriodArmStatistics[]>;
  /**
   * Per-arm unit-level sums of model errors, latency and a latency quantile in a time window
   * (guardrailStatisticsSql): O(arms) rows whatever the traffic. The rollout guardrails read these.
   */
  guardrailStatistics(options: GuardrailStatisticsOptions): Promise<ArmGuardrailStatistics[]>;
  /**
   * Per-arm unit-level sums of binned prediction scores in a time window (scoreBinStatisticsSql):
   * O(arms × bins²) numbers whatever the traffic. The prediction-drift guardrail reads these.
   * Changed: replaces `armMonitoring`, which returned every latency and score (O(events)).
   */
  scoreBinStatistics(options: ScoreBinStatisticsOptions): Promise<ArmScoreBinStatistics[]>;
  /**
   * Runs SQL meant for reading (analysis, COPY exports) on a connection of its own, which sees
   * committed data; rows come back as plain objects (BIGINT columns as bigint, TIMESTAMP as a UTC
   * Date). Parameters are named, `$experiment`, in both engines (PostgreSQL gets them as `$1`…;
   * cast a parameter whose type PostgreSQL cannot infer, e.g. `CAST($since AS DOUBLE PRECISION)`).
   */
  query(sql: string, parameters?: Record<string, string | number | boolean | null>): Promise<Record<string, unknown>[]>;
  /**
   * Writes a table, ordered by time, to a Parquet or CSV (with header; text a spreadsheet would run
   * as a formula gets a leading apostrophe) file with DuckDB's COPY (a PostgreSQL store's rows are
   * read in chunks and copied through an in-memory DuckDB).
   */
  exportTable(table: EventTable, file: string, format?: 'parquet' | 'csv'): Promise<void>;
  /** Waits for every write submitted so far. */
  flush(): Promise<void>;
  /** Flushes, then closes the database (a file database is checkpointed). */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) an event store with tables `predictions` (one row per served
 * request: experiment, unit_id, arm, model_version, segment, prediction JSON, score, latency_ms,
 * ts, error, error_kind 'model' | 'input') and `outcomes` (experiment, unit_id, metric, value, ts).
 * Every event is checked against the engine's limits before it is queued (validateEvent with
 * DUCKDB_EVENT_LIMITS or POSTGRES_EVENT_LIMITS). Without `url` the store is
 * an embedded DuckDB database (`path`, in memory by default); with a `postgres://` URL it is that
 * PostgreSQL database, which many processes and hosts can write to at once. The schema is
 * created or migrated on opening (see migrateEventSchema).
 *
 * Durability guarantee: a `record…` promise resolves only after the transaction containing the
 * event has committed, and both engines write and fsync their write-ahead log on commit
 * (DuckDB: checked with strace on the bundled build; PostgreSQL with its default
 * `synchronous_commit = on`). So an acknowledged event survives the writing process being killed
 * (SIGKILL; tested for both) and, where the disk honours fsync, a power loss; unacknowledged
 * events may be lost. Writes arriving during a commit are group-committed in the next
 * transaction (at most `maxBatch` events; PostgreSQL runs up to `maxConnections − 1` such
 * transactions at once), which keeps throughput high without weakening the guarantee; should a
 * batch still fail, its events are retried one per transaction, so only the event at fault is
 * rejected. A `':memory:'` store is, of course, not durable. One process may open a DuckDB file
 * at a time (DuckDB's lock).
 * @throws {InvalidArgumentError} on a bad path, URL or batch size.
 * @throws {SchemaVersionError} when the store was written by a newer ablab or its tables differ from ablab's layout.
 * @example
 * const store = await openEventStore();
 * await store.recordOutcome({ experiment: 'e', unitId: 'u1', metric: 'conversion', value: 1, timestamp: 0 });
 * await store.query('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM outcomes') // [{ n: 1 }]
 * const shared = await openEventStore({ url: 'postgres://ablab:secret@db:5432/events' }); // every replica, same URL
 */
export async function openEventStore(options: EventStoreOptions = {}): Promise<EventStore> {
  options = checkOptions('options', options);
  const maxBatch = options.maxBatch ?? 512;
  assertInteger('options.maxBatch', maxBatch, 1);
  if (options.url !== undefined) {
    if (options.path !== undefined) throw new InvalidArgumentError('options.path', options.path, 'give either path (DuckDB) or url (PostgreSQL), not both');
    return createEventStore(await openPostgresBackend(options.url, options.maxConnections ?? 4), maxBatch);
  }
  return createEventStore(await openDuckDbBackend(options.path ?? ':memory:'), maxBatch);
}
