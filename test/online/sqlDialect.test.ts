import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'chai';
import {
  eventTablesSql, InvalidArgumentError, rewriteNamedParameters, rowToCovarianceStats, rowToMeanStats, rowToProportionStats, SQL_DIALECTS, sqlDialect,
  sqlParameters, sufficientStatisticsQuery, sufficientStatisticsSql, toArmStatistics,
} from '../../src/index.js';

describe('online: SQL dialects (one builder for every engine)', () => {
  it('spells parameters and types per engine in the sufficient-statistics query', () => {
    const expected = {
      duckdb: { parameters: ['$experiment', '$metric', '$covariate'], double: 'AS DOUBLE)', nullText: 'CAST(NULL AS VARCHAR)' },
      postgres: { parameters: ['$1', '$2', '$3'], double: 'AS DOUBLE PRECISION)', nullText: 'CAST(NULL AS TEXT)' },
      clickhouse: { parameters: ['{experiment:String}', '{metric:String}', '{covariate:Nullable(String)}'], double: 'AS Float64)', nullText: 'CAST(NULL AS Nullable(String))' },
      bigquery: { parameters: ['@experiment', '@metric', '@covariate'], double: 'AS FLOAT64)', nullText: 'CAST(NULL AS STRING)' },
      snowflake: { parameters: [':1', ':2', ':3'], double: 'AS DOUBLE)', nullText: 'CAST(NULL AS VARCHAR)' },
    };
    for (const dialect of SQL_DIALECTS) {
      const sql = sufficientStatisticsSql(false, dialect);
      const { parameters, double, nullText } = expected[dialect];
      for (const parameter of parameters) expect(sql, `${dialect} ${parameter}`).to.include(parameter);
      expect(sql.split(double).length - 1, dialect).to.equal(7);
      expect(sql, dialect).to.include(nullText);
      if (dialect !== 'duckdb') expect(sql, dialect).to.not.match(/\$[a-z]/);
      // experiment appears twice (predictions and outcomes) under the same placeholder
      expect(sql.split(parameters[0]).length - 1, dialect).to.equal(2);
    }
    expect(sufficientStatisticsSql(true, 'postgres')).to.include('GROUP BY arm, segment');
  });

  it('binds values positionally or by name as each engine\'s client takes them', () => {
    const options = { experiment: 'e', metric: 'revenue', covariate: 'pre' };
    expect(sufficientStatisticsQuery({ ...options, dialect: 'postgres' }).parameters).to.deep.equal(['e', 'revenue', 'pre']);
    expect(sufficientStatisticsQuery({ ...options, dialect: 'snowflake' }).parameters).to.deep.equal(['e', 'revenue', 'pre']);
    expect(sufficientStatisticsQuery({ experiment: 'e', metric: 'm' }).parameters).to.deep.equal({ experiment: 'e', metric: 'm', covariate: null });
    expect(sufficientStatisticsQuery({ ...options, dialect: 'bigquery' }).parameters).to.deep.equal(options);
    expect(() => sufficientStatisticsQuery({ ...options, dialect: 'oracle' as 'postgres' })).to.throw(InvalidArgumentError).with.property('argument', 'options.dialect');
    expect(() => sufficientStatisticsQuery({ ...options, metric: '' })).to.throw(InvalidArgumentError).with.property('argument', 'options.metric');
    const p = sqlParameters('postgres');
    expect([p.ref('a', 'text'), p.ref('b', 'double'), p.ref('a', 'text')]).to.deep.equal(['$1', '$2', '$1']);
    expect(() => p.bind({ a: 1 })).to.throw(InvalidArgumentError).with.property('argument', 'parameters.b');
  });

  it('emits table definitions per engine, with what each needs for the join', () => {
    const [predictions, index, outcomes] = eventTablesSql('postgres');
    expect(predictions).to.include('score DOUBLE PRECISION,').and.include('ts TIMESTAMP NOT NULL').and.include('arm TEXT,');
    expect(index).to.equal('CREATE INDEX IF NOT EXISTS predictions_experiment_unit_id ON predictions (experiment, unit_id)');
    expect(outcomes).to.include('value DOUBLE PRECISION NOT NULL');
    const [clickhouse] = eventTablesSql('clickhouse');
    expect(clickhouse).to.include('arm Nullable(String)').and.include('ts DateTime64(6)').and.include('ENGINE = MergeTree\nORDER BY (experiment, unit_id, ts)');
    const [bigquery] = eventTablesSql('bigquery', { predictions: 'my-project.analytics.predictions' });
    expect(bigquery).to.match(/^CREATE TABLE IF NOT EXISTS `my-project`\.analytics\.predictions \(/).and.include('PARTITION BY DATE(ts)');
    expect(eventTablesSql('snowflake')[0]).to.include('ts TIMESTAMP_NTZ NOT NULL');
    expect(sqlDialect('postgres').identifier('Events."x"')).to.equal('"Events"."""x"""');
    expect(() => sqlDialect('duckdb').identifier('a..b')).to.throw(InvalidArgumentError).with.property('argument', 'identifier');
  });

  it('runs the DuckDB statements on tables of another name', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const tables = { predictions: 'Exposures', outcomes: 'conversions' };
    for (const statement of eventTablesSql('duckdb', tables)) await connection.run(statement);
    await connection.run(`INSERT INTO "Exposures" VALUES ('e', 'u1', 'b', 'v1', NULL, NULL, NULL, 1, TIMESTAMP '2024-01-01', NULL, NULL, NULL, NULL),
      ('e', 'u2', 'a', 'v1', NULL, NULL, NULL, 1, TIMESTAMP '2024-01-01', NULL, NULL, NULL, NULL);
      INSERT INTO conversions VALUES ('e', 'u1', 'm', 3, TIMESTAMP '2024-01-02'), ('e', 'u1', 'm', 4, TIMESTAMP '2023-12-31')`);
    const { sql, parameters } = sufficientStatisticsQuery({ experiment: 'e', metric: 'm', covariate: 'm', tables });
    const rows = (await connection.runAndReadAll(sql, parameters as Record<string, string>)).getRowObjectsJS();
    const [{ t }] = (await connection.runAndReadAll(`SELECT epoch_us(${sqlDialect('duckdb').timestampFromEpochMs('1700000000123.5')}) AS t`)).getRowObjectsJS();
    expect(t).to.equal(1700000000123500n); // to the microsecond
    connection.closeSync();
    instance.closeSync();
    expect(toArmStatistics(rows)).to.deep.equal([
      { arm: 'a', segment: null, n: 1, sum: 0, sumSquares: 0, successes: 0, sumX: 0, sumXSquares: 0, sumXY: 0 },
      { arm: 'b', segment: null, n: 1, sum: 3, sumSquares: 9, successes: 1, sumX: 4, sumXSquares: 16, sumXY: 12 },
    ]);
  });

  it('rewrites named parameters to positional ones outside quoted text', () => {
    expect(rewriteNamedParameters(`SELECT $a, '$a it''s', "$b", $b_2, $a`, (_n, i) => `$${i}`))
      .to.deep.equal({ sql: `SELECT $1, '$a it''s', "$b", $2, $1`, names: ['a', 'b_2'] });
  });
});

describe('online: result rows from any client to mergeable statistics', () => {
  const snake = { arm: 'a', segment: null, n: 4, sum: 6, sum_squares: 14, successes: 3, sum_x: 2, sum_x_squares: 2, sum_xy: 5 };
  const camel = { arm: 'a', segment: null, n: 4, sum: 6, sumSquares: 14, successes: 3, sumX: 2, sumXSquares: 2, sumXY: 5 };

  it('reads snake_case (DuckDB, PostgreSQL, ClickHouse), camelCase and Snowflake\'s upper-case columns, bigint and numeric strings', () => {
    const upper = { ARM: 'a', SEGMENT: null, N: '4', SUM: '6', SUM_SQUARES: 14n, SUCCESSES: 3, SUM_X: 2, SUM_X_SQUARES: 2, SUM_XY: '5.0' };
    for (const row of [snake, camel, upper]) expect(toArmStatistics([row])).to.deep.equal([camel]);
    const { sumX: _x, sumXSquares: _xx, sumXY: _xy, ...withoutCovariate } = camel;
    expect(toArmStatistics([snake], false)).to.deep.equal([withoutCovariate]);
  });

  it('converts a raw snake_case row to MeanStats, ProportionStats and CovarianceStats', () => {
    expect(rowToMeanStats(snake)).to.deep.include({ n: 4, mean: 1.5 });
    expect(rowToMeanStats(snake).variance).to.equal((14 - 36 / 4) / 3);
    expect(rowToProportionStats(snake)).to.include({ n: 4, successes: 3 });
    expect(rowToCovarianceStats(snake)).to.include({ n: 4, meanY: 1.5, meanX: 0.5, m2y: 5, m2x: 1, cxy: 2 });
  });

  it('names the row and column of a bad value', () => {
    expect(() => toArmStatistics([camel, { ...snake, sum_squares: undefined }])).to.throw(InvalidArgumentError).with.property('argument', 'rows[1].sumSquares');
    expect(() => toArmStatistics([{ ...snake, n: 'many' }])).to.throw(InvalidArgumentError).with.property('argument', 'rows[0].n');
    expect(() => toArmStatistics([{ ...snake, arm: 3 }])).to.throw(InvalidArgumentError).with.property('argument', 'rows[0].arm');
    expect(() => rowToMeanStats({ ...snake, sum: NaN })).to.throw(InvalidArgumentError).with.property('argument', 'row.sum');
    expect(() => toArmStatistics('rows' as unknown as [])).to.throw(InvalidArgumentError).with.property('argument', 'rows');
  });
});
