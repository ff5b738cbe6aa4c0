/**
 * The SIMD kernels of heapKernels.wat, instantiated on the tfjs wasm backend's own memory, so they
 * read and write tensors where they lie (no copies in or out). One instance per backend memory.
 */
import { HEAP_KERNELS_WASM_BASE64 } from './heapKernelsBinary.js';
import { isHeapBackend } from './kernelUtils.js';
import type * as tf from '@tensorflow/tfjs';

/** One tap of a convolution's filter gradient (see heapKernels.wat); pointers are byte addresses. */
export type FilterGradientTap = (xT: number, dy: number, dw: number, batch: number, n0: number, n1: number, inHeight: number, inWidth: number,
  inChannels: number, outHeight: number, outWidth: number, outChannels: number, strideHeight: number, strideWidth: number, rowShift: number,
  colShift: number, ohMin: number, ohMax: number, owMin: number, owMax: number, tapRow: number) => void;

/** The kernels (see heapKernels.wat for what each computes); pointers are byte addresses. */
export interface HeapKernels {
  adam(g: number, m: number, v: number, w: number, out: number, n: number, beta1: number, beta2: number, share1: number, share2: number,
    oneMinusAccBeta1: number, oneMinusAccBeta2: number, epsilon: number, negativeRate: number): void;
  convFilterGradientTap: FilterGradientTap;
  convFilterGradientTapPairs: FilterGradientTap;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  maxPoolGrad2x2(x: number, dy: number, dx: number, batch: number, inHeight: number, inWidth: number, channels: number, outHeight: number, outWidth: number): void;
  /** Byte address of a float32 tensor's data in the heap (valid until the tensor is freed). */
  address(info: tf.TensorInfo): number;
}

/** The part of tfjs-backend-wasm's BackendWasm that holds its emscripten module. */
interface WasmModuleHolder {
  wasm?: { asm?: { memory?: unknown } };
}

/** The WebAssembly JavaScript API as used here (the ES2022 library this project compiles against lacks it). */
declare const WebAssembly: {
  Memory: abstract new () => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
};

let compiled: object | null | undefined;
const instances = new WeakMap<object, HeapKernels>();

/**
 * The kernels for `backend`'s heap, or null where they cannot run: a backend without a WebAssembly
 * memory (cpu, tensorflow) or a JavaScript engine without WebAssembly SIMD.
 * @example
 * const kernels = heapKernels(backend);
 * if (kernels) kernels.adam(...);
 */
export function heapKernels(backend: unknown): HeapKernels | null {
  const memory = (backend as WasmModuleHolder)?.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory) || !isHeapBackend(backend)) return null;
  const known = instances.get(memory);
  if (known) return known;
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(HEAP_KERNELS_WASM_BASE64, 'base64'));
    } catch {
      compiled = null; // no WebAssembly SIMD here: callers use their portable path
    }
  }
  if (compiled === null) return null;
  const exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as Omit<HeapKernels, 'address'>;
  const kernels: HeapKernels = {
    adam: exports.adam,
    convFilterGradientTap: exports.convFilterGradientTap,
    convFilterGradientTapPairs: exports.convFilterGradientTapPairs,
    transpose: exports.transpose,
    maxPoolGrad2x2: exports.maxPoolGrad2x2,
    address: (info) => backend.typedArrayFromHeap(info).byteOffset,
  };
  instances.set(memory, kernels);
  return kernels;
}
