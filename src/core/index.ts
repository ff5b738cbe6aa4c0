export * from './errors.js';
export * from './validate.js';
export * from './random.js';
export * from './fastDeviates.js';
export * from './makeDirectory.js';
