export * from './kernel.js';
export * from './plot.js';
export * from './table.js';
export * from './dataFrame.js';
export * from './progress.js';
