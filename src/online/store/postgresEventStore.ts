/**
 * The PostgreSQL half of the event store: one database that any number of serving processes
 * and hosts log into at once, through a connection pool, with batch inserts committed in one
 * transaction each.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Pool, types, type PoolClient } from 'pg';
import { AblabError, InvalidArgumentError } from '../../core/errors.js';
import { assertInteger } from '../../core/validate.js';
import { appendRows, duckDbCopySql } from './duckDbEventStore.js';
import { EVENT_COLUMNS, EVENT_TABLES, eventTablesSql, migrateEventSchema, type EventTable } from './eventSchema.js';
import type { EventRow, EventStoreBackend } from './eventStoreBackend.js';
import { POSTGRES_EVENT_LIMITS } from './events.js';
import { rewriteNamedParameters, sqlDialect, type BoundParameters } from './sqlDialect.js';

const dialect = sqlDialect('postgres');

/** Key of the advisory lock that serialises schema migrations between processes opening one database. */
const SCHEMA_LOCK = 0x61626c6162; // 'ablab'

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

/** Results as from DuckDB: TIMESTAMP as a UTC Date (not the process's zone), BIGINT as bigint. */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMP_OID) return (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
    if (oid === INT8_OID) return (text: string) => BigInt(text);
    return types.getTypeParser(oid, format as 'text');
  }) as typeof types.getTypeParser,
};

/** `INSERT … SELECT FROM unnest(arrays)`: a whole batch of one table in one statement with one parameter per column. */
function insertSql(table: EventTable): string {
  const columns = EVENT_COLUMNS[table];
  const arrays = columns.map((column, i) => `$${i + 1}::${{ text: 'text', double: 'float8', timestamp: 'int8', bigint: 'int8' }[column.type]}[]`);
  // Whole seconds and the remaining microseconds, so the interval arithmetic stays exact over the whole range.
  const values = columns.map(({ name, type }) => (type === 'timestamp'
    ? `TIMESTAMP 'epoch' + (${name} / 1000000) * INTERVAL '1 second' + (${name} % 1000000) * INTERVAL '1 microsecond'`
    : name));
  const names = columns.map((column) => column.name).join(', ');
  return `INSERT INTO ${table} (${names})\nSELECT ${values.join(', ')}\nFROM unnest(${arrays.join(', ')}) AS t(${names})`;
}
const INSERT_SQL = Object.fromEntries(EVENT_TABLES.map((table) => [table, insertSql(table)])) as Record<EventTable, string>;

/** The URL without its password, for messages and `store.path`. */
function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Runs `work` in a transaction on a pooled connection; a connection that failed is discarded rather than reused. */
async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Opens the PostgreSQL backend: a pool of at most `maxConnections` connections (session time
 * zone UTC), the schema created or migrated under an advisory lock so that replicas starting
 * together do not race. A batch commit is one transaction of one `INSERT … unnest` per table,
 * acknowledged after `COMMIT` returns (with the default `synchronous_commit = on`, after the WAL
 * is flushed); up to `maxConnections − 1` batches commit at once.
 * @throws {InvalidArgumentError} on a URL that is not `postgres://` / `postgresql://`, or a bad pool size.
 * @throws {AblabError} when the database cannot be reached (the message names the URL, without password).
 */
export async function openPostgresBackend(url: string, maxConnections: number): Promise<EventStoreBackend> {
  if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url)) {
    throw new InvalidArgumentError('options.url', url, 'expected a PostgreSQL URL, postgres://user:password@host:port/database');
  }
  assertInteger('options.maxConnections', maxConnections, 1);
  const path = redact(url);
  const pool = new Pool({ connectionString: url, max: maxConnections, options: '-c TimeZone=UTC', types: typeParsers });
  // An idle connection that dies (server restart) is dropped by the pool; without a listener Node would crash.
  pool.on('error', () => {});

  let schemaVersion: number;
  try {
    schemaVersion = await migrateEventSchema({
      dialect,
      transaction: (work) => inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        return work(async (sql) => (await client.query(sql)).rows as Record<string, unknown>[]);
      }),
    });
  } catch (error) {
    await pool.end();
    if (error instanceof AblabError) throw error;
    const failure = new AblabError(`Cannot open the PostgreSQL event store ${path}: ${(error as Error).message}`);
    failure.cause = error;
    throw failure;
  }

  const read = async (sql: string, parameters?: BoundParameters): Promise<Record<string, unknown>[]> => {
    if (parameters === undefined || Array.isArray(parameters)) return (await pool.query(sql, parameters)).rows;
    const named = rewriteNamedParameters(sql, (_name, index) => `$${index}`);
    const values = named.names.map((name) => {
      if (!(name in parameters)) throw new InvalidArgumentError(`parameters.${name}`, undefined, `expected a value for $${name} (null for none)`);
      return parameters[name];
    });
    return (await pool.query(named.sql, values)).rows;
  };

  return {
    path,
    dialect: 'postgres',
    schemaVersion,
    // Concurrent transactions overlap their round trips and share WAL flushes; one connection stays free for queries.
    maxInFlight: Math.max(1, maxConnections - 1),
    async commit(rows) {
      await inTransaction(pool, async (client) => {
        for (const table of EVENT_TABLES) {
          const mine = rows.filter((row) => row.table === table);
          if (mine.length === 0) continue;
          const columns = EVENT_COLUMNS[table].map((_, i) => mine.map((row) => row.values[i]));
          await client.query({ name: `ablab_insert_${table}`, text: INSERT_SQL[table], values: columns });
        }
      });
    },
    read,
    limits: POSTGRES_EVENT_LIMITS,
    async exportTable(table, file, format) {
      await exportThroughDuckDb(pool, table, file, format);
    },
    close: () => pool.end(),
  };
}

/** Copies a table, in chunks through a cursor, into an in-memory DuckDB and writes the file with DuckDB's COPY, so both stores export the same formats. */
async function exportThroughDuckDb(pool: Pool, table: EventTable, file: string, format: 'parquet' | 'csv'): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const statement of eventTablesSql('duckdb')) await connection.run(statement);
    const columns = EVENT_COLUMNS[table].map(({ name, type }) => (type === 'timestamp' ? `CAST(EXTRACT(EPOCH FROM ${name}) * 1000000 AS BIGINT) AS ${name}` : name));
    await inTransaction(pool, async (client) => {
      await client.query(`DECLARE ablab_export NO SCROLL CURSOR FOR SELECT ${columns.join(', ')} FROM ${table} ORDER BY ts`);
      for (;;) {
        const { rows } = await client.query({ text: 'FETCH 10000 FROM ablab_export', rowMode: 'array' });
        if (rows.length === 0) break;
        await appendRows(connection, rows.map((values: EventRow['values']) => ({ table, values })));
      }
    });
    await connection.run(duckDbCopySql(table, file, format));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
