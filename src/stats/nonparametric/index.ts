export { wilcoxonSignedRank, type WilcoxonSignedRankOptions, type ZeroMethod } from './wilcoxonSignedRank.js';
export { mannWhitneyU, type MannWhitneyUOptions } from './mannWhitneyU.js';
export { mcnemarTest, mcnemarTestFromTable, type McNemarOptions, type DiscordantCounts } from './mcnemarTest.js';
export { cochransQ } from './cochransQ.js';
export { wilsonInterval, type WilsonIntervalOptions } from './wilsonInterval.js';
export { clopperPearsonInterval } from './clopperPearsonInterval.js';
export { newcombeInterval } from './newcombeInterval.js';
export { newcombePairedInterval } from './newcombePairedInterval.js';
export type { ProportionInterval } from './proportionInterval.js';
