/** The labs on offer with the learner's progress in each: what `labs list` and the guide's picker show. */
import type { Lab } from '../core/lab.js';
import { type ProgressSummary, summarizeProgress } from '../core/progressSummary.js';
import { type LabLocation, loadLabAt, selectLabs } from '../adapters/fs/labRepository.js';
import type { ProgressStore } from '../adapters/fs/progressStore.js';

export interface CatalogEntry {
  location: LabLocation;
  /** The lab's id, or its folder name when it cannot be read. */
  id: string;
  /** Undefined when the lab cannot be read at all. */
  lab: Lab | undefined;
  /** How many content problems it has (read with the scope of a run, as opening it would). */
  problems: number;
  /** Undefined when the lab cannot be read. */
  progress: ProgressSummary | undefined;
  /** The lab worked on last. */
  current: boolean;
}

/** The named labs, else those of the lab repository in `cwd`, else the built-in ones. */
export function labCatalog(args: readonly string[], cwd: string, store: ProgressStore): CatalogEntry[] {
  const current = store.currentLab();
  return selectLabs(args, cwd).map((location) => {
    const { lab, problems } = loadLabAt(location, 'run');
    return {
      location,
      id: lab?.id ?? location.folderName,
      lab,
      problems: problems.length,
      progress: lab ? summarizeProgress(lab, store.load(lab.id)) : undefined,
      current: lab !== undefined && current === lab.id,
    };
  });
}
