/**
 * Runs a bad-input audit of a barrel module in child processes (a call that hangs is killed
 * after `hangMs` without progress, one that kills its process is recorded, and the audit resumes
 * after it), in a scratch working directory (some functions write files).
 * The child script (auditChild.ts: bad positional arguments; optionsAuditChild.ts: bad option
 * values) appends one JSON line per call to a results file: {i, start, name, position, value}
 * before the call, then {i, outcome, message}; a call it dies in gets its outcome line from here,
 * and the next child, started with the index after it, reads the file to skip it.
 * Usage as a script: npx tsx test/audit/runAudit.ts [path/to/index.ts] [options] → counts per outcome and the failing calls.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Outcome } from './auditCases.js';

export interface AuditResult {
  name: string;
  /** The argument position, or the option path (e.g. 'options.alpha'). */
  position: number | string;
  value: string;
  outcome: Outcome;
  message?: string;
}

/** A line of the results file. */
export interface AuditLine { i?: number; start?: boolean; done?: boolean; total?: number; name?: string; position?: number | string; value?: string; outcome?: Outcome; message?: string }

/** The lines of a results file written so far. */
export function readAuditLines(resultsFile: string): AuditLine[] {
  return existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditLine) : [];
}

export async function auditModule(modulePath: string, options: { hangMs?: number; child?: 'arguments' | 'options' } = {}): Promise<AuditResult[]> {
  const hangMs = options.hangMs ?? 20_000;
  const childScript = join(__dirname, options.child === 'options' ? 'optionsAuditChild.ts' : 'auditChild.ts');
  const work = mkdtempSync(join(tmpdir(), 'ablab-audit-'));
  const resultsFile = join(work, 'results.jsonl');
  let finished = false;
  let next = 0;
  try {
    while (!finished) {
      await new Promise<void>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', childScript, resultsFile, resolve(modulePath), String(next)], {
          stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=2048' },
        });
        const size = () => (existsSync(resultsFile) ? readFileSync(resultsFile).length : 0);
        const initialSize = size();
        let seen = initialSize;
        let started = false;
        let idleTicks = 0;
        const watchdog = setInterval(() => {
          const now = size();
          idleTicks = now === seen ? idleTicks + 1 : 0;
          seen = now;
          // Each tick is hangMs/4; loading the library (tfjs, DuckDB) gets a minute's grace.
          if (idleTicks >= 4 && !(started === false && idleTicks < 12)) child.kill('SIGKILL');
          if (now > initialSize) started = true;
        }, hangMs / 4);
        child.on('exit', (code, signal) => {
          clearInterval(watchdog);
          const lines = readAuditLines(resultsFile);
          finished = lines.some((line) => line.done);
          const lastStarted = lines.filter((line) => line.start).at(-1)?.i ?? -1;
          if (!finished) {
            if (lastStarted < next) throw new Error(`the audit child did not start call ${next} (exit ${code}, ${signal})`);
            // The child died (or was killed by the watchdog) in the middle of call lastStarted.
            appendFileSync(resultsFile, `${JSON.stringify({ i: lastStarted, outcome: signal === 'SIGKILL' ? 'hang' : 'killed', message: signal ?? 'process exited' })}\n`);
            next = lastStarted + 1;
          }
          done();
        });
      });
    }
    const lines = readAuditLines(resultsFile);
    const starts = new Map(lines.filter((l) => l.start).map((l) => [l.i!, l]));
    const outcomes = new Map(lines.filter((l) => l.outcome).map((l) => [l.i!, l]));
    const total = lines.find((l) => l.done)!.total!;
    return Array.from({ length: total }, (_, i) => {
      const start = starts.get(i);
      if (!start) throw new Error(`the audit child never started call ${i} of ${total}`);
      const end = outcomes.get(i);
      return { name: start.name!, position: start.position!, value: start.value!, outcome: end?.outcome ?? 'killed', message: end?.message };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const child = process.argv[3] === 'options' ? 'options' : 'arguments';
  void auditModule(process.argv[2] ?? join(__dirname, '../../src/index.ts'), { child }).then((results) => {
    const counts: Record<string, number> = {};
    for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    const functions = new Set(results.map((r) => r.name)).size;
    console.log(JSON.stringify({ functions, calls: results.length, counts }));
    const failing = results.filter((x) => !ACCEPTED.has(x.outcome));
    const perFunction: Record<string, Record<string, number>> = {};
    for (const r of failing) (perFunction[r.name] ??= {})[r.outcome] = (perFunction[r.name][r.outcome] ?? 0) + 1;
    console.log(JSON.stringify(perFunction));
    for (const r of failing) console.log(`${r.outcome}\t${r.name}(${typeof r.position === 'number' ? `arg ${r.position}` : r.position} = ${r.value})\t${r.message ?? ''}`);
  });
}

/** Outcomes that pass: a typed error naming what was bad, a NaN-free result, and the options audit's bookkeeping steps. */
export const ACCEPTED: ReadonlySet<Outcome> = new Set<Outcome>(['typed', 'ok', 'step']);
