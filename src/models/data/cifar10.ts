/**
 * CIFAR-10 in either official layout, converted to NHWC floats in [0, 1]:
 * - binary (cifar-10-binary.tar.gz → cifar-10-batches-bin/): data_batch_1.bin … data_batch_5.bin and
 *   test_batch.bin, each a sequence of 3073-byte records: 1 label byte, then 1024 red, 1024 green and
 *   1024 blue bytes (CHW, rows top to bottom);
 * - python (cifar-10-python.tar.gz → cifar-10-batches-py/, what torchvision downloads): data_batch_1 …
 *   data_batch_5 and test_batch, each a pickled dict whose 'data' is a uint8 array [n, 3072] of the
 *   same CHW bytes and 'labels' a list of classes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AblabError, InvalidArgumentError } from '../../core/errors.js';
import { checkOptions } from '../../core/validate.js';
import { type Dataset, type TrainValidationTest } from './dataset.js';
import { type PickledArray, type PickleDict, readPickle } from './pickle.js';
import { splitDataset } from './split.js';
import { checkSplitSizes, type SplitSizeOptions } from './splitSizes.js';

export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87a21';
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;
/** md5 of the official python-layout archive (cifar-10-python.tar.gz, as torchvision checks it). */
export const CIFAR10_PYTHON_MD5 = 'c58f30108f718f92721af3b95e74349a';
const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

/** The two official file layouts: folder name and file names of each. */
const LAYOUTS = {
  binary: { folder: 'cifar-10-batches-bin', train: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`), test: 'test_batch.bin' },
  python: { folder: 'cifar-10-batches-py', train: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}`), test: 'test_batch' },
} as const;
export type Cifar10Layout = keyof typeof LAYOUTS;

export interface Cifar10Options extends SplitSizeOptions {
  /**
   * Folder holding either layout's files (the .bin files, or the python pickles). Default: the first
   * of 'data/cifar-10-batches-bin' and 'data/cifar-10-batches-py' (relative to the working directory)
   * that holds all files.
   */
  dir?: string;
  /** Download and verify the binary archive when the files are missing. Default false. */
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

/**
 * Decodes one batch of the python layout (a pickled dict with 'data', a uint8 array [n, 3072] of CHW
 * bytes, and 'labels') into an NHWC dataset in [0, 1], by way of the binary record layout.
 * @throws InvalidArgumentError naming `name` for a pickle that is not such a batch.
 * @example
 * const test = decodeCifar10PythonBatch(readFileSync('data/cifar-10-batches-py/test_batch'), 'test_batch');
 */
export function decodeCifar10PythonBatch(bytes: Uint8Array, name = 'bytes'): Dataset {
  const batch = readPickle(bytes, name) as PickleDict;
  if (batch?.kind !== 'dict') throw new InvalidArgumentError(name, 'a pickle that is not a dict', "expected a CIFAR-10 batch: a dict with 'data' and 'labels'");
  const data = batch.entries.get('data') as PickledArray | undefined;
  const labels = batch.entries.get('labels');
  if (data?.kind !== 'ndarray' || data.dtype.replace(/^[|<>=]/, '') !== 'u1' || data.shape.length !== 2 || data.shape[1] !== 3 * PLANE || data.data.length !== data.shape[0] * 3 * PLANE) {
    throw new InvalidArgumentError(`${name} 'data'`, data?.kind === 'ndarray' ? `${data.dtype} array of shape [${data.shape.join(', ')}]` : data, 'expected a uint8 array of shape [n, 3072]');
  }
  const n = data.shape[0];
  if (!Array.isArray(labels) || labels.length !== n) {
    throw new InvalidArgumentError(`${name} 'labels'`, Array.isArray(labels) ? `${labels.length} labels` : labels, `expected a list of ${n} classes, one per image`);
  }
  const records = new Uint8Array(n * RECORD);
  labels.forEach((label, i) => {
    if (!(typeof label === 'number' && Number.isInteger(label) && label >= 0 && label <= 9)) throw new InvalidArgumentError(`${name} 'labels'[${i}]`, label, 'expected a class 0–9');
    records[i * RECORD] = label;
    records.set(data.data.subarray(i * 3 * PLANE, (i + 1) * 3 * PLANE), i * RECORD + 1);
  });
  return decodeCifar10Records(records, name);
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
  const { binary, python } = LAYOUTS;
  return `CIFAR-10 files not found in ${dir} (${detail}). Either put the binary layout (${binary.train.join(', ')}, ${binary.test}) `
    + `or the python layout (${python.train.join(', ')}, ${python.test}) there: unpack an archive you have with `
    + `'ablab data cifar10 --from <cifar-10-binary.tar.gz | cifar-10-python.tar.gz>', or download ${CIFAR10_URL} (md5 ${CIFAR10_MD5}) yourself, `
    + `or set "download": true in the dataset's "options" of the experiment JSON where the network allows.`;
}

/** The layout whose every file is in `dir`, or the files missing for each. */
function detectLayout(dir: string): { layout: Cifar10Layout } | { missing: Record<Cifar10Layout, string[]> } {
  const missing = {} as Record<Cifar10Layout, string[]>;
  for (const layout of Object.keys(LAYOUTS) as Cifar10Layout[]) {
    const { train, test } = LAYOUTS[layout];
    missing[layout] = [...train, test].filter((file) => !existsSync(join(dir, file)));
    if (missing[layout].length === 0) return { layout };
  }
  return { missing };
}

/**
 * Unpacks a local CIFAR-10 archive (either official .tar.gz: binary or python layout) into `dataDir`
 * with the system's tar, and checks that a complete layout came out.
 * @returns the folder holding the files, its layout, and whether the archive's md5 is the official one.
 * @throws AblabError when the archive is missing, tar fails, no complete layout is inside, or a binary batch is not whole
 *   records with labels 0–9 (truncated or corrupt).
 * @example
 * extractCifar10Archive('/downloads/cifar-10-python.tar.gz'); // { dir: '/work/data/cifar-10-batches-py', layout: 'python', officialMd5: true }
 */
export function extractCifar10Archive(archive: string, dataDir = 'data'): { dir: string; layout: Cifar10Layout; md5: string; officialMd5: boolean } {
  if (typeof archive !== 'string' || archive.length === 0) throw new InvalidArgumentError('archive', archive, 'expected the path of a CIFAR-10 .tar.gz');
  if (typeof dataDir !== 'string' || dataDir.length === 0) throw new InvalidArgumentError('dataDir', dataDir, 'expected a folder path');
  const path = resolve(archive);
  if (!existsSync(path)) throw new AblabError(`CIFAR-10 archive ${path} does not exist (--from expects a local cifar-10-binary.tar.gz or cifar-10-python.tar.gz).`);
  const target = resolve(dataDir);
  mkdirSync(target, { recursive: true });
  const tar = spawnSync('tar', ['-xzf', path, '-C', target], { encoding: 'utf8' });
  if (tar.error || tar.status !== 0) throw new AblabError(`Extracting ${path} with tar failed: ${tar.stderr?.trim() || tar.error?.message || `exit status ${tar.status}`}`);
  for (const layout of Object.keys(LAYOUTS) as Cifar10Layout[]) {
    const dir = join(target, LAYOUTS[layout].folder);
    const found = detectLayout(dir);
    if ('layout' in found && found.layout === layout) {
      if (layout === 'binary') for (const file of [...LAYOUTS.binary.train, LAYOUTS.binary.test]) checkBinaryBatch(join(dir, file));
      const md5 = createHash('md5').update(readFileSync(path)).digest('hex');
      return { dir, layout, md5, officialMd5: md5 === (layout === 'binary' ? CIFAR10_MD5 : CIFAR10_PYTHON_MD5) };
    }
  }
  throw new AblabError(`${path} did not unpack into ${LAYOUTS.binary.folder}/ or ${LAYOUTS.python.folder}/ with all files under ${target}: not a CIFAR-10 archive.`);
}

/** Throws unless a binary batch file holds whole records (1 label byte 0–9 + 3072 pixel bytes), at least one. */
function checkBinaryBatch(file: string): void {
  const bytes = readFileSync(file);
  if (bytes.length === 0 || bytes.length % RECORD !== 0) {
    throw new AblabError(`${file} has ${bytes.length} bytes, not a positive multiple of ${RECORD} (1 label byte + 3072 pixel bytes per image): a truncated or corrupt CIFAR-10 archive.`);
  }
  for (let record = 0; record < bytes.length; record += RECORD) {
    if (bytes[record] > 9) throw new AblabError(`${file} record ${record / RECORD} has label ${bytes[record]}, expected a class 0–9: a corrupt CIFAR-10 archive.`);
  }
}

/**
 * Downloads the official binary archive into `dataDir`, checks its md5 and unpacks it there.
 * @throws AblabError when the download fails (naming where to put the files instead) or the md5 differs.
 * @example
 * await downloadCifar10('data'); // { dir: '/work/data/cifar-10-batches-bin', layout: 'binary', officialMd5: true, ... }
 */
export async function downloadCifar10(dataDir = 'data'): Promise<ReturnType<typeof extractCifar10Archive>> {
  if (typeof dataDir !== 'string' || dataDir.length === 0) throw new InvalidArgumentError('dataDir', dataDir, 'expected a folder path');
  const dir = join(resolve(dataDir), LAYOUTS.binary.folder);
  const archive = join(resolve(dataDir), 'cifar-10-binary.tar.gz');
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
  return extractCifar10Archive(archive, dirname(dir));
}

/** A folder with a complete layout, or the files missing there and what to do about it. */
export type Cifar10Location = { dir: string; layout: Cifar10Layout } | { dir: string; missing: Record<Cifar10Layout, string[]>; problem: string };

/**
 * Where CIFAR-10 is: `dir` (or, by default, the first of data/cifar-10-batches-bin and
 * data/cifar-10-batches-py) with the layout whose files are all there; when none is complete,
 * `problem` says what is missing and how to get the files (the loader's error message).
 * @example
 * locateCifar10(); // { dir: '/work/data/cifar-10-batches-py', layout: 'python' } or { dir, missing, problem }
 */
export function locateCifar10(dir?: string): Cifar10Location {
  if (dir !== undefined && (typeof dir !== 'string' || dir.length === 0)) throw new InvalidArgumentError('dir', dir, 'expected a folder path');
  const candidates = (dir === undefined ? ['data/cifar-10-batches-bin', 'data/cifar-10-batches-py'] : [dir]).map((c) => resolve(c));
  let first: Record<Cifar10Layout, string[]> | undefined;
  for (const candidate of candidates) {
    const found = detectLayout(candidate);
    if ('layout' in found) return { dir: candidate, layout: found.layout };
    first ??= found.missing;
  }
  const detail = `missing ${first!.binary.join(', ')} (binary layout) or ${first!.python.join(', ')} (python layout)`;
  return { dir: candidates[0], missing: first!, problem: missingFilesMessage(candidates.join(' or '), detail) };
}

/**
 * Loads CIFAR-10 from the official files, binary or python layout (whichever is complete in the
 * folder): train/validation drawn by a seeded permutation of the 50,000 training images (defaults
 * 45,000 / 5,000), test from the 10,000 test images (a seeded subset when testSize < 10,000).
 * Layout: x is [n, 32, 32, 3] (NHWC, RGB) in [0, 1].
 * @throws AblabError saying where to put the files when they are missing (and download fails or is off);
 *   InvalidArgumentError for bad sizes or corrupt files.
 * @example
 * const { train, validation, test } = await loadCifar10({ trainSize: 5000, validationSize: 1000, testSize: 2000, seed: 1 });
 */
export async function loadCifar10(options: Cifar10Options = {}): Promise<TrainValidationTest> {
  options = checkOptions('options', options);
  const { sizes, seed } = checkSplitSizes(options, { trainSize: 45000, validationSize: 5000, testSize: 10000 });
  if (options.dir !== undefined && (typeof options.dir !== 'string' || options.dir === '')) throw new InvalidArgumentError('options.dir', options.dir, 'expected a folder path');
  const located = locateCifar10(options.dir);
  let { dir } = located;
  let layout: Cifar10Layout;
  if ('layout' in located) layout = located.layout;
  else {
    if (!options.download) throw options.dir === undefined ? new AblabError(located.problem) : new InvalidArgumentError('options.dir', options.dir, located.problem);
    dir = (await downloadCifar10(dirname(dir))).dir;
    layout = 'binary';
  }
  const decode = layout === 'binary' ? decodeCifar10Records : decodeCifar10PythonBatch;
  const read = (file: string) => decode(readFileSync(join(dir, file)), file);
  const trainPool = concatenate(LAYOUTS[layout].train.map(read));
  const trainImages = trainPool.y.length;
  const testImages = read(LAYOUTS[layout].test);
  if (sizes.train + sizes.validation > trainImages) {
    const larger = sizes.validation > sizes.train ? 'validationSize' : 'trainSize';
    throw new InvalidArgumentError(`options.${larger}`, options[larger], `trainSize + validationSize (${sizes.train + sizes.validation}) exceed the ${trainImages} training images`);
  }
  if (sizes.test > testImages.y.length) throw new InvalidArgumentError('options.testSize', options.testSize, `expected at most the ${testImages.y.length} test images`);
  const { train, validation } = splitDataset(trainPool, { train: sizes.train, validation: sizes.validation }, seed);
  const { test } = splitDataset(testImages, { test: sizes.test }, seed);
  return { train, validation, test };
}
