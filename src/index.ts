/**
 * ablab: A/B testing of machine-learning models with statistical rigour.
 * This barrel is the single public entry point; notebooks import from 'ablab'.
 */
export * from './stats/index.js';
export * from './models/index.js';
export * from './helpers/index.js';
export * from './online/index.js';
export * from './plots/index.js';
export * from './experiments/index.js';
