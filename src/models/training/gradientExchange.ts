/**
 * Shared-memory exchange of gradients between the replicas of one data-parallel training run
 * (the main thread is replica 0, worker threads are 1 … k−1). Per step every replica writes the
 * gradient of its shard of the batch, then each replica averages one slice of the parameters over
 * all replicas, always summing in replica order 0, 1, …, k−1:
 *   averaged[j] = Σ_r (shard size_r / batch size) · gradient_r[j]
 * which is the gradient of the mean loss over the whole batch; every replica then applies the
 * same averaged gradient with its own optimizer, so all replicas stay bit-identical without ever
 * sending weights. Synchronisation is a generation-counting barrier on Atomics.wait/notify.
 * Reference: Goyal et al. (2017) "Accurate, Large Minibatch SGD" (synchronous data parallelism);
 * Hoefler et al. (2004) on reduce-scatter/all-gather.
 */
import { AblabError } from '../../core/errors.js';

/** The SharedArrayBuffers of one run, sent to every replica. */
export interface ExchangeBuffers {
  replicas: number;
  /** Trainable parameters (floats) per replica. */
  parameters: number;
  /** Int32: barrier arrivals, barrier generation, abort flag (failed replica + 1). */
  control: SharedArrayBuffer;
  /** Float32 [replicas, parameters]: each replica's shard gradient. */
  gradients: SharedArrayBuffer;
  /** Float32 [parameters]: the averaged gradient. */
  averaged: SharedArrayBuffer;
  /** Float64 [replicas]: each replica's epoch loss sum. */
  losses: SharedArrayBuffer;
}

const ARRIVED = 0;
const GENERATION = 1;
const ABORTED = 2;
/** How often a waiting replica looks at the abort flag (ms). */
const ABORT_POLL_MS = 200;

/** Thrown in every replica once any replica has given up. */
export class ReplicaAbortedError extends AblabError {
  constructor(readonly failedReplica: number) {
    super(`data-parallel training stopped: replica ${failedReplica} failed`);
  }
}

/**
 * Allocates the buffers for `replicas` replicas of a model with `parameters` trainable floats.
 * @example
 * const buffers = createExchangeBuffers(2, model.countParams());
 */
export function createExchangeBuffers(replicas: number, parameters: number): ExchangeBuffers {
  return {
    replicas, parameters,
    control: new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT),
    gradients: new SharedArrayBuffer(replicas * parameters * Float32Array.BYTES_PER_ELEMENT),
    averaged: new SharedArrayBuffer(parameters * Float32Array.BYTES_PER_ELEMENT),
    losses: new SharedArrayBuffer(replicas * Float64Array.BYTES_PER_ELEMENT),
  };
}

/** One replica's view of the shared buffers. */
export class GradientExchange {
  private readonly control: Int32Array;
  private readonly gradients: Float32Array;
  private readonly averaged: Float32Array;
  private readonly losses: Float64Array;
  private readonly sliceStart: number;
  private readonly sliceEnd: number;

  /**
   * @example
   * const exchange = new GradientExchange(buffers, 0); // the main thread's view
   */
  constructor(readonly buffers: ExchangeBuffers, readonly replica: number) {
    this.control = new Int32Array(buffers.control);
    this.gradients = new Float32Array(buffers.gradients);
    this.averaged = new Float32Array(buffers.averaged);
    this.losses = new Float64Array(buffers.losses);
    const { parameters, replicas } = buffers;
    this.sliceStart = Math.floor((parameters * replica) / replicas);
    this.sliceEnd = Math.floor((parameters * (replica + 1)) / replicas);
  }

  /**
   * Waits until every replica has arrived.
   * @throws ReplicaAbortedError when a replica gave up meanwhile.
   */
  barrier(): void {
    const c = this.control;
    const generation = Atomics.load(c, GENERATION);
    this.checkAborted();
    if (Atomics.add(c, ARRIVED, 1) === this.buffers.replicas - 1) {
      Atomics.store(c, ARRIVED, 0);
      Atomics.add(c, GENERATION, 1);
      Atomics.notify(c, GENERATION);
      return;
    }
    while (Atomics.load(c, GENERATION) === generation) {
      this.checkAborted();
      Atomics.wait(c, GENERATION, generation, ABORT_POLL_MS);
    }
    this.checkAborted(); // abort() also moves the generation on, to wake the waiters
  }

  /** Tells every replica to stop (they throw ReplicaAbortedError at their next barrier). */
  abort(): void {
    Atomics.compareExchange(this.control, ABORTED, 0, this.replica + 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
  }

  private checkAborted(): void {
    const flag = Atomics.load(this.control, ABORTED);
    if (flag !== 0) throw new ReplicaAbortedError(flag - 1);
  }

  /**
   * One step's all-reduce: publishes this replica's gradient (parts in parameter order, or null for
   * an empty shard), averages this replica's slice with `weights[r]` = shard size_r / batch size, and
   * returns the whole averaged gradient once every replica is done (valid until the next call).
   * @throws ReplicaAbortedError when a replica gave up.
   */
  allReduce(parts: readonly Float32Array[] | null, weights: readonly number[]): Float32Array {
    const { parameters, replicas } = this.buffers;
    const own = this.gradients.subarray(this.replica * parameters, (this.replica + 1) * parameters);
    if (parts === null) own.fill(0);
    else {
      let offset = 0;
      for (const part of parts) {
        own.set(part, offset);
        offset += part.length;
      }
    }
    this.barrier();
    const g = this.gradients;
    for (let j = this.sliceStart; j < this.sliceEnd; j++) {
      let sum = 0;
      for (let r = 0; r < replicas; r++) sum += weights[r] * g[r * parameters + j];
      this.averaged[j] = sum;
    }
    this.barrier();
    return this.averaged;
  }

  /**
   * Publishes this replica's loss sum of an epoch and returns the sum over replicas (in replica order).
   * @throws ReplicaAbortedError when a replica gave up.
   */
  totalLoss(ownSum: number): number {
    this.losses[this.replica] = ownSum;
    this.barrier();
    let total = 0;
    for (let r = 0; r < this.buffers.replicas; r++) total += this.losses[r];
    return total;
  }
}
