/** Small helpers shared by the project's tfjs kernels (calling other kernels of the same backend). */
import * as tf from '@tensorflow/tfjs';
import { AblabError } from '../../core/errors.js';

/** A kernel function as registered with tfjs. */
export type KernelFunc = tf.KernelConfig['kernelFunc'];

/** Arguments every tfjs kernel function receives. */
export interface KernelCall {
  inputs: Record<string, tf.TensorInfo>;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}

/**
 * Returns a kernel function of `backendName` that returns one tensor.
 * @throws AblabError when the backend does not register `kernelName`.
 */
export function requireKernel(kernelName: string, backendName: string): (call: KernelCall) => tf.TensorInfo {
  const config = tf.getKernel(kernelName, backendName);
  if (!config) throw new AblabError(`tfjs backend '${backendName}' has no '${kernelName}' kernel to build on.`);
  return config.kernelFunc as (call: KernelCall) => tf.TensorInfo;
}

/** Frees intermediate results a kernel produced with other kernels. */
export function disposeIntermediates(backend: tf.KernelBackend, infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** The part of tfjs-backend-wasm's BackendWasm that kernels working on its heap directly use. */
export interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/** True for a backend whose tensors live in a WebAssembly heap (tfjs-backend-wasm). */
export function isHeapBackend(backend: unknown): backend is HeapBackend {
  const b = backend as Partial<HeapBackend>;
  return typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function';
}

/**
 * The output positions [first, end) of one filter tap along an axis whose input position
 * o·stride + shift lies inside [0, inSize) (shift = tap·dilation − padding before), out of
 * [0, outSize): the positions where the tap meets the image rather than the padding.
 * @example
 * tapOutputRange(-1, 1, 32, 32); // [1, 32]: with 'same' padding the first tap misses column 0
 */
export function tapOutputRange(shift: number, stride: number, inSize: number, outSize: number): [number, number] {
  const first = Math.min(outSize, shift >= 0 ? 0 : Math.ceil(-shift / stride));
  return [first, Math.max(first, Math.min(outSize, Math.ceil((inSize - shift) / stride)))];
}
