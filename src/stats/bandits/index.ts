export type { BanditPolicy } from './policy.js';
export { thompsonSampling, type ThompsonSamplingOptions } from './thompsonSampling.js';
export { ucb1, type Ucb1Options } from './ucb1.js';
export { epsilonGreedy, type EpsilonGreedyOptions } from './epsilonGreedy.js';
export { simulateBandit, type SimulateBanditOptions, type BanditSimulation, type SimulatedPolicy } from './simulateBandit.js';
export { thompsonAllocation, type ThompsonAllocation, type ThompsonAllocationOptions, type ArmRewardSums } from './thompsonAllocation.js';
export type { PeriodArmStatistics } from './periodArmStatistics.js';
export { ipwEffectTest, type AdaptiveEffectOptions, type IpwEffectDetails } from './ipwEffectTest.js';
export { stratifiedEffectTest, type StratifiedEffectOptions, type StratifiedEffectDetails } from './stratifiedEffectTest.js';
