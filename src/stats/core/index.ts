export * from './htest.js';
export * from './distributions.js';
export * from './special.js';
export * from './summary.js';
export * from './roots.js';
