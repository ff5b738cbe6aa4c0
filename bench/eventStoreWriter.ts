/**
 * Child process of bench/eventStore.bench.ts: opens the store given as JSON in argv[2]
 * ({ url } or { path }), prints "ready", waits for a line on stdin, then runs `writers`
 * closed-loop writers (each awaits the acknowledgement of one outcome event before sending the
 * next) for `seconds`, and prints the number of acknowledged events.
 */
import { once } from 'node:events';
import { openEventStore } from '../src/online/store/eventStore.js';

interface WriterJob {
  store: { url?: string; path?: string };
  writers: number;
  seconds: number;
  name: string;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as WriterJob;
  const store = await openEventStore(job.store);
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const stopAt = Date.now() + job.seconds * 1000;
  let acknowledged = 0;
  await Promise.all(Array.from({ length: job.writers }, async (_, w) => {
    for (let i = 0; Date.now() < stopAt; i++) {
      await store.recordOutcome({ experiment: 'bench', unitId: `${job.name}-${w}-${i}`, metric: 'm', value: i, timestamp: Date.now() });
      acknowledged++;
    }
  }));
  await store.close();
  process.stdout.write(`${acknowledged}\n`);
}

void main();
