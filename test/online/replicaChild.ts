/**
 * Child process of the replica test: one serving replica (model server + HTTP endpoint) logging
 * into the PostgreSQL event store at argv[2]. Prints "listening <port>" once it accepts requests.
 */
// Module by module rather than the package index, which would load TensorFlow.js into each replica.
import { createHttpServer } from '../../src/online/server/httpServer.js';
import { createModelServer } from '../../src/online/server/modelServer.js';
import { createSplitter } from '../../src/online/splitter/splitter.js';
import { openEventStore } from '../../src/online/store/eventStore.js';
import { REPLICA_EXPERIMENT } from './replicaTraffic.js';

async function main(): Promise<void> {
  const store = await openEventStore({ url: process.argv[2], maxConnections: 4 });
  const splitter = createSplitter(REPLICA_EXPERIMENT);
  const server = createModelServer({
    splitter,
    store,
    models: {
      control: { version: 'v1', predict: (features) => (features as number[])[0] * 0.5 },
      treatment: { version: 'v2', predict: (features) => (features as number[])[0] * 0.6 },
    },
  });
  const http = createHttpServer(server).listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${(http.address() as { port: number }).port}\n`);
  });
}

void main();
