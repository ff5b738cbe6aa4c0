/**
 * Typed errors thrown by ablab. Every error about user input names the argument and shows the
 * offending value, so a notebook user sees what to fix without reading the source.
 */

/** Base class of every error ablab throws on purpose. */
export class AblabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Compact, readable rendering of a bad value for error messages (arrays are truncated). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const head = items.slice(0, 6).map(describeValue).join(', ');
    return `[${head}${items.length > 6 ? `, … (${items.length} items)` : ''}]`;
  }
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * An argument has a bad value: wrong type, out of range, NaN/Infinity, wrong length...
 * `argument` is the parameter's name as documented (e.g. `"alpha"`, `"options.alternative"`).
 */
export class InvalidArgumentError extends AblabError {
  readonly argument: string;
  readonly value: unknown;
  constructor(argument: string, value: unknown, expected: string) {
    super(`Invalid argument ${argument} = ${describeValue(value)}: ${expected}.`);
    this.argument = argument;
    this.value = value;
  }
}

/** Input is valid in form but too small or too degenerate for the requested computation. */
export class InsufficientDataError extends AblabError {
  readonly argument: string;
  readonly value: unknown;
  constructor(argument: string, value: unknown, reason: string) {
    super(`Insufficient data in ${argument} = ${describeValue(value)}: ${reason}.`);
    this.argument = argument;
    this.value = value;
  }
}

/** An iterative algorithm (root finding, integration) failed to reach the requested accuracy. */
export class ConvergenceError extends AblabError {}
