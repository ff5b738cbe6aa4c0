/**
 * Child process of the options audit (optionCases.ts): runs the JSDoc examples of src/ to record
 * a valid call of each export (or takes it from validCalls.ts), finds the option keys each export reads, and calls it with bad
 * values per key, appending one JSON line per step and call to argv[2] (see runAudit.ts). Steps
 * and calls before argv[4] are replayed without logging (calls skipped; examples and key finding
 * rerun, except one that hung or killed an earlier child), so the parent can resume after a hang.
 */
import { appendFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { classify, containsNaN, NOT_CALLED, parameterNames } from './auditCases.js';
import { cloneArgument, exampleBlocks, isPlainObject, recordingApi, runExample } from './exampleCalls.js';
import { OPTION_PARAMETER, optionCalls, ownPaths, recordingProxy } from './optionCases.js';
import { readAuditLines } from './runAudit.js';
import { VALID_CALLS } from './validCalls.js';

/**
 * Examples left out: they train models or simulate for seconds (their functions' option checks
 * are covered by their own tests), or load a large optional dependency.
 */
export const SLOW_EXAMPLES = ['experiments/runExperiment.ts', 'models/grid/runGrid.ts', 'online/simulator/simulateRollouts.ts', 'helpers/dataFrame.ts', 'models/data/mnist.ts', 'models/data/normalize.ts'];

/** At most this many bad-option calls per export (a seeded sample of its keys × bad values). */
export const MAX_CALLS_PER_EXPORT = Number(process.env.ABLAB_AUDIT_MAX_CALLS ?? 40);

const timeLimit = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms); })]).finally(() => clearTimeout(timer));
};

/** A seeded choice in [0, n) (mulberry32 seeded with the export's name), so the sample does not depend on other exports. */
function chooser(name: string): (n: number) => number {
  let state = [...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** The arguments of VALID_CALLS[name] (undefined when there is none, or it fails to build). */
let validCallOf: (name: string) => unknown[] | undefined = () => undefined;

async function main(): Promise<void> {
  const [resultsFile, modulePath, skipText] = process.argv.slice(2);
  const api = (await import(modulePath)) as Record<string, unknown>;
  const srcDir = dirname(modulePath);
  const failedBefore = new Set(readAuditLines(resultsFile).filter((l) => l.outcome === 'hang' || l.outcome === 'killed').map((l) => l.i));
  process.chdir(dirname(resultsFile)); // examples and functions that write files write into the scratch folder
  const skip = Number(skipText ?? 0);
  const log = (entry: object) => appendFileSync(resultsFile, `${JSON.stringify(entry)}\n`);
  process.on('uncaughtException', () => {}); // a stray callback error must not hide the next outcomes
  process.on('unhandledRejection', () => {});
  let i = 0;
  /** Runs step `work` as index i: logged from `skip` on; replayed silently before; skipped if it hung before. */
  const step = async (name: string, position: string, work: () => Promise<string | undefined>): Promise<boolean> => {
    const index = i++;
    if (failedBefore.has(index)) return false;
    if (index >= skip) log({ i: index, start: true, name, position, value: '' });
    const message = await work();
    if (index >= skip) log({ i: index, outcome: 'step', message });
    return true;
  };

  validCallOf = (name) => {
    try {
      return VALID_CALLS[name]?.(api as Parameters<(typeof VALID_CALLS)[string]>[0]);
    } catch {
      return undefined;
    }
  };
  const validCalls = new Map<string, unknown[]>();
  const recorded = recordingApi(api, validCalls);
  for (const name of NOT_CALLED) if (name in recorded) recorded[name] = () => undefined;
  for (const block of exampleBlocks(srcDir).filter((b) => !SLOW_EXAMPLES.some((file) => b.file.endsWith(file)))) {
    await step('(example)', relative(srcDir, block.file), async () => {
      try {
        await timeLimit(runExample(block, recorded), 5000);
        return undefined;
      } catch (error) {
        return `example stopped: ${String(error).slice(0, 120)}`; // examples that use variables they do not define
      }
    });
  }

  for (const name of Object.keys(api).sort()) {
    const f = api[name];
    if (typeof f !== 'function' || /^class\b/.test(Function.prototype.toString.call(f)) || NOT_CALLED.has(name)) continue;
    const parameters = parameterNames(f);
    const position = parameters.findIndex((p) => OPTION_PARAMETER.test(p));
    if (position < 0) continue;
    const uncovered = (why: string) => {
      const index = i++;
      if (index >= skip) {
        log({ i: index, start: true, name, position: parameters[position], value: '' });
        log({ i: index, outcome: 'uncovered', message: why });
      }
    };
    const args = validCallOf(name) ?? validCalls.get(name);
    if (!args) {
      uncovered('no valid call in the JSDoc examples or validCalls.ts');
      continue;
    }
    let paths: string[] = [];
    let nanAllowed = false;
    let failure: string | undefined;
    const ran = await step(name, `${parameters[position]} (keys)`, async () => {
      const reads = new Set<string>();
      const callArgs = args.map(cloneArgument);
      const options = args[position] === undefined ? {} : args[position];
      if (!isPlainObject(options)) return (failure = `the valid call passes ${typeof options} options`);
      callArgs[position] = recordingProxy(cloneArgument(options) as Record<string, unknown>, parameters[position], reads);
      try {
        const result = await timeLimit(Promise.resolve((f as (...a: unknown[]) => unknown)(...callArgs)), 5000);
        nanAllowed = containsNaN(result);
      } catch (error) {
        return (failure = `the valid call failed: ${String(error).slice(0, 120)}`);
      }
      paths = [...new Set([...reads, ...ownPaths(options, parameters[position])])].sort();
      return paths.join(', ');
    });
    if (failure !== undefined) uncovered(failure);
    if (!ran || failure !== undefined) continue;
    for (const call of optionCalls(name, f, args, position, paths, nanAllowed, MAX_CALLS_PER_EXPORT, chooser(name))) {
      const index = i++;
      if (index < skip) continue;
      log({ i: index, start: true, name, position: call.path, value: call.value });
      log({ i: index, ...(await classify(call, call.expect)) });
    }
  }
  log({ done: true, total: i });
  process.exit(0);
}

void main();
