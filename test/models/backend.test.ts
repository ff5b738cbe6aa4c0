import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { AblabError, captureEnvironment, InvalidArgumentError, selectBackend } from '../../src/index.js';

describe('models: backend selection and environment', () => {
  afterEach(async () => {
    delete process.env.ABLAB_BACKEND;
    await selectBackend({ prefer: 'wasm' });
  });

  it('auto picks wasm here and says why TensorFlow native was skipped', async () => {
    const choice = await selectBackend();
    expect(choice.name).to.equal('wasm');
    expect(tf.getBackend()).to.equal('wasm');
    expect(choice.skipped.map((s) => s.backend)).to.deep.equal(['tensorflow']);
    expect(choice.skipped[0].reason).to.contain('@tensorflow/tfjs-node');
    expect(choice.projectKernels).to.include('Conv2DBackpropFilter');
  });

  it('a backend can be forced by option or ABLAB_BACKEND; a forced backend that cannot start throws', async () => {
    expect((await selectBackend({ prefer: 'cpu' })).name).to.equal('cpu');
    process.env.ABLAB_BACKEND = 'cpu';
    expect((await selectBackend()).name).to.equal('cpu');
    expect((await selectBackend({ prefer: 'wasm' })).name).to.equal('wasm'); // the option wins over the variable
    await selectBackend({ prefer: 'tensorflow' }).then(() => expect.fail('no native TensorFlow here'), (e) => expect(e).to.be.instanceOf(AblabError));
    for (const bad of ['gpu', 'WASM', 3]) {
      await selectBackend({ prefer: bad as 'cpu' }).then(() => expect.fail(String(bad)), (e) => expect(e).to.be.instanceOf(InvalidArgumentError).and.match(/prefer/));
    }
    process.env.ABLAB_BACKEND = 'webgl';
    await selectBackend().then(() => expect.fail('webgl'), (e) => expect(e).to.be.instanceOf(InvalidArgumentError).and.match(/ABLAB_BACKEND/));
  });

  it('captureEnvironment describes the run', async () => {
    const env = await captureEnvironment();
    expect(env).to.include({ tfjsVersion: tf.version.tfjs, backend: 'wasm', threads: 1, nodeVersion: process.version, ablabVersion: '0.1.0' });
    expect(env.cpuCount).to.be.at.least(1);
    expect(env.cpuModel).to.be.a('string').and.not.equal('');
    expect(env.platform).to.equal(`${process.platform}-${process.arch}`);
  });
});
