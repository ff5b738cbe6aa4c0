/**
 * Training throughput of a grid of runs (2 variants × 2 seeds, one epoch of N samples each, all
 * cores) with ablab, side by side with PyTorch CPU (bench/train_peer.py, 2 threads) training the
 * same networks with the same batch size. usage: npx tsx bench/train.bench.ts [seedCnnSamples] [mnistSamples]
 * Throughput counts training samples over the grid's wall time (worker start, data, evaluation included).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { captureEnvironment, type CnnOptions, type Dataset, type GridOptions, Random, runGrid } from '../src/index.js';
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
    const peer = spawnSync('/usr/bin/python3', [join(__dirname, 'train_peer.py'), name, String(samples), '4'], { encoding: 'utf8' });
    if (peer.status !== 0) throw new Error(`peer failed: ${peer.stderr}`);
    const peerRate = (JSON.parse(peer.stdout) as { samplesPerSecond: number }).samplesPerSecond;
    console.log(`${name}  ablab=${result.samplesPerSecond.toFixed(0)} samples/s (${result.workers} workers)  peer=${peerRate.toFixed(0)} samples/s (torch, 2 threads)  ratio=${(result.samplesPerSecond / peerRate).toFixed(2)}x`);
    bench.add({ case: name, unit: 'samples/s', ablab: result.samplesPerSecond, peer: peerRate, ratio: result.samplesPerSecond / peerRate, workers: result.workers, peerThreads: 2 });
  }
  bench.finish();
})();
