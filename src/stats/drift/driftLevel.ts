/** Conventional reading of a drift magnitude. */
export type DriftLevel = 'none' | 'moderate' | 'significant';

/** 'none' below `moderateFrom`, 'significant' above `significantAbove`, 'moderate' in between (inclusive). */
export function driftLevel(value: number, moderateFrom: number, significantAbove: number): DriftLevel {
  if (value < moderateFrom) return 'none';
  return value > significantAbove ? 'significant' : 'moderate';
}
