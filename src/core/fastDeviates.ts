/**
 * Fast normal and Gamma deviates for Monte Carlo hot loops (Thompson sampling, peeking simulations), drawn from the caller's seeded
 * {@link Random}: Marsaglia & Tsang's (2000) squeeze method fed by a 128-layer ziggurat normal
 * (Marsaglia & Tsang 2000, "The ziggurat method for generating random variables"), one 32-bit word
 * per normal in 99% of cases instead of the polar method's logarithm. The layer index uses the low
 * 7 bits and the value the other 25, so they are independent (Doornik 2005).
 */
import { InvalidArgumentError } from './errors.js';
import { Random } from './random.js';

const LAYERS = 128;
const SCALE = 2 ** 24;
const TAIL_START = 3.442619855899;
const LAYER_AREA = 9.91256303526217e-3;
const bound = new Float64Array(LAYERS);
const width = new Float64Array(LAYERS);
const height = new Float64Array(LAYERS);
{
  let d = TAIL_START;
  let t = d;
  const q = LAYER_AREA / Math.exp(-0.5 * d * d);
  bound[0] = (d / q) * SCALE;
  bound[1] = 0;
  width[0] = q / SCALE;
  width[LAYERS - 1] = d / SCALE;
  height[0] = 1;
  height[LAYERS - 1] = Math.exp(-0.5 * d * d);
  for (let i = LAYERS - 2; i >= 1; i--) {
    d = Math.sqrt(-2 * Math.log(LAYER_AREA / d + Math.exp(-0.5 * d * d)));
    bound[i + 1] = (d / t) * SCALE;
    t = d;
    height[i] = Math.exp(-0.5 * d * d);
    width[i] = d / SCALE;
  }
}

/** Throws unless `rng` is a generator with nextUint32 (a Random). */
function checkGenerator(rng: unknown): void {
  if (typeof (rng as Random | null)?.nextUint32 !== 'function') throw new InvalidArgumentError('rng', rng, 'expected a Random generator');
}

/** Uniform in (0, 1) from one 32-bit word. */
function uniform32(rng: Random): number {
  return (rng.nextUint32() + 0.5) * 2.3283064365386963e-10;
}

/** Standard normal deviate by the ziggurat method. */
export function zigguratNormal(rng: Random): number {
  checkGenerator(rng);
  for (;;) {
    const word = rng.nextUint32();
    const layer = word & (LAYERS - 1);
    const signed = (word | 0) >> 7;
    const x = signed * width[layer];
    if (Math.abs(signed) < bound[layer]) return x;
    if (layer === 0) {
      // Base strip: sample the tail beyond TAIL_START (Marsaglia 1964).
      let tail: number;
      let y: number;
      do {
        tail = -Math.log(uniform32(rng)) / TAIL_START;
        y = -Math.log(uniform32(rng));
      } while (y + y < tail * tail);
      return signed > 0 ? TAIL_START + tail : -TAIL_START - tail;
    }
    if (height[layer] + uniform32(rng) * (height[layer - 1] - height[layer]) < Math.exp(-0.5 * x * x)) return x;
  }
}

/** Gamma(shape, 1) deviate; shapes below 1 use the boost Gamma(shape + 1)·U^(1/shape). */
export function fastGamma(rng: Random, shape: number): number {
  checkGenerator(rng);
  if (typeof shape !== 'number' || !(shape > 0 && shape < Infinity)) throw new InvalidArgumentError('shape', shape, 'expected a finite number > 0');
  if (shape < 1) return fastGamma(rng, shape + 1) * Math.pow(uniform32(rng), 1 / shape);
  const d = shape - 1 / 3;
  return gammaFromConstants(rng, d, 1 / Math.sqrt(9 * d));
}

/** Gamma(shape ≥ 1) deviate from the Marsaglia–Tsang constants d = shape − 1/3, c = 1/√(9d). */
export function gammaFromConstants(rng: Random, d: number, c: number): number {
  checkGenerator(rng);
  if (typeof d !== 'number' || !(d > 0 && d < Infinity)) throw new InvalidArgumentError('d', d, 'expected shape − 1/3 > 0');
  if (typeof c !== 'number' || !(c > 0 && c < Infinity)) throw new InvalidArgumentError('c', c, 'expected 1/√(9d) > 0');
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = zigguratNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = uniform32(rng);
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A {@link Random} whose normal() is the ziggurat; everything else, gamma() included (which then runs
 * on ziggurat normals), is inherited, so streams stay reproducible from the seed.
 */
export class ZigguratRandom extends Random {
  override normal(): number {
    return zigguratNormal(this);
  }
}
