export * from './figures.js';
export * from './sequential.js';
export * from './online.js';
export * from './abTest.js';
export * from './bayesian.js';
export * from './bandits.js';
export * from './segments.js';
