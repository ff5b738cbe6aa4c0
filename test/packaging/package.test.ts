/**
 * The package as a user gets it: `npm pack` (running its prepack build unless dist/ is newer than
 * every source), then `npm install <tarball>` into a fresh project that has nothing but the registry
 * (no overrides), then every entry point loaded with require and with import in separate Node
 * processes that must print nothing, and a consumer type-checked with skipLibCheck off.
 * Slow by nature (an install of tfjs and DuckDB): about 1–2 minutes on a quiet machine.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '../..');
const ENTRY_POINTS = ['ablab', 'ablab/stats', 'ablab/models', 'ablab/online', 'ablab/plots', 'ablab/experiments', 'ablab/notebook'];
/** Packages 'ablab/stats' must not load. */
const HEAVY = /[\\/]node_modules[\\/](@tensorflow|@duckdb|danfojs|plotly\.js-dist-min)[\\/]/;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Output { status: number | null; stdout: string; stderr: string }

function run(command: string, args: string[], cwd: string): Output {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, shell: process.platform === 'win32' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function succeed(command: string, args: string[], cwd: string): Output {
  const result = run(command, args, cwd);
  expect(result.status, `${command} ${args.join(' ')} failed:\n${result.stderr}\n${result.stdout}`).to.equal(0);
  return result;
}

/** Runs a Node script in the consumer project; it must exit 0 and print nothing but its JSON answer on stdout. */
function nodeJson<T>(project: string, file: string, source: string): T {
  writeFileSync(join(project, file), source);
  const result = succeed(process.execPath, [file], project);
  expect(result.stderr, `${file} printed on stderr`).to.equal('');
  return JSON.parse(result.stdout) as T;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/** True when dist/ was built after every input of the build changed (then packing needs no rebuild). */
function distIsFresh(): boolean {
  const built = statSync(join(root, 'dist/index.js'), { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return false;
  const inputs = [...files(join(root, 'src')), ...['scripts/build.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => join(root, f))];
  return inputs.every((f) => statSync(f).mtimeMs < built);
}

/** Folders of every installed copy of package `name` in a node_modules tree (nested copies included). */
function installedCopies(nodeModules: string, name: string): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const packages = entry.name.startsWith('@')
        ? readdirSync(join(dir, entry.name)).map((scoped) => `${entry.name}/${scoped}`)
        : [entry.name];
      for (const pkg of packages) {
        if (pkg === name) found.push(join(dir, pkg));
        visit(join(dir, pkg, 'node_modules'));
      }
    }
  };
  visit(nodeModules);
  return found;
}

describe('package: packed, installed in a fresh project, imported (test/packaging)', function () {
  this.timeout(900_000);
  let work: string;
  let project: string;
  let packedFiles: string[];

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'ablab-package-'));
    // A fresh clone has no dist/: `npm pack` builds it (prepack). Skip the rebuild when dist/ is current.
    const pack = succeed(NPM, ['pack', '--json', '--pack-destination', work, ...(distIsFresh() ? ['--ignore-scripts'] : [])], root);
    // The prepack build logs on stdout before npm's JSON answer.
    const [packed] = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[$/m))) as { filename: string; files: { path: string }[] }[];
    packedFiles = packed.files.map((f) => f.path);
    project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
    const install = succeed(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)], project);
    // npm 11 lists dependencies with install scripts not yet approved by the consumer's allowScripts
    // (core-js, below tfjs): the consumer's policy, not a problem of the package. Anything else fails.
    const warnings = `${install.stdout}\n${install.stderr}`.split('\n').filter((l) => /\bnpm (warn|error|ERR!)/i.test(l) && !/install-scripts/.test(l));
    expect(warnings, 'npm install warnings').to.deep.equal([]);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the build, the licence and the README, not tests or local type stubs', () => {
    expect(packedFiles).to.include.members(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/stats/index.js', 'dist/helpers/index.d.ts', 'dist/cli.js']);
    expect(packedFiles.filter((f) => /^(test|types|notebooks|bench|scripts)\//.test(f))).to.deep.equal([]);
    expect(readFileSync(join(project, 'node_modules/ablab/dist/index.js'), 'utf8')).to.contain('each area loaded on first use');
  });

  it('installs exactly one tfjs, and neither danfojs (an optional peer) nor its CDN-hosted xlsx', () => {
    const nodeModules = join(project, 'node_modules');
    for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-core']) expect(installedCopies(nodeModules, name).map((d) => relative(project, d)), name).to.have.length(1);
    for (const name of ['danfojs', 'xlsx', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) expect(installedCopies(nodeModules, name), name).to.deep.equal([]);
  });

  it('loads every entry point with require and with import, printing nothing, with the same named exports', () => {
    const required = nodeJson<Record<string, string[]>>(project, 'require-all.cjs', `
      const names = {};
      for (const entry of ${JSON.stringify(ENTRY_POINTS)}) names[entry] = Object.keys(require(entry));
      process.stdout.write(JSON.stringify(names));`);
    const imported = nodeJson<Record<string, string[]>>(project, 'import-all.mjs', `
      import { pairedTTest } from 'ablab/stats';
      import { buildCnn } from 'ablab/models';
      import { createSplitter } from 'ablab/online';
      import { forestPlotFigure } from 'ablab/plots';
      import { runExperiment } from 'ablab/experiments';
      import { showTable } from 'ablab/notebook';
      import { welchTTest, Random } from 'ablab';
      for (const f of [pairedTTest, buildCnn, createSplitter, forestPlotFigure, runExperiment, showTable, welchTTest, Random]) {
        if (typeof f !== 'function') throw new Error('a named import is not a function');
      }
      const names = {};
      for (const entry of ${JSON.stringify(ENTRY_POINTS)}) {
        names[entry] = Object.keys(await import(entry)).filter((n) => !['default', 'module.exports', '__esModule'].includes(n));
      }
      process.stdout.write(JSON.stringify(names));`);
    for (const entry of ENTRY_POINTS) {
      expect(required[entry].length, entry).to.be.greaterThan(10);
      expect([...imported[entry]].sort(), `${entry}: ES module named exports`).to.deep.equal([...required[entry]].sort());
    }
    const union = new Set(ENTRY_POINTS.slice(1).flatMap((entry) => required[entry]));
    expect([...required.ablab].sort(), "'ablab' exports every area").to.deep.equal([...union].sort());
  });

  it("'ablab/stats', 'ablab/plots' and 'ablab/notebook' load no tfjs, DuckDB, danfo or plotly; nor does require('ablab') for a statistic", () => {
    const heavyAfter = (file: string, source: string) => nodeJson<{ heavy: string[]; p: number }>(project, file, source);
    const report = `process.stdout.write(JSON.stringify({ heavy: Object.keys(require.cache).filter((k) => ${HEAVY}.test(k)), p }));`;
    expect(heavyAfter('stats.cjs', `const { pairedTTest } = require('ablab/stats'); const p = pairedTTest([1, 2, 3, 4], [1, 2, 3, 5]).pValue; ${report}`).heavy).to.deep.equal([]);
    // The figure builders and the notebook helpers are light too (plotly.js is read only to show a figure).
    expect(heavyAfter('light.cjs', `require('ablab/plots'); require('ablab/notebook'); const p = 0; ${report}`).heavy).to.deep.equal([]);
    expect(heavyAfter('stats.mjs', `import { pairedTTest } from 'ablab/stats'; import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url); const p = pairedTTest([1, 2, 3, 4], [1, 2, 3, 5]).pValue; ${report}`).heavy).to.deep.equal([]);
    const viaRoot = heavyAfter('root.cjs', `const ablab = require('ablab'); const p = ablab.pairedTTest([1, 2, 3, 4], [1, 2, 3, 5]).pValue; ${report}`);
    expect(viaRoot.heavy).to.deep.equal([]);
    expect(viaRoot.p).to.be.closeTo(0.391002218955771, 1e-12); // R: t.test(c(1,2,3,4), c(1,2,3,5), paired = TRUE)$p.value
    // The check itself sees heavy modules when they are loaded.
    expect(heavyAfter('models.cjs', `require('ablab').buildMlp; const p = 0; ${report}`).heavy.length).to.be.greaterThan(0);
  });

  it('without the optional danfojs, DataFrames fail with an error that says what to install; the CLI runs', () => {
    const answer = nodeJson<{ name: string; message: string }>(project, 'danfo.cjs', `
      const { toDataFrame, toTextTable } = require('ablab/notebook');
      toTextTable([{ a: 1 }]);
      try { toDataFrame([{ a: 1 }]); process.stdout.write('{}'); } catch (e) { process.stdout.write(JSON.stringify({ name: e.name, message: e.message })); }`);
    expect(answer.name).to.equal('AblabError');
    expect(answer.message).to.contain('npm install danfojs');
    const cli = succeed(process.execPath, [join(project, 'node_modules/ablab/dist/cli.js'), '--help'], project);
    expect(cli.stdout).to.match(/^ablab \d+\.\d+\.\d+: /).and.to.match(/^\s+run\s+<experiment\.json>/m);
    expect(cli.stderr).to.equal('');
  });

  it("type-checks a consumer (nodenext, ESM and CommonJS, skipLibCheck off): no error in ablab's declarations", () => {
    const use = `
      const r: TestResult<OneSampleTTestDetails> = pairedTTest([1, 2, 3, 4], [1, 2, 3, 5]);
      const n: number = r.details.n;
      const ci: ConfidenceInterval | undefined = r.ci;
      const exact: boolean = wilcoxonSignedRank([1, 2, 3]).details.exact;
      export const used = [n, ci?.level, exact, welchTTest, buildCnn, isHigherBetter, createSplitter, forestPlotFigure, analyzeExperiment, showTable, toDataFrame];
      export type Config = ExperimentConfig;`;
    const imports = (from: (entry: string) => string) => `
      import { pairedTTest, wilcoxonSignedRank, type TestResult, type OneSampleTTestDetails, type ConfidenceInterval } from ${from('ablab/stats')};
      import { buildCnn, isHigherBetter } from ${from('ablab/models')};
      import { createSplitter } from ${from('ablab/online')};
      import { forestPlotFigure } from ${from('ablab/plots')};
      import { analyzeExperiment, type ExperimentConfig } from ${from('ablab/experiments')};
      import { showTable, toDataFrame } from ${from('ablab/notebook')};
      import { welchTTest } from ${from('ablab')};`;
    writeFileSync(join(project, 'consumer.mts'), imports((e) => `'${e}'`) + use);
    writeFileSync(join(project, 'consumer.cts'), imports((e) => `'${e}'`) + use);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true },
      files: ['consumer.mts', 'consumer.cts'],
    }));
    // What tslab and other node10 resolvers see: the subpaths through typesVersions.
    writeFileSync(join(project, 'node10.ts'), `import { pairedTTest } from 'ablab/stats';\nimport { showTable } from 'ablab/notebook';\nimport { forestPlotFigure } from 'ablab/plots';\nexport const used = [pairedTTest([1, 2], [2, 4]).details.n, showTable, forestPlotFigure];\n`);
    writeFileSync(join(project, 'tsconfig.node10.json'), JSON.stringify({
      compilerOptions: { module: 'commonjs', moduleResolution: 'node10', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true },
      files: ['node10.ts'],
    }));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    for (const config of ['tsconfig.json', 'tsconfig.node10.json']) {
      const result = run(process.execPath, [tsc, '-p', config, '--pretty', 'false'], project);
      const errors = result.stdout.split('\n').filter((line) => /\): error TS\d+/.test(line));
      if (errors.length === 0) expect(result.status, `${config}: tsc failed\n${result.stdout}\n${result.stderr}`).to.equal(0);
      // tfjs 4.22's own declarations (tfjs-layers) do not pass strict checking; every other file must.
      const ours = errors.filter((line) => !line.startsWith('node_modules/@tensorflow/'));
      expect(ours, `${config}: errors outside tfjs's declarations`).to.deep.equal([]);
    }
  });
});
