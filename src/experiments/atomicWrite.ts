import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { AblabError, InvalidArgumentError } from '../core/errors.js';
import { makeDirectory } from '../core/makeDirectory.js';

/**
 * Writes `contents` to `path` so that a reader (or a crash, or kill -9) sees either the old file
 * or the complete new one, never a partial write: write a temporary file in the same folder,
 * fsync it, rename it over the target, then fsync the folder so the rename itself is durable.
 * @throws {InvalidArgumentError} for a path that is not a non-empty string, or contents that are neither text nor bytes.
 * @throws {AblabError} naming the path when the folder cannot be created or the file cannot be written.
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  if (typeof path !== 'string' || path.length === 0) throw new InvalidArgumentError('path', path, 'expected a file path');
  if (typeof contents !== 'string' && !(contents instanceof Uint8Array)) throw new InvalidArgumentError('contents', contents, 'expected a string or bytes');
  const dir = dirname(path);
  makeDirectory(dir);
  // Random, not pid + time: writers on different hosts of a shared filesystem may share both.
  const tmp = join(dir, `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new AblabError(`cannot write ${path}: ${(error as Error).message}`);
  }
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
