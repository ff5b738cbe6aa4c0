export type { BetaPosterior, GaussianPosterior, Posterior } from './posterior.js';
export { betaBinomialPosterior, type BetaPrior, type BetaBinomialInput } from './betaBinomialPosterior.js';
export { gaussianPosterior, type GaussianPrior } from './gaussianPosterior.js';
export { probabilityBBeatsA } from './probabilityBBeatsA.js';
export { expectedLoss, type ExpectedLoss } from './expectedLoss.js';
export { liftCredibleInterval, type LiftInterval, type LiftOptions } from './liftCredibleInterval.js';
export { probabilityBest } from './probabilityBest.js';
export type { MonteCarloOptions } from './monteCarlo.js';
export { bayesianABSummary, type BayesianABSummary } from './bayesianABSummary.js';
