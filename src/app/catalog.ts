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
  /**
   * How many content problems it has, read with the scope of a run, as opening it would (with
   * `frontMatter`, a readable lab's count leaves out the problems of its steps' bodies).
   */
  problems: number;
  /** Undefined when the lab cannot be read. */
  progress: ProgressSummary | undefined;
  /** The lab worked on last. */
  current: boolean;
}

/**
 * The named labs, else those of the lab repository in `cwd`, else the built-in ones. `labs list`
 * reads them with `frontMatter`: it shows no step body, and counts problems only of labs it cannot read.
 */
export function labCatalog(
  args: readonly string[],
  cwd: string,
  store: ProgressStore,
  scope: 'run' | 'frontMatter' = 'run',
): CatalogEntry[] {
  const current = store.currentLab();
  return selectLabs(args, cwd).map((location) => {
    const loaded = loadLabAt(location, scope);
    // A lab that cannot be read shows its count of problems: the same count as read for a run.
    const { lab, problems } = loaded.lab || scope === 'run' ? loaded : loadLabAt(location, 'run');
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
