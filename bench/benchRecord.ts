/**
 * What every benchmark records besides its timings: the machine's load before and after, the CPU
 * time other processes took while it ran, and the environment, written with the results to
 * bench/results/<bench>.json so a figure in the README can be traced to one run on one commit.
 *
 * "Idle" is judged by the CPU that other processes used during the bench, not by the load
 * average: the load average decays over minutes, so right after a previous benchmark (npm run
 * bench runs them back to back) it reports our own finished work. From /proc/stat (all CPU busy
 * time) minus /proc/self/stat (this process and its waited-for children: the Python peers),
 * `othersCpuShare` is the share of the machine's CPU capacity that others used during the run.
 * Above 5% the machine is flagged not idle: most benches compare against a peer that uses every
 * core (PyTorch's threads, BLAS), so a stranger holding 5% of the CPU can move a ratio by about
 * 5% — as much as the difference between two printed ratios we would act on (e.g. 0.80x vs
 * 0.76x) — and above that a ratio says more about the neighbours than about ablab.
 * The 1-minute load average before the run is recorded too and warned about above 0.25 per core
 * (a quarter of the cores busy on average over the last minute); it may be our own previous bench,
 * which it cannot tell apart, so it decides idleness only where /proc is missing (not Linux).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';

/** One measured case: ablab's figure, the peer's, and peer-relative speed (> 1: ablab faster), in `unit`. */
export interface BenchCase {
  case: string;
  unit: string;
  ablab: number;
  peer?: number;
  /** ablab speed / peer speed (for times: peer seconds / ablab seconds). */
  ratio?: number;
  [detail: string]: unknown;
}

/** Others' CPU share above which a run is flagged not idle (see the file comment). */
export const OTHERS_CPU_SHARE_LIMIT = 0.05;
/** 1-minute load average per core before the run above which a warning is printed. */
export const LOAD_PER_CORE_LIMIT = 0.25;

interface CpuSample {
  /** Busy clock ticks of all CPUs (everything but idle and iowait). */
  machineBusy: number;
  /** Clock ticks of this process and its reaped children. */
  own: number;
  wallMs: number;
}

/** Fields of /proc/<pid>/stat after the command name: index 1 is the parent pid; 11-14 are utime, stime, cutime, cstime. */
function procStat(pid: number | 'self'): number[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
}

/** CPU ticks of a process (with its reaped children) and of its live children: a server the bench started outside its own process tree. */
function processTreeTicks(rootPid: number): number {
  const ticks = (fields: number[]) => fields[11] + fields[12] + fields[13] + fields[14];
  let total = ticks(procStat(rootPid));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = procStat(Number(entry));
      if (fields[1] === rootPid) total += ticks(fields);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

function sampleCpu(): CpuSample | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    const self = procStat('self');
    return { machineBusy: user + nice + system + irq + softirq + steal, own: self[11] + self[12] + self[13] + self[14], wallMs: Date.now() };
  } catch {
    return null; // not Linux: only the load average is recorded
  }
}

function gitCommit(): { commit: string | null; dirty: boolean | null } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: __dirname, encoding: 'utf8' });
    return { commit, dirty: status.trim() !== '' };
  } catch {
    return { commit: null, dirty: null };
  }
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/**
 * Starts recording a benchmark named after its file (e.g. 'splitter' for splitter.bench.ts):
 * call at the very start, `add` each case, and `finish` at the end to print the load report
 * (a loud warning when the machine was not idle) and write bench/results/<name>.json.
 * `backend` says what ran the ablab side (tfjs backend, event store engine, 'js').
 */
export function startBench(file: string, backend: string, settings: Record<string, unknown> = {}) {
  const name = basename(file).replace(/\.bench\.ts$/, '');
  const started = new Date();
  const loadBefore = loadavg();
  const cpuBefore = sampleCpu();
  const cases: BenchCase[] = [];
  return {
    add(result: BenchCase): void {
      cases.push(result);
    },
    /**
     * Writes the results file and returns whether the machine was idle. `serverPid`: a server the
     * bench started after `startBench` and that is not its child (pg_ctl daemonises PostgreSQL),
     * whose CPU counts as the bench's own; call before stopping it.
     */
    finish(serverPid?: number): boolean {
      const loadAfter = loadavg();
      const cpuAfter = sampleCpu();
      if (cpuAfter && serverPid !== undefined) cpuAfter.own += processTreeTicks(serverPid);
      const cores = cpus().length;
      let othersCpuShare: number | null = null;
      if (cpuBefore && cpuAfter && cpuAfter.wallMs > cpuBefore.wallMs) {
        const ticksPerSecond = 100; // USER_HZ, 100 on every Linux architecture Node runs on
        const capacity = ((cpuAfter.wallMs - cpuBefore.wallMs) / 1000) * ticksPerSecond * cores;
        othersCpuShare = Math.max(0, (cpuAfter.machineBusy - cpuBefore.machineBusy - (cpuAfter.own - cpuBefore.own)) / capacity);
      }
      const busyBefore = loadBefore[0] / cores > LOAD_PER_CORE_LIMIT;
      const idle = othersCpuShare === null ? !busyBefore : othersCpuShare <= OTHERS_CPU_SHARE_LIMIT;
      const warnings: string[] = [];
      if (othersCpuShare !== null && !idle) {
        warnings.push(`other processes used ${(othersCpuShare * 100).toFixed(0)}% of the machine's CPU during this bench (limit ${OTHERS_CPU_SHARE_LIMIT * 100}%)`);
      }
      if (busyBefore) warnings.push(`1-minute load average before was ${loadBefore[0].toFixed(2)} on ${cores} cores (limit ${LOAD_PER_CORE_LIMIT} per core; may be a previous bench of this run)`);
      const cpu = cpus()[0];
      const record = {
        bench: name,
        date: started.toISOString(),
        seconds: round((Date.now() - started.getTime()) / 1000, 1),
        command: `npx tsx bench/${basename(file)} ${process.argv.slice(2).join(' ')}`.trim(),
        settings,
        environment: {
          node: process.version, platform: `${process.platform}-${process.arch}`, cpuModel: cpu?.model.trim() ?? 'unknown', cores, backend, ...gitCommit(),
        },
        load: {
          idle,
          warnings,
          loadAverageBefore: loadBefore.map((l) => round(l, 2)),
          loadAverageAfter: loadAfter.map((l) => round(l, 2)),
          othersCpuShare: othersCpuShare === null ? null : round(othersCpuShare),
        },
        results: cases.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === 'number' ? round(v, 4) : v]))),
      };
      const folder = join(__dirname, 'results');
      if (!existsSync(folder)) mkdirSync(folder);
      const path = join(folder, `${name}.json`);
      writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
      console.log(`load average before ${record.load.loadAverageBefore.join(' ')}, after ${record.load.loadAverageAfter.join(' ')}; `
        + `others' CPU share during the run ${othersCpuShare === null ? 'unknown' : `${(othersCpuShare * 100).toFixed(1)}%`}; results in bench/results/${name}.json`);
      if (!idle || warnings.length > 0) {
        const lines = [idle ? 'WARNING: the machine may not have been idle' : 'WARNING: THE MACHINE WAS NOT IDLE — these timings and ratios are not comparable with quiet runs', ...warnings];
        const width = Math.max(...lines.map((l) => l.length));
        console.error(['!'.repeat(width + 6), ...lines.map((l) => `!! ${l.padEnd(width)} !!`), '!'.repeat(width + 6)].join('\n'));
      }
      return idle;
    },
  };
}
