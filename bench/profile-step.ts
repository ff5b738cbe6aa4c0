/**
 * One training step of the seed CNN (32x32x3, conv32-pool-conv64-pool-dense512-dropout-dense10,
 * Adam, batch 64) on wasm.
 *   npx tsx bench/profile-step.ts profile [steps=5]        per-kernel times (tf.profile), current kernels
 *   npx tsx bench/profile-step.ts compare [rounds=6] [steps=8]
 *       samples/s with the previous project kernels (Conv2DBackpropFilter as Conv2D over transposed
 *       tensors, matMul transposing the flagged operand, wasm's own MaxPoolGrad) and with the current
 *       ones, alternating in the same process so machine load hits both alike.
 */
import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { buildCnn, Random, selectBackend } from '../src/index.js';
import { conv2dBackpropFilterViaConv2d } from '../src/models/backends/conv2dBackpropFilter.js';
import { matMulWithoutTransposeFlags } from '../src/models/backends/matmulWithoutTranspose.js';

const [mode = 'profile', arg1, arg2] = process.argv.slice(2);
type KernelFunc = tf.KernelConfig['kernelFunc'];

function setKernels(kernels: Record<string, KernelFunc>): void {
  for (const [name, kernelFunc] of Object.entries(kernels)) {
    const config = tf.getKernel(name, 'wasm')!;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...config, kernelFunc });
  }
}

(async () => {
  const stockMatMul = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
  const stockMaxPoolGrad = tf.getKernel('MaxPoolGrad', 'wasm')!.kernelFunc;
  await selectBackend({ prefer: 'wasm' });
  const names = ['Conv2DBackpropFilter', 'BatchMatMul', 'MaxPoolGrad'];
  const current = Object.fromEntries(names.map((n) => [n, tf.getKernel(n, 'wasm')!.kernelFunc]));
  const previous: Record<string, KernelFunc> = {
    Conv2DBackpropFilter: conv2dBackpropFilterViaConv2d('wasm') as KernelFunc,
    BatchMatMul: matMulWithoutTransposeFlags('wasm', stockMatMul) as KernelFunc,
    MaxPoolGrad: stockMaxPoolGrad,
  };
  const model = buildCnn({ inputShape: [32, 32, 3], numClasses: 10, conv: [32, 64], dense: [512], dropout: 0.5, seed: 1 });
  const rng = new Random(1);
  const x = tf.tensor4d(Float32Array.from({ length: 64 * 32 * 32 * 3 }, () => rng.uniform()), [64, 32, 32, 3]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, () => rng.int(10)), 'int32'), 10);
  for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);

  if (mode === 'compare') {
    const rounds = Number(arg1 ?? 6);
    const steps = Number(arg2 ?? 8);
    const rates: Record<string, number[]> = { previous: [], current: [] };
    console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (let r = 0; r < rounds; r++) {
      for (const [label, kernels] of (r % 2 ? [['current', current], ['previous', previous]] : [['previous', previous], ['current', current]]) as [string, Record<string, KernelFunc>][]) {
        setKernels(kernels);
        await model.trainOnBatch(x, y);
        const started = performance.now();
        for (let s = 0; s < steps; s++) await model.trainOnBatch(x, y);
        rates[label].push((64 * steps) / ((performance.now() - started) / 1000));
      }
    }
    for (const [label, list] of Object.entries(rates)) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(`${label.padEnd(8)} samples/s: median ${sorted[sorted.length >> 1].toFixed(0)}, range ${sorted[0].toFixed(0)}–${sorted[sorted.length - 1].toFixed(0)}  [${list.map((v) => v.toFixed(0)).join(' ')}]`);
    }
    const ratios = rates.current.map((c, i) => c / rates.previous[i]).sort((a, b) => a - b);
    console.log(`current/previous per round: ${ratios.map((v) => v.toFixed(2)).join(' ')}`);
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    return;
  }

  const steps = Number(arg1 ?? 5);
  const totals = new Map<string, { ms: number; calls: number }>();
  let wall = 0;
  for (let s = 0; s < steps; s++) {
    const started = performance.now();
    const info = await tf.profile(async () => { await model.trainOnBatch(x, y); });
    wall += performance.now() - started;
    for (const k of info.kernels) {
      const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
      const t = totals.get(key) ?? { ms: 0, calls: 0 };
      t.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      t.calls++;
      totals.set(key, t);
    }
  }
  const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const sum = rows.reduce((a, [, t]) => a + t.ms, 0);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; wall/step ${(wall / steps).toFixed(1)} ms (profiled), kernel sum/step ${(sum / steps).toFixed(1)} ms`);
  const byName = new Map<string, number>();
  for (const [key, t] of rows) byName.set(key.split(' ')[0], (byName.get(key.split(' ')[0]) ?? 0) + t.ms);
  for (const [name, ms] of [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${(ms / steps).toFixed(2).padStart(8)} ms  ${name}`);
  console.log('--- by kernel and input shapes');
  for (const [key, t] of rows.slice(0, 25)) console.log(`${(t.ms / steps).toFixed(2).padStart(8)} ms  x${t.calls / steps}  ${key}`);
})();
