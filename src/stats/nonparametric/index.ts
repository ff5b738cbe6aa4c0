export { wilcoxonSignedRank, type WilcoxonSignedRankDetails, type WilcoxonSignedRankOptions, type ZeroMethod } from './wilcoxonSignedRank.js';
export { mannWhitneyU, type MannWhitneyUDetails, type MannWhitneyUOptions } from './mannWhitneyU.js';
export { mcnemarTest, mcnemarTestFromTable, type McNemarDetails, type McNemarOptions, type DiscordantCounts } from './mcnemarTest.js';
export { cochransQ, type CochransQDetails } from './cochransQ.js';
export { wilsonInterval, type WilsonIntervalOptions } from './wilsonInterval.js';
export { clopperPearsonInterval } from './clopperPearsonInterval.js';
export { newcombeInterval } from './newcombeInterval.js';
export { newcombePairedInterval } from './newcombePairedInterval.js';
export type { ProportionInterval } from './proportionInterval.js';
