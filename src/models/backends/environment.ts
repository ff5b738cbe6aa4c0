/** The software and hardware a run executed on, stored with every result so timings and numbers can be traced. */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ensureBackend } from './select-backend.js';

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
}

// Same relative location from src/models/backends (tsx) and dist/models/backends (built).
const PACKAGE_JSON = join(__dirname, '..', '..', '..', 'package.json');

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
  };
}
