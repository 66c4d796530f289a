/**
 * The lab content format: one schema per file kind, with the format version they share.
 * Types are derived from these schemas; docs/authoring.md and schemas/*.json are generated from
 * the same descriptions.
 */
import { z } from 'zod';

/** Bumped when a lab written for the old format would be read differently. */
export const FORMAT_VERSION = 1;

const id = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'use lower-case letters, digits and dashes, e.g. "create-service"');

const variableName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'use letters, digits and _');

export const variableSchema = z.strictObject({
  default: z.string().describe('Value used when the learner or instructor does not set one.'),
  description: z.string().optional().describe('What the variable is for, shown by `labs list --json` and the TUI.'),
});

export const stepRefSchema = z.strictObject({
  id: id.describe('Step id, unique in the lab; must equal the `id` in the step file front matter.'),
  file: z.string().describe('Markdown file of the step, relative to the lab folder, e.g. steps/01-scene.md.'),
});

export const ownedObjectSchema = z.strictObject({
  kind: z.string().describe('Kubernetes kind, e.g. Pod.'),
  name: z.string().describe('Object name; may use variables.'),
  namespace: z.string().optional().describe('Namespace; may use variables. Omit for cluster-scoped kinds.'),
});

export const manifestSchema = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION).describe(`Version of this file format; currently ${FORMAT_VERSION}.`),
  id: id.describe('Lab id; must equal the folder name. Learners type it: `k8s-labs start <id>`.'),
  title: z.string().min(1).describe('Title shown in `labs list` and the TUI header.'),
  summary: z.string().min(1).describe('One or two sentences on what the learner will do and learn.'),
  estimatedMinutes: z.number().int().positive().describe('Typical time to finish, in minutes.'),
  kubernetesVersions: z
    .array(z.string().regex(/^1\.\d+$/, 'use a minor version such as "1.33"'))
    .min(1)
    .describe('Kubernetes minor versions the lab was tested on, e.g. ["1.33", "1.34"].'),
  images: z
    .array(z.string())
    .describe('Every container image the lab uses, pinned by tag, so `labs prepare` can pre-load them.'),
  variables: z
    .record(variableName, variableSchema)
    .default({})
    .describe('Variables usable as {{name}} in steps, solutions and fixtures. `namespace` is expected.'),
  owns: z
    .strictObject({
      namespaces: z.array(z.string()).default([]).describe('Namespaces the lab creates and may delete on reset.'),
      objects: z
        .array(ownedObjectSchema)
        .default([])
        .describe('Objects outside those namespaces the lab creates, e.g. a jumpbox Pod in `default`.'),
    })
    .default({ namespaces: [], objects: [] })
    .describe('What the lab creates; `labs reset` and `labs test` delete only these.'),
  steps: z.array(stepRefSchema).min(1).describe('The steps, in the order the learner takes them.'),
});

export const answerKindSchema = z
  .enum(['text', 'number', 'port', 'list'])
  .describe('How answers are compared: text (case and spaces ignored), number, port ("6443/TCP" = "6443"), list (order ignored).');

export const questionSchema = z.strictObject({
  id: id.describe('Question id, unique in the lab; its expected value comes from checkers/<lab>/<id>.ts.'),
  prompt: z.string().min(1).describe('The question as the learner reads it; may use variables.'),
  answer: answerKindSchema,
});

export const frontMatterSchema = z.strictObject({
  id: id.describe('Step id; must equal the id this step has in lab.yaml.'),
  title: z.string().min(1).describe('Step title.'),
  checks: z
    .array(id)
    .default([])
    .describe('Ids of the checks that grade this step; each is checkers/<lab>/<id>.ts.'),
  questions: z.array(questionSchema).default([]).describe('Questions the learner answers in this step.'),
  hints: z
    .array(z.string().min(1))
    .default([])
    .describe('Hints in tiers: the first is gentle, later ones are more specific.'),
});

export const fixtureSchema = z.strictObject({
  description: z.string().min(1).describe('The mistake this fixture reproduces, e.g. "selector has a typo".'),
  step: id.describe('The step whose checks it targets; it is applied on top of the solved previous step.'),
  rejects: z.array(id).min(1).describe('Checks or questions that must not pass in this state.'),
  apply: z.array(z.record(z.string(), z.unknown())).default([]).describe('Manifests to apply; may use variables.'),
  delete: z.array(ownedObjectSchema).default([]).describe('Objects to delete before applying.'),
  answers: z.record(z.string(), z.string()).default({}).describe('Answers to record, by question id.'),
});

export type LabManifest = z.infer<typeof manifestSchema>;
export type StepFrontMatter = z.infer<typeof frontMatterSchema>;
export type Question = z.infer<typeof questionSchema>;
export type AnswerKind = z.infer<typeof answerKindSchema>;
export type OwnedObject = z.infer<typeof ownedObjectSchema>;
export type Fixture = z.infer<typeof fixtureSchema>;
