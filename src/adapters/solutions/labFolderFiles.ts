/** Files of a lab folder that steps and fixtures name (setup, shared manifests). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from '../../core/lab.js';
import { ApplyError } from './applyError.js';

/** A file of the lab folder named by a step or a fixture, as text. */
export function readLabFile(lab: Lab, rel: string): string {
  const file = path.join(lab.dir, rel);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ApplyError(`${path.join('labs', lab.id, rel)} does not exist`, '', `run \`labs validate ${lab.id}\``);
  }
}
