/**
 * The PostgreSQL event store against a real PostgreSQL started by this file (test/support/postgresCluster.ts):
 * same statistics as DuckDB on the same events, migrations, validation, and several serving
 * processes writing through the HTTP endpoint while one is killed.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  createSplitter, InvalidArgumentError, openAdaptiveAllocation, openEventStore, SchemaVersionError, simulateLiveBandit,
  type ArmStatistics, type EventStore, type PredictionEvent,
} from '../../src/index.js';
import { migrateEventSchema, SCHEMA_MIGRATIONS } from '../../src/online/store/eventSchema.js';
import { sqlDialect } from '../../src/online/store/sqlDialect.js';
import { expectClose } from '../support/close.js';
import { loadStoreFixture, storeFixture } from './storeFixture.js';
import { POSTGRES_MISSING, startPostgresCluster, type PostgresCluster } from '../support/postgresCluster.js';
import { REPLICA_EXPERIMENT } from './replicaTraffic.js';

const fixture = storeFixture;

/** Counts equal, sums within 1e-12 relative (the engines add in different orders). */
function expectSameStatistics(actual: ArmStatistics[], expected: ArmStatistics[]): void {
  expect(actual.map((r) => [r.arm, r.segment, r.n, r.successes])).to.deep.equal(expected.map((r) => [r.arm, r.segment, r.n, r.successes]));
  actual.forEach((row, i) => {
    expect(Object.keys(row).sort()).to.deep.equal(Object.keys(expected[i]).sort());
    for (const key of ['sum', 'sumSquares', 'sumX', 'sumXSquares', 'sumXY'] as const) {
      if (expected[i][key] !== undefined) expectClose(row[key]!, expected[i][key]!, 1e-12, 1e-9, `${row.arm}/${row.segment}.${key}`);
    }
  });
}

async function sql(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('online: PostgreSQL event store (real PostgreSQL)', function () {
  this.timeout(120_000);
  let cluster: PostgresCluster | null;
  let directory: string;
  let databases = 0;
  const database = () => cluster!.createDatabase(`store${++databases}`);

  before(async function () {
    cluster = await startPostgresCluster();
    if (!cluster) {
      console.warn(`      ${POSTGRES_MISSING}`);
      this.skip();
    }
    directory = mkdtempSync(join(tmpdir(), 'ablab-pgstore-'));
  });
  after(() => {
    cluster?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  describe('same events as DuckDB', () => {
    let postgres: EventStore;
    let duckdb: EventStore;
    before(async () => {
      [postgres, duckdb] = await Promise.all([openEventStore({ url: await database() }), openEventStore()]);
      await Promise.all([loadStoreFixture(postgres), loadStoreFixture(duckdb)]);
    });
    after(async () => {
      await postgres?.close();
      await duckdb?.close();
    });

    for (const { options, expected } of fixture.queries) {
      it(`gives the per-arm statistics of DuckDB and of the Python aggregation for ${JSON.stringify(options)}`, async () => {
        const [fromPostgres, fromDuckDb] = await Promise.all([postgres.sufficientStatistics(options), duckdb.sufficientStatistics(options)]);
        expectSameStatistics(fromPostgres, fromDuckDb);
        expectSameStatistics(fromPostgres, expected);
      });
    }

    it('gives the per-arm statistics of DuckDB in a time window (a rollout stage)', async () => {
      const options = { experiment: 'exp', metric: fixture.queries[0].options.metric, bySegment: true, since: 20_000, until: 70_000 };
      const [fromPostgres, fromDuckDb] = await Promise.all([postgres.sufficientStatistics(options), duckdb.sufficientStatistics(options)]);
      expectSameStatistics(fromPostgres, fromDuckDb);
      const all = await duckdb.sufficientStatistics({ ...options, since: undefined, until: undefined });
      expect(fromDuckDb.reduce((n, r) => n + r.n, 0)).to.be.above(0).and.below(all.reduce((n, r) => n + r.n, 0));
    });

    it('gives the guardrail and binned score sums of DuckDB, in full and from a time on', async () => {
      for (const since of [undefined, 50_000]) {
        const [a, b] = await Promise.all([postgres.guardrailStatistics({ experiment: 'exp', since }), duckdb.guardrailStatistics({ experiment: 'exp', since })]);
        expect(a.map((m) => [m.arm, m.units, m.requests, m.errors, m.quantile])).to.deep.equal(b.map((m) => [m.arm, m.units, m.requests, m.errors, m.quantile]));
        a.forEach((m, i) => expectClose(m.latencySquares, b[i].latencySquares, 1e-12, 0, `${m.arm}.latencySquares`));
        const bins = { experiment: 'exp', edges: [0.1, 0.3, 0.6], since };
        expect(await postgres.scoreBinStatistics(bins)).to.deep.equal(await duckdb.scoreBinStatistics(bins));
      }
    });

    it('stores timestamps to the microsecond and answers named-parameter queries like DuckDB', async () => {
      const text = "SELECT CAST(COUNT(*) AS INTEGER) AS n, MIN(ts) AS first FROM outcomes WHERE experiment = $experiment AND metric <> '$metric'";
      const [a, b] = await Promise.all([postgres.query(text, { experiment: 'exp' }), duckdb.query(text, { experiment: 'exp' })]);
      expect(a).to.deep.equal(b);
      const missing = await postgres.query(text, {}).catch((e: unknown) => e);
      expect(missing).to.be.instanceOf(InvalidArgumentError).with.property('argument', 'parameters.experiment');
    });

    it('exports the same CSV rows and a Parquet file DuckDB reads', async () => {
      const lines = async (store: EventStore, name: string) => {
        const file = join(directory, name);
        await store.exportTable('predictions', file, 'csv');
        const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
        return { header, rows: rows.sort() };
      };
      expect(await lines(postgres, 'pg.csv')).to.deep.equal(await lines(duckdb, 'duck.csv'));
      const parquet = join(directory, 'pg.parquet');
      await postgres.exportTable('outcomes', parquet);
      const [{ n, total }] = await duckdb.query(`SELECT CAST(COUNT(*) AS INTEGER) AS n, SUM(value) AS total FROM read_parquet('${parquet}')`);
      expect(n).to.equal(fixture.outcomes.length);
      expectClose(total as number, fixture.outcomes.reduce((s, o) => s + o.value, 0), 1e-12);
    });
  });

  describe('validation', () => {
    it('rejects what the DuckDB store rejects, and text and times PostgreSQL cannot hold, without failing other writes', async () => {
      const store = await openEventStore({ url: await database() });
      const good: PredictionEvent = { ...fixture.predictions[0], unitId: 'good' };
      const writes = [store.recordPrediction(good), store.recordOutcome(fixture.outcomes[0])];
      const bad: [Promise<void>, string][] = [
        [store.recordPrediction({ ...good, latencyMs: NaN }), 'event.latencyMs'],
        [store.recordPrediction({ ...good, arm: '' }), 'event.arm'],
        [store.recordPrediction({ ...good, segment: 'mo\u0000bile' }), 'event.segment'],
        [store.recordPrediction({ ...good, error: 'boom\u0000' }), 'event.error'],
        [store.recordOutcome({ ...fixture.outcomes[0], unitId: 'u\u0000' }), 'event.unitId'],
        [store.recordOutcome({ ...fixture.outcomes[0], timestamp: -3e14 }), 'event.timestamp'],
        [store.recordOutcome({ ...fixture.outcomes[0], value: Infinity }), 'event.value'],
      ];
      for (const [write, argument] of bad) {
        expect(await write.catch((e: unknown) => e), argument).to.be.instanceOf(InvalidArgumentError).with.property('argument', argument);
      }
      await Promise.all(writes);
      expect(await store.query('SELECT (SELECT COUNT(*) FROM predictions) AS p, (SELECT COUNT(*) FROM outcomes) AS o')).to.deep.equal([{ p: 1n, o: 1n }]);
      await store.close();
      expect(await store.recordOutcome(fixture.outcomes[0]).catch((e: unknown) => e)).to.be.instanceOf(InvalidArgumentError).with.property('argument', 'store');
    });

    it('refuses a bad URL and says which database it cannot reach', async () => {
      for (const [options, argument] of [[{ url: 'mysql://x' }, 'options.url'], [{ url: 'postgres://h/d', maxConnections: 0 }, 'options.maxConnections'],
        [{ url: 'postgres://h/d', path: 'x.duckdb' }, 'options.path']] as const) {
        expect(await openEventStore(options).catch((e: unknown) => e), argument).to.be.instanceOf(InvalidArgumentError).with.property('argument', argument);
      }
      const error = await openEventStore({ url: `postgres://ablab:secret@127.0.0.1:${cluster!.port}/no_such_db` }).catch((e: unknown) => e);
      expect((error as Error).message).to.match(/Cannot open the PostgreSQL event store postgres:\/\/ablab:\*\*\*@127\.0\.0\.1:\d+\/no_such_db: .*no_such_db/);
    });
  });

  it('runs the same live bandit as DuckDB: same periods, weights, logged probabilities and bandit statistics; a restart resumes', async () => {
    const runBandit = async (store: EventStore) => {
      const splitter = createSplitter({ experiment: 'bandit', arms: ['a', 'b'] });
      const allocation = await openAdaptiveAllocation({ splitter, store, metric: 'conversion', floor: 0.05, updateEveryEvents: 50, now: 0 });
      await simulateLiveBandit({ allocation, store, units: 200, seed: 3, returningShare: 0.2, conversionRate: (arm) => (arm === 'a' ? 0.1 : 0.3) });
      const resumed = await openAdaptiveAllocation({ splitter: createSplitter({ experiment: 'bandit', arms: ['a', 'b'] }), store, metric: 'conversion', now: 0 });
      return {
        weights: allocation.periods.map((p) => p.weights),
        statistics: await store.banditStatistics({ experiment: 'bandit', metric: 'conversion', arms: splitter.arms }),
        resumed: [resumed.periods[0].period, resumed.assignedUnits],
      };
    };
    const [postgres, duckdb] = await Promise.all([openEventStore({ url: await database() }), openEventStore()]);
    try {
      const [fromPostgres, fromDuckDb] = [await runBandit(postgres), await runBandit(duckdb)];
      expect(fromPostgres).to.deep.equal(fromDuckDb);
      expect(fromPostgres.weights.length).to.be.at.least(4);
      expect(fromPostgres.resumed).to.deep.equal([fromPostgres.weights.length, 200]);
    } finally {
      await Promise.all([postgres.close(), duckdb.close()]);
    }
  });

  describe('schema versions', () => {
    it('creates the schema once, recording its version, even when four stores open a new database together', async () => {
      const url = await database();
      const stores = await Promise.all(Array.from({ length: 4 }, () => openEventStore({ url })));
      expect(stores.map((s) => s.schemaVersion)).to.deep.equal([3, 3, 3, 3]);
      await Promise.all(stores.map((s) => s.close()));
      const again = await openEventStore({ url });
      await again.close();
      expect((await sql(url, 'SELECT version, description FROM schema_version ORDER BY version')).map((r) => [r.version, r.description]))
        .to.deep.equal([[1, 'predictions and outcomes tables'], [2, 'predictions.error_kind (model or input error)'],
          [3, 'predictions.assignment_probability and allocation_period (adaptive allocation)']]);
    });

    it('applies only the missing migrations, in order, and refuses a store of a newer ablab', async () => {
      const url = await database();
      const withIndex = [...SCHEMA_MIGRATIONS, { version: 4, description: 'metric index', statements: () => ['CREATE INDEX outcomes_metric ON outcomes (metric)'] }];
      const client = new Client({ connectionString: url });
      await client.connect();
      const connection = {
        dialect: sqlDialect('postgres'),
        async transaction<T>(work: (run: (text: string) => Promise<Record<string, unknown>[]>) => Promise<T>) {
          await client.query('BEGIN');
          try {
            const result = await work(async (text) => (await client.query(text)).rows);
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          }
        },
      };
      try {
        // A version-1 store (before error kinds) with a failed request in it.
        expect(await migrateEventSchema(connection, SCHEMA_MIGRATIONS.slice(0, 1))).to.equal(1);
        await client.query("INSERT INTO predictions VALUES ('e', 'u1', 'a', 'v1', NULL, NULL, NULL, 12.5, TIMESTAMP '2024-01-01', 'timeout')");
        expect(await migrateEventSchema(connection, withIndex)).to.equal(4);
        expect(await migrateEventSchema(connection, withIndex)).to.equal(4); // a second run would fail on CREATE INDEX if it re-ran version 4
        expect((await client.query('SELECT version FROM schema_version ORDER BY version')).rows).to.deep.equal([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
        // Version 1 counted every error as the model's: version 2 says so in error_kind.
        expect((await client.query('SELECT unit_id, error_kind FROM predictions')).rows).to.deep.equal([{ unit_id: 'u1', error_kind: 'model' }]);
      } finally {
        await client.end();
      }
      const error = await openEventStore({ url }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(SchemaVersionError);
      expect((error as Error).message).to.equal(
        'The event store has schema version 4, written by a newer ablab; this ablab knows versions up to 3. Upgrade ablab to open it.');
    });

    it('names every column that differs from ablab\'s layout', async () => {
      const url = await database();
      (await openEventStore({ url })).close();
      await sql(url, 'ALTER TABLE outcomes DROP COLUMN value; ALTER TABLE outcomes ADD COLUMN note TEXT; ALTER TABLE predictions ALTER COLUMN score TYPE REAL');
      const error = await openEventStore({ url }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(SchemaVersionError);
      expect((error as Error).message).to.equal("The event store's tables do not have ablab's layout (schema version 3): "
        + 'predictions.score is real, expected double precision; outcomes.value is missing; outcomes.note is not an ablab column.');
    });

  });

  describe('four serving replicas, one killed, and a rollout controller, all as processes over one database', () => {
    const children: ChildProcess[] = [];
    after(() => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

    /** Spawns a child script and resolves with it and its first stdout line. */
    function spawnChild(script: string, url: string): Promise<{ child: ChildProcess; lines: string[]; next: () => Promise<string> }> {
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, script), url], { stdio: ['pipe', 'pipe', 'inherit'] });
      children.push(child);
      const lines: string[] = [];
      const waiting: ((line: string) => void)[] = [];
      let buffer = '';
      child.stdout!.on('data', (data: Buffer) => {
        buffer += data.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop()!;
        for (const line of parts) (waiting.length > 0 ? waiting.shift()!(line) : lines.push(line));
      });
      const next = () => new Promise<string>((resolve, reject) => {
        if (lines.length > 0) return resolve(lines.shift()!);
        waiting.push(resolve);
        child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before printing`)));
      });
      return Promise.resolve({ child, lines, next });
    }

    it('keeps every acknowledged event, and the statistics equal the same events in DuckDB', async () => {
      const url = await database();
      const replicas = await Promise.all(Array.from({ length: 4 }, () => spawnChild('replicaChild.ts', url)));
      const ports = await Promise.all(replicas.map(async (r) => Number((await r.next()).split(' ')[1])));
      const controller = await spawnChild('rolloutChild.ts', url);

      const acknowledged = { predictions: new Set<string>(), outcomes: new Set<string>() };
      const alive = [true, true, true, true];
      let sent = 0;
      const servedBy = [0, 0, 0, 0];
      const post = async (replica: number, route: string, body: object) => {
        const response = await fetch(`http://127.0.0.1:${ports[replica]}${route}`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
        });
        if (response.status === 200) servedBy[replica]++;
        return response.status === 200;
      };
      const units = 240;
      // 16 clients; each unit gets a prediction then 1-2 outcomes, round-robin over live replicas.
      const client = async (offset: number) => {
        for (let i = offset; i < units; i += 16) {
          const unitId = `unit-${i}`;
          const pick = () => {
            const live = alive.flatMap((ok, r) => (ok ? [r] : []));
            return live[(i + sent++) % live.length];
          };
          try {
            if (!(await post(pick(), '/predict', { unitId, features: [i % 7], segment: i % 3 === 0 ? 'mobile' : 'desktop' }))) continue;
            acknowledged.predictions.add(unitId);
            if (i === 80) { // mid-stream: kill replica 0 (SIGKILL, no shutdown) while the others keep writing
              alive[0] = false;
              replicas[0].child.kill('SIGKILL');
            }
            for (const [metric, value] of [['conversion', i % 4 === 0 ? 1 : 0], ['revenue', (i % 11) * 1.25]] as const) {
              if (await post(pick(), '/outcome', { unitId, metric, value })) acknowledged.outcomes.add(`${unitId}/${metric}`);
            }
          } catch {
            // The killed replica's connections reset: those requests were not acknowledged.
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, (_, k) => client(k)));
      expect(replicas[0].child.signalCode).to.equal('SIGKILL');
      expect(servedBy[0], 'requests acknowledged by the replica that was killed').to.be.greaterThan(0);
      expect(acknowledged.predictions.size).to.be.greaterThan(units * 0.9);

      const exposed = new Set((await sql(url, `SELECT unit_id FROM predictions WHERE experiment = '${REPLICA_EXPERIMENT.experiment}'`)).map((r) => r.unit_id as string));
      const outcomes = new Set((await sql(url, 'SELECT unit_id, metric FROM outcomes')).map((r) => `${r.unit_id}/${r.metric}`));
      const lost = [...acknowledged.predictions].filter((u) => !exposed.has(u)).concat([...acknowledged.outcomes].filter((o) => !outcomes.has(o)));
      expect(lost, 'acknowledged events missing from PostgreSQL').to.deep.equal([]);

      // The rollout controller process saw the replicas' traffic through the store.
      controller.child.stdin!.write('final\n');
      controller.child.stdin!.end();
      const decisions: { decision?: string; final?: boolean; status?: string; units: number[] }[] = [];
      for (;;) {
        const line = JSON.parse(await controller.next());
        decisions.push(line);
        if (line.final) break;
      }
      const final = decisions.pop()!;
      const perArm = await sql(url, `SELECT arm, COUNT(DISTINCT unit_id) AS n FROM predictions WHERE arm IS NOT NULL GROUP BY arm ORDER BY arm`);
      expect(final.units).to.deep.equal(perArm.map((r) => Number(r.n)));
      expect(decisions.length).to.be.greaterThan(0);
      expect(decisions.map((d) => d.decision)).to.not.include('rollback');
      expect(final.status, 'never rolled back (promoted, or held while the error-rate guardrail is inconclusive)').to.be.oneOf(['running', 'promoted']);

      // The same events, read back and logged into DuckDB, give the same statistics.
      const postgres = await openEventStore({ url });
      const duckdb = await openEventStore();
      const toMs = (ts: unknown) => (ts as Date).getTime();
      for (const row of await postgres.query('SELECT * FROM predictions')) {
        await duckdb.recordPrediction({
          experiment: row.experiment as string, unitId: row.unit_id as string, arm: row.arm as string | null, modelVersion: row.model_version as string,
          segment: row.segment as string | null, prediction: JSON.parse(row.prediction as string), score: row.score as number | null,
          latencyMs: row.latency_ms as number, timestamp: toMs(row.ts), error: row.error as string | null,
        });
      }
      await Promise.all((await postgres.query('SELECT * FROM outcomes')).map((row) => duckdb.recordOutcome({
        experiment: row.experiment as string, unitId: row.unit_id as string, metric: row.metric as string, value: row.value as number, timestamp: toMs(row.ts),
      })));
      for (const options of [{ metric: 'conversion' }, { metric: 'revenue', bySegment: true }]) {
        const query = { experiment: REPLICA_EXPERIMENT.experiment, ...options };
        expectSameStatistics(await postgres.sufficientStatistics(query), await duckdb.sufficientStatistics(query));
      }
      await Promise.all([postgres.close(), duckdb.close()]);
      for (const replica of replicas.slice(1)) replica.child.kill('SIGTERM');
    });
  });
});
