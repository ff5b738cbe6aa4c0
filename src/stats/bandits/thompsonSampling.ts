import { checkSeed, Random } from '../../core/random.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertPositive, checkChoice, assertWorkSize } from '../../core/validate.js';
import { fastGamma, gammaFromConstants, zigguratNormal } from '../../core/fastDeviates.js';
import { checkBetaPrior } from '../bayesian/betaBinomialPosterior.js';
import { CountingPolicy, type BanditPolicy } from './policy.js';

export interface ThompsonSamplingOptions {
  nArms: number;
  /** 'bernoulli' (default): 0/1 rewards, Beta posteriors; 'gaussian': real rewards, Normal posteriors. */
  reward?: 'bernoulli' | 'gaussian';
  /** Bernoulli: Beta prior of every arm (default {alpha: 1, beta: 1}). */
  prior?: { alpha: number; beta: number };
  /** Gaussian: Normal prior of every arm's mean (default {mean: 0, variance: 1}). */
  gaussianPrior?: { mean: number; variance: number };
  /** Gaussian: known reward noise variance (default 1). */
  noiseVariance?: number;
  /** Monte Carlo draws for weights() (default 10 000) and their seed (default 1). */
  weightDraws?: number;
  weightSeed?: number;
}

type Settings = Required<ThompsonSamplingOptions>;

/**
 * Shape, d = shape − 1/3 and c = 1/√(9d) of one Beta parameter per arm, stored flat ([shape, d, c]
 * per arm) so the hot loop reads them without indirection; d and c are refreshed only when the
 * arm's parameter changes, not on every draw.
 */
function setShape(table: Float64Array, arm: number, shape: number): void {
  const d = shape - 1 / 3;
  table[3 * arm] = shape;
  table[3 * arm + 1] = d;
  table[3 * arm + 2] = 1 / Math.sqrt(9 * d);
}

function drawGamma(table: Float64Array, arm: number, rng: Random): number {
  const shape = table[3 * arm];
  return shape >= 1 ? gammaFromConstants(rng, table[3 * arm + 1], table[3 * arm + 2]) : fastGamma(rng, shape);
}

class ThompsonSampling extends CountingPolicy implements BanditPolicy {
  readonly name = 'thompson';
  private readonly draws: Float64Array;
  private readonly bernoulli: boolean;
  private readonly alphas: Float64Array;
  private readonly betas: Float64Array;

  constructor(private readonly settings: Settings) {
    super(settings.nArms);
    this.draws = new Float64Array(settings.nArms);
    this.bernoulli = settings.reward === 'bernoulli';
    this.alphas = new Float64Array(3 * settings.nArms);
    this.betas = new Float64Array(3 * settings.nArms);
    this.reset();
  }

  protected override checkReward(reward: number): void {
    if (!this.bernoulli) assertFiniteNumber('reward', reward);
    else if (reward !== 0 && reward !== 1) throw new InvalidArgumentError('reward', reward, 'expected a Bernoulli reward 0 or 1');
  }

  override record(arm: number, reward: number): void {
    super.record(arm, reward);
    if (!this.bernoulli) return;
    if (reward === 1) setShape(this.alphas, arm, this.alphas[3 * arm] + 1);
    else setShape(this.betas, arm, this.betas[3 * arm] + 1);
  }

  override reset(): void {
    super.reset();
    for (let i = 0; i < this.nArms; i++) {
      setShape(this.alphas, i, this.settings.prior.alpha);
      setShape(this.betas, i, this.settings.prior.beta);
    }
  }

  /** One posterior draw of arm i's mean. */
  private sampleArm(i: number, rng: Random): number {
    if (this.bernoulli) {
      const x = drawGamma(this.alphas, i, rng);
      return x / (x + drawGamma(this.betas, i, rng));
    }
    const { gaussianPrior: { mean, variance }, noiseVariance } = this.settings;
    const precision = 1 / variance + this.pulls[i] / noiseVariance;
    return (mean / variance + this.rewardSums[i] / noiseVariance) / precision + zigguratNormal(rng) / Math.sqrt(precision);
  }

  selectArm(rng: Random): number {
    for (let i = 0; i < this.nArms; i++) this.draws[i] = this.sampleArm(i, rng);
    return CountingPolicy.argmax(this.draws);
  }

  /** P(arm is best) by Monte Carlo (seeded, so repeated calls on the same data agree). */
  weights(): number[] {
    const rng = new Random(this.settings.weightSeed);
    const wins = new Float64Array(this.nArms);
    for (let d = 0; d < this.settings.weightDraws; d++) wins[this.selectArm(rng)]++;
    return Array.from(wins, (w) => w / this.settings.weightDraws);
  }
}

/**
 * Thompson sampling (Thompson 1933; Chapelle & Li 2011; Russo et al. 2018, "A Tutorial on Thompson
 * Sampling"): draw each arm's mean from its posterior and pull the arm with the largest draw, so each
 * arm is pulled with its posterior probability of being best. Bernoulli rewards use conjugate
 * Beta(α + successes, β + failures) posteriors (draws as G_α/(G_α + G_β) from Gamma deviates);
 * Gaussian rewards use the Normal posterior of the mean with known noise variance σ² (precision
 * 1/v₀ + n/σ², mean (m₀/v₀ + Σr/σ²)/precision). `weights()` returns P(arm is best) estimated from
 * `weightDraws` seeded posterior draws.
 *
 * @throws {InvalidArgumentError} for nArms not an integer ≥ 2, a prior parameter or variance that is
 *   not > 0, or a bad reward option; update() throws for an arm out of range or a reward that is not
 *   0/1 (Bernoulli) or finite (Gaussian).
 * @example
 * const policy = thompsonSampling({ nArms: 2 });
 * for (let i = 0; i < 20; i++) { policy.update(0, i % 4 === 0 ? 1 : 0); policy.update(1, i % 2); }
 * policy.weights(); // [0.057, 0.943]
 */
export function thompsonSampling(options: ThompsonSamplingOptions): BanditPolicy {
  const {
    nArms, gaussianPrior = { mean: 0, variance: 1 }, noiseVariance = 1,
    weightDraws = 10_000, weightSeed = 1,
  } = options ?? {};
  const reward = checkChoice('options.reward', options?.reward, ['bernoulli', 'gaussian'] as const, 'bernoulli');
  const prior = checkBetaPrior('options.prior', options?.prior);
  assertFiniteNumber('options.gaussianPrior.mean', gaussianPrior.mean);
  assertPositive('options.gaussianPrior.variance', gaussianPrior.variance);
  assertPositive('options.noiseVariance', noiseVariance);
  assertWorkSize('options.weightDraws', weightDraws, 1, 10_000_000);
  checkSeed('options.weightSeed', weightSeed);
  return new ThompsonSampling({ nArms, reward, prior, gaussianPrior, noiseVariance, weightDraws, weightSeed });
}
