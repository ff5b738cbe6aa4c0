/**
 * What every event store does the same whatever engine holds the events: validation, group
 * commit with acknowledgement after commit, the sufficient-statistics and guardrail queries.
 * An engine supplies a {@link EventStoreBackend}: atomic batch commits and reads.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { checkChoice } from '../../core/validate.js';
import { toArmStatistics } from './armStatisticsConversions.js';
import { EVENT_TABLES, type EventTable } from './eventSchema.js';
import type { EventStore } from './eventStore.js';
import { assertNonEmptyString, validateEvent, type EventStoreLimits, type OutcomeEvent, type ValidPredictionEvent } from './events.js';
import { createGroupCommitter } from './groupCommit.js';
import type { BoundParameters, SqlDialectName } from './sqlDialect.js';
import {
  duckDbParameter, guardrailStatisticsParameters, guardrailStatisticsSql, toArmGuardrailStatistics,
} from './guardrailStatistics.js';
import { scoreBinStatisticsParameters, scoreBinStatisticsSql, toArmScoreBinStatistics } from './scoreBinStatistics.js';
import { banditStatisticsQuery, toPeriodArmStatistics } from './banditStatistics.js';
import { orderByArms, sufficientStatisticsQuery, type ArmStatistics } from './sufficientStatistics.js';

/** A validated event, as the values of its table's columns in {@link EVENT_COLUMNS} order (timestamps as bigint microseconds since the epoch). */
export interface EventRow {
  table: EventTable;
  values: (string | number | bigint | null)[];
}

/** The engine-specific half of a store. */
export interface EventStoreBackend {
  readonly path: string;
  readonly dialect: SqlDialectName;
  readonly schemaVersion: number;
  /** Most batch commits run at once (1 for a single-writer engine). */
  readonly maxInFlight: number;
  /** Writes the rows in one transaction; resolves once it has committed durably. */
  commit(rows: EventRow[]): Promise<void>;
  /** Runs a read-only query; parameters named (`$name`) as an object, or bound for the dialect. */
  read(sql: string, parameters?: BoundParameters): Promise<Record<string, unknown>[]>;
  /** What this engine can store: every event is checked against it (validateEvent) before it is queued. */
  readonly limits: Readonly<EventStoreLimits>;
  exportTable(table: EventTable, file: string, format: 'parquet' | 'csv'): Promise<void>;
  /** Releases connections (all writes have been drained before). */
  close(): Promise<void>;
}

const FORMATS = ['parquet', 'csv'] as const;

/** Epoch milliseconds as whole microseconds, the resolution both engines store. */
export function epochMicros(epochMs: number): bigint {
  return BigInt(Math.round(epochMs * 1000));
}

function predictionRow(event: ValidPredictionEvent): EventRow {
  return {
    table: 'predictions',
    values: [event.experiment, event.unitId, event.arm, event.modelVersion, event.segment, event.predictionJson,
      event.score, event.latencyMs, epochMicros(event.timestamp), event.error, event.errorKind,
      event.assignmentProbability, event.allocationPeriod],
  };
}

function outcomeRow(event: OutcomeEvent): EventRow {
  return { table: 'outcomes', values: [event.experiment, event.unitId, event.metric, event.value, epochMicros(event.timestamp)] };
}

/** Code-unit order of arm, then segment (no segment last), the order DuckDB gives. */
function byArmAndSegment(a: ArmStatistics, b: ArmStatistics): number {
  const compare = (x: string | null, y: string | null) => (x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1);
  return compare(a.arm, b.arm) || compare(a.segment, b.segment);
}

/** Builds the {@link EventStore} over a backend. */
export function createEventStore(backend: EventStoreBackend, maxBatch: number): EventStore {
  const { path } = backend;
  let closed = false;
  const write = createGroupCommitter<EventRow>((rows) => backend.commit(rows), maxBatch, backend.maxInFlight);
  const ensureOpen = (): void => {
    if (closed) throw new InvalidArgumentError('store', path, 'the event store is closed');
  };
  const query = async (sql: string, parameters?: BoundParameters) => {
    ensureOpen();
    return backend.read(sql, parameters);
  };

  return {
    path,
    dialect: backend.dialect,
    schemaVersion: backend.schemaVersion,
    async recordPrediction(event) {
      ensureOpen();
      return write(predictionRow(validateEvent('prediction', event, backend.limits)));
    },
    async recordOutcome(event) {
      ensureOpen();
      return write(outcomeRow(validateEvent('outcome', event, backend.limits)));
    },
    async sufficientStatistics(options) {
      const { sql, parameters } = sufficientStatisticsQuery({ ...options, dialect: backend.dialect });
      const rows = toArmStatistics(await query(sql, parameters), options.covariate !== undefined);
      // Sorted here, not by the engine's collation (PostgreSQL's locale may order names differently from DuckDB).
      return orderByArms(rows.sort(byArmAndSegment), options.arms);
    },
    async banditStatistics(options) {
      const { sql, parameters } = banditStatisticsQuery({ ...options, dialect: backend.dialect });
      return toPeriodArmStatistics(await query(sql, parameters), options.arms);
    },
    async guardrailStatistics(options) {
      const parameters = guardrailStatisticsParameters(options);
      return toArmGuardrailStatistics(await query(guardrailStatisticsSql(duckDbParameter, backend.dialect), parameters), parameters.level as number);
    },
    async scoreBinStatistics(options) {
      const parameters = scoreBinStatisticsParameters(options);
      const edgeCount = options.edges.length;
      return toArmScoreBinStatistics(await query(scoreBinStatisticsSql(edgeCount, duckDbParameter, backend.dialect), parameters), edgeCount);
    },
    query,
    async exportTable(table, file, format = 'parquet') {
      ensureOpen();
      if (table === undefined) throw new InvalidArgumentError('table', table, "expected 'predictions' or 'outcomes'");
      checkChoice('table', table, EVENT_TABLES, 'predictions');
      assertNonEmptyString('file', file);
      await backend.exportTable(table, file, checkChoice('format', format, FORMATS, 'parquet'));
    },
    flush: () => write.drain(),
    async close() {
      if (closed) return;
      await write.drain();
      closed = true;
      await backend.close();
    },
  };
}

