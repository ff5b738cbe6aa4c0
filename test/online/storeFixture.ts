/** The event-store fixture shared by the DuckDB and PostgreSQL store tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmStatistics, EventStore, OutcomeEvent, PredictionEvent, SufficientStatisticsOptions } from '../../src/index.js';

// Event log and expected aggregates from plain Python (test/fixtures/online-machinery/generate_store.py → store.json).
export const storeFixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/online-machinery/store.json'), 'utf8')) as {
  predictions: PredictionEvent[];
  outcomes: OutcomeEvent[];
  queries: { options: SufficientStatisticsOptions; expected: ArmStatistics[] }[];
};

/** Records every fixture event, concurrently (so group commit batches them). */
export async function loadStoreFixture(store: EventStore): Promise<void> {
  await Promise.all([...storeFixture.predictions.map((p) => store.recordPrediction(p)), ...storeFixture.outcomes.map((o) => store.recordOutcome(o))]);
}
