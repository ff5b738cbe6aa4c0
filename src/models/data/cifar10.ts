/**
 * CIFAR-10 in its official binary format (cifar-10-binary.tar.gz): files data_batch_1.bin …
 * data_batch_5.bin and test_batch.bin, each a sequence of 3073-byte records: 1 label byte, then
 * 1024 red, 1024 green and 1024 blue bytes (CHW, rows top to bottom). Converted here to NHWC floats
 * in [0, 1].
 */
import { checkOptions } from '../../core/validate.js';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AblabError, InvalidArgumentError } from '../../core/errors.js';
import { type Dataset, type TrainValidationTest } from './dataset.js';
import { splitDataset } from './split.js';
import { checkSplitSizes, type SplitSizeOptions } from './splitSizes.js';

export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87a21';
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;
const TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
const TEST_FILE = 'test_batch.bin';
const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

export interface Cifar10Options extends SplitSizeOptions {
  /** Folder holding the .bin files. Default 'data/cifar-10-batches-bin' (relative to the working directory). */
  dir?: string;
  /** Download and verify the archive when the files are missing. Default false. */
  download?: boolean;
}

/**
 * Decodes CIFAR-10 binary records (label byte + CHW planes) into an NHWC dataset in [0, 1].
 * @throws InvalidArgumentError when the byte length is not a multiple of 3073 or a label exceeds 9.
 * @example
 * const batch = decodeCifar10Records(readFileSync('data/cifar-10-batches-bin/test_batch.bin'));
 */
export function decodeCifar10Records(bytes: Uint8Array, name = 'bytes'): Dataset {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(name, bytes, 'expected the bytes of a CIFAR-10 binary batch (Uint8Array)');
  if (bytes.length === 0 || bytes.length % RECORD !== 0) {
    throw new InvalidArgumentError(name, `${bytes.length} bytes`, `expected a positive multiple of ${RECORD} (1 label byte + 3072 pixel bytes per image)`);
  }
  const n = bytes.length / RECORD;
  const x = new Float32Array(n * 3 * PLANE);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const record = i * RECORD;
    if (bytes[record] > 9) throw new InvalidArgumentError(`${name} record ${i} label`, bytes[record], 'expected a class 0–9');
    y[i] = bytes[record];
    for (let pixel = 0; pixel < PLANE; pixel++) {
      for (let channel = 0; channel < 3; channel++) {
        x[(i * PLANE + pixel) * 3 + channel] = bytes[record + 1 + channel * PLANE + pixel] / 255;
      }
    }
  }
  return { x, y, sampleShape: [SIDE, SIDE, 3], numClasses: 10, classNames: CIFAR10_CLASSES };
}

function concatenate(parts: Dataset[]): Dataset {
  const x = new Float32Array(parts.reduce((n, p) => n + p.x.length, 0));
  const y = new Float32Array(parts.reduce((n, p) => n + p.y.length, 0));
  let xOffset = 0;
  let yOffset = 0;
  for (const part of parts) {
    x.set(part.x, xOffset);
    y.set(part.y, yOffset);
    xOffset += part.x.length;
    yOffset += part.y.length;
  }
  return { ...parts[0], x, y };
}

function missingFilesMessage(dir: string, detail: string): string {
  return `CIFAR-10 binary files not found in ${dir} (${detail}). Download ${CIFAR10_URL} (md5 ${CIFAR10_MD5}), `
    + `extract it so that ${dir} holds ${TRAIN_FILES.join(', ')} and ${TEST_FILE}, or call loadCifar10({ download: true }) where the network allows.`;
}

async function downloadArchive(dir: string): Promise<void> {
  const archive = join(dirname(dir), 'cifar-10-binary.tar.gz');
  let bytes: Buffer;
  try {
    const response = await fetch(CIFAR10_URL);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new AblabError(missingFilesMessage(dir, `download failed: ${error instanceof Error ? error.message : String(error)}`));
  }
  const md5 = createHash('md5').update(bytes).digest('hex');
  if (md5 !== CIFAR10_MD5) throw new AblabError(`Downloaded ${CIFAR10_URL} has md5 ${md5}, expected ${CIFAR10_MD5}; not using it.`);
  mkdirSync(dirname(dir), { recursive: true });
  writeFileSync(archive, bytes);
  // The archive's top folder is cifar-10-batches-bin.
  const tar = spawnSync('tar', ['-xzf', archive, '-C', dirname(dir)], { encoding: 'utf8' });
  if (tar.status !== 0) throw new AblabError(`Extracting ${archive} failed: ${tar.stderr || tar.error?.message}`);
}

/**
 * Loads CIFAR-10 from the official binary files: train/validation drawn by a seeded permutation of
 * the 50,000 training images (defaults 45,000 / 5,000), test from the 10,000 test images (a seeded
 * subset when testSize < 10,000). Layout: x is [n, 32, 32, 3] (NHWC, RGB) in [0, 1].
 * @throws AblabError saying where to put the files when they are missing (and download fails or is off);
 *   InvalidArgumentError for bad sizes or corrupt files.
 * @example
 * const { train, validation, test } = await loadCifar10({ trainSize: 5000, validationSize: 1000, testSize: 2000, seed: 1 });
 */
export async function loadCifar10(options: Cifar10Options = {}): Promise<TrainValidationTest> {
  options = checkOptions('options', options);
  const dir = resolve(options.dir ?? 'data/cifar-10-batches-bin');
  const { sizes, seed } = checkSplitSizes(options, { trainSize: 45000, validationSize: 5000, testSize: 10000 });
  const missing = [...TRAIN_FILES, TEST_FILE].filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    if (!options.download) throw new AblabError(missingFilesMessage(dir, `missing ${missing.join(', ')}`));
    await downloadArchive(dir);
  }
  const read = (file: string) => decodeCifar10Records(readFileSync(join(dir, file)), file);
  const trainPool = concatenate(TRAIN_FILES.map(read));
  const { train, validation } = splitDataset(trainPool, { train: sizes.train, validation: sizes.validation }, seed);
  const { test } = splitDataset(read(TEST_FILE), { test: sizes.test }, seed);
  return { train, validation, test };
}
