/**
 * A real single-node Slurm cluster for tests: munged, slurmctld and slurmd (Debian's slurm-wlm and
 * munge) on 127.0.0.1, everything (key, sockets, state, logs, slurm.conf) in one temporary folder, so
 * it touches no system configuration and several can coexist. Daemons run in the foreground as
 * children of the test process and are killed by stop() (and, as a last resort, on process exit).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';

/** The programs the cluster needs; the test is skipped (saying which are missing) without them. */
export const SLURM_PROGRAMS = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo'];

/** Full path of `program` on PATH or in /usr/sbin (where Debian puts the daemons), if installed. */
function programPath(program: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  return dirs.map((dir) => join(dir, program)).find((path) => path.startsWith('/') && existsSync(path));
}

/** The programs of SLURM_PROGRAMS that are not installed. */
export function missingSlurmPrograms(): string[] {
  return SLURM_PROGRAMS.filter((program) => programPath(program) === undefined);
}

/** One task of a finished array job, as `scontrol show job` reports it. */
export interface ArrayTaskState { jobId: number; arrayTaskId: number; state: string; exitCode: string }

export interface SlurmCluster {
  /** The temporary folder holding configuration, state and logs. */
  dir: string;
  /** Environment for Slurm client commands (SLURM_CONF points at this cluster). */
  env: NodeJS.ProcessEnv;
  /** CPUs the node declares (jobs asking for more are refused). */
  cpus: number;
  /** Runs a Slurm client command against this cluster; throws with its stderr if it fails. */
  run(command: string, args: string[]): string;
  /** Polls until the job has left the queue (finished, failed or cancelled); then its tasks' states. */
  waitForJob(jobId: number, timeoutMs: number): Promise<ArrayTaskState[]>;
  /** Cancels every job, stops the daemons and removes the folder. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(what: string, ready: () => boolean, timeoutMs: number, logs: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) {
      const tails = logs.filter(existsSync).map((log) => `--- ${log}\n${readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}`);
      throw new Error(`${what} not ready after ${timeoutMs} ms\n${tails.join('\n')}`);
    }
    await sleep(200);
  }
}

/**
 * Starts the cluster: node `hostname -s` at 127.0.0.1 with `cpus` CPUs (declared, not detected:
 * SlurmdParameters=config_overrides lets a 2-core machine accept `--cpus-per-task=4`), one partition.
 * Runs jobs as the current user (root in CI).
 */
export async function startSlurmCluster(options: { cpus?: number } = {}): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ablab-slurm-'));
  chmodSync(dir, 0o755); // munged requires every folder above its socket to be searchable by all
  for (const sub of ['munge', 'state', 'spool', 'log']) mkdirSync(join(dir, sub), { mode: 0o755 });
  mkdirSync(join(dir, 'key'), { mode: 0o700 });
  const key = join(dir, 'key', 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const socket = join(dir, 'munge', 'munge.socket');
  const conf = join(dir, 'slurm.conf');
  const node = hostname().split('.')[0];
  const user = userInfo().username;
  const cpuCount = options.cpus ?? Math.max(8, cpus().length);
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  writeFileSync(conf, [
    'ClusterName=ablabtest', `SlurmctldHost=${node}(127.0.0.1)`, `SlurmctldPort=${ctldPort}`, `SlurmdPort=${slurmdPort}`,
    `SlurmUser=${user}`, `SlurmdUser=${user}`, 'AuthType=auth/munge', 'CredType=cred/munge', `AuthInfo=socket=${socket}`,
    `StateSaveLocation=${dir}/state`, `SlurmdSpoolDir=${dir}/spool`, `SlurmctldPidFile=${dir}/slurmctld.pid`, `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldLogFile=${dir}/log/slurmctld.log`, `SlurmdLogFile=${dir}/log/slurmd.log`,
    'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/affinity', 'SelectType=select/cons_tres', 'SelectTypeParameters=CR_Core',
    'AccountingStorageType=accounting_storage/none', 'JobAcctGatherType=jobacct_gather/none', 'JobCompType=jobcomp/none',
    'MpiDefault=none', 'ReturnToService=2', 'SlurmdParameters=config_overrides', 'MinJobAge=600',
    `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpuCount} RealMemory=4000 State=UNKNOWN`,
    `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
  ].join('\n') + '\n');
  const env = { ...process.env, SLURM_CONF: conf };
  const daemons: ChildProcess[] = [];
  const killAll = () => { for (const d of daemons) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL'); };
  process.once('exit', killAll);
  const start = (program: string, args: string[]) => {
    const child = spawn(programPath(program) ?? program, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => { stderr += chunk; });
    child.on('exit', (code, signal) => { if (code !== 0 && signal === null) console.error(`${program} exited with ${code}: ${stderr}`); });
    daemons.push(child);
  };
  const logs = [join(dir, 'munge', 'munged.log'), join(dir, 'log', 'slurmctld.log'), join(dir, 'log', 'slurmd.log')];
  const run = (command: string, args: string[]): string => {
    const result = spawnSync(command, args, { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.error ?? ''}`);
    return result.stdout;
  };
  const stop = async () => {
    process.removeListener('exit', killAll);
    try {
      spawnSync('scancel', ['--user', user], { env });
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && spawnSync('squeue', ['-h'], { env, encoding: 'utf8' }).stdout?.trim()) await sleep(250);
    } finally {
      for (const d of [...daemons].reverse()) {
        if (d.exitCode !== null || d.signalCode !== null) continue;
        const exited = new Promise((resolve) => d.once('exit', resolve));
        d.kill('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
        if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    start('munged', ['--foreground', `--key-file=${key}`, `--socket=${socket}`, `--pid-file=${dir}/munge/munged.pid`,
      `--log-file=${dir}/munge/munged.log`, `--seed-file=${dir}/munge/munged.seed`]);
    await waitFor('munged', () => existsSync(socket), 15_000, logs);
    start('slurmctld', ['-D', '-f', conf]);
    start('slurmd', ['-D', '-f', conf]);
    await waitFor('the Slurm node', () => /^idle/m.test(spawnSync('sinfo', ['-h', '-N', '-o', '%t'], { env, encoding: 'utf8' }).stdout ?? ''), 60_000, logs);
  } catch (error) {
    await stop();
    throw error;
  }
  const waitForJob = async (jobId: number, timeoutMs: number): Promise<ArrayTaskState[]> => {
    await waitFor(`job ${jobId}`, () => spawnSync('squeue', ['-h', '-j', String(jobId)], { env, encoding: 'utf8' }).stdout?.trim() === '', timeoutMs, logs);
    return run('scontrol', ['show', 'job', '-o', String(jobId)]).trim().split('\n').map((line) => {
      const field = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(line)?.[1] ?? '';
      return { jobId: Number(field('JobId')), arrayTaskId: Number(field('ArrayTaskId')), state: field('JobState'), exitCode: field('ExitCode') };
    }).sort((a, b) => a.arrayTaskId - b.arrayTaskId);
  };
  return { dir, env, cpus: cpuCount, run, waitForJob, stop };
}
