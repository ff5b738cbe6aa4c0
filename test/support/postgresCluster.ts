/**
 * A private PostgreSQL cluster for tests: initdb into a temporary directory with the Debian
 * binaries (/usr/lib/postgresql/<version>/bin, or $ABLAB_PG_BIN), listening on 127.0.0.1 at a
 * free port, run as the unprivileged `postgres` user when the tests run as root, stopped and
 * removed by `stop()` (or, at the latest, when the test process exits).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface PostgresCluster {
  /** postgres://ablab@127.0.0.1:<port>/<database> of a new, empty database. */
  createDatabase(name: string): Promise<string>;
  readonly port: number;
  stop(): void;
}

/** The directory of initdb/pg_ctl, or null when PostgreSQL is not installed. */
export function postgresBinaries(): string | null {
  if (process.env.ABLAB_PG_BIN) return existsSync(join(process.env.ABLAB_PG_BIN, 'initdb')) ? process.env.ABLAB_PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : null;
}

/** Why PostgreSQL tests are skipped here, for `this.skip()` messages. */
export const POSTGRES_MISSING = 'PostgreSQL binaries not found (apt-get install postgresql, or set ABLAB_PG_BIN): skipping the PostgreSQL event-store tests';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a cluster; `null` when the binaries are absent (the caller skips). */
export async function startPostgresCluster(): Promise<PostgresCluster | null> {
  const bin = postgresBinaries();
  if (!bin) return null;
  const directory = mkdtempSync(join(tmpdir(), 'ablab-pg-'));
  const data = join(directory, 'data');
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: hand the directory to the postgres user the package created.
  if (asRoot) {
    chmodSync(directory, 0o755);
    execFileSync('chown', ['postgres:postgres', directory]);
  }
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'ablab', '--auth=trust', '--encoding=UTF8', '--no-sync']);
  const port = await freePort();
  const settings = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${directory} -c max_connections=100`;
  run('pg_ctl', ['-D', data, '-l', join(directory, 'server.log'), '-o', settings, '-w', '-t', '60', 'start']);

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  const url = (database: string) => `postgres://ablab@127.0.0.1:${port}/${database}`;
  return {
    port,
    async createDatabase(name) {
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
  };
}

/**
 * A cluster for the enclosing mocha `describe`: started in its `before` hook, stopped in `after`;
 * the suite is skipped, saying {@link POSTGRES_MISSING}, where PostgreSQL is not installed.
 * @returns the running cluster (call it inside the suite's tests).
 */
export function suitePostgresCluster(): () => PostgresCluster {
  let cluster: PostgresCluster | null = null;
  before(async function () {
    cluster = await startPostgresCluster();
    if (!cluster) {
      console.warn(`      ${POSTGRES_MISSING}`);
      this.skip();
    }
  });
  after(() => cluster?.stop());
  return () => cluster!;
}
