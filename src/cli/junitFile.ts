/**
 * The file behind `--junit FILE` of `labs check` and `labs test`. Its path is tried before any
 * grading, so a bad path fails at once (exit 2) instead of after a long run; a write that still
 * fails later is the same input error, never a bug.
 */
import { closeSync, existsSync, mkdirSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inputError, type UserError } from '../errors.js';

export interface JunitFile {
  /** Absolute path. */
  readonly path: string;
  /** The path as a person should read it: relative to the working folder when inside it. */
  readonly shown: string;
  /** Writes the report; throws an input error (exit 2) when it cannot. */
  write(xml: string): void;
}

const cannotWrite = (target: string, error: unknown): UserError =>
  inputError(
    `cannot write the JUnit report to ${target}: ${(error as Error).message}`,
    'pass a writable path to --junit',
    error,
  );

/** Creates the file's folder and opens the file for writing (leaving no file behind), or throws an input error. */
export function prepareJunitFile(file: string, cwd: string): JunitFile {
  const target = path.resolve(cwd, file);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    const existed = existsSync(target);
    // Append mode proves the file can be written without emptying a report that is already there.
    closeSync(openSync(target, 'a'));
    if (!existed) unlinkSync(target);
  } catch (error) {
    throw cannotWrite(target, error);
  }
  const relative = path.relative(cwd, target);
  return {
    path: target,
    shown: relative && !relative.startsWith('..') ? relative : target,
    write(xml) {
      try {
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, xml);
      } catch (error) {
        throw cannotWrite(target, error);
      }
    },
  };
}
