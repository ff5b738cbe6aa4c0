import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DUCKDB_EVENT_LIMITS, InvalidArgumentError, openEventStore, POSTGRES_EVENT_LIMITS, rowToCovarianceStats, rowToMeanStats, rowToProportionStats, SchemaVersionError,
  validateEvent, type ArmStatistics, type EventStore, type OutcomeEvent, type PredictionEvent, type SufficientStatisticsOptions,
} from '../../src/index.js';
import { CovarianceStats } from '../../src/stats/abtest/covarianceStats.js';
import { MeanStats } from '../../src/stats/abtest/meanStats.js';
import { createGroupCommitter } from '../../src/online/store/groupCommit.js';
import { expectClose } from '../support/close.js';
import { loadStoreFixture, storeFixture } from './storeFixture.js';

const fixture = storeFixture;

const prediction = (overrides: Partial<PredictionEvent> = {}): PredictionEvent => ({
  experiment: 'e', unitId: 'u1', arm: 'control', modelVersion: 'v1', segment: null, prediction: 0.5, score: 0.5,
  latencyMs: 2, timestamp: 0, error: null, ...overrides,
});
const outcome = (overrides: Partial<OutcomeEvent> = {}): OutcomeEvent => ({
  experiment: 'e', unitId: 'u1', metric: 'm', value: 1, timestamp: 0, ...overrides,
});

describe('online: DuckDB event store', () => {
  let directory: string;
  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'ablab-store-'));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  describe('analysis SQL', () => {
    let store: EventStore;
    before(async () => {
      store = await openEventStore();
      await loadStoreFixture(store);
    });
    after(() => store.close());

    for (const { options, expected } of fixture.queries) {
      it(`sufficient statistics match the Python aggregation for ${JSON.stringify(options)}`, async () => {
        const rows = await store.sufficientStatistics(options);
        expect(rows.map((r) => [r.arm, r.segment])).to.deep.equal(expected.map((r) => [r.arm, r.segment]));
        rows.forEach((row, i) => {
          expect(Object.keys(row).sort()).to.deep.equal(Object.keys(expected[i]).sort());
          for (const [key, value] of Object.entries(expected[i])) {
            if (typeof value === 'number') expectClose(row[key as keyof ArmStatistics] as number, value, 1e-12, 1e-9, `${row.arm}/${row.segment}.${key}`);
          }
        });
      });
    }

    it('returns arms in the order asked for (control first), segments in their SQL order', async () => {
      const { options } = fixture.queries[0];
      const byName = await store.sufficientStatistics(options);
      const arms = [...new Set(byName.map((r) => r.arm))].reverse();
      const ordered = await store.sufficientStatistics({ ...options, arms });
      expect([...new Set(ordered.map((r) => r.arm))]).to.deep.equal(arms);
      // DuckDB sums in parallel, so compare the row identities, not last-digit float sums.
      const identity = (rows: ArmStatistics[], arm: string) => rows.filter((r) => r.arm === arm).map((r) => [r.segment, r.n]);
      for (const arm of arms) expect(identity(ordered, arm)).to.deep.equal(identity(byName, arm));
    });

    it('reports per-arm unit-level guardrail and binned score sums (units, requests, errors, scores), whole log and from a time on', async () => {
      const inExperiment = fixture.predictions.filter((p) => p.experiment === 'exp' && p.arm !== null);
      for (const since of [undefined, 50_000]) {
        const served = inExperiment.filter((p) => since === undefined || p.timestamp >= since);
        const [rows, bins] = await Promise.all([store.guardrailStatistics({ experiment: 'exp', since }), store.scoreBinStatistics({ experiment: 'exp', edges: [0.5], since })]);
        expect(rows.map((r) => r.arm)).to.deep.equal(bins.map((b) => b.arm));
        rows.forEach((row, i) => {
          const mine = served.filter((p) => p.arm === row.arm);
          expect(row.requests).to.equal(mine.length);
          expect(row.units).to.equal(new Set(mine.map((p) => p.unitId)).size);
          expect(row.errors).to.equal(0);
          expect(bins[i].counts).to.deep.equal([mine.filter((p) => p.score! < 0.5).length, mine.filter((p) => p.score! >= 0.5).length]);
        });
      }
    });

    it('exports Parquet and CSV files that DuckDB reads back', async () => {
      const parquet = join(directory, "predictions's.parquet");
      const csv = join(directory, 'outcomes.csv');
      await store.exportTable('predictions', parquet);
      await store.exportTable('outcomes', csv, 'csv');
      const [{ n }] = await store.query(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM read_parquet('${parquet.replaceAll("'", "''")}')`);
      expect(n).to.equal(fixture.predictions.length);
      const lines = readFileSync(csv, 'utf8').trim().split('\n');
      expect(lines[0]).to.equal('experiment,unit_id,metric,value,ts');
      expect(lines).to.have.length(fixture.outcomes.length + 1);
    });
  });

  it('converts rows to MeanStats, ProportionStats and CovarianceStats equal to the array-based ones', async () => {
    const store = await openEventStore();
    // Per-unit outcome y (after exposure at t = 10) and pre-period covariate x (before it).
    const ys = [0, 3, 1.5, 0, 7, 2.25, 4];
    const xs = [1, 2, 0, 0.5, 6, 2, 3];
    await Promise.all(ys.flatMap((y, i) => [
      store.recordPrediction(prediction({ unitId: `u${i}`, timestamp: 10 })),
      store.recordOutcome(outcome({ unitId: `u${i}`, metric: 'spend', value: y, timestamp: 20 })),
      store.recordOutcome(outcome({ unitId: `u${i}`, metric: 'spend', value: xs[i], timestamp: 5 })),
    ]));
    const [row] = await store.sufficientStatistics({ experiment: 'e', metric: 'spend', covariate: 'spend' });
    await store.close();
    const mean = rowToMeanStats(row);
    const reference = MeanStats.fromArray(ys);
    expect(mean.n).to.equal(reference.n);
    expectClose(mean.mean, reference.mean, 1e-14);
    expectClose(mean.variance, reference.variance, 1e-12);
    expect(rowToProportionStats(row)).to.include({ n: 7, successes: 5 });
    const covariance = rowToCovarianceStats(row);
    const pairs = CovarianceStats.fromArrays({ y: ys, x: xs });
    for (const key of ['meanY', 'meanX', 'm2y', 'm2x', 'cxy'] as const) expectClose(covariance[key], pairs[key], 1e-12, 1e-12, key);
    const { sumX: _x, sumXSquares: _xx, sumXY: _xy, ...withoutCovariate } = row;
    expect(() => rowToCovarianceStats(withoutCovariate)).to.throw(InvalidArgumentError).with.property('argument', 'row');
    expect(() => rowToCovarianceStats({ ...row, n: 0 })).to.throw(InvalidArgumentError).with.property('argument', 'row.n');
  });

  it('rejects bad events, options and queries with typed errors, without failing other writes', async () => {
    const store = await openEventStore();
    const badPredictions: [Partial<PredictionEvent>, string][] = [
      [{ experiment: '' }, 'event.experiment'], [{ unitId: 3 as unknown as string }, 'event.unitId'],
      [{ arm: '' }, 'event.arm'], [{ modelVersion: undefined }, 'event.modelVersion'], [{ segment: 5 as unknown as string }, 'event.segment'],
      [{ score: NaN }, 'event.score'], [{ latencyMs: Infinity }, 'event.latencyMs'], [{ timestamp: NaN }, 'event.timestamp'],
      [{ error: 7 as unknown as string }, 'event.error'], [{ prediction: 10n }, 'event.prediction'],
    ];
    const good = store.recordPrediction(prediction());
    for (const [overrides, argument] of badPredictions) {
      const error = await store.recordPrediction(prediction(overrides)).catch((e: unknown) => e);
      expect(error, argument).to.be.instanceOf(InvalidArgumentError).with.property('argument', argument);
    }
    const badOutcomes: [Partial<OutcomeEvent>, string][] = [
      [{ metric: '' }, 'event.metric'], [{ value: NaN }, 'event.value'], [{ value: '1' as unknown as number }, 'event.value'],
      [{ timestamp: Infinity }, 'event.timestamp'],
    ];
    for (const [overrides, argument] of badOutcomes) {
      const error = await store.recordOutcome(outcome(overrides)).catch((e: unknown) => e);
      expect(error, argument).to.be.instanceOf(InvalidArgumentError).with.property('argument', argument);
    }
    const notAnObject = await store.recordOutcome(null as unknown as OutcomeEvent).catch((e: unknown) => e);
    expect(notAnObject).to.be.instanceOf(InvalidArgumentError).with.property('argument', 'event');
    await good;
    expect(await store.query('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM predictions')).to.deep.equal([{ n: 1 }]);
    for (const [call, argument] of [
      [() => store.sufficientStatistics({ experiment: 'e', metric: '' }), 'options.metric'],
      [() => store.sufficientStatistics({ experiment: 'e', metric: 'm', covariate: '' }), 'options.covariate'],
      [() => store.sufficientStatistics({ experiment: 'e', metric: 'm', arms: 'control' as unknown as string[] }), 'options.arms'],
      [() => store.scoreBinStatistics({ experiment: '', edges: [0.5] }), 'options.experiment'],
      [() => store.scoreBinStatistics({ experiment: 'e', edges: [0.5], since: NaN }), 'options.since'],
      [() => store.exportTable('users' as 'outcomes', join(directory, 'x.csv')), 'table'],
      [() => store.exportTable(undefined as unknown as 'outcomes', join(directory, 'x.csv')), 'table'],
      [() => store.exportTable('outcomes', join(directory, 'x.json'), 'json' as 'csv'), 'format'],
    ] as [() => Promise<unknown>, string][]) {
      const error = await call().catch((e: unknown) => e);
      expect(error, argument).to.be.instanceOf(InvalidArgumentError).with.property('argument', argument);
    }
    for (const [options, argument] of [[{ path: '' }, 'options.path'], [{ maxBatch: 0 }, 'options.maxBatch']] as const) {
      const error = await openEventStore(options).catch((e: unknown) => e);
      expect(error, argument).to.be.instanceOf(InvalidArgumentError).with.property('argument', argument);
    }
    await store.close();
    const closed = await store.recordOutcome(outcome()).catch((e: unknown) => e);
    expect(closed).to.be.instanceOf(InvalidArgumentError).with.property('argument', 'store');
  });

  it('refuses fields the store cannot hold (timestamps, text) alone: no valid concurrent event is lost with a bad one', async () => {
    const store = await openEventStore();
    const bad: [Promise<void>, string][] = [
      [store.recordOutcome(outcome({ timestamp: 1e20 })), 'event.timestamp'],
      [store.recordOutcome(outcome({ timestamp: -1e16 })), 'event.timestamp'],
      [store.recordPrediction(prediction({ timestamp: 9e15 })), 'event.timestamp'],
      [store.recordPrediction(prediction({ latencyMs: -1 })), 'event.latencyMs'],
      [store.recordPrediction(prediction({ unitId: 'x\ud800' })), 'event.unitId'],
      [store.recordPrediction(prediction({ error: 'e', errorKind: 'client' as 'input' })), 'event.errorKind'],
      [store.recordPrediction(prediction({ prediction: 'x'.repeat((1 << 20) + 1) })), 'event.prediction'],
    ];
    const valid = Array.from({ length: 99 }, (_, i) => store.recordOutcome(outcome({ unitId: `ok${i}`, timestamp: 8.64e15 - i })));
    for (const [promise, argument] of bad) {
      const error = await promise.catch((e: unknown) => e);
      expect(error, argument).to.be.instanceOf(InvalidArgumentError).with.property('argument', argument);
    }
    await Promise.all(valid);
    expect(await store.query('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM outcomes')).to.deep.equal([{ n: 99 }]);
    await store.close();
  });

  it('neutralises spreadsheet formulas in client-supplied text of CSV exports', async () => {
    const store = await openEventStore();
    for (const [unitId, metric] of [['=HYPERLINK("http://evil")', '+cmd'], ['-2', '@SUM(A1)'], ['plain', 'm']]) await store.recordOutcome(outcome({ unitId, metric, value: -1 }));
    const csv = join(directory, 'hostile.csv');
    await store.exportTable('outcomes', csv, 'csv');
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines.slice(1).map((l) => l.split(',').slice(1, 4).join(','))).to.deep.equal([
      `"'=HYPERLINK(""http://evil"")",'+cmd,-1.0`, "-2,'@SUM(A1),-1.0", 'plain,m,-1.0',
    ]);
    await store.close();
  });

  it('retries a failing write batch item by item, so only the item at fault is rejected', async () => {
    // A batch can still fail at write time for reasons validation cannot see (disk, constraints).
    const commits: string[][] = [];
    const committed: string[] = [];
    const commit = createGroupCommitter<string>(async (batch) => {
      commits.push(batch);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (batch.includes('poison')) throw new Error('write failed');
      committed.push(...batch);
    }, 64);
    const items = Array.from({ length: 100 }, (_, i) => (i === 50 ? 'poison' : `e${i}`));
    const results = await Promise.allSettled(items.map((item) => commit(item)));
    expect(results.filter((r) => r.status === 'rejected')).to.have.length(1);
    expect(results[50]).to.have.property('status', 'rejected');
    expect([...committed].sort()).to.deep.equal(items.filter((i) => i !== 'poison').sort());
    expect(commits.some((batch) => batch.length > 1 && batch.includes('poison'))).to.equal(true);
  });

  it('validateEvent applies a store\'s limits given as data (e.g. PostgreSQL: no NUL, 4713 BC)', () => {
    const postgres = { minTimestampMs: -210866803200000, maxTimestampMs: 9224318016000000, maxTextLength: 1000, allowNulCharacter: false };
    expect(validateEvent('outcome', outcome({ timestamp: -1e14 }), postgres).timestamp).to.equal(-1e14);
    expect(() => validateEvent('outcome', outcome({ timestamp: -3e14 }), postgres)).to.throw(InvalidArgumentError).with.property('argument', 'event.timestamp');
    expect(() => validateEvent('outcome', outcome({ metric: 'a\u0000b' }), postgres)).to.throw(InvalidArgumentError).with.property('argument', 'event.metric');
    expect(() => validateEvent('outcome', outcome({ metric: 'a\u0000b' }), DUCKDB_EVENT_LIMITS)).not.to.throw();
    expect(() => validateEvent('prediction', prediction({ segment: 's'.repeat(1001) }), postgres, 'row')).to.throw(InvalidArgumentError).with.property('argument', 'row.segment');
    expect(validateEvent('prediction', prediction({ prediction: [1, 2] }), postgres)).to.include({ predictionJson: '[1,2]', errorKind: null });
    expect(validateEvent('prediction', prediction({ error: 'boom', prediction: null, score: null }), postgres)).to.include({ errorKind: 'model' });
  });

  it('group-commits concurrent writes and keeps them across reopening', async () => {
    const path = join(directory, 'reopen.duckdb');
    const store = await openEventStore({ path, maxBatch: 64 });
    await Promise.all(Array.from({ length: 500 }, (_, i) => store.recordOutcome(outcome({ unitId: `u${i}`, value: i }))));
    await store.close();
    const again = await openEventStore({ path });
    expect(await again.query('SELECT CAST(COUNT(*) AS INTEGER) AS n, SUM(value) AS total FROM outcomes'))
      .to.deep.equal([{ n: 500, total: (499 * 500) / 2 }]);
    await again.close();
  });

  it('opens a DuckDB file written by ablab 0.1.0 (no schema_version) and keeps its events', async () => {
    const path = join(directory, 'v0.1.0.duckdb');
    // The schema of ablab 0.1.0's event store, verbatim.
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE IF NOT EXISTS predictions (experiment VARCHAR NOT NULL, unit_id VARCHAR NOT NULL, arm VARCHAR,
      model_version VARCHAR NOT NULL, segment VARCHAR, prediction VARCHAR, score DOUBLE, latency_ms DOUBLE NOT NULL, ts TIMESTAMP NOT NULL, error VARCHAR);
      CREATE TABLE IF NOT EXISTS outcomes (experiment VARCHAR NOT NULL, unit_id VARCHAR NOT NULL, metric VARCHAR NOT NULL, value DOUBLE NOT NULL, ts TIMESTAMP NOT NULL);
      INSERT INTO outcomes VALUES ('e', 'u1', 'm', 2.5, TIMESTAMP '2024-01-01 00:00:00');
      INSERT INTO predictions VALUES ('e', 'u1', 'a', 'v1', NULL, NULL, NULL, 12.5, TIMESTAMP '2024-01-01 00:00:00', 'timeout'),
                                     ('e', 'u2', 'a', 'v1', NULL, '1', 1, 10, TIMESTAMP '2024-01-01 00:00:01', NULL)`);
    connection.closeSync();
    instance.closeSync();
    const store = await openEventStore({ path });
    expect(store.schemaVersion).to.equal(3);
    expect((await store.query('SELECT description FROM schema_version ORDER BY version')).map((r) => r.description)).to.deep.equal([
      'predictions and outcomes tables (adopted a store written before schema versioning)', 'predictions.error_kind (model or input error)',
      'predictions.assignment_probability and allocation_period (adaptive allocation)',
    ]);
    // Version 1 counted every error as the model's: the migration says so in the new column.
    expect(await store.query('SELECT unit_id, error_kind FROM predictions ORDER BY unit_id')).to.deep.equal([
      { unit_id: 'u1', error_kind: 'model' }, { unit_id: 'u2', error_kind: null },
    ]);
    await store.recordPrediction({ experiment: 'e', unitId: 'u3', arm: 'a', modelVersion: 'v1', segment: null, prediction: null, score: null,
      latencyMs: 1, timestamp: 0, error: 'Invalid argument features', errorKind: 'input' });
    expect(await store.query("SELECT error_kind FROM predictions WHERE unit_id = 'u3'")).to.deep.equal([{ error_kind: 'input' }]);
    await store.recordOutcome({ experiment: 'e', unitId: 'u2', metric: 'm', value: 1, timestamp: 0 });
    expect(await store.query('SELECT CAST(SUM(value) AS DOUBLE) AS total FROM outcomes')).to.deep.equal([{ total: 3.5 }]);
    await store.close();
  });

  it('refuses a DuckDB file whose tables are not ablab\'s, saying why', async () => {
    const path = join(directory, 'foreign.duckdb');
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE outcomes (experiment VARCHAR, unit_id VARCHAR, metric VARCHAR, amount DOUBLE, ts TIMESTAMP)');
    connection.closeSync();
    instance.closeSync();
    const error = await openEventStore({ path }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SchemaVersionError);
    expect((error as Error).message).to.equal("The event store's tables do not have ablab's layout (schema version 3): "
      + 'outcomes.value is missing; outcomes.amount is not an ablab column.');
  });

  it('loses no acknowledged event when the writing process is killed with SIGKILL', async function () {
    this.timeout(30000);
    const path = join(directory, 'killed.duckdb');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'durabilityChild.ts'), path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acknowledged = 0;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited with ${code}`))));
      child.stdout!.on('data', (data: Buffer) => {
        output += data.toString();
        const lines = output.split('\n');
        output = lines.pop()!;
        for (const line of lines) acknowledged = Number(line.slice('ack '.length));
        if (acknowledged >= 200 && !child.killed) child.kill('SIGKILL');
      });
    });
    const store = await openEventStore({ path });
    const [{ n, distinct }] = await store.query(
      'SELECT CAST(COUNT(*) AS INTEGER) AS n, CAST(COUNT(DISTINCT unit_id) AS INTEGER) AS "distinct" FROM outcomes');
    await store.close();
    expect(n).to.equal(distinct);
    expect(n).to.be.at.least(acknowledged);
  });
});
