/**
 * Identity for the wasm backend without a copy: the output shares the input's memory (one more
 * reference to it), as tfjs's cpu backend does. wasm's own kernel copies the whole tensor, and the
 * gradient tape calls Identity for every gradient it passes through unchanged (46 copies per step
 * of the seed CNN, ~9 ms). Sharing is safe because no kernel writes into its inputs: tensors are
 * immutable and variables change by taking a new tensor's memory.
 */
import type * as tf from '@tensorflow/tfjs';
import type { KernelCall } from './kernelUtils.js';

/** The part of tfjs's backends that counts references to a tensor's memory. */
interface ReferenceCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/**
 * Builds the kernel function, delegating to `original` for strings and for a backend that cannot
 * count references.
 * @example
 * const original = tf.getKernel('Identity', 'wasm');
 * tf.unregisterKernel('Identity', 'wasm');
 * tf.registerKernel({ ...original, kernelFunc: identityShared(original.kernelFunc) });
 */
export function identityShared(original: tf.KernelConfig['kernelFunc']): (call: KernelCall) => tf.TensorInfo {
  return (call) => {
    const { inputs: { x }, backend } = call;
    if (x.dtype === 'string' || typeof (backend as Partial<ReferenceCountingBackend>).incRef !== 'function') {
      return original(call as Parameters<typeof original>[0]) as tf.TensorInfo;
    }
    (backend as unknown as ReferenceCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
