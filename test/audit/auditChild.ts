/**
 * Child process of the bad-input audit: calls every exported function of the barrel (or of the
 * module given as argv[3]) with each bad value in each argument position and appends one JSON line
 * per call to the file argv[2] (see runAudit.ts). Calls before argv[4] (an index) are skipped, so
 * the parent can resume after a hang or a crash.
 */
import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { auditCalls, classify, reportableNames } from './auditCases.js';

async function main(): Promise<void> {
  const [resultsFile, modulePath, skipText] = process.argv.slice(2);
  const api = (await import(modulePath)) as Record<string, unknown>;
  const calls = auditCalls(api);
  process.chdir(dirname(resultsFile)); // functions that write files write into the scratch folder
  const skip = Number(skipText ?? 0);
  const log = (entry: object) => appendFileSync(resultsFile, `${JSON.stringify(entry)}\n`);
  process.on('uncaughtException', () => {}); // a stray callback error must not hide the next outcomes
  process.on('unhandledRejection', () => {});
  for (let i = skip; i < calls.length; i++) {
    const { name, position, value } = calls[i];
    log({ i, start: true, name, position, value });
    // A typed error must name one of the function's parameters (or a part of one), as the caller wrote it.
    log({ i, ...(await classify(calls[i], { named: reportableNames(api[name] as Function) })) });
  }
  log({ done: true, total: calls.length });
  process.exit(0);
}

void main();
