import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AblabError, InvalidArgumentError } from './errors.js';

/**
 * Creates `path` and its missing parents, like `mkdirSync(path, { recursive: true })`, but fails
 * with a clear error where Node's recursive mkdir loops for ever at 100% CPU (under /proc, and
 * other file systems that answer ENOENT for a parent that exists): each missing folder is made
 * one at a time, from the deepest existing ancestor down.
 * @throws {AblabError} naming the folder that cannot be created and why.
 * @example makeDirectory('runs/exp/runs')
 */
export function makeDirectory(path: string): void {
  if (typeof path !== 'string' || path.length === 0) throw new InvalidArgumentError('path', path, 'expected a folder path');
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    const stat = statSync(current, { throwIfNoEntry: false });
    if (stat) {
      if (!stat.isDirectory()) throw new AblabError(`cannot create folder ${path}: ${current} exists and is not a folder`);
      break;
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir).isDirectory()) continue; // made meanwhile by another process
      throw new AblabError(`cannot create folder ${path}: ${(error as Error).message}`);
    }
  }
}
