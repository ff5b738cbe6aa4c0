export type { BanditPolicy } from './policy.js';
export { thompsonSampling, type ThompsonSamplingOptions } from './thompsonSampling.js';
export { ucb1, type Ucb1Options } from './ucb1.js';
export { epsilonGreedy, type EpsilonGreedyOptions } from './epsilonGreedy.js';
export { simulateBandit, type SimulateBanditOptions, type BanditSimulation, type SimulatedPolicy } from './simulateBandit.js';
