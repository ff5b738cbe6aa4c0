import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AblabError, datasetSize, decodeCifar10PythonBatch, extractCifar10Archive, InvalidArgumentError, loadCifar10, type PickleDict, readPickle,
} from '../../src/index.js';

// Tiny fake batches written by test/fixtures/models/generate_cifar_pickles.py (Python's own pickle, numpy arrays):
// the folder in the official Python 2 cPickle layout, and numpy_protocol{2,4,5}.pkl as Python 3 writes them.
const FIXTURES = join(__dirname, '..', 'fixtures', 'models', 'cifarPy');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as { labels: Record<string, number[]> };

/** Pixel (image i, label, channel, pixel index) as the generator wrote it, scaled to [0, 1]. */
const pixel = (i: number, label: number, channel: number, p: number) => ((label * 7 + channel * 50 + p + i) % 256) / 255;

function expectBatch(data: ReturnType<typeof decodeCifar10PythonBatch>, labels: number[]): void {
  expect(Array.from(data.y)).to.deep.equal(labels);
  expect(data.sampleShape).to.deep.equal([32, 32, 3]);
  labels.forEach((label, i) => {
    for (const p of [0, 1, 33, 1023]) {
      for (let channel = 0; channel < 3; channel++) {
        expect(data.x[(i * 1024 + p) * 3 + channel]).to.equal(Math.fround(pixel(i, label, channel, p)));
      }
    }
  });
}

describe('models: CIFAR-10 python layout (pickle reader) and local archives', () => {
  let tmp: string;
  before(() => { tmp = mkdtempSync(join(tmpdir(), 'ablab-cifar-py-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads the official Python 2 cPickle batches and the protocols Python 3 writes (2, 4, 5) alike', () => {
    const folder = join(FIXTURES, 'cifar-10-batches-py');
    for (const [file, labels] of Object.entries(expected.labels)) expectBatch(decodeCifar10PythonBatch(readFileSync(join(folder, file)), file), labels);
    for (const protocol of [2, 4, 5]) {
      const file = join(FIXTURES, `numpy_protocol${protocol}.pkl`);
      expectBatch(decodeCifar10PythonBatch(readFileSync(file), file), expected.labels.data_batch_1);
      const dict = readPickle(readFileSync(file)) as PickleDict;
      expect([...dict.entries.keys()]).to.deep.equal(['batch_label', 'labels', 'data', 'filenames']);
    }
    const meta = readPickle(readFileSync(join(folder, 'batches.meta'))) as PickleDict;
    expect(meta.entries.get('num_vis')).to.equal(3072);
    expect(Buffer.from((meta.entries.get('label_names') as Uint8Array[])[9]).toString()).to.equal('truck');
  });

  it('rejects truncated, foreign and code-running pickles with errors naming the file', () => {
    const batch = readFileSync(join(FIXTURES, 'numpy_protocol4.pkl'));
    expect(() => decodeCifar10PythonBatch(batch.subarray(0, 500), 'data_batch_1')).to.throw(InvalidArgumentError, /data_batch_1.*truncated/);
    // pickle.dumps(os.system) at protocol 2: GLOBAL 'posix system' — must never be resolved.
    const evil = Buffer.concat([Buffer.from('\x80\x02cposix\nsystem\nq\x00.', 'latin1')]);
    expect(() => readPickle(evil, 'evil.pkl')).to.throw(InvalidArgumentError, /evil\.pkl.*refusing global posix\.system/);
    // pickle.dumps({'labels': [1]}, protocol=2): a dict without 'data'.
    const noData = Buffer.from('\x80\x02}q\x00X\x06\x00\x00\x00labelsq\x01]q\x02K\x01as.', 'latin1');
    expect(() => decodeCifar10PythonBatch(noData, 'test_batch')).to.throw(InvalidArgumentError, /test_batch 'data'/);
    expect(() => readPickle(Buffer.from([0x80, 0x02, 0xff]), 'x')).to.throw(InvalidArgumentError, /unsupported opcode 0xff/);
  });

  it('loadCifar10 finds the python layout; missing files name "download": true and --from, not a JS call', async () => {
    const splits = await loadCifar10({ dir: join(FIXTURES, 'cifar-10-batches-py'), trainSize: 16, validationSize: 4, testSize: 10, seed: 3 });
    expect([datasetSize(splits.train), datasetSize(splits.validation), datasetSize(splits.test)]).to.deep.equal([16, 4, 10]);
    expect(Array.from(splits.test.y).sort()).to.deep.equal(expected.labels.test_batch);
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const error = await loadCifar10({ dir: empty }).then(() => null, (e: Error) => e);
    expect(error).to.be.instanceOf(AblabError);
    expect(error!.message).to.contain('"download": true').and.contain('--from').and.contain('data_batch_1,').and.not.contain('loadCifar10(');
  });

  it('extractCifar10Archive unpacks a local .tar.gz (the generated python archive) and loadCifar10 reads it', async () => {
    const out = join(tmp, 'data');
    const result = extractCifar10Archive(join(FIXTURES, 'cifar-10-python.tar.gz'), out);
    expect(result).to.include({ dir: join(out, 'cifar-10-batches-py'), layout: 'python', officialMd5: false });
    const splits = await loadCifar10({ dir: result.dir, trainSize: 20, validationSize: 0, testSize: 10 });
    expect(datasetSize(splits.train)).to.equal(20);
    expect(() => extractCifar10Archive(join(tmp, 'nope.tar.gz'), out)).to.throw(AblabError, /does not exist/);
    const notTar = join(tmp, 'not.tar.gz');
    writeFileSync(notTar, 'hello');
    expect(() => extractCifar10Archive(notTar, out)).to.throw(AblabError, /tar failed/);
    // A valid archive without CIFAR inside.
    mkdirSync(join(tmp, 'other'));
    writeFileSync(join(tmp, 'other', 'a.txt'), 'x');
    expect(spawnSync('tar', ['-czf', join(tmp, 'other.tar.gz'), '-C', tmp, 'other']).status).to.equal(0);
    expect(() => extractCifar10Archive(join(tmp, 'other.tar.gz'), join(tmp, 'data2'))).to.throw(AblabError, /not a CIFAR-10 archive/);
  });

  it('ablab data cifar10 --from <archive> unpacks it; a missing archive is a one-line error', function () {
    this.timeout(60_000);
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'src', 'cli.ts'), ...args], { encoding: 'utf8' });
    const ok = cli(['data', 'cifar10', '--from', join(FIXTURES, 'cifar-10-python.tar.gz'), '--dir', join(tmp, 'cli')]);
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).to.contain(`CIFAR-10 (python layout) in ${join(tmp, 'cli', 'cifar-10-batches-py')}`).and.contain("not the official archive's md5");
    const missing = cli(['data', 'cifar10', '--from', join(tmp, 'absent.tar.gz')]);
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.match(/^ablab: CIFAR-10 archive .*absent\.tar\.gz does not exist/);
  });
});
