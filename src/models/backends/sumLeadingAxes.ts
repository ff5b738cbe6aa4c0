/**
 * Sum over the leading axes of a float32 tensor (a bias gradient: dy [N, H, W, C] summed over N, H
 * and W) for the wasm backend, as one pass of column sums over the backend's heap:
 *   out[c] = Σ_r x[r·C + c],  r over the product R of the leading axes, C the trailing ones,
 * accumulated in double precision and rounded once. wasm's own kernel first transposes the
 * reduced axes to the end (~15 ms for the seed CNN's [64,32,32,32] bias gradient); this pass
 * takes ~2 ms. Any other reduction goes to the original kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { isHeapBackend, type KernelCall } from './kernelUtils.js';

/**
 * Adds the rows of `x` ([rows, columns], row-major) into `sums` (length columns), eight rows per
 * pass over `sums` (one pass per row costs 3x the time: loading and storing the sums dominates).
 */
export function addRows(x: Float32Array, rows: number, columns: number, sums: Float64Array): void {
  const c2 = 2 * columns, c3 = 3 * columns, c4 = 4 * columns, c5 = 5 * columns, c6 = 6 * columns, c7 = 7 * columns;
  let r = 0;
  let offset = 0;
  for (; r + 8 <= rows; r += 8, offset += 8 * columns) {
    for (let c = 0, i = offset; c < columns; c++, i++) {
      sums[c] += ((x[i] + x[i + columns]) + (x[i + c2] + x[i + c3])) + ((x[i + c4] + x[i + c5]) + (x[i + c6] + x[i + c7]));
    }
  }
  for (; r < rows; r++, offset += columns) {
    for (let c = 0; c < columns; c++) sums[c] += x[offset + c];
  }
}

/**
 * Builds the kernel function, delegating to `original` unless the data is float32 on a backend
 * exposing its heap and the reduced axes are exactly the leading ones (not all of them).
 * @example
 * const original = tf.getKernel('Sum', 'wasm');
 * tf.unregisterKernel('Sum', 'wasm');
 * tf.registerKernel({ ...original, kernelFunc: sumLeadingAxes(original.kernelFunc) });
 */
export function sumLeadingAxes(original: tf.KernelConfig['kernelFunc']): (call: KernelCall) => tf.TensorInfo {
  return (call) => {
    const { inputs: { x }, backend, attrs } = call;
    const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32' || !isHeapBackend(backend)) return original(call as Parameters<typeof original>[0]) as tf.TensorInfo;
    const kept = x.shape.slice(axes.length);
    const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
    const columns = tf.util.sizeFromShape(kept);
    const sums = new Float64Array(columns);
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    // Views after the last allocation: growing the heap detaches earlier ones.
    addRows(backend.typedArrayFromHeap(x), rows, columns, sums);
    backend.typedArrayFromHeap(out).set(sums);
    return out;
  };
}
