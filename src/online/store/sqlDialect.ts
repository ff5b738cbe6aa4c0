/**
 * The differences between SQL engines that ablab's event SQL meets, in one place: type names,
 * identifiers, query parameters and epoch-millisecond timestamps. Every statement ablab emits
 * (table definitions, sufficient statistics) is written once against this interface, so the
 * same text runs in DuckDB and PostgreSQL (tested) and is emitted for ClickHouse, BigQuery and
 * Snowflake.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFunction, checkChoice } from '../../core/validate.js';

/** Engines ablab emits SQL for. DuckDB and PostgreSQL back event stores; the others get the same statements to run themselves. */
export type SqlDialectName = 'duckdb' | 'postgres' | 'clickhouse' | 'bigquery' | 'snowflake';
export const SQL_DIALECTS: readonly SqlDialectName[] = ['duckdb', 'postgres', 'clickhouse', 'bigquery', 'snowflake'];

/** Logical column and parameter types. */
export type SqlType = 'text' | 'double' | 'timestamp' | 'bigint';

/** How an engine's client takes parameter values. */
export type ParameterStyle = 'named' | 'positional';

/** One engine's spelling of the constructs ablab's SQL uses. */
export interface SqlDialect {
  readonly name: SqlDialectName;
  /** `'named'`: values as an object keyed by name (DuckDB, ClickHouse, BigQuery); `'positional'`: an array (PostgreSQL `$1`, Snowflake `:1`). */
  readonly parameterStyle: ParameterStyle;
  /** Type name of a logical type in casts and column definitions (`nullable` matters to ClickHouse only). */
  type(type: SqlType, nullable?: boolean): string;
  /** Placeholder of parameter `name`, the `index`-th (1-based) distinct parameter of its statement. */
  placeholder(name: string, index: number, type: SqlType, nullable: boolean): string;
  /** An identifier: plain lower-case names stay bare (every engine folds them alike), others are quoted; dotted names are qualified. */
  identifier(name: string): string;
  /** Expression for the timestamp `expression` epoch milliseconds denote. */
  timestampFromEpochMs(expression: string): string;
}

const BARE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function quotedIdentifier(open: string, close = open) {
  return (name: string): string => {
    if (typeof name !== 'string' || name.length === 0 || name.split('.').some((part) => part.length === 0)) {
      throw new InvalidArgumentError('identifier', name, 'expected a non-empty name, optionally qualified with dots (schema.table)');
    }
    return name.split('.').map((part) => (BARE_IDENTIFIER.test(part) ? part : `${open}${part.replaceAll(close, close + close)}${close}`)).join('.');
  };
}

const DIALECTS: Record<SqlDialectName, SqlDialect> = {
  duckdb: {
    name: 'duckdb',
    parameterStyle: 'named',
    type: (type) => ({ text: 'VARCHAR', double: 'DOUBLE', timestamp: 'TIMESTAMP', bigint: 'BIGINT' })[type],
    placeholder: (name) => `$${name}`,
    identifier: quotedIdentifier('"'),
    timestampFromEpochMs: (expression) => `make_timestamp(CAST(ROUND((${expression}) * 1000) AS BIGINT))`,
  },
  postgres: {
    name: 'postgres',
    parameterStyle: 'positional',
    type: (type) => ({ text: 'TEXT', double: 'DOUBLE PRECISION', timestamp: 'TIMESTAMP', bigint: 'BIGINT' })[type],
    placeholder: (_name, index) => `$${index}`,
    identifier: quotedIdentifier('"'),
    timestampFromEpochMs: (expression) => `(TIMESTAMP 'epoch' + (${expression}) * INTERVAL '1 millisecond')`,
  },
  clickhouse: {
    name: 'clickhouse',
    parameterStyle: 'named',
    type: (type, nullable = false) => {
      const name = { text: 'String', double: 'Float64', timestamp: 'DateTime64(6)', bigint: 'Int64' }[type];
      return nullable ? `Nullable(${name})` : name;
    },
    placeholder: (name, _index, type, nullable) => `{${name}:${DIALECTS.clickhouse.type(type, nullable)}}`,
    identifier: quotedIdentifier('`'),
    timestampFromEpochMs: (expression) => `fromUnixTimestamp64Milli(CAST(${expression} AS Int64))`,
  },
  bigquery: {
    name: 'bigquery',
    parameterStyle: 'named',
    type: (type) => ({ text: 'STRING', double: 'FLOAT64', timestamp: 'TIMESTAMP', bigint: 'INT64' })[type],
    placeholder: (name) => `@${name}`,
    identifier: quotedIdentifier('`'),
    timestampFromEpochMs: (expression) => `TIMESTAMP_MILLIS(CAST(${expression} AS INT64))`,
  },
  snowflake: {
    name: 'snowflake',
    parameterStyle: 'positional',
    type: (type) => ({ text: 'VARCHAR', double: 'DOUBLE', timestamp: 'TIMESTAMP_NTZ', bigint: 'BIGINT' })[type],
    placeholder: (_name, index) => `:${index}`,
    identifier: quotedIdentifier('"'),
    timestampFromEpochMs: (expression) => `TO_TIMESTAMP_NTZ(CAST(${expression} AS BIGINT), 3)`,
  },
};

/**
 * The dialect of an engine.
 * @throws {InvalidArgumentError} for an engine not in {@link SQL_DIALECTS}.
 * @example sqlDialect('postgres').type('double') // 'DOUBLE PRECISION'
 */
export function sqlDialect(name: SqlDialectName | SqlDialect, argument = 'dialect'): SqlDialect {
  if (typeof name === 'object' && name !== null && SQL_DIALECTS.includes(name.name)) return name;
  return DIALECTS[checkChoice(argument, name as SqlDialectName, SQL_DIALECTS, 'duckdb')];
}

/** Values of a statement's parameters in the form its engine's client takes. */
export type BoundParameters = unknown[] | Record<string, unknown>;

/**
 * Collects the parameters of a statement being written: `ref` gives the placeholder of a named
 * parameter (the same name always the same placeholder, so PostgreSQL's `$1` may appear twice),
 * `bind` turns values by name into what the dialect's client takes.
 * @example
 * const p = sqlParameters('postgres');
 * `WHERE experiment = ${p.ref('experiment', 'text')} AND metric = ${p.ref('metric', 'text')}` // '... = $1 ... = $2'
 * p.bind({ experiment: 'e', metric: 'm' }) // ['e', 'm']
 */
export function sqlParameters(dialectName: SqlDialectName | SqlDialect) {
  const dialect = sqlDialect(dialectName, 'dialectName');
  const names: string[] = [];
  return {
    dialect,
    names: names as readonly string[],
    ref(name: string, type: SqlType, nullable = false): string {
      if (!names.includes(name)) names.push(name);
      return dialect.placeholder(name, names.indexOf(name) + 1, type, nullable);
    },
    bind(values: Record<string, unknown>): BoundParameters {
      for (const name of names) {
        if (!(name in values)) throw new InvalidArgumentError(`parameters.${name}`, undefined, 'expected a value (null for none)');
      }
      return dialect.parameterStyle === 'positional'
        ? names.map((name) => values[name])
        : Object.fromEntries(names.map((name) => [name, values[name]]));
    },
  };
}

/**
 * Rewrites DuckDB-style named parameters (`$experiment`) into `placeholder(name, index)`,
 * leaving quoted strings and identifiers alone (not dollar-quoted bodies or comments), and
 * returns the names in placeholder order.
 * Lets one query text written for DuckDB run through a positional client (PostgreSQL's `$1`).
 * @example rewriteNamedParameters("SELECT $a, '$a', $b, $a", (_n, i) => `$${i}`).sql // "SELECT $1, '$a', $2, $1"
 */
export function rewriteNamedParameters(sql: string, placeholder: (name: string, index: number) => string): { sql: string; names: string[] } {
  if (typeof sql !== 'string') throw new InvalidArgumentError('sql', sql, 'expected SQL text');
  assertFunction('placeholder', placeholder);
  const names: string[] = [];
  const rewritten = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, name: string | undefined) => {
    if (name === undefined) return match;
    if (!names.includes(name)) names.push(name);
    return placeholder(name, names.indexOf(name) + 1);
  });
  return { sql: rewritten, names };
}
