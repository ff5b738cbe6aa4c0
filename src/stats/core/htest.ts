import { InvalidArgumentError } from '../../core/errors.js';
import type { Alternative } from '../../core/validate.js';

/** A confidence interval: lower and upper bound plus its level. One-sided tests give an infinite bound. */
export interface ConfidenceInterval {
  lower: number;
  upper: number;
  level: number;
}

/**
 * Extra named values a test reports: numbers (sample sizes, counts, effect sizes...) and boolean
 * flags (e.g. `exact`). Each test declares its own shape; this is the common bound.
 */
export type TestDetails = { readonly [name: string]: number | boolean | undefined };

/** `details` of a test that reports nothing beyond the htest fields. */
export type NoDetails = Record<never, never>;

/**
 * Result of a hypothesis test, shaped like R's `htest` (statistic, parameter, p.value, conf.int,
 * estimate, null.value, alternative, method) with camel-case names. `D` is the shape of `details`.
 */
export interface TestResult<D extends TestDetails = TestDetails> {
  /** Name of the test, e.g. `"Paired t-test"`. */
  method: string;
  /** Test statistic and its conventional symbol (`t`, `V`, `W`, `X-squared`, `z`...). */
  statistic: number;
  statisticName: string;
  pValue: number;
  alternative: Alternative;
  /** Degrees of freedom, where the reference distribution has them. */
  df?: number | [number, number];
  /** Point estimate (mean difference, odds ratio...) and its name. */
  estimate?: number;
  estimateName?: string;
  /** Value of the estimate under the null hypothesis (e.g. mu = 0). */
  nullValue?: number;
  ci?: ConfidenceInterval;
  /** Free-form description of the data, like R's `data:` line. */
  dataName?: string;
  /** Extra named values the test reports, typed per test (see {@link TestDetails}). */
  details: D;
  /** Multi-line human-readable report, modelled on R's print.htest. */
  print(): string;
  toString(): string;
}

/** Formats a number like R's print.htest (4 significant digits, p-values with `< 2.2e-16`). */
export function formatNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e6) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1).replace(/e\+?/, 'e');
}

export function formatPValue(p: number): string {
  return p < 2.2e-16 ? '< 2.2e-16' : `= ${formatNumber(p)}`;
}

const ALTERNATIVE_WORDS: Record<Alternative, string> = {
  'two-sided': 'not equal to',
  less: 'less than',
  greater: 'greater than',
};

/** Builds a {@link TestResult} with its `print()`/`toString()` methods. */
export function makeTestResult<D extends TestDetails>(fields: Omit<TestResult<D>, 'print' | 'toString'>): TestResult<D> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || typeof fields.method !== 'string') {
    throw new InvalidArgumentError('fields', fields, 'expected the fields of a test result (method, statistic, pValue, ...)');
  }
  const print = (): string => {
    const lines = ['', `\t${fields.method}`, ''];
    if (fields.dataName) lines.push(`data:  ${fields.dataName}`);
    const parts = [`${fields.statisticName} = ${formatNumber(fields.statistic)}`];
    if (fields.df !== undefined) {
      parts.push(Array.isArray(fields.df)
        ? `num df = ${formatNumber(fields.df[0])}, denom df = ${formatNumber(fields.df[1])}`
        : `df = ${formatNumber(fields.df)}`);
    }
    parts.push(`p-value ${formatPValue(fields.pValue)}`);
    lines.push(parts.join(', '));
    const subject = fields.estimateName ?? 'effect';
    lines.push(fields.nullValue !== undefined
      ? `alternative hypothesis: true ${subject} is ${ALTERNATIVE_WORDS[fields.alternative]} ${formatNumber(fields.nullValue)}`
      : `alternative hypothesis: ${fields.alternative}`);
    if (fields.ci) {
      lines.push(`${formatNumber(fields.ci.level * 100)} percent confidence interval:`);
      lines.push(` ${formatNumber(fields.ci.lower)} ${formatNumber(fields.ci.upper)}`);
    }
    if (fields.estimate !== undefined) {
      lines.push('sample estimates:');
      lines.push(`${subject}: ${formatNumber(fields.estimate)}`);
    }
    const details = Object.entries(fields.details).filter(([, v]) => v !== undefined);
    if (details.length) lines.push(details.map(([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v) : v}`).join(', '));
    lines.push('');
    return lines.join('\n');
  };
  return { ...fields, print, toString: print };
}
