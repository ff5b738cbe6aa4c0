/**
 * Child process of the durability test: records outcome events one after another into the DuckDB
 * file given as argv[2] and prints "ack <count>" after each acknowledged write, until killed.
 * Half the writes are awaited one at a time, half in concurrent pairs, to exercise group commit.
 */
import { openEventStore } from '../../src/index.js';

async function main(): Promise<void> {
  const store = await openEventStore({ path: process.argv[2] });
  const outcome = (i: number) => ({ experiment: 'durable', unitId: `u${i}`, metric: 'm', value: i, timestamp: i });
  for (let i = 0; ; i += 2) {
    if (i % 4 === 0) {
      await store.recordOutcome(outcome(i));
      await store.recordOutcome(outcome(i + 1));
    } else {
      await Promise.all([store.recordOutcome(outcome(i)), store.recordOutcome(outcome(i + 1))]);
    }
    process.stdout.write(`ack ${i + 2}\n`);
  }
}

void main();
