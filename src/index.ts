/**
 * ablab: A/B testing of machine-learning models with statistical rigour.
 * 'ablab' exports every area; notebooks import from it. package.json "exports" also exposes each
 * area alone ('ablab/stats', 'ablab/models', ..., 'ablab/notebook' for helpers/). The compiled file
 * is rewritten by scripts/build.ts to load each area on first use; keep this file to
 * `export * from './<area>/index.js'` lines.
 */
export * from './stats/index.js';
export * from './models/index.js';
export * from './helpers/index.js';
export * from './online/index.js';
export * from './plots/index.js';
export * from './experiments/index.js';
