export * from './atomicWrite.js';
export * from './runStore.js';
export * from './configHash.js';
export * from './sharding.js';
export * from './mlflowExport.js';
export * from './runExperiment.js';
export * from './analysis.js';
export * from './report.js';
