/**
 * Installs (and removes) the project's training kernels on a tfjs backend. Registration is global
 * to the tfjs instance of this thread, so each worker thread installs them for itself.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../../core/errors.js';
import { conv2dBackpropFilterViaConv2d } from './conv2dBackpropFilter.js';
import { conv2dBackpropFilterIm2col } from './conv2dBackpropFilterIm2col.js';
import { conv2dBackpropFilterSimd } from './conv2dBackpropFilterSimd.js';
import { conv2dBackpropInputViaConv2d } from './conv2dBackpropInput.js';
import { identityShared } from './identityShared.js';
import type { KernelCall } from './kernelUtils.js';
import { maxPoolGradDirect } from './maxPoolGrad.js';
import { matMulWithoutTransposeFlags } from './matmulWithoutTranspose.js';
import { sumLeadingAxes } from './sumLeadingAxes.js';
import { transposeSimd } from './transposeSimd.js';

type StockKernel = tf.KernelConfig['kernelFunc'] | undefined;
type KernelFactory = (backendName: string, stock: StockKernel) => (call: KernelCall) => tf.TensorInfo;

const wrapStock = (wrap: (backendName: string, stock: tf.KernelConfig['kernelFunc']) => (call: KernelCall) => tf.TensorInfo): KernelFactory =>
  (backendName, stock) => wrap(backendName, stock as tf.KernelConfig['kernelFunc']);

/** Which kernels each backend gets. wasm needs them to train at all; cpu's filter gradient is a slow loop. */
const KERNELS_BY_BACKEND: Record<string, Record<string, KernelFactory>> = {
  wasm: {
    // First: the kernels below that transpose look Transpose up when they are built.
    Transpose: wrapStock((_, stock) => transposeSimd(stock)),
    Conv2DBackpropFilter: (backendName) => conv2dBackpropFilterSimd(conv2dBackpropFilterIm2col(backendName, conv2dBackpropFilterViaConv2d(backendName))),
    Conv2DBackpropInput: wrapStock(conv2dBackpropInputViaConv2d),
    BatchMatMul: wrapStock((backendName, stock) => matMulWithoutTransposeFlags(backendName, stock, true)),
    _FusedMatMul: wrapStock(matMulWithoutTransposeFlags),
    MaxPoolGrad: wrapStock((_, stock) => maxPoolGradDirect(stock)),
    Identity: wrapStock((_, stock) => identityShared(stock)),
    Sum: wrapStock((_, stock) => sumLeadingAxes(stock)),
  },
  cpu: {
    Conv2DBackpropFilter: (backendName) => conv2dBackpropFilterViaConv2d(backendName),
  },
};

/** Backends for which the project ships training kernels. */
export const BACKENDS_WITH_TRAINING_KERNELS: readonly string[] = Object.keys(KERNELS_BY_BACKEND);

/** Stock kernels replaced so far, per backend (undefined: the backend had none). */
const stockKernels = new Map<string, Map<string, StockKernel>>();

function kernelsFor(backendName: string): Record<string, KernelFactory> {
  const kernels = KERNELS_BY_BACKEND[backendName];
  if (!kernels) {
    throw new InvalidArgumentError('backendName', backendName, `expected one of ${BACKENDS_WITH_TRAINING_KERNELS.map((b) => `'${b}'`).join(', ')}`);
  }
  return kernels;
}

/**
 * Registers the project's kernels for `backendName` ('wasm' or 'cpu'); calling it again is a no-op.
 * Returns the names of the kernels now provided by ablab.
 * @throws InvalidArgumentError for a backend without project kernels.
 * @example
 * registerTrainingKernels('wasm');
 * await tf.setBackend('wasm');
 */
export function registerTrainingKernels(backendName: string): string[] {
  const kernels = kernelsFor(backendName);
  if (!stockKernels.has(backendName)) {
    const replaced = new Map<string, StockKernel>();
    for (const [kernelName, factory] of Object.entries(kernels)) {
      const stock = tf.getKernel(kernelName, backendName);
      const kernelFunc = factory(backendName, stock?.kernelFunc) as tf.KernelConfig['kernelFunc'];
      if (stock) tf.unregisterKernel(kernelName, backendName);
      tf.registerKernel({ ...stock, kernelName, backendName, kernelFunc });
      replaced.set(kernelName, stock?.kernelFunc);
    }
    stockKernels.set(backendName, replaced);
  }
  return Object.keys(kernels);
}

/**
 * Puts back tfjs's own kernels for `backendName` (e.g. to compare with stock tfjs); no-op when the
 * project kernels are not installed.
 * @throws InvalidArgumentError for a backend without project kernels.
 * @example
 * restoreStockKernels('cpu'); // tfjs's reference gradients again
 */
export function restoreStockKernels(backendName: string): void {
  kernelsFor(backendName);
  const replaced = stockKernels.get(backendName);
  if (!replaced) return;
  for (const [kernelName, stock] of replaced) {
    const current = tf.getKernel(kernelName, backendName);
    tf.unregisterKernel(kernelName, backendName);
    if (stock) tf.registerKernel({ ...current, kernelFunc: stock });
  }
  stockKernels.delete(backendName);
}
