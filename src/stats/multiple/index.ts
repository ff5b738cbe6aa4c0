export { pAdjust, P_ADJUST_METHODS, type PAdjustMethod } from './pAdjust.js';
export { adjustedDecisions, type AdjustedDecisionOptions } from './adjustedDecisions.js';
export { adjustedIntervalLevel } from './adjustedIntervalLevel.js';
