/**
 * The bad-input audit (stdlib-js style, generated from the barrel so every new export is covered):
 * every exported function is called with each bad value in each of its first argument positions
 * (the other arguments left out). Each call must throw a typed error (AblabError) or return a
 * value without NaN; anything else is counted: an untyped error ('crash', e.g. a raw TypeError),
 * a NaN in the result ('nan'), a call that does not finish ('hang') or that kills the process ('killed').
 */

/** Bad values every argument position is tried with. */
export const BAD_VALUES: [string, unknown][] = [
  ['undefined', undefined], ['null', null], ['NaN', NaN], ['Infinity', Infinity], ['-1', -1], ['1e12', 1e12], ['1.5', 1.5],
  ['""', ''], ['"abc"', 'abc'], ['{}', {}], ['[]', []], ['[NaN, 1]', [NaN, 1]], ['[1e308, -1e308]', [1e308, -1e308]], ['true', true],
];

/**
 * Exports not called: they change process-wide state by design (tfjs backend and kernels,
 * display output), so calling them with junk tests nothing about input handling.
 */
export const NOT_CALLED = new Set(['show', 'registerTrainingKernels', 'restoreStockKernels', 'selectBackend', 'ensureBackend', 'createProgress']);

export interface AuditCall {
  name: string;
  position: number;
  value: string;
  run: () => unknown;
}

/**
 * 'typed' and 'ok' pass; 'crash': an untyped error (e.g. a raw TypeError); 'nan': NaN in the result;
 * 'misnamed': a typed error naming another argument than the bad one (e.g. options.confidenceLevel
 * for a bad options.alpha); 'accepted': a value of the wrong type (a string for a number...) that
 * gave a result instead of an error; 'hang' / 'killed'; 'step': bookkeeping of the options audit
 * (running an example, finding an export's options), not a bad-input call; 'uncovered': an export
 * with options that the options audit has no valid call of.
 */
export type Outcome = 'typed' | 'ok' | 'crash' | 'nan' | 'misnamed' | 'accepted' | 'hang' | 'killed' | 'step' | 'uncovered';

/** What a call's typed error must name, and what else is required of its outcome. */
export interface Expectation {
  /** The error's argument must be one of these parameter names or a part of one (`options.alpha`, `x[3]`). */
  named?: readonly string[];
  /** The error's argument (or, without one, its message) must be this path or a part of it. */
  path?: string;
  /** A value of the wrong type: a result instead of a typed error is 'accepted'. */
  mustBeTyped?: boolean;
  /** The function's valid result holds NaN by design (documented), so NaN in a result is not judged. */
  nanAllowed?: boolean;
}

/** The source text of each of a function's parameters (`options = {}`, `...rest`). */
function parameterSources(f: Function): string[] {
  const source = Function.prototype.toString.call(f);
  const open = source.indexOf('(');
  if (open < 0) return [];
  const names: string[] = [];
  let depth = 0;
  let current = '';
  let quote = '';
  for (let i = open + 1; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote && source[i - 1] !== '\\') quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) {
      names.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim()) names.push(current);
  return names;
}

/** The names of a function's parameters as its source spells them ('' for a destructured one). */
export function parameterNames(f: Function): string[] {
  return parameterSources(f).map((p) => /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)/.exec(p)?.[1] ?? '');
}

/**
 * The names a typed error of `f` may give a bad positional argument: its parameter names, and the
 * default of a parameter through which the caller chooses the reported name (`name = 'model'`);
 * undefined when every name is the caller's choice (`assertFiniteNumber(name, value)`).
 */
export function reportableNames(f: Function): string[] | undefined {
  const names = parameterNames(f);
  const reported: string[] = [];
  for (const [i, source] of parameterSources(f).entries()) {
    if (!/^(name|argument|name[AB])$/.test(names[i])) continue;
    const fallback = /=\s*(['"`])([^'"`]*)\1\s*$/.exec(source);
    if (!fallback) return undefined;
    reported.push(fallback[2]);
  }
  return names.some((n) => n === '') ? undefined : [...names, ...reported];
}

/** Whether `argument` is `path` or a part of it (`path.key`, `path[0]`, `path of …`). */
export function namesPath(argument: string, path: string): boolean {
  return argument === path || [`${path}.`, `${path}[`, `${path} `].some((prefix) => argument.startsWith(prefix));
}

const isClass = (f: Function) => /^class\b/.test(Function.prototype.toString.call(f));

/** Every (function, position, bad value) call, in a fixed order. */
export function auditCalls(api: Record<string, unknown>): AuditCall[] {
  const calls: AuditCall[] = [];
  for (const name of Object.keys(api).sort()) {
    const f = api[name];
    if (typeof f !== 'function' || isClass(f) || NOT_CALLED.has(name)) continue;
    const positions = Math.min(Math.max(f.length, 1), 3);
    for (let position = 0; position < positions; position++) {
      for (const [label, value] of BAD_VALUES) {
        const args: unknown[] = [];
        args[position] = structuredCloneSafe(value);
        calls.push({ name, position, value: label, run: () => (f as (...a: unknown[]) => unknown)(...args) });
      }
    }
  }
  return calls;
}

function structuredCloneSafe(value: unknown): unknown {
  return Array.isArray(value) ? [...value] : typeof value === 'object' && value !== null ? { ...value } : value;
}

/** Whether `value` holds a NaN (in itself, or in properties and elements down to depth 3). */
export function containsNaN(value: unknown, depth = 0): boolean {
  if (typeof value === 'number') return Number.isNaN(value);
  if (depth > 3 || typeof value !== 'object' || value === null) return false;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>).slice(0, 100).some((v) => Number.isNaN(v));
  const entries = Array.isArray(value) ? value.slice(0, 100) : Object.values(value).slice(0, 100);
  return entries.some((v) => containsNaN(v, depth + 1));
}

/**
 * Whether an error about the bad option at `path` names it as the caller wrote it: its argument is
 * that path (or a part of it); or, for an error about how options combine ("give either mde or
 * effectSize"), its message names the key. The key under another path ('seed' for options.seed,
 * options.confidenceLevel for options.alpha) is misnamed.
 */
export function namesOption(argument: unknown, message: string, path: string): boolean {
  if (typeof argument === 'string' && namesPath(argument, path)) return true;
  const key = path.split('.').at(-1)!;
  if (typeof argument === 'string' && argument.split(/[.[ ]/).includes(key)) return false;
  return new RegExp(`\\b${key.replace(/[$]/g, '\\$&')}\\b`).test(message);
}

/** Runs one call (awaiting a promise up to `asyncTimeoutMs`) and classifies what happened against `expect`. */
export async function classify(call: { run: () => unknown }, expect: Expectation = {}, asyncTimeoutMs = 5000): Promise<{ outcome: Outcome; message?: string }> {
  try {
    let result = call.run();
    if (result instanceof Promise) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), asyncTimeoutMs); });
      result = await Promise.race([result, timeout]);
      clearTimeout(timer);
      if (result === 'timeout') return { outcome: 'hang', message: `promise still pending after ${asyncTimeoutMs} ms` };
    }
    if (expect.mustBeTyped) return { outcome: 'accepted', message: 'a value of the wrong type gave a result' };
    return !expect.nanAllowed && containsNaN(result) ? { outcome: 'nan' } : { outcome: 'ok' };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error);
    if (!(error instanceof Error && isAblabError(error))) return { outcome: 'crash', message };
    const argument = (error as { argument?: unknown }).argument;
    if (expect.path !== undefined && !namesOption(argument, error.message, expect.path)) return { outcome: 'misnamed', message: `expected ${expect.path}; ${message}` };
    if (expect.named && typeof argument === 'string' && !expect.named.some((root) => namesPath(argument, root))) {
      return { outcome: 'misnamed', message: `expected one of ${expect.named.join(', ')}; ${message}` };
    }
    return { outcome: 'typed', message };
  }
}

/** AblabError by its prototype chain's names (the child may load a second copy of the module). */
export function isAblabError(error: Error): boolean {
  for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === 'AblabError') return true;
  }
  return false;
}
