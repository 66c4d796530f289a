/** `labs validate` for one lab folder: its files, then every checker its steps name, loaded. */
import type { Problem } from '../core/lab.js';
import { type LabLocation, type LoadedLab, loadLabAt } from '../adapters/fs/labRepository.js';
import { checkerProblems } from '../adapters/checkers/checkerProblems.js';

export async function validateLabAt(location: LabLocation): Promise<LoadedLab> {
  const loaded = loadLabAt(location);
  if (!loaded.lab) return loaded;
  const found: Problem[] = await checkerProblems(loaded.lab);
  return { ...loaded, problems: [...loaded.problems, ...found] };
}
