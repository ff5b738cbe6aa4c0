export * from './atomic-write.js';
export * from './run-store.js';
export * from './sharding.js';
export * from './mlflow-export.js';
export * from './run-experiment.js';
export * from './analysis.js';
export * from './report.js';
