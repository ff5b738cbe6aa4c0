/**
 * Picks the fastest tfjs training backend available in this thread: TensorFlow native
 * (@tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node), otherwise wasm with the project's
 * training kernels, otherwise cpu (with the project's filter-gradient kernel).
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { AblabError } from '../../core/errors.js';
import { checkChoice } from '../../core/validate.js';
import { registerTrainingKernels } from './trainingKernels.js';

/** Backend preference: a named backend forces it; 'auto' takes the fastest available. */
export type BackendPreference = 'tensorflow' | 'wasm' | 'cpu' | 'auto';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['tensorflow', 'wasm', 'cpu', 'auto'];

export interface BackendChoice {
  /** tfjs backend name now active: 'tensorflow', 'wasm' or 'cpu'. */
  name: 'tensorflow' | 'wasm' | 'cpu';
  /** What computes: e.g. 'GPU (libtensorflow CUDA)', 'CPU (wasm SIMD, 1 thread)'. */
  device: string;
  /** Compute threads one training run uses. */
  threads: number;
  /** Why each faster backend was not used, in the order tried. */
  skipped: { backend: string; reason: string }[];
  /** Kernels the project provides on this backend. */
  projectKernels: string[];
}

type Attempt = () => Promise<Omit<BackendChoice, 'skipped'>>;

const NATIVE_PACKAGES = [
  { pkg: '@tensorflow/tfjs-node-gpu', device: 'GPU if CUDA is available, else CPU (libtensorflow)' },
  { pkg: '@tensorflow/tfjs-node', device: 'CPU (libtensorflow)' },
];

async function activate(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') failed`);
  await tf.ready();
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

const ATTEMPTS: Record<Exclude<BackendPreference, 'auto'>, Attempt> = {
  async tensorflow() {
    const reasons: string[] = [];
    for (const { pkg, device } of NATIVE_PACKAGES) {
      try {
        // Optional native packages: absent on most machines, so loaded only on demand.
        require(pkg);
        await activate('tensorflow');
        return { name: 'tensorflow', device, threads: (await import('node:os')).cpus().length, projectKernels: [] };
      } catch (error) {
        reasons.push(`${pkg}: ${errorText(error)}`);
      }
    }
    throw new Error(reasons.join('; '));
  },
  async wasm() {
    const projectKernels = registerTrainingKernels('wasm');
    await activate('wasm');
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = wasm.getThreadsCount();
    return { name: 'wasm', device: `CPU (wasm${simd ? ' SIMD' : ''}, ${threads} thread${threads > 1 ? 's' : ''})`, threads, projectKernels };
  },
  async cpu() {
    const projectKernels = registerTrainingKernels('cpu');
    await activate('cpu');
    return { name: 'cpu', device: 'CPU (plain JavaScript, 1 thread)', threads: 1, projectKernels };
  },
};

let current: BackendChoice | undefined;

/**
 * Activates a backend and reports which one and why faster ones were skipped. The preference is
 * `options.prefer`, else the ABLAB_BACKEND environment variable, else 'auto'. A forced backend that
 * cannot start is an error, never a silent fallback.
 * @throws InvalidArgumentError for an unknown preference; AblabError when no (or the forced) backend starts.
 * @example
 * const choice = await selectBackend();              // { name: 'wasm', skipped: [{ backend: 'tensorflow', ... }] }
 * await selectBackend({ prefer: 'cpu' });            // force the plain JS backend
 */
export async function selectBackend(options: { prefer?: BackendPreference } = {}): Promise<BackendChoice> {
  const fromEnv = process.env.ABLAB_BACKEND || undefined;
  const prefer = options.prefer !== undefined
    ? checkChoice('options.prefer', options.prefer, BACKEND_PREFERENCES, 'auto')
    : checkChoice('ABLAB_BACKEND', fromEnv, BACKEND_PREFERENCES, 'auto');
  const order = prefer === 'auto' ? (['tensorflow', 'wasm', 'cpu'] as const) : [prefer];
  const skipped: BackendChoice['skipped'] = [];
  for (const name of order) {
    try {
      current = { ...(await ATTEMPTS[name]()), skipped };
      return current;
    } catch (error) {
      skipped.push({ backend: name, reason: errorText(error) });
    }
  }
  throw new AblabError(`No tfjs backend could start (preference '${prefer}'): ${skipped.map((s) => `${s.backend}: ${s.reason}`).join(' | ')}`);
}

/**
 * The backend chosen in this thread, selecting one with the default preference on first use (so
 * training never runs on a backend without the project's kernels).
 * @throws AblabError when no backend starts.
 * @example
 * const { name } = await ensureBackend();
 */
export async function ensureBackend(): Promise<BackendChoice> {
  if (current && tf.getBackend() === current.name) return current;
  return selectBackend();
}
