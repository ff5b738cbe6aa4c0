import { expect } from 'chai';
import { createGroupCommitter } from '../../src/online/store/groupCommit.js';

/** A commit function whose calls stay pending until released, recording batches and the most calls in flight. */
function controlledCommit() {
  const calls: { batch: number[]; done: (error?: Error) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const commit = (batch: number[]) => new Promise<void>((resolve, reject) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    calls.push({ batch, done: (error) => {
      inFlight--;
      if (error) reject(error);
      else resolve();
    } });
  });
  return { commit, calls, maxInFlight: () => maxInFlight };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('online: group commit', () => {
  it('gathers writes arriving during a commit into batches of at most maxBatch, acknowledging each after its commit', async () => {
    const { commit, calls, maxInFlight } = controlledCommit();
    const write = createGroupCommitter(commit, 3);
    const acknowledged: number[] = [];
    const writes = [1, 2, 3, 4, 5].map((i) => write(i).then(() => acknowledged.push(i)));
    expect(calls.map((c) => c.batch)).to.deep.equal([[1]]);
    calls[0].done();
    await tick();
    expect(acknowledged).to.deep.equal([1]);
    expect(calls.map((c) => c.batch)).to.deep.equal([[1], [2, 3, 4]]);
    calls[1].done();
    await tick();
    calls[2].done();
    await Promise.all(writes);
    expect(calls.map((c) => c.batch)).to.deep.equal([[1], [2, 3, 4], [5]]);
    expect(maxInFlight()).to.equal(1);
  });

  it('runs up to maxInFlight commits at once, rejects only the writes of a failed batch, and drains', async () => {
    const { commit, calls, maxInFlight } = controlledCommit();
    const write = createGroupCommitter(commit, 2, 2);
    const results = [1, 2, 3, 4, 5].map((i) => write(i).then(() => 'ok', (e: Error) => e.message));
    expect(calls.map((c) => c.batch)).to.deep.equal([[1], [2]]);
    let drained = false;
    const drain = write.drain().then(() => (drained = true));
    calls[0].done(new Error('disk full'));
    await tick();
    expect(calls.map((c) => c.batch)).to.deep.equal([[1], [2], [3, 4]]);
    calls[1].done();
    calls[2].done();
    await tick();
    expect(drained).to.equal(false);
    calls[3].done();
    await drain;
    expect(await Promise.all(results)).to.deep.equal(['disk full', 'ok', 'ok', 'ok', 'ok']);
    expect(maxInFlight()).to.equal(2);
    await write.drain(); // nothing pending: resolves at once
  });
});
