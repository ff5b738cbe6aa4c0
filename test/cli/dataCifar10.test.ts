/**
 * `ablab data cifar10` (src/cli.ts): usage mistakes (exit 2), missing and corrupt archives (exit 1,
 * one readable line, nothing half-unpacked reported as success) and success on a tiny synthetic
 * archive in the official binary layout, which loadCifar10 then reads back byte for byte. Nothing
 * is downloaded: the archives are written here with the system's tar.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../../src/cli.js';
import { loadCifar10 } from '../../src/index.js';

const RECORD = 1 + 3 * 32 * 32;
const FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];

/** `count` records of file `f`: label (f + i) % 10, pixel bytes (f·31 + i·7 + j) % 256 in R, G, B planes. */
function batch(f: number, count: number): Buffer {
  const bytes = Buffer.alloc(count * RECORD);
  for (let i = 0; i < count; i++) {
    bytes[i * RECORD] = (f + i) % 10;
    for (let j = 0; j < 3 * 1024; j++) bytes[i * RECORD + 1 + j] = (f * 31 + i * 7 + j) % 256;
  }
  return bytes;
}

/** Runs the CLI in this process; resolves to its exit status and what it printed. */
async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  console.error = (...a: unknown[]) => { err.push(a.join(' ')); };
  try {
    const status = await cli(args);
    return { status, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    Object.assign(console, { log, error });
  }
}

describe('cli: ablab data cifar10', () => {
  let tmp: string;
  /** Writes cifar-10-batches-bin/ with `files` (name → bytes) under a fresh folder and packs it as a .tar.gz. */
  const archive = (name: string, files: Record<string, Buffer>): string => {
    const folder = join(tmp, `${name}-src`, 'cifar-10-batches-bin');
    mkdirSync(folder, { recursive: true });
    for (const [file, bytes] of Object.entries(files)) writeFileSync(join(folder, file), bytes);
    const path = join(tmp, `${name}.tar.gz`);
    const tar = spawnSync('tar', ['-czf', path, '-C', join(tmp, `${name}-src`), 'cifar-10-batches-bin']);
    expect(tar.status, String(tar.stderr)).to.equal(0);
    return path;
  };
  const tiny = () => Object.fromEntries(FILES.map((file, f) => [file, batch(f, 2)]));

  before(() => { tmp = mkdtempSync(join(tmpdir(), 'ablab-cli-cifar-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('refuses usage mistakes with exit status 2 and says what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['data'], /expects cifar10, got nothing/],
      [['data', 'mnist', '--from', 'x.tar.gz'], /unknown dataset "mnist"/],
      [['data', 'cifar10', 'extra', '--from', 'x.tar.gz'], /expects cifar10, got "cifar10" "extra"/],
      [['data', 'cifar10'], /exactly one of --from <archive.tar.gz> and --download/],
      [['data', 'cifar10', '--from', 'x.tar.gz', '--download'], /exactly one of --from/],
      [['data', 'cifar10', '--from'], /--from/],
      [['data', 'cifar10', '--from', ''], /--from expects the path/],
      [['data', 'cifar10', '--from', 'x.tar.gz', '--dir', ''], /--dir expects a folder path/],
      [['data', 'cifar10', '--from', 'x.tar.gz', '--outdir', 'y'], /--outdir/],
      [['data', 'cifar10', '--download=yes'], /--download/],
    ];
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = await run(args);
      expect(status, args.join(' ')).to.equal(2);
      expect(stderr, args.join(' ')).to.match(/^ablab: /).and.match(message);
      expect(stdout, args.join(' ')).to.equal('');
    }
    const help = await run(['data', '--help']);
    expect(help.status).to.equal(0);
    expect(help.stdout).to.contain('--from').and.contain('--download').and.contain('--dir');
  });

  it('a missing, non-gzip, foreign or truncated archive fails with exit status 1 and a one-line reason', async () => {
    const garbage = join(tmp, 'garbage.tar.gz');
    writeFileSync(garbage, 'this is not a gzip file\n');
    mkdirSync(join(tmp, 'foreign-src', 'photos'), { recursive: true });
    writeFileSync(join(tmp, 'foreign-src', 'photos', 'a.jpg'), 'x');
    const foreign = join(tmp, 'foreign.tar.gz');
    expect(spawnSync('tar', ['-czf', foreign, '-C', join(tmp, 'foreign-src'), 'photos']).status).to.equal(0);
    const incomplete = archive('incomplete', Object.fromEntries(FILES.slice(1).map((file, f) => [file, batch(f, 1)])));
    const truncated = archive('truncated', { ...tiny(), 'data_batch_3.bin': batch(2, 2).subarray(0, RECORD + 100) });
    const badLabel = batch(4, 2);
    badLabel[RECORD] = 200;
    const labelled = archive('label', { ...tiny(), 'test_batch.bin': badLabel });
    const cases: [string, RegExp][] = [
      [join(tmp, 'absent.tar.gz'), /CIFAR-10 archive .*absent\.tar\.gz does not exist/],
      [garbage, /Extracting .*garbage\.tar\.gz with tar failed: .*gzip/],
      [foreign, /did not unpack into cifar-10-batches-bin\/ or cifar-10-batches-py\/.*not a CIFAR-10 archive/],
      [incomplete, /not a CIFAR-10 archive/],
      [truncated, /data_batch_3\.bin has 3173 bytes, not a positive multiple of 3073.*truncated or corrupt/],
      [labelled, /test_batch\.bin record 1 has label 200, expected a class 0–9/],
    ];
    for (const [from, message] of cases) {
      const { status, stdout, stderr } = await run(['data', 'cifar10', '--from', from, '--dir', join(tmp, 'out-bad')]);
      expect(status, from).to.equal(1);
      expect(stderr, from).to.match(/^ablab: /).and.match(message);
      expect(stdout, from).to.equal('');
    }
    const notAFolder = join(tmp, 'a-file');
    writeFileSync(notAFolder, '');
    const blocked = await run(['data', 'cifar10', '--from', archive('good-for-file', tiny()), '--dir', notAFolder]);
    expect(blocked.status).to.equal(1);
    expect(blocked.stderr).to.match(/^ablab: .*a-file/);
  });

  it('unpacks a tiny synthetic binary-layout archive that loadCifar10 reads back exactly', async () => {
    const from = archive('tiny', tiny());
    const dir = join(tmp, 'data');
    const { status, stdout, stderr } = await run(['data', 'cifar10', '--from', from, '--dir', dir]);
    expect(status, stderr).to.equal(0);
    expect(stdout).to.match(new RegExp(`^CIFAR-10 \\(binary layout\\) in ${join(dir, 'cifar-10-batches-bin').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}; archive md5 [0-9a-f]{32} — not the official archive's md5`));
    const splits = await loadCifar10({ dir: join(dir, 'cifar-10-batches-bin'), trainSize: 8, validationSize: 2, testSize: 2 });
    // The test split is test_batch.bin (file index 5) in a seeded order: its images have labels 5 (image 0) and 6 (image 1),
    // pixels as batch() wrote them, scaled to [0, 1].
    expect(Array.from(splits.test.y).sort()).to.deep.equal([5, 6]);
    const pixel = (f: number, i: number, channel: number, p: number) => Math.fround(((f * 31 + i * 7 + channel * 1024 + p) % 256) / 255);
    for (const [row, label] of Array.from(splits.test.y).entries()) {
      for (const [p, channel] of [[0, 0], [33, 2], [1023, 1]]) expect(splits.test.x[(row * 1024 + p) * 3 + channel]).to.equal(pixel(5, label - 5, channel, p));
    }
    const train = [...splits.train.y, ...splits.validation.y].sort((a, b) => a - b);
    expect(train).to.deep.equal([0, 1, 1, 2, 2, 3, 3, 4, 4, 5]);
  });

  it('runs as a program: exit status and messages through the real entry point', function () {
    this.timeout(60_000);
    const program = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'src', 'cli.ts'), 'data', 'cifar10', '--from', join(tmp, 'absent.tar.gz')], { encoding: 'utf8' });
    expect(program.status).to.equal(1);
    expect(program.stderr).to.match(/^ablab: CIFAR-10 archive .*absent\.tar\.gz does not exist/);
    const usage = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'src', 'cli.ts'), 'data', 'cifar10'], { encoding: 'utf8' });
    expect(usage.status).to.equal(2);
  });
});
