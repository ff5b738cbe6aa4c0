export * from './atomic-write.js';
export * from './run-store.js';
export * from './sharding.js';
export * from './mlflow-export.js';
