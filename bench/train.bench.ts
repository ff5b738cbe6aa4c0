/**
 * Training throughput with ablab, side by side with PyTorch CPU (bench/train_peer.py, 2 threads)
 * training the same networks with the same batch size:
 *   grid        2 variants × 2 seeds, one epoch of N samples each, one run per core (runGrid);
 *               samples over the grid's wall time (worker start, data, evaluation included).
 *   single run  one trainModel call of one epoch of N samples, as a notebook cell runs it, with
 *               one thread per core (data-parallel, what threads: 'auto' picks for a long run) and with 1; samples over the
 *               epoch's training time, and CPU seconds per 1,000 samples of the whole call (all
 *               threads, replica start included: process.cpuUsage).
 * usage: npx tsx bench/train.bench.ts [seedCnnSamples] [mnistSamples]
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { buildCnn, captureEnvironment, type CnnOptions, type Dataset, disposeModel, type GridOptions, Random, runGrid, trainModel } from '../src/index.js';
import { startBench } from './benchRecord.js';

const seedCnnSamples = Number(process.argv[2] ?? 1024);
const mnistSamples = Number(process.argv[3] ?? 4096);

const cases: { name: string; samples: number; cnn: Omit<CnnOptions, 'seed'> }[] = [
  { name: 'seed-cnn', samples: seedCnnSamples, cnn: { inputShape: [32, 32, 3], numClasses: 10, conv: [32, 64], dense: [512], dropout: 0.5 } },
  { name: 'mnist-cnn', samples: mnistSamples, cnn: { inputShape: [28, 28, 1], numClasses: 10, conv: [8, 16], dense: [], padding: 'valid' } },
];

function randomData(n: number, sampleShape: number[], rng: Random): Dataset {
  const size = sampleShape.reduce((a, b) => a * b, 1);
  return {
    x: Float32Array.from({ length: n * size }, () => rng.uniform()),
    y: Float32Array.from({ length: n }, () => rng.int(10)),
    sampleShape, numClasses: 10,
  };
}

/** One training run of `data` in this process: training samples/s of the epoch and CPU seconds (all threads) per 1,000 samples of the call. */
async function singleRun(cnn: Omit<CnnOptions, 'seed'>, data: Dataset, threads: 'auto' | number) {
  const cpuBefore = process.cpuUsage();
  const result = await trainModel({ factory: (seed) => buildCnn({ ...cnn, seed }), data: { train: data }, epochs: 1, batchSize: 64, seed: 1, threads });
  const cpu = process.cpuUsage(cpuBefore);
  disposeModel(result.model);
  return { samplesPerSecond: result.history[0].samplesPerSecond, threads: result.threads, cpuSecondsPer1000: ((cpu.user + cpu.system) / 1e6) / (data.y.length / 1000) };
}

(async () => {
  const env = await captureEnvironment();
  const bench = startBench(__filename, `tfjs ${env.tfjsVersion} ${env.backend} (${env.device}, ${env.threads} thread(s))`, { seedCnnSamples, mnistSamples, batchSize: 64, epochs: 1, seeds: 2, variants: 2 });
  console.log(`ablab ${env.ablabVersion}, tfjs ${env.tfjsVersion} (${env.backend}: ${env.device}), ${env.cpuCount} × ${env.cpuModel}, node ${env.nodeVersion}`);
  for (const { name, samples, cnn } of cases) {
    const rng = new Random(1);
    const grid: GridOptions = {
      // Two variants of the same network (different learning rates) cost the same per sample.
      variants: { a: { model: { kind: 'cnn', options: cnn } }, b: { model: { kind: 'cnn', options: { ...cnn, learningRate: 5e-4 } } } },
      seeds: [1, 2], epochs: 1, batchSize: 64, workers: 'auto',
      dataset: { source: 'splits', splits: { train: randomData(samples, cnn.inputShape, rng), test: randomData(64, cnn.inputShape, rng) } },
    };
    const result = await runGrid(grid);
    const train = (grid.dataset as { splits: { train: Dataset } }).splits.train;
    const parallel = await singleRun(cnn, train, availableParallelism());
    const sequential = await singleRun(cnn, train, 1);
    const peer = spawnSync('/usr/bin/python3', [join(__dirname, 'train_peer.py'), name, String(samples), '4'], { encoding: 'utf8' });
    if (peer.status !== 0) throw new Error(`peer failed: ${peer.stderr}`);
    const peerRate = (JSON.parse(peer.stdout) as { samplesPerSecond: number }).samplesPerSecond;
    console.log(`${name}  ablab=${result.samplesPerSecond.toFixed(0)} samples/s (${result.workers} workers)  peer=${peerRate.toFixed(0)} samples/s (torch, 2 threads)  ratio=${(result.samplesPerSecond / peerRate).toFixed(2)}x`);
    console.log(`${name}  single run: ${parallel.samplesPerSecond.toFixed(0)} samples/s with ${parallel.threads} threads (${parallel.cpuSecondsPer1000.toFixed(2)} CPU s per 1000 samples), `
      + `${sequential.samplesPerSecond.toFixed(0)} samples/s with 1 thread (${sequential.cpuSecondsPer1000.toFixed(2)} CPU s per 1000)  ratio to peer=${(parallel.samplesPerSecond / peerRate).toFixed(2)}x`);
    bench.add({ case: name, unit: 'samples/s', ablab: result.samplesPerSecond, peer: peerRate, ratio: result.samplesPerSecond / peerRate, workers: result.workers, peerThreads: 2 });
    bench.add({
      case: `${name} single run`, unit: 'samples/s', ablab: parallel.samplesPerSecond, peer: peerRate, ratio: parallel.samplesPerSecond / peerRate, threads: parallel.threads,
      cpuSecondsPer1000Samples: parallel.cpuSecondsPer1000, oneThreadSamplesPerSecond: sequential.samplesPerSecond, oneThreadCpuSecondsPer1000Samples: sequential.cpuSecondsPer1000, peerThreads: 2,
    });
  }
  bench.finish();
})();
