import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AblabError, applyNormalizer, datasetSize, decodeCifar10Records, fitNormalizer, fromArrays, InvalidArgumentError, loadCifar10,
  loadCsv, loadMnist, normalizeSplits, seededPermutation, splitDataset,
} from '../../src/index.js';
import { expectClose } from '../support/close.js';

/** CIFAR-10 binary records with a recognisable pixel pattern: value = (label·7 + channel·50 + pixel) mod 256. */
function cifarRecords(labels: number[]): Buffer {
  const bytes = Buffer.alloc(labels.length * 3073);
  labels.forEach((label, i) => {
    bytes[i * 3073] = label;
    for (let channel = 0; channel < 3; channel++) {
      for (let pixel = 0; pixel < 1024; pixel++) bytes[i * 3073 + 1 + channel * 1024 + pixel] = (label * 7 + channel * 50 + pixel) % 256;
    }
  });
  return bytes;
}

describe('models: datasets', () => {
  let tmp: string;
  before(() => { tmp = mkdtempSync(join(tmpdir(), 'ablab-models-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('loadMnist: seeded, disjoint splits of the 10,000 real digits, [n,28,28,1] in [0,1]', () => {
    const a = loadMnist({ trainSize: 300, validationSize: 100, testSize: 200, seed: 5 });
    const b = loadMnist({ trainSize: 300, validationSize: 100, testSize: 200, seed: 5 });
    const c = loadMnist({ trainSize: 300, validationSize: 100, testSize: 200, seed: 6 });
    expect([datasetSize(a.train), datasetSize(a.validation), datasetSize(a.test)]).to.deep.equal([300, 100, 200]);
    expect(a.train.sampleShape).to.deep.equal([28, 28, 1]);
    expect(a.train.x.length).to.equal(300 * 784);
    expect(Array.from(a.test.x)).to.deep.equal(Array.from(b.test.x));
    expect(Array.from(a.test.y)).to.not.deep.equal(Array.from(c.test.y));
    expect(a.train.x.reduce((m, v) => Math.min(m, v))).to.equal(0);
    expect(a.train.x.reduce((m, v) => Math.max(m, v))).to.be.at.most(1);
    expect(new Set(a.train.y).size).to.equal(10);
    // Disjoint: no training image equals a test image.
    const key = (x: Float32Array, i: number) => x.subarray(i * 784, (i + 1) * 784).join();
    const trainImages = new Set(Array.from({ length: 300 }, (_, i) => key(a.train.x, i)));
    expect(Array.from({ length: 200 }, (_, i) => key(a.test.x, i)).filter((k) => trainImages.has(k))).to.have.length(0);
    for (const bad of [{ trainSize: 9000, testSize: 2000 }, { trainSize: -1 }, { testSize: 1.5 }, { seed: -2 }]) {
      expect(() => loadMnist(bad), JSON.stringify(bad)).to.throw(InvalidArgumentError);
    }
  });

  it('decodeCifar10Records: label byte + CHW planes become NHWC floats', () => {
    const data = decodeCifar10Records(cifarRecords([3, 9]));
    expect(data.sampleShape).to.deep.equal([32, 32, 3]);
    expect(Array.from(data.y)).to.deep.equal([3, 9]);
    // Image 1, row 2, column 5 → pixel 69; channel 1 (green).
    const pixel = 2 * 32 + 5;
    expectClose(data.x[(1 * 1024 + pixel) * 3 + 1], ((9 * 7 + 50 + pixel) % 256) / 255, 1e-6);
    expectClose(data.x[pixel * 3 + 2], ((3 * 7 + 100 + pixel) % 256) / 255, 1e-6);
    expect(() => decodeCifar10Records(Buffer.alloc(100))).to.throw(InvalidArgumentError, /3073/);
    const badLabel = cifarRecords([1]);
    badLabel[0] = 12;
    expect(() => decodeCifar10Records(badLabel)).to.throw(InvalidArgumentError, /label/);
  });

  it('loadCifar10: reads the official file set (a small generated copy), never downloads in tests', async () => {
    const dir = join(tmp, 'cifar-10-batches-bin');
    await loadCifar10({ dir }).then(() => expect.fail('should throw'), (error: Error) => {
      expect(error).to.be.instanceOf(AblabError);
      expect(error.message).to.contain(dir).and.contain('data_batch_1.bin').and.contain('c32a1d4ab5d03f1284b67883e8d87a21');
    });
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (let b = 1; b <= 5; b++) writeFileSync(join(dir, `data_batch_${b}.bin`), cifarRecords([b, (b + 1) % 10, (b + 2) % 10, 0]));
    writeFileSync(join(dir, 'test_batch.bin'), cifarRecords([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const splits = await loadCifar10({ dir, trainSize: 15, validationSize: 5, testSize: 10, seed: 1 });
    expect([datasetSize(splits.train), datasetSize(splits.validation), datasetSize(splits.test)]).to.deep.equal([15, 5, 10]);
    expect(Array.from(splits.test.y).sort()).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(splits.train.classNames?.[0]).to.equal('airplane');
  });

  it('loadCsv and fromArrays for users\' own data', () => {
    const path = join(tmp, 'flowers.csv');
    writeFileSync(path, 'width,"height, cm",species\n1.5,2,setosa\n3,4.5,virginica\n2,2.5,"setosa"\n');
    const data = loadCsv(path, { labelColumn: 'species' });
    expect(data.sampleShape).to.deep.equal([2]);
    expect(Array.from(data.x)).to.deep.equal([1.5, 2, 3, 4.5, 2, 2.5]);
    expect(Array.from(data.y)).to.deep.equal([0, 1, 0]);
    expect(data.classNames).to.deep.equal(['setosa', 'virginica']);
    const regression = loadCsv(path, { labelColumn: 'width', featureColumns: ['height, cm'], task: 'regression' });
    expect(Array.from(regression.y)).to.deep.equal([1.5, 3, 2]);
    expect(() => loadCsv(path, { labelColumn: 'colour' })).to.throw(InvalidArgumentError, /labelColumn/);
    expect(() => loadCsv(path, { labelColumn: 'width' })).to.throw(InvalidArgumentError, /column species/);
    const arrays = fromArrays([[[0.1], [0.2]], [[0.3], [0.4]], [[0.5], [0.6]]], [0, 2, 1]);
    expect(arrays.sampleShape).to.deep.equal([2, 1]);
    expect(arrays.numClasses).to.equal(3);
    const badArrays: [unknown, unknown][] = [
      [[[1, 2], [3]], [0, 1]], [[[1, NaN], [3, 4]], [0, 1]], [[[1], [2]], [0]], [[[1], [2]], [0, 0.5]], [[[1], [2]], [0, -1]], [5, [0]], [[], []],
    ];
    for (const [x, y] of badArrays) expect(() => fromArrays(x, y), JSON.stringify([x, y])).to.throw(InvalidArgumentError);
  });

  it('normalisation is fitted on the training split only and applied to the others', () => {
    const train = fromArrays([[0, 10], [2, 10], [4, 10]], [0, 1, 0]);
    const test = fromArrays([[6, 0]], [1]);
    const standard = fitNormalizer(train);
    expect(standard.offset).to.deep.equal([2, 10]);
    expectClose(standard.scale[0], Math.sqrt(8 / 3), 1e-15);
    expect(standard.scale[1]).to.equal(1); // constant channel: no division by zero
    expectClose(applyNormalizer(standard, test).x[0], 4 / Math.sqrt(8 / 3), 1e-6);
    const scaled = normalizeSplits({ train, test }, 'min-max');
    expect(Array.from(scaled.train.x)).to.deep.equal([0, 0, 0.5, 0, 1, 0]);
    expect(Array.from(scaled.test.x)).to.deep.equal([1.5, -10]);
    expect(() => fitNormalizer(train, 'zscore' as 'min-max')).to.throw(InvalidArgumentError, /method/);
    expect(() => applyNormalizer(standard, fromArrays([[1, 2, 3]], [0]))).to.throw(InvalidArgumentError, /sampleShape/);
  });

  it('seeded permutations and splits', () => {
    expect(seededPermutation(20, 3)).to.deep.equal(seededPermutation(20, 3));
    expect(seededPermutation(20, 3)).to.not.deep.equal(seededPermutation(20, 4));
    expect([...seededPermutation(20, 3)].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
    const data = fromArrays(Array.from({ length: 10 }, (_, i) => [i]), Array.from({ length: 10 }, (_, i) => i % 2));
    const { a, b } = splitDataset(data, { a: 6, b: 4 }, 1);
    expect([...a.x, ...b.x].sort((p, q) => p - q)).to.deep.equal(Array.from({ length: 10 }, (_, i) => i));
    for (const bad of [{ a: 11 }, { a: -1 }, { a: 0.5 }]) expect(() => splitDataset(data, bad, 1)).to.throw(InvalidArgumentError);
    for (const seed of [-1, 1.5, 2 ** 32, NaN]) expect(() => seededPermutation(3, seed)).to.throw(InvalidArgumentError, /seed/);
  });
});
