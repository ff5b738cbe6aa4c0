/**
 * The DuckDB half of the event store (the default): an embedded database file, or memory, with
 * appender-based batch commits.
 */
import { DuckDBInstance, timestampValue, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { EVENT_COLUMNS, migrateEventSchema, type EventTable } from './eventSchema.js';
import type { EventRow, EventStoreBackend } from './eventStoreBackend.js';
import { assertNonEmptyString, DUCKDB_EVENT_LIMITS } from './events.js';
import { sqlDialect, type BoundParameters, type SqlType } from './sqlDialect.js';

/** Opens (creating and migrating) a DuckDB store at `path` (a file or `':memory:'`). */
export async function openDuckDbBackend(path: string): Promise<EventStoreBackend> {
  assertNonEmptyString('options.path', path);
  const instance = await DuckDBInstance.create(path);
  const writer = await instance.connect();
  const dialect = sqlDialect('duckdb');
  const schemaVersion = await migrateEventSchema({
    dialect,
    async transaction(work) {
      await writer.run('BEGIN TRANSACTION');
      try {
        const result = await work(async (sql) => (await writer.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
        await writer.run('COMMIT');
        return result;
      } catch (error) {
        await writer.run('ROLLBACK');
        writer.closeSync();
        instance.closeSync();
        throw error;
      }
    },
  });
  const reader = await instance.connect();
  const read = async (sql: string, parameters?: BoundParameters) =>
    (await reader.runAndReadAll(sql, parameters as Record<string, DuckDBValue> | undefined)).getRowObjectsJS() as Record<string, unknown>[];

  return {
    path,
    dialect: 'duckdb',
    schemaVersion,
    maxInFlight: 1, // one writer connection, one transaction at a time
    limits: DUCKDB_EVENT_LIMITS,
    async commit(rows) {
      await writer.run('BEGIN TRANSACTION');
      try {
        await appendRows(writer, rows);
        await writer.run('COMMIT');
      } catch (error) {
        await writer.run('ROLLBACK');
        throw error;
      }
    },
    read,
    async exportTable(table, file, format) {
      await read(duckDbCopySql(table, file, format));
    },
    async close() {
      reader.closeSync();
      writer.closeSync();
      instance.closeSync();
    },
  };
}

/** SQL for column $c with a leading apostrophe where a spreadsheet would run it as a formula (as neutralizeFormula). */
const NEUTRALIZE_SQL = "CASE WHEN regexp_matches($c, '^[=+\\-@\\t\\r]') AND TRY_CAST($c AS DOUBLE) IS NULL THEN '''' || $c ELSE $c END";

/**
 * DuckDB's COPY of a table (by default the store's own) ordered by time to a Parquet or CSV file.
 * CSV is opened in spreadsheets: client-supplied text that would run as a formula is neutralised.
 */
export function duckDbCopySql(table: EventTable, file: string, format: 'parquet' | 'csv'): string {
  const textColumns = EVENT_COLUMNS[table].filter((column) => column.type === 'text').map((column) => column.name);
  const select = format === 'csv'
    ? `SELECT * REPLACE (${textColumns.map((c) => `${NEUTRALIZE_SQL.replaceAll('$c', c)} AS ${c}`).join(', ')}) FROM ${table} ORDER BY ts`
    : `SELECT * FROM ${table} ORDER BY ts`;
  const copyOptions = format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet';
  return `COPY (${select}) TO '${file.replaceAll("'", "''")}' (${copyOptions})`;
}

/** Appends rows with DuckDB's appender, one appender per table, typed by {@link EVENT_COLUMNS}. */
export async function appendRows(connection: DuckDBConnection, rows: EventRow[]): Promise<void> {
  const appenders = new Map<EventTable, DuckDBAppender>();
  try {
    for (const { table, values } of rows) {
      let appender = appenders.get(table);
      if (!appender) appenders.set(table, (appender = await connection.createAppender(table)));
      EVENT_COLUMNS[table].forEach((column, i) => appendValue(appender, column.type, values[i]));
      appender.endRow();
    }
    for (const appender of appenders.values()) appender.flushSync();
  } finally {
    for (const appender of appenders.values()) appender.closeSync();
  }
}

function appendValue(appender: DuckDBAppender, type: SqlType, value: string | number | bigint | null): void {
  if (value === null) appender.appendNull();
  else if (type === 'timestamp') appender.appendTimestamp(timestampValue(value as bigint));
  else if (type === 'double') appender.appendDouble(value as number);
  else if (type === 'bigint') appender.appendBigInt(BigInt(value));
  else appender.appendVarchar(value as string);
}
