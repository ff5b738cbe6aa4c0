import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { codeFingerprint, moduleClosure, trainingCodeFiles, trainingCodeFingerprint } from '../../src/models/index.js';

const src = join(__dirname, '../../src');

describe('trainingCodeFingerprint', () => {
  it('covers every module a training run loads, beyond src/models', () => {
    const files = trainingCodeFiles().map((f) => relative(src, f).split('\\').join('/'));
    // The seeded random numbers behind shuffles, initial weights and dropout live in core/.
    expect(files).to.include.members(['core/random.ts', 'core/validate.ts', 'core/errors.ts', 'models/train.ts',
      'models/layers/seededDropout.ts', 'models/data/split.ts', 'models/backends/trainingKernels.ts', 'models/grid/gridWorker.ts']);
    // Modules no run executes are left out, so editing them does not flag stored runs.
    expect(files.filter((f) => /^(online|experiments|plots|helpers)\//.test(f))).to.deep.equal([]);
    expect(trainingCodeFingerprint()).to.match(/^[0-9a-f]{12}$/);
  });

  it('follows relative imports (not type-only ones or comments) and changes when any of them changes', () => {
    const root = mkdtempSync(join(tmpdir(), 'ablab-fingerprint-'));
    mkdirSync(join(root, 'models'));
    mkdirSync(join(root, 'core'));
    const write = (path: string, text: string) => writeFileSync(join(root, path), text);
    write('models/entry.ts', [
      "import { draw } from '../core/random.js';",
      "import type { Shape } from './types.js';",
      "export { helper } from './helper.js';",
      "// import { old } from './removed.js';",
      "export const load = () => import('./lazy.js');",
    ].join('\n'));
    write('core/random.ts', 'export const draw = () => 4;');
    write('models/helper.ts', "export const helper = require('./deep.js');");
    write('models/deep.ts', 'export {};');
    write('models/lazy.ts', 'export {};');
    write('models/types.ts', 'export type Shape = number[];');
    const files = moduleClosure(join(root, 'models/entry.ts'));
    expect(files.map((f) => relative(root, f).split('\\').join('/'))).to.deep.equal(
      ['core/random.ts', 'models/deep.ts', 'models/entry.ts', 'models/helper.ts', 'models/lazy.ts']);
    const before = codeFingerprint(files, root, '4.22.0');
    expect(codeFingerprint(files, root, '4.22.0')).to.equal(before);
    expect(codeFingerprint(files, root, '4.21.0'), 'tfjs version').to.not.equal(before);
    write('core/random.ts', 'export const draw = () => 5;');
    expect(codeFingerprint(files, root, '4.22.0'), 'edited core/random.ts').to.not.equal(before);
  });
});
