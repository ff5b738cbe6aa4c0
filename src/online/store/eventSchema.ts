/**
 * The event tables (predictions, outcomes) described once, their definitions per SQL dialect,
 * and the versioned migrations that create and upgrade them in a store.
 */
import { AblabError } from '../../core/errors.js';
import { sqlDialect, type SqlDialect, type SqlDialectName, type SqlType } from './sqlDialect.js';

/** One column of an event table. */
export interface EventColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
}

const column = (name: string, type: SqlType, nullable = false): EventColumn => ({ name, type, nullable });

/** The two append-only logs, in column order. */
export const EVENT_COLUMNS = {
  predictions: [
    column('experiment', 'text'), column('unit_id', 'text'), column('arm', 'text', true), column('model_version', 'text'),
    column('segment', 'text', true), column('prediction', 'text', true), column('score', 'double', true),
    column('latency_ms', 'double'), column('ts', 'timestamp'), column('error', 'text', true),
    // Who caused `error`: 'model' or 'input' (the client's features were refused); last, where version 2 added it.
    column('error_kind', 'text', true),
    // Adaptive allocation (version 3): P(unit gets its arm) when it was assigned, and the allocation period (weights version).
    column('assignment_probability', 'double', true), column('allocation_period', 'bigint', true),
  ],
  outcomes: [column('experiment', 'text'), column('unit_id', 'text'), column('metric', 'text'), column('value', 'double'), column('ts', 'timestamp')],
} as const satisfies Record<string, readonly EventColumn[]>;

/** Columns of the prediction log before version 2 added `error_kind` (and version 3 the allocation columns). */
const VERSION_1_COLUMNS = { ...EVENT_COLUMNS, predictions: EVENT_COLUMNS.predictions.slice(0, EVENT_COLUMNS.predictions.findIndex((c) => c.name === 'error_kind')) };

/** The two tables of an event store. */
export type EventTable = keyof typeof EVENT_COLUMNS;
export const EVENT_TABLES = Object.keys(EVENT_COLUMNS) as EventTable[];

/** Table names to emit SQL for, e.g. `{ predictions: 'analytics.predictions' }` (BigQuery wants `dataset.table`). Default: `predictions`, `outcomes`. */
export type EventTableNames = Partial<Record<EventTable, string>>;

/** The name of `table` in `tables`, quoted for the dialect. */
export function tableName(dialect: SqlDialect, table: EventTable, tables: EventTableNames = {}): string {
  return dialect.identifier(tables[table] ?? table);
}

/**
 * `CREATE TABLE IF NOT EXISTS` statements of the event tables for an engine, with what each needs
 * to answer the sufficient-statistics query fast: PostgreSQL indexes on (experiment, unit_id),
 * a ClickHouse MergeTree ordered by them, a BigQuery table partitioned by day and clustered by
 * them. DuckDB needs no index (its scans use min/max zone maps).
 * @example eventTablesSql('postgres')[0] // 'CREATE TABLE IF NOT EXISTS predictions (\n  experiment TEXT NOT NULL, …'
 */
export function eventTablesSql(dialectName: SqlDialectName | SqlDialect = 'duckdb', tables: EventTableNames = {}): string[] {
  return tablesSql(sqlDialect(dialectName, 'dialectName'), tables, EVENT_COLUMNS);
}

function tablesSql(dialect: SqlDialect, tables: EventTableNames, layout: Record<EventTable, readonly EventColumn[]>): string[] {
  return EVENT_TABLES.flatMap((table) => {
    const name = tableName(dialect, table, tables);
    const columns = layout[table].map(({ name: col, type, nullable }) => dialect.name === 'clickhouse'
      ? `  ${col} ${dialect.type(type, nullable)}`
      : `  ${col} ${dialect.type(type)}${nullable ? '' : ' NOT NULL'}`);
    const create = `CREATE TABLE IF NOT EXISTS ${name} (\n${columns.join(',\n')}\n)`;
    switch (dialect.name) {
      case 'postgres': {
        const bare = (tables[table] ?? table).split('.').pop()!;
        return [create, `CREATE INDEX IF NOT EXISTS ${dialect.identifier(`${bare}_experiment_unit_id`)} ON ${name} (experiment, unit_id)`];
      }
      case 'clickhouse':
        return [`${create}\nENGINE = MergeTree\nORDER BY (experiment, unit_id, ts)`];
      case 'bigquery':
        return [`${create}\nPARTITION BY DATE(ts)\nCLUSTER BY experiment, unit_id`];
      default:
        return [create];
    }
  });
}

/** One step of the schema's history. */
export interface SchemaMigration {
  version: number;
  description: string;
  statements(dialect: SqlDialect): string[];
}

/**
 * Every schema version ablab has written, oldest first. A store records the versions applied
 * in its `schema_version` table; opening it applies the missing ones in one transaction.
 * Version 1 is the layout of ablab 0.1.0, whose stores had no `schema_version` table.
 */
export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  { version: 1, description: 'predictions and outcomes tables', statements: (dialect) => tablesSql(dialect, {}, VERSION_1_COLUMNS) },
  {
    version: 2,
    description: 'predictions.error_kind (model or input error)',
    // Version 1 stores counted every error as the model's.
    statements: (dialect) => [
      `ALTER TABLE predictions ADD COLUMN error_kind ${dialect.type('text')}`,
      "UPDATE predictions SET error_kind = 'model' WHERE error IS NOT NULL",
    ],
  },
  {
    version: 3,
    description: 'predictions.assignment_probability and allocation_period (adaptive allocation)',
    // Exposures logged before version 3 came from fixed splits: no probability recorded (NULL).
    statements: (dialect) => [
      `ALTER TABLE predictions ADD COLUMN assignment_probability ${dialect.type('double')}`,
      `ALTER TABLE predictions ADD COLUMN allocation_period ${dialect.type('bigint')}`,
    ],
  },
];

/** A store whose schema this version of ablab cannot use, with the reason. */
export class SchemaVersionError extends AblabError {}

/** What the migration runner needs of a store's connection: statements run inside one transaction that holds the schema lock. */
export interface SchemaConnection {
  dialect: SqlDialect;
  /** Runs `work` in a transaction (serialised against other processes migrating the same store), rolled back if it throws. */
  transaction<T>(work: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T>;
}

/** `information_schema.columns.data_type` of each logical type, in the engines that back stores. */
const CATALOG_TYPES: Partial<Record<SqlDialectName, Record<SqlType, string>>> = {
  duckdb: { text: 'varchar', double: 'double', timestamp: 'timestamp', bigint: 'bigint' },
  postgres: { text: 'text', double: 'double precision', timestamp: 'timestamp without time zone', bigint: 'bigint' },
};

/**
 * Brings a store's schema to the latest version, idempotently: a new store gets every migration,
 * a store written before versioning (tables but no `schema_version`) is checked and adopted, a
 * current one is left alone. Each migration commits on its own (with its `schema_version` row), so
 * an interrupted upgrade resumes at the first missing version. Then the tables are compared with
 * the expected columns.
 * @returns the schema version of the store.
 * @throws {SchemaVersionError} when the store was written by a newer ablab (higher version), or
 *   its tables lack a column, have a column of another type, or an extra column; the message
 *   names each difference.
 */
export async function migrateEventSchema(connection: SchemaConnection, migrations: readonly SchemaMigration[] = SCHEMA_MIGRATIONS): Promise<number> {
  const { dialect } = connection;
  const latest = migrations[migrations.length - 1].version;
  let foundVersion: number | null = null;
  let foundAdopted = false;
  // One transaction per migration (DuckDB cannot commit a transaction that alters a table after
  // updating it, as versions 2 and 3 in a row would), each re-reading the version under the lock.
  for (;;) {
    const finished = await connection.transaction(async (run) => {
      const readCatalog = () => run(`SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name IN ('schema_version', ${EVENT_TABLES.map((t) => `'${t}'`).join(', ')})
        ORDER BY table_name, ordinal_position`);
      const catalog = await readCatalog();
      const hasTable = (name: string) => catalog.some((row) => row.table_name === name);
      let current = 0;
      if (hasTable('schema_version')) {
        const [{ version }] = await run('SELECT MAX(version) AS version FROM schema_version');
        current = Number(version ?? 0);
      }
      if (current > latest) {
        throw new SchemaVersionError(`The event store has schema version ${current}, written by a newer ablab; this ablab knows versions up to ${latest}. Upgrade ablab to open it.`);
      }
      const adopted = current === 0 && EVENT_TABLES.some(hasTable);
      if (foundVersion === null) {
        foundVersion = current;
        foundAdopted = adopted;
      }
      const migration = migrations.find((m) => m.version > current);
      if (migration === undefined) {
        // A store this code did not just create may have been altered by hand: check what it holds.
        if (foundAdopted || foundVersion > 0) checkColumns(dialect, catalog, latest);
        return true;
      }
      await run(`CREATE TABLE IF NOT EXISTS schema_version (\n  version INTEGER NOT NULL PRIMARY KEY,\n  description ${dialect.type('text')} NOT NULL,\n  applied_at ${dialect.type('timestamp')} NOT NULL\n)`);
      for (const statement of migration.statements(dialect)) await run(statement);
      const description = adopted && migration.version === 1 ? `${migration.description} (adopted a store written before schema versioning)` : migration.description;
      await run(`INSERT INTO schema_version VALUES (${migration.version}, '${description.replaceAll("'", "''")}', CAST(CURRENT_TIMESTAMP AS ${dialect.type('timestamp')}))`);
      return false;
    });
    if (finished) return latest;
  }
}

/** Compares the catalogued columns of the event tables with {@link EVENT_COLUMNS}; throws naming every difference. */
function checkColumns(dialect: SqlDialect, catalog: Record<string, unknown>[], version: number): void {
  const types = CATALOG_TYPES[dialect.name];
  if (!types) return;
  const problems: string[] = [];
  for (const table of EVENT_TABLES) {
    const found = catalog.filter((row) => row.table_name === table);
    if (found.length === 0) {
      problems.push(`table ${table} is missing`);
      continue;
    }
    for (const expected of EVENT_COLUMNS[table]) {
      const actual = found.find((row) => row.column_name === expected.name);
      const type = types[expected.type];
      if (!actual) problems.push(`${table}.${expected.name} is missing`);
      else if (String(actual.data_type).toLowerCase() !== type) problems.push(`${table}.${expected.name} is ${String(actual.data_type)}, expected ${type}`);
    }
    for (const row of found) {
      if (!EVENT_COLUMNS[table].some((c) => c.name === row.column_name)) problems.push(`${table}.${String(row.column_name)} is not an ablab column`);
    }
  }
  if (problems.length > 0) {
    throw new SchemaVersionError(`The event store's tables do not have ablab's layout (schema version ${version}): ${problems.join('; ')}.`);
  }
}
