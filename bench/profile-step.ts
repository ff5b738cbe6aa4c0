/**
 * One training step of the seed CNN (32x32x3, conv32-pool-conv64-pool-dense512-dropout-dense10,
 * Adam, batch 64) on wasm.
 *   npx tsx bench/profile-step.ts profile [steps=5]        per-kernel times (tf.profile), current kernels
 *   npx tsx bench/profile-step.ts compare [rounds=6] [steps=8]
 *       samples/s with the previous project kernels (Conv2DBackpropFilter as Conv2D over transposed
 *       tensors, matMul transposing the flagged operand, wasm's own MaxPoolGrad) and with the current
 *       ones, alternating in the same process so machine load hits both alike.
 *   npx tsx bench/profile-step.ts overhead [steps=40]
 *       the small MNIST CNN (28x28x1, conv8-pool-conv16-pool-dense10, batch 64) as trainModel runs
 *       it: per-kernel times, kernel calls, tensors allocated and left per step, and what a step costs
 *       outside the kernels (trainOnBatch bookkeeping, batch tensors from the dataset, model.fit).
 *   npx tsx bench/profile-step.ts loop [rounds=3] [mnistSamples=4096] [seedCnnSamples=1024]
 *       CPU seconds (all threads of this process: process.cpuUsage) per 1,000 training samples, for
 *       both networks, of the previous training loop (gatherBatch + model.trainOnBatch per batch, read
 *       back every step), of trainModel's lean loop on 1 thread, and of trainModel data-parallel on
 *       every core (replica start included); alternating in one process so that machine load hits
 *       all alike. CPU time, unlike wall time, barely moves when other processes share the machine.
 */
import * as tf from '@tensorflow/tfjs';
import { availableParallelism, loadavg as loadAverage } from 'node:os';
import { buildCnn, type CnnOptions, disposeModel, Random, selectBackend, trainModel, type Dataset } from '../src/index.js';
import { epochOrders } from '../src/models/training/epochOrder.js';
import { gatherBatch } from '../src/models/training/batchFiller.js';
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

/** Median wall milliseconds of `run` over `repeats` calls, after one warm-up call. */
async function medianMs(repeats: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[repeats >> 1];
}

/** Where the time of one training step of the small MNIST CNN goes, kernels and everything else. */
async function stepOverhead(steps: number): Promise<void> {
  await selectBackend({ prefer: 'wasm' });
  const batch = 64;
  const model = buildCnn({ inputShape: [28, 28, 1], numClasses: 10, conv: [8, 16], dense: [], padding: 'valid', seed: 1 });
  const rng = new Random(1);
  const n = batch * 16;
  const data: Dataset = {
    x: Float32Array.from({ length: n * 784 }, () => rng.uniform()), y: Float32Array.from({ length: n }, () => rng.int(10)), sampleShape: [28, 28, 1], numClasses: 10,
  };
  const indices = Array.from({ length: batch }, (_, i) => i);
  const { x, y } = gatherBatch(data, indices, 0, batch);
  console.log(`load average ${loadAverage().map((l) => l.toFixed(2)).join(' ')}`);

  const trainStep = await medianMs(steps, () => model.trainOnBatch(x, y));
  const makeBatch = await medianMs(steps, async () => tf.dispose(Object.values(gatherBatch(data, indices, 0, batch))));
  const tensorsBefore = tf.memory().numTensors;
  const info = await tf.profile(async () => { await model.trainOnBatch(x, y); });
  const kernelMs = info.kernels.reduce((sum, k) => sum + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0), 0);
  // Forward and backward with the same loss and optimizer, without trainOnBatch's input checks, metric and callbacks bookkeeping.
  const loss = () => tf.losses.softmaxCrossEntropy(y, (model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar;
  const bareStep = await medianMs(steps, async () => {
    const value = model.optimizer.minimize(loss, true)!;
    await value.data();
    value.dispose();
  });
  const xAll = tf.tensor4d(data.x as Float32Array, [n, 28, 28, 1]);
  const yAll = tf.oneHot(tf.tensor1d(data.y as Float32Array, 'int32'), 10);
  const fitEpoch = await medianMs(3, () => model.fit(xAll, yAll, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 }));
  const inOrder = Array.from({ length: n }, (_, i) => i);
  const loopEpoch = await medianMs(3, async () => {
    for (let start = 0; start < n; start += batch) {
      const b = gatherBatch(data, inOrder, start, start + batch);
      await model.trainOnBatch(b.x, b.y);
      tf.dispose([b.x, b.y]);
    }
  });
  console.log(`one step, batch ${batch} (median of ${steps}): trainOnBatch ${trainStep.toFixed(2)} ms = ${(batch / trainStep * 1000).toFixed(0)} samples/s`);
  console.log(`  kernels (tf.profile, one step): ${info.kernels.length} calls, ${kernelMs.toFixed(2)} ms summed; ${info.newTensors} tensors and ${(info.newBytes / 1024).toFixed(0)} KiB kept after the step, `
    + `${info.kernels.reduce((s, k) => s + (k.outputShapes?.length ?? 0), 0)} kernel outputs allocated; tensors alive before/after: ${tensorsBefore}/${tf.memory().numTensors}`);
  console.log(`  outside the kernels: ${(trainStep - kernelMs).toFixed(2)} ms/step (${((1 - kernelMs / trainStep) * 100).toFixed(0)}%)`);
  console.log(`  optimizer.minimize on the same loss, no trainOnBatch: ${bareStep.toFixed(2)} ms/step (trainOnBatch adds ${(trainStep - bareStep).toFixed(2)} ms)`);
  console.log(`  batch tensors from the dataset (gatherBatch: two uploads): ${makeBatch.toFixed(2)} ms/step`);
  console.log(`  one epoch of ${n / batch} batches: model.fit ${fitEpoch.toFixed(0)} ms, the previous loop (gatherBatch + trainOnBatch) ${loopEpoch.toFixed(0)} ms`);
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const t = byName.get(k.name) ?? { ms: 0, calls: 0 };
    t.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    t.calls++;
    byName.set(k.name, t);
  }
  for (const [name, t] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${t.ms.toFixed(3).padStart(9)} ms  x${t.calls}  ${name}`);
  console.log(`load average ${loadAverage().map((l) => l.toFixed(2)).join(' ')}`);
}

/** CPU seconds per 1,000 samples of the previous loop, the lean loop and the data-parallel loop (see the file comment). */
async function loopCpu(rounds: number, mnistSamples: number, seedCnnSamples: number): Promise<void> {
  await selectBackend({ prefer: 'wasm' });
  const networks: [string, number, Omit<CnnOptions, 'seed'>][] = [
    ['mnist-cnn', mnistSamples, { inputShape: [28, 28, 1], numClasses: 10, conv: [8, 16], dense: [], padding: 'valid' }],
    ['seed-cnn', seedCnnSamples, { inputShape: [32, 32, 3], numClasses: 10, conv: [32, 64], dense: [512], dropout: 0.5 }],
  ];
  console.log(`load average ${loadAverage().map((l) => l.toFixed(2)).join(' ')}`);
  for (const [name, n, cnn] of networks) {
    const rng = new Random(1);
    const size = cnn.inputShape.reduce((a, b) => a * b, 1);
    const data: Dataset = { x: Float32Array.from({ length: n * size }, () => rng.uniform()), y: Float32Array.from({ length: n }, () => rng.int(10)), sampleShape: cnn.inputShape, numClasses: 10 };
    const factory = (seed: number) => buildCnn({ ...cnn, seed });
    const loops: Record<string, () => Promise<void>> = {
      previous: async () => {
        const model = factory(1);
        const order = epochOrders(1, n)();
        for (let start = 0; start < n; start += 64) {
          const { x, y } = gatherBatch(data, order, start, Math.min(n, start + 64));
          await model.trainOnBatch(x, y);
          tf.dispose([x, y]);
        }
        disposeModel(model);
      },
      lean: async () => disposeModel((await trainModel({ factory, data: { train: data }, epochs: 1, seed: 1, threads: 1 })).model),
      [`parallel(${availableParallelism()})`]: async () => disposeModel((await trainModel({ factory, data: { train: data }, epochs: 1, seed: 1, threads: availableParallelism() })).model),
    };
    const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(loops).map((k) => [k, []]));
    const wall: Record<string, number[]> = Object.fromEntries(Object.keys(loops).map((k) => [k, []]));
    for (let round = 0; round < rounds; round++) {
      const labels = Object.keys(loops);
      for (const label of round % 2 ? labels.reverse() : labels) {
        const before = process.cpuUsage();
        const started = performance.now();
        await loops[label]();
        const used = process.cpuUsage(before);
        cpu[label].push((used.user + used.system) / 1e6 / (n / 1000));
        wall[label].push(n / ((performance.now() - started) / 1000));
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    for (const label of Object.keys(loops)) {
      console.log(`${name} ${label.padEnd(12)} CPU s per 1000 samples: median ${median(cpu[label]).toFixed(3)} [${cpu[label].map((v) => v.toFixed(3)).join(' ')}]; `
        + `wall samples/s (shared machine: indicative only) median ${median(wall[label]).toFixed(0)}; previous/this CPU ratio ${(median(cpu.previous) / median(cpu[label])).toFixed(2)}`);
    }
  }
  console.log(`load average ${loadAverage().map((l) => l.toFixed(2)).join(' ')}`);
}

(async () => {
  if (mode === 'overhead') return stepOverhead(Number(arg1 ?? 40));
  if (mode === 'loop') return loopCpu(Number(arg1 ?? 3), Number(arg2 ?? 4096), Number(process.argv[5] ?? 1024));
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
    console.log(`load average before: ${loadAverage().map((l) => l.toFixed(2)).join(' ')}`);
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
    console.log(`load average after: ${loadAverage().map((l) => l.toFixed(2)).join(' ')}`);
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
  console.log(`load average ${loadAverage().map((l) => l.toFixed(2)).join(' ')}; wall/step ${(wall / steps).toFixed(1)} ms (profiled), kernel sum/step ${(sum / steps).toFixed(1)} ms`);
  const byName = new Map<string, number>();
  for (const [key, t] of rows) byName.set(key.split(' ')[0], (byName.get(key.split(' ')[0]) ?? 0) + t.ms);
  for (const [name, ms] of [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${(ms / steps).toFixed(2).padStart(8)} ms  ${name}`);
  console.log('--- by kernel and input shapes');
  for (const [key, t] of rows.slice(0, 25)) console.log(`${(t.ms / steps).toFixed(2).padStart(8)} ms  x${t.calls / steps}  ${key}`);
})();
