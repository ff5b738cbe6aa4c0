/** The software and hardware a run executed on, stored with every result so timings and numbers can be traced. */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, extname, join, relative, sep } from 'node:path';
import { InvalidArgumentError } from '../../core/errors.js';
import { ensureBackend } from './selectBackend.js';

export interface RunEnvironment {
  tfjsVersion: string;
  backend: string;
  device: string;
  threads: number;
  cpuModel: string;
  cpuCount: number;
  nodeVersion: string;
  platform: string;
  ablabVersion: string;
  /** Hash of the training code (see {@link trainingCodeFingerprint}): runs with different values may differ in their last digits. */
  trainingCode: string;
  /** Git commit of the working directory's repository ('abc123def456+dirty' with uncommitted changes); absent outside git. */
  commit?: string;
}

// Same relative location from src/models/backends (tsx) and dist/models/backends (built).
const PACKAGE_JSON = join(__dirname, '..', '..', '..', 'package.json');

let trainingCodeHash: string | undefined;

// Relative module specifiers a file loads at run time: require() in built code; in TypeScript
// import/export ... from and import() — except type-only imports and exports, which are erased and
// cannot change a number. Comments are dropped first (they may quote code).
const COMMENT = /\/\*[\s\S]*?\*\/|(?<![:'"\\])\/\/.*$/gm;
const TYPE_ONLY_STATEMENT = /(?:import|export)\s+type\s[^;]*?from\s*['"][^'"]+['"]/g;
const RELATIVE_SPECIFIER = /(?:\bfrom|\brequire\(|\bimport\()\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * Every source file `entry` loads, directly or through other files of the project (relative
 * imports only: packages are covered by their versions), `entry` included, sorted. Specifiers are
 * written with `.js` in TypeScript sources; they resolve to the entry's own extension.
 * @throws {InvalidArgumentError} when entry, or a file it imports, is not a readable file.
 */
export function moduleClosure(entry: string): string[] {
  assertPath('entry', entry);
  const extension = extname(entry);
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readSource(file === entry ? 'entry' : `a file imported from ${entry}`, file).toString('utf8').replace(COMMENT, '').replace(TYPE_ONLY_STATEMENT, '');
    for (const [, specifier] of source.matchAll(RELATIVE_SPECIFIER)) {
      pending.push(join(dirname(file), specifier.replace(/\.js$/, extension)));
    }
  }
  return [...seen].sort();
}

/**
 * A short hash of `files` (contents and paths relative to `root`) and of `salt`.
 * @throws {InvalidArgumentError} unless files is an array of readable files and root and salt are strings.
 * @example
 * codeFingerprint(moduleClosure('src/models/grid/gridWorker.ts'), 'src', '4.22.0'); // e.g. '3f9c2a1b7d0e'
 */
export function codeFingerprint(files: readonly string[], root: string, salt: string): string {
  if (!Array.isArray(files)) throw new InvalidArgumentError('files', files, 'expected an array of file paths');
  files.forEach((file, i) => assertPath(`files[${i}]`, file));
  assertPath('root', root);
  if (typeof salt !== 'string') throw new InvalidArgumentError('salt', salt, 'expected a string');
  const hash = createHash('sha256').update(salt);
  files.forEach((file, i) => hash.update(relative(root, file).split(sep).join('/')).update('\0').update(readSource(`files[${i}]`, file)));
  return hash.digest('hex').slice(0, 12);
}

function assertPath(name: string, path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '') throw new InvalidArgumentError(name, path, 'expected a file path');
}

/** The bytes of a source file; an unreadable one is an error naming the argument it came from. */
function readSource(name: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new InvalidArgumentError(name, file, `expected a readable file (${(error as Error).message})`);
  }
}

/** The files behind a training run: everything the grid worker loads (training loop, kernels, data, seeded random numbers, validation). */
export function trainingCodeFiles(): string[] {
  return moduleClosure(join(__dirname, '..', 'grid', `gridWorker${extname(__filename)}`));
}

/**
 * A short hash of every source file a training run executes — the grid worker and all it loads
 * (models, kernels, data, core/random and the other core modules, any statistics they use) — in the
 * form that is running (.ts under tsx, .js when built), and of the tfjs version. Two runs with the
 * same seed, backend and hash give identical numbers; a different hash means code that can change
 * them changed in between.
 * @example
 * trainingCodeFingerprint(); // e.g. '3f9c2a1b7d0e'
 */
export function trainingCodeFingerprint(): string {
  trainingCodeHash ??= codeFingerprint(trainingCodeFiles(), join(__dirname, '..', '..'), tf.version.tfjs);
  return trainingCodeHash;
}

let commitCache: string | null | undefined;

/**
 * The git commit checked out in the working directory (where experiments are run from), with
 * '+dirty' when tracked files have uncommitted changes; null outside a repository or without git.
 * @example
 * gitCommit(); // e.g. '9bd588f2c1aa+dirty'
 */
export function gitCommit(): string | null {
  if (commitCache === undefined) {
    const head = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' });
    if (head.status !== 0 || head.error) commitCache = null;
    else {
      const dirty = spawnSync('git', ['diff-index', '--quiet', 'HEAD', '--'], { encoding: 'utf8' }).status === 1;
      commitCache = `${head.stdout.trim()}${dirty ? '+dirty' : ''}`;
    }
  }
  return commitCache;
}

/**
 * Describes the current thread's tfjs backend, the machine and the versions in use (selecting the
 * default backend first if none was chosen).
 * @throws AblabError when no backend can start.
 * @example
 * const env = await captureEnvironment(); // { tfjsVersion: '4.22.0', backend: 'wasm', threads: 1, ... }
 */
export async function captureEnvironment(): Promise<RunEnvironment> {
  const backend = await ensureBackend();
  const machineCpus = cpus();
  return {
    tfjsVersion: tf.version.tfjs,
    backend: backend.name,
    device: backend.device,
    threads: backend.threads,
    cpuModel: machineCpus[0]?.model.trim() ?? 'unknown',
    cpuCount: machineCpus.length,
    nodeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
    ablabVersion: (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version,
    trainingCode: trainingCodeFingerprint(),
    ...(gitCommit() === null ? {} : { commit: gitCommit()! }),
  };
}
