/**
 * wasm's BatchMatMul/_FusedMatMul leave XNNPACK for a slow path (12–37x slower) when transposeA or
 * transposeB is set, which every dense-layer gradient does. This wrapper transposes the operands
 * explicitly first and calls the original kernel with both flags off.
 */
import type * as tf from '@tensorflow/tfjs';
import { disposeIntermediates, type KernelCall, requireKernel } from './kernel-utils.js';

/**
 * Wraps `original` (a BatchMatMul or _FusedMatMul kernel function of `backendName`).
 * @throws AblabError when the backend has no Transpose kernel.
 * @example
 * const original = tf.getKernel('BatchMatMul', 'wasm');
 * tf.unregisterKernel('BatchMatMul', 'wasm');
 * tf.registerKernel({ ...original, kernelFunc: matMulWithoutTransposeFlags('wasm', original.kernelFunc) });
 */
export function matMulWithoutTransposeFlags(backendName: string, original: tf.KernelConfig['kernelFunc']): (call: KernelCall) => tf.TensorInfo {
  const transpose = requireKernel('Transpose', backendName);
  return (call) => {
    const { inputs, backend, attrs } = call;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return original(call as Parameters<typeof original>[0]) as tf.TensorInfo;
    const swapLastTwo = (t: tf.TensorInfo): tf.TensorInfo => {
      const perm = t.shape.map((_, i) => i);
      const rank = perm.length;
      [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
      return transpose({ inputs: { x: t }, backend, attrs: { perm } });
    };
    const transposed: tf.TensorInfo[] = [];
    const a = transposeA ? swapLastTwo(inputs.a) : inputs.a;
    const b = transposeB ? swapLastTwo(inputs.b) : inputs.b;
    if (transposeA) transposed.push(a);
    if (transposeB) transposed.push(b);
    const out = original({
      inputs: { ...inputs, a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false },
    } as Parameters<typeof original>[0]) as tf.TensorInfo;
    disposeIntermediates(backend, transposed);
    return out;
  };
}
