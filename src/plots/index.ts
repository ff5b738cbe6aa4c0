export * from './figures.js';
export * from './sequential.js';
export * from './online.js';
