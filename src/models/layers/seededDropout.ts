/**
 * Dropout with reproducible yet changing masks. tfjs's own dropout layer, given a seed, reuses the
 * SAME mask on every training step; this layer draws a fresh mask seed per step from its own
 * seeded stream, so a run seed reproduces every mask exactly.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../../core/random.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger } from '../../core/validate.js';
import { assertSeed, deriveSeed } from '../seeds.js';

export interface SeededDropoutArgs {
  /** Fraction of units dropped while training, in [0, 1). */
  rate: number;
  /** Seed of the stream of per-step mask seeds. */
  seed: number;
  name?: string;
}

export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'AblabSeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private maskSeeds: Random;

  /**
   * @throws InvalidArgumentError for a rate outside [0, 1) or a bad seed.
   * @example
   * model.add(new SeededDropout({ rate: 0.5, seed: deriveSeed(runSeed, 'dropout-0') }));
   */
  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (typeof args.rate !== 'number' || !(args.rate >= 0 && args.rate < 1)) {
      throw new InvalidArgumentError('dropout', args.rate, 'expected a rate in [0, 1)');
    }
    assertSeed('seed', args.seed);
    this.rate = args.rate;
    this.seed = args.seed;
    this.maskSeeds = new Random(args.seed);
  }

  /**
   * Gives replica `replica` (≥ 1) of a data-parallel run its own stream of mask seeds, derived from
   * the layer's seed, so the shards of a batch get independent masks; replica 0 keeps the layer's own.
   * @throws InvalidArgumentError unless `replica` is an integer ≥ 1.
   * @example
   * layer.reseedForReplica(1); // masks from deriveSeed(seed, 'replica-1')
   */
  reseedForReplica(replica: number): void {
    assertInteger('replica', replica, 1);
    this.maskSeeds = new Random(deriveSeed(this.seed, `replica-${replica}`));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate === 0) return x.clone();
    return tf.dropout(x, this.rate, undefined, this.maskSeeds.nextUint32());
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
