/** The software and hardware a run executed on, stored with every result so timings and numbers can be traced. */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { extname, join, relative } from 'node:path';
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
  /** Hash of the training code (src/models, or dist/models when built): runs with different values may differ in their last digits. */
  trainingCode: string;
  /** Git commit of the working directory's repository ('abc123def456+dirty' with uncommitted changes); absent outside git. */
  commit?: string;
}

// Same relative location from src/models/backends (tsx) and dist/models/backends (built).
const PACKAGE_JSON = join(__dirname, '..', '..', '..', 'package.json');

let trainingCodeHash: string | undefined;

/**
 * A short hash of every source file of the training code (models, kernels, data), in the form that
 * is running (.ts under tsx, .js when built). Two runs with the same seed, backend and hash give
 * identical numbers; a different hash means the kernels or training loop changed in between.
 * @example
 * trainingCodeFingerprint(); // e.g. '3f9c2a1b7d0e'
 */
export function trainingCodeFingerprint(): string {
  if (trainingCodeHash === undefined) {
    const modelsDir = join(__dirname, '..');
    const extension = extname(__filename);
    const hash = createHash('sha256').update(tf.version.tfjs);
    const visit = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) visit(path);
        else if (entry.name.endsWith(extension) && !entry.name.endsWith(`.d${extension}`)) hash.update(relative(modelsDir, path)).update(readFileSync(path));
      }
    };
    visit(modelsDir);
    trainingCodeHash = hash.digest('hex').slice(0, 12);
  }
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
