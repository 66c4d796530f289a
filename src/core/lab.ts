/** The in-memory lab model, built from a lab folder by `parseLab`. */
import type { Token } from 'marked';
import { inputError } from '../errors.js';
import { suggestion } from './didYouMean.js';
import type { CommandBlock } from './markdown.js';
import type { LabManifest, Question, StepSetup } from './schema.js';

export interface Step {
  id: string;
  title: string;
  /** Absolute path of the step file. */
  file: string;
  /** Markdown body, variables not yet rendered. */
  body: string;
  /** Line of the first body line within the file. */
  bodyLine: number;
  /** The body as marked parsed it: what the guide renders. */
  tokens: Token[];
  /**
   * The body's runnable blocks where the lab runs (see `labWhere`), from the same parse: the guide's
   * [1], [2]… and what Enter runs.
   */
  commands: CommandBlock[];
  /** Every runnable block, wherever it applies; absent means `commands` are all of them. */
  allCommands?: CommandBlock[];
  /** Blocks shown otherwise where the lab runs: hidden, or shown as already done by the workshop. */
  shownAs?: ReadonlyMap<Token, 'hidden' | 'provided'>;
  /** Check ids as reports and fixtures name them, unique in the step. */
  checks: string[];
  /** For checks declared as { id, use, with }: the file each runs and its arguments. */
  checkUses?: Readonly<Record<string, CheckBinding>>;
  questions: Question[];
  hints: string[];
  /** Applied before the step begins, hidden from the learner; paths relative to the lab folder. */
  setup?: StepSetup;
  /** Manifests of the lab folder the reference solution applies first. */
  solutionManifests?: string[];
}

/** One check file run with arguments, as a step's front matter declares it. */
export interface CheckBinding {
  /** Id of the check file, checkers/<lab>/<use>.ts. */
  use: string;
  /** Arguments for the check's params, variables not yet rendered. */
  with: Readonly<Record<string, string | number | boolean>>;
}

/** The check file a step's check id runs: its `use:`, or the id itself. */
export const checkFileOf = (step: Step, checkId: string): string => step.checkUses?.[checkId]?.use ?? checkId;

/** True when the step has a setup with something to apply. */
export const stepHasSetup = (step: Step | undefined): boolean =>
  step?.setup !== undefined && (step.setup.manifests.length > 0 || step.setup.script !== undefined);

export interface Lab {
  id: string;
  manifest: LabManifest;
  /** Absolute path of the lab folder (labs/<id>). */
  dir: string;
  /** Content root holding labs/, checkers/ and solutions/. */
  root: string;
  /** The lab's assets/ folder, when it has one: where command blocks and setup scripts run. */
  assetsDir?: string;
  steps: Step[];
  /** 'workshop' when an attendee runs it on a workshop's namespaces; absent on one's own cluster. */
  where?: LabWhere;
}

export type LabWhere = 'own-cluster' | 'workshop';

/**
 * The lab's text for where it runs. On one's own cluster `workshop=only` blocks are hidden; in a
 * workshop `workshop=skip` blocks (making the namespace the workshop already made) are shown as
 * done for the attendee, not runnable. The blocks that run are numbered from 0 again.
 */
export function labWhere(lab: Lab, where: LabWhere): Lab {
  const steps = lab.steps.map((step) => stepWhere(step, where));
  return { ...lab, steps, ...(where === 'workshop' ? { where } : {}) };
}

type PlacedBlocks = Required<Pick<Step, 'allCommands' | 'commands' | 'shownAs'>>;

/**
 * The step with its blocks placed for `where`, worked out when first read: a body that is parsed
 * on first read (LabScope `frontMatter`) stays unparsed for the commands that never show one.
 */
function stepWhere(step: Step, where: LabWhere): Step {
  let placed: PlacedBlocks | undefined;
  const place = (): PlacedBlocks => {
    if (placed) return placed;
    const all = step.allCommands ?? step.commands;
    const shownAs = new Map<Token, 'hidden' | 'provided'>();
    const commands: CommandBlock[] = [];
    for (const block of all) {
      if (where === 'workshop' && block.workshop === 'skip') shownAs.set(block.token, 'provided');
      else if (where !== 'workshop' && block.workshop === 'only') shownAs.set(block.token, 'hidden');
      else commands.push({ ...block, index: commands.length });
    }
    return (placed = { allCommands: all, commands, shownAs });
  };
  // Copied by descriptor, not spread: a spread would read (and so parse) the body's getters.
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(step)) as Step;
  const lazily = (key: keyof PlacedBlocks): PropertyDescriptor => ({
    get: () => place()[key],
    enumerable: true,
    configurable: true,
  });
  return Object.defineProperties(copy, {
    allCommands: lazily('allCommands'),
    commands: lazily('commands'),
    shownAs: lazily('shownAs'),
  });
}

/** One thing wrong with lab content, with where it is and what to do. */
export interface Problem {
  /** Absolute path of the file. */
  file: string;
  /** 1-based line; 0 when the problem is the file's absence. */
  line: number;
  message: string;
  fix: string;
}

export function findStep(lab: Lab, stepId: string): Step | undefined {
  return lab.steps.find((step) => step.id === stepId);
}

/** The step with this id, or an input error naming the closest one and the lab's steps. */
export function requireStep(lab: Lab, stepId: string): Step {
  const step = findStep(lab, stepId);
  if (step) return step;
  const ids = lab.steps.map((s) => s.id);
  throw inputError(`lab "${lab.id}" has no step "${stepId}"`, suggestion(stepId, ids, 'steps'));
}
