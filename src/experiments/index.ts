export * from './atomicWrite.js';
export * from './runStore.js';
export * from './sharding.js';
export * from './mlflowExport.js';
export * from './experimentConfig.js';
export * from './runExperiment.js';
export * from './analysis.js';
export * from './report.js';
