/**
 * Transpose of the last two axes of a float32 tensor (the permutation [0, …, r−3, r−1, r−2]) for
 * the wasm backend, as SIMD 4 × 4 block transposes on the backend's heap (heapKernels.wat,
 * transpose), matrix by matrix: ~5 ms for a 4096 × 512 matrix, where wasm's own kernel takes
 * ~19 ms. Matrix products transpose their operands this way (see matmulWithoutTranspose). Any other
 * permutation, dtype or backend goes to the original kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { heapKernels } from './heapKernels.js';
import { isHeapBackend, type KernelCall } from './kernelUtils.js';

/** True when `perm` swaps the last two axes and keeps the others in place. */
export function swapsLastTwoAxes(perm: readonly number[]): boolean {
  const rank = perm.length;
  return rank >= 2 && perm[rank - 2] === rank - 1 && perm[rank - 1] === rank - 2 && perm.slice(0, rank - 2).every((axis, i) => axis === i);
}

/**
 * Builds the kernel function, delegating to `original` for what it does not cover.
 * @example
 * const original = tf.getKernel('Transpose', 'wasm');
 * tf.unregisterKernel('Transpose', 'wasm');
 * tf.registerKernel({ ...original, kernelFunc: transposeSimd(original.kernelFunc) });
 */
export function transposeSimd(original: tf.KernelConfig['kernelFunc']): (call: KernelCall) => tf.TensorInfo {
  return (call) => {
    const { inputs: { x }, backend, attrs } = call;
    const { perm } = attrs as unknown as tf.TransposeAttrs;
    const kernels = heapKernels(backend);
    if (kernels === null || !isHeapBackend(backend) || x.dtype !== 'float32' || !swapsLastTwoAxes(perm)) {
      return original(call as Parameters<typeof original>[0]) as tf.TensorInfo;
    }
    const rank = x.shape.length;
    const [rows, cols] = [x.shape[rank - 2], x.shape[rank - 1]];
    const out = backend.makeOutput(perm.map((axis) => x.shape[axis]), 'float32');
    const [source, target] = [kernels.address(x), kernels.address(out)];
    const matrixBytes = rows * cols * Float32Array.BYTES_PER_ELEMENT;
    const matrices = tf.util.sizeFromShape(x.shape.slice(0, rank - 2));
    for (let i = 0; i < matrices; i++) kernels.transpose(source + i * matrixBytes, target + i * matrixBytes, rows, cols);
    return out;
  };
}
