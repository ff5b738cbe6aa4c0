import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCnn, disposeModel, loadDatasetSpec, modelFactoryFor, selectBackend, validateExperimentConfig, type ExperimentConfig } from '../../src/index.js';

const ROOT = join(__dirname, '..', '..');
const config = JSON.parse(readFileSync(join(ROOT, 'experiments', 'cifar-dropout.json'), 'utf8')) as ExperimentConfig;

describe('experiments/cifar-dropout.json: the reference PyTorch experiment, setting for setting', () => {
  before(async () => { await selectBackend({ prefer: 'wasm' }); });

  it('CIFAR-10 all 50,000 / 10,000 images, (x − 0.5)/0.5, 5 epochs, batch 64, seeds 42–46, baseline without dropout', () => {
    const full = validateExperimentConfig(config);
    expect(full.seeds).to.deep.equal([42, 43, 44, 45, 46]);
    expect([full.epochs, full.batchSize, full.baseline, full.metric]).to.deep.equal([5, 64, 'noDropout', 'accuracy']);
    expect(full.dataset).to.deep.equal({
      source: 'cifar10', options: { trainSize: 50000, validationSize: 0, testSize: 10000, seed: 0 },
      normalize: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    });
  });

  it('variants are conv32-pool-conv64-pool-fc512-dropout-fc10 (3x3 same), Adam 1e-3, PyTorch init, differing only in dropout 0 / 0.5', () => {
    const options = Object.values(config.variants).map((v) => (v.model as { options: Record<string, unknown> }).options);
    expect(options.map((o) => o.dropout)).to.deep.equal([0, 0.5]);
    expect({ ...options[0], dropout: 0.5 }).to.deep.equal(options[1]);
    for (const [name, variant] of Object.entries(config.variants)) {
      const model = modelFactoryFor(variant.model!, name)(42) as ReturnType<typeof buildCnn>;
      // PyTorch's parameter count of the same network: conv 3·9·32+32, 32·9·64+64, fc 4096·512+512, 512·10+10.
      expect(model.countParams()).to.equal(896 + 18496 + 2097664 + 5130);
      expect(model.layers.map((l) => l.getClassName())).to.deep.equal(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', ...(name === 'dropout' ? ['AblabSeededDropout'] : []), 'Dense']);
      expect((model.optimizer as unknown as { learningRate: number }).learningRate).to.equal(0.001);
      disposeModel(model);
    }
  });

  it("its dataset spec loads (here from the generated python-layout files) into [−1, 1] without a validation split", async () => {
    const small = { ...config.dataset, options: { dir: join(ROOT, 'test', 'fixtures', 'models', 'cifarPy', 'cifar-10-batches-py'), trainSize: 20, validationSize: 0, testSize: 10, seed: 0 } } as ExperimentConfig['dataset'];
    const data = await loadDatasetSpec(small);
    expect(data.validation).to.equal(undefined);
    expect(Math.min(...data.train.x)).to.be.at.least(-1);
    expect(Math.max(...data.train.x)).to.be.at.most(1);
    // Every value is (byte/255 − 0.5)/0.5 of some byte, as torchvision computes it in float32.
    const torchvision = new Set(Array.from({ length: 256 }, (_, b) => Math.fround((Math.fround(b / 255) - 0.5) / 0.5)));
    expect(Array.from(data.test.x).filter((v) => !torchvision.has(v))).to.deep.equal([]);
  });
});
