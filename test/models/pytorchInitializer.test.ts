import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCnn, buildMlp, decodeCifar10Records, disposeModel, fixedNormalizer, InvalidArgumentError, normalizeSplits, selectBackend } from '../../src/index.js';

/**
 * PyTorch's defaults for nn.Conv2d / nn.Linear (torch/nn/modules/conv.py and linear.py,
 * reset_parameters): kaiming_uniform_(weight, a=√5) ⇒ bound = gain·√(3/fan_in) with
 * gain = √(2/(1+a²)) = √(1/3), i.e. U(−1/√fan_in, 1/√fan_in); bias U(−1/√fan_in, 1/√fan_in).
 * For U(−b, b): mean 0, E[w²] = b²/3, Var(w²) = 4b⁴/45 — the tests allow 5 standard errors.
 */
function expectUniform(values: Float32Array, bound: number, label: string): void {
  const n = values.length;
  let max = 0, sum = 0, sumSq = 0;
  for (const v of values) { max = Math.max(max, Math.abs(v)); sum += v; sumSq += v * v; }
  expect(max, `${label}: |w| ≤ 1/√fan_in`).to.be.at.most(bound * (1 + 1e-6));
  // The largest of n uniform |w| falls below b(1 − 10/n) with probability (1 − 10/n)^n ≈ e^−10.
  expect(max, `${label}: reaches the bound`).to.be.above(bound * (1 - 10 / n));
  expect(Math.abs(sum / n), `${label}: mean 0`).to.be.below(5 * bound / Math.sqrt(3 * n));
  const secondMoment = sumSq / n;
  expect(Math.abs(secondMoment - bound ** 2 / 3), `${label}: E[w²] = b²/3`).to.be.below(5 * Math.sqrt(4 / 45) * bound ** 2 / Math.sqrt(n));
}

describe("models: PyTorch-default initialisation and per-channel normalisation (the reference CIFAR experiment's settings)", () => {
  before(async () => { await selectBackend({ prefer: 'wasm' }); });
  it("initializer 'pytorch': every kernel and bias is U(±1/√fan_in), fan_in = k·k·in_channels or in_features", () => {
    // The reference network: conv32-pool-conv64-pool-fc512-dropout-fc10 on 32x32x3.
    const model = buildCnn({ inputShape: [32, 32, 3], numClasses: 10, dense: [512], dropout: 0.5, initializer: 'pytorch', seed: 42 });
    const fanIns = [3 * 3 * 3, 3 * 3 * 32, 8 * 8 * 64, 512];
    const linear = model.layers.filter((l) => ['Conv2D', 'Dense'].includes(l.getClassName()));
    expect(linear).to.have.length(4);
    linear.forEach((layer, i) => {
      const [kernel, bias] = layer.getWeights().map((w) => w.dataSync() as Float32Array);
      expectUniform(kernel, 1 / Math.sqrt(fanIns[i]), `${layer.name} kernel`);
      // 32 conv biases cannot pin the variance down: bounds and mean only (the variance check would be 1 sd wide).
      if (bias.length >= 64) expectUniform(bias, 1 / Math.sqrt(fanIns[i]), `${layer.name} bias`);
      else expect(Math.max(...bias.map(Math.abs))).to.be.at.most(1 / Math.sqrt(fanIns[i]));
      expect(bias.some((b) => b !== 0), `${layer.name}: biases are not zero as in tfjs`).to.equal(true);
    });
    const again = buildCnn({ inputShape: [32, 32, 3], numClasses: 10, dense: [512], dropout: 0.5, initializer: 'pytorch', seed: 42 });
    expect(Array.from(again.getWeights()[1].dataSync())).to.deep.equal(Array.from(model.getWeights()[1].dataSync()));
    disposeModel(model);
    disposeModel(again);
  });

  it("default stays Glorot-uniform kernels with zero biases; MLPs take the option too; bad names are rejected", () => {
    const glorot = buildCnn({ inputShape: [32, 32, 3], numClasses: 10, dense: [512], seed: 42 });
    const [kernel, bias] = glorot.layers[5].getWeights().map((w) => w.dataSync() as Float32Array); // dense 4096 → 512
    expectUniform(kernel, Math.sqrt(6 / (4096 + 512)), 'glorot dense');
    expect(bias.every((b) => b === 0)).to.equal(true);
    disposeModel(glorot);
    const mlp = buildMlp({ inputShape: [20], numClasses: 3, dense: [300], initializer: 'pytorch', seed: 1 });
    expectUniform(mlp.layers[1].getWeights()[0].dataSync() as Float32Array, 1 / Math.sqrt(20), 'mlp hidden');
    expectUniform(mlp.layers[2].getWeights()[0].dataSync() as Float32Array, 1 / Math.sqrt(300), 'mlp output');
    disposeModel(mlp);
    expect(() => buildCnn({ inputShape: [8, 8, 1], numClasses: 2, initializer: 'he' as 'pytorch', seed: 1 })).to.throw(InvalidArgumentError, /options\.initializer/);
  });

  it('normalize { mean, std }: bit-identical to torchvision ToTensor + Normalize(0.5, 0.5) for every byte value', () => {
    // test/fixtures/models/generate_cifar_normalize.py: numpy float32 (x/255 − 0.5)/0.5, the same IEEE operations as torch.
    const reference = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'models', 'cifarNormalize.json'), 'utf8')) as { byte: number[]; toTensor: number[]; normalized: number[] };
    // 12 images of one label byte + 3072 pixel bytes cover 0…255 in every channel.
    const records = Buffer.alloc(12 * 3073);
    for (let i = 0; i < 12; i++) for (let p = 0; p < 3072; p++) records[i * 3073 + 1 + p] = (i * 3072 + p) % 256;
    const data = decodeCifar10Records(records);
    const scaled = normalizeSplits({ train: data }, { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }).train;
    for (let i = 0; i < 12; i++) {
      for (let p = 0; p < 3072; p++) {
        const byte = (i * 3072 + p) % 256;
        const at = (i * 1024 + (p % 1024)) * 3 + Math.floor(p / 1024);
        expect(data.x[at]).to.equal(reference.toTensor[byte]);
        expect(scaled.x[at]).to.equal(reference.normalized[byte]);
      }
    }
    // Per channel, and nothing is fitted: the test split gets the same constants.
    const perChannel = normalizeSplits({ train: data, test: data }, { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.243, 0.261] });
    expect(perChannel.normalizer).to.deep.equal({ method: 'fixed', offset: [0.4914, 0.4822, 0.4465], scale: [0.247, 0.243, 0.261] });
    expect(perChannel.test.x[2]).to.equal(Math.fround((data.x[2] - 0.4465) / 0.261));
  });

  it('normalize { mean, std }: errors name the JSON key', () => {
    expect(() => fixedNormalizer({ mean: [0.5, 0.5], std: [0.5] }, 'dataset.normalize')).to.throw(InvalidArgumentError, /dataset\.normalize\.std/);
    expect(() => fixedNormalizer({ mean: [0.5], std: [0] }, 'dataset.normalize')).to.throw(InvalidArgumentError, /dataset\.normalize\.std\[0\]/);
    expect(() => fixedNormalizer({ mean: [NaN], std: [1] }, 'dataset.normalize')).to.throw(InvalidArgumentError, /dataset\.normalize\.mean\[0\]/);
    const data = decodeCifar10Records(Buffer.alloc(3073));
    expect(() => normalizeSplits({ train: data }, { mean: [0.5], std: [0.5] })).to.throw(InvalidArgumentError, /sampleShape/);
  });
});
