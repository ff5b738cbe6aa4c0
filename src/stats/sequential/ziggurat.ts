/**
 * Fast normal deviates for the Monte Carlo of simulatePeeking, which spends most of its time drawing
 * them: Marsaglia & Tsang's (2000) ziggurat with 128 layers, one 32-bit draw per deviate in ~99% of
 * cases (Random.normal's polar method needs ~2.5 and a logarithm).
 */
import { Random } from '../../helpers/random.js';

const LAYERS = 128;
const TAIL_START = 3.442619855899;
const LAYER_AREA = 9.91256303526217e-3;
const INT_SCALE = 2147483648;

// Tables of the classic 32-bit ziggurat (rnor): acceptance thresholds kn, widths wn, densities fn.
const kn = new Int32Array(LAYERS);
const wn = new Float64Array(LAYERS);
const fn = new Float64Array(LAYERS);
{
  let dn = TAIL_START;
  let tn = dn;
  const q = LAYER_AREA / Math.exp(-0.5 * dn * dn);
  kn[0] = Math.floor((dn / q) * INT_SCALE);
  kn[1] = 0;
  wn[0] = q / INT_SCALE;
  wn[LAYERS - 1] = dn / INT_SCALE;
  fn[0] = 1;
  fn[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(LAYER_AREA / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = Math.floor((dn / tn) * INT_SCALE);
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / INT_SCALE;
  }
}

/**
 * A {@link Random} whose normal() is the ziggurat; everything else, gamma() included (which then runs
 * on ziggurat normals), is inherited, so streams stay reproducible from the seed.
 */
export class ZigguratRandom extends Random {
  /** Standard normal deviate. */
  override normal(): number {
    let hz = this.nextUint32() | 0;
    let iz = hz & (LAYERS - 1);
    if (Math.abs(hz) < kn[iz]) return hz * wn[iz];
    for (;;) {
      if (iz === 0) {
        // Base layer: sample the tail beyond TAIL_START (Marsaglia 1964).
        let x: number, y: number;
        do {
          x = -Math.log(1 - this.uniform()) / TAIL_START;
          y = -Math.log(1 - this.uniform());
        } while (y + y < x * x);
        return hz > 0 ? TAIL_START + x : -TAIL_START - x;
      }
      const x = hz * wn[iz];
      if (fn[iz] + this.uniform() * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
      hz = this.nextUint32() | 0;
      iz = hz & (LAYERS - 1);
      if (Math.abs(hz) < kn[iz]) return hz * wn[iz];
    }
  }
}
