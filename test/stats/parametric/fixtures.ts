import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reference values written by test/fixtures/parametric/generate_parametric.py (R, scipy,
 * statsmodels, mpmath). Infinite one-sided bounds are stored as the strings '±Infinity'.
 */
export const fixtures = JSON.parse(readFileSync(join(__dirname, '../../fixtures/parametric/parametric.json'), 'utf8'),
  (_key, value) => (value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : value));
export const datasets: Record<string, [number[], number[]]> = fixtures.datasets;
