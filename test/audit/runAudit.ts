/**
 * Runs the bad-input audit of a barrel module in child processes (a call that hangs is killed
 * after `hangMs` without progress, one that kills its process is recorded, and the audit resumes
 * after it), in a scratch working directory (some functions write files).
 * Usage as a script: npx tsx test/audit/runAudit.ts [path/to/index.ts] → counts per outcome and the failing calls.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Outcome } from './auditCases.js';

export interface AuditResult {
  name: string;
  position: number;
  value: string;
  outcome: Outcome;
  message?: string;
}

interface Line { i?: number; start?: boolean; done?: boolean; total?: number; outcome?: Outcome; message?: string }

export async function runAudit(modulePath: string, options: { hangMs?: number } = {}): Promise<{ total: number; byCall: Map<number, Line> }> {
  const hangMs = options.hangMs ?? 20_000;
  const work = mkdtempSync(join(tmpdir(), 'ablab-audit-'));
  const resultsFile = join(work, 'results.jsonl');
  const byCall = new Map<number, Line>();
  let total = -1;
  let next = 0;
  try {
    while (total < 0) {
      await new Promise<void>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'auditChild.ts'), resultsFile, resolve(modulePath), String(next)], {
          stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=2048' },
        });
        let seen = existsSync(resultsFile) ? readFileSync(resultsFile).length : 0;
        let idleTicks = 0;
        const watchdog = setInterval(() => {
          const size = existsSync(resultsFile) ? readFileSync(resultsFile).length : 0;
          idleTicks = size === seen ? idleTicks + 1 : 0;
          seen = size;
          // Each tick is hangMs/4; loading the library (tfjs, DuckDB) gets a minute's grace.
          if (idleTicks >= 4 && !(started === false && idleTicks < 12)) child.kill('SIGKILL');
          if (size > initialSize) started = true;
        }, hangMs / 4);
        const initialSize = seen;
        let started = false;
        child.on('exit', (_code, signal) => {
          clearInterval(watchdog);
          const lines = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line) : [];
          let lastStarted = -1;
          for (const line of lines) {
            if (line.done) total = line.total!;
            else if (line.start) lastStarted = line.i!;
            else byCall.set(line.i!, line);
          }
          if (total < 0 && lastStarted < 0) throw new Error(`the audit child did not start (exit ${_code}, ${signal})`);
          if (total < 0) {
            // The child died (or was killed by the watchdog) in the middle of call lastStarted.
            byCall.set(lastStarted, { i: lastStarted, outcome: signal === 'SIGKILL' ? 'hang' : 'killed', message: signal ?? 'process exited' });
            next = lastStarted + 1;
          }
          done();
        });
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { total, byCall };
}

/** The audit's results with the call descriptions (from the same case list the child used). */
export async function auditModule(modulePath: string, options: { hangMs?: number } = {}): Promise<AuditResult[]> {
  const { auditCalls } = await import('./auditCases.js');
  const calls = auditCalls((await import(resolve(modulePath))) as Record<string, unknown>);
  const { total, byCall } = await runAudit(modulePath, options);
  if (total !== calls.length) throw new Error(`the audit child saw ${total} calls, this process ${calls.length}`);
  return calls.map((c, i) => ({ name: c.name, position: c.position, value: c.value, outcome: byCall.get(i)?.outcome ?? 'killed', message: byCall.get(i)?.message }));
}

if (require.main === module) {
  void auditModule(process.argv[2] ?? join(__dirname, '../../src/index.ts')).then((results) => {
    const counts: Record<string, number> = {};
    for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    const functions = new Set(results.map((r) => r.name)).size;
    console.log(JSON.stringify({ functions, calls: results.length, counts }));
    const perFunction: Record<string, Record<string, number>> = {};
    for (const r of results.filter((x) => x.outcome !== 'typed' && x.outcome !== 'ok')) (perFunction[r.name] ??= {})[r.outcome] = (perFunction[r.name][r.outcome] ?? 0) + 1;
    console.log(JSON.stringify(perFunction));
    for (const r of results.filter((x) => x.outcome !== 'typed' && x.outcome !== 'ok')) console.log(`${r.outcome}\t${r.name}(arg ${r.position} = ${r.value})\t${r.message ?? ''}`);
  });
}
