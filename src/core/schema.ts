/**
 * The lab content format: one schema per file kind, with the format version they share.
 * Types are derived from these schemas; schemas/*.json are generated from the same descriptions.
 * valibot rather than a heavier schema library: every command loads these, so their cost is
 * paid on each start.
 */
import * as v from 'valibot';

/** Bumped when a lab written for the old format would be read differently. */
export const FORMAT_VERSION = 1;

const described = <S extends v.GenericSchema>(schema: S, description: string) =>
  v.pipe(schema, v.description(description));

const id = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'use lower-case letters, digits and dashes, e.g. "create-service"'),
);

const variableName = v.pipe(v.string(), v.regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'use letters, digits and _'));

export const variableTypeSchema = described(
  v.picklist(['string', 'number', 'port']),
  'What the value is: string (default), number, or port (1-65535). A whole unquoted YAML value `{{name}}` is rendered as this type.',
);

export const variableSchema = v.strictObject({
  default: described(
    v.union([v.string(), v.number()]),
    "Value used when the learner or instructor does not set one; must be of the variable's type.",
  ),
  type: v.optional(variableTypeSchema),
  description: v.optional(described(v.string(), 'What the variable is for, shown by `labs list --json` and the TUI.')),
});

export const stepRefSchema = v.strictObject({
  id: described(id, 'Step id, unique in the lab; must equal the `id` in the step file front matter.'),
  file: described(v.string(), 'Markdown file of the step, relative to the lab folder, e.g. steps/01-scene.md.'),
});

export const ownedObjectSchema = v.strictObject({
  kind: described(v.string(), 'Kubernetes kind, e.g. Pod.'),
  name: described(v.string(), 'Object name; may use variables.'),
  namespace: v.optional(described(v.string(), 'Namespace; may use variables. Omit for cluster-scoped kinds.')),
});

export const readSchema = v.strictObject({
  apiGroup: v.optional(described(v.string(), 'API group of the resource; "" (the default) for the core group.'), ''),
  resource: described(
    v.pipe(v.string(), v.regex(/^[a-z][a-z0-9]*$/, 'use the plural resource name, e.g. "services"')),
    'Resource, plural and lower-case as in RBAC, e.g. services.',
  ),
  namespace: v.optional(
    described(
      v.string(),
      "Namespace it lives in, outside the lab's own; may use variables. Omit for cluster-scoped resources.",
    ),
  ),
  names: v.optional(
    described(
      v.array(v.pipe(v.string(), v.minLength(1))),
      'The objects read, by name; omit to read every one (avoid: it grants more).',
    ),
  ),
});

export const manifestSchema = v.strictObject({
  formatVersion: described(v.literal(FORMAT_VERSION), `Version of this file format; currently ${FORMAT_VERSION}.`),
  id: described(id, 'Lab id; must equal the folder name. Learners type it: `k8s-labs start <id>`.'),
  title: described(v.pipe(v.string(), v.minLength(1)), 'Title shown in `labs list` and the TUI header.'),
  summary: described(v.pipe(v.string(), v.minLength(1)), 'One or two sentences on what the learner will do and learn.'),
  estimatedMinutes: described(v.pipe(v.number(), v.integer(), v.minValue(1)), 'Typical time to finish, in minutes.'),
  kubernetesVersions: described(
    v.pipe(v.array(v.pipe(v.string(), v.regex(/^1\.\d+$/, 'use a minor version such as "1.33"'))), v.minLength(1)),
    'Kubernetes minor versions the lab was tested on, e.g. ["1.33", "1.34"].',
  ),
  images: described(
    v.array(v.string()),
    'Every container image the lab uses, pinned by tag, so `labs prepare` can pre-load them.',
  ),
  variables: v.optional(
    described(
      v.record(variableName, variableSchema),
      'Variables usable as {{name}} in steps, solutions and fixtures. `namespace` is expected.',
    ),
    {},
  ),
  owns: v.optional(
    described(
      v.strictObject({
        namespaces: v.optional(
          described(v.array(v.string()), 'Namespaces the lab creates and may delete on reset.'),
          [],
        ),
        objects: v.optional(
          described(
            v.array(ownedObjectSchema),
            'Cluster-scoped objects the lab creates, e.g. a ClusterRole; never objects in `default` or `kube-*`, which the whole cluster shares.',
          ),
          [],
        ),
      }),
      'What the lab creates; `labs reset` and `labs test` delete only these.',
    ),
    { namespaces: [], objects: [] },
  ),
  reads: v.optional(
    described(
      v.array(readSchema),
      "What the checks and questions read outside the lab's own namespaces, e.g. the `kubernetes` Service in `default`; a workshop grants attendees read-only access to exactly these.",
    ),
    [],
  ),
  steps: described(v.pipe(v.array(stepRefSchema), v.minLength(1)), 'The steps, in the order the learner takes them.'),
});

export const answerKindSchema = described(
  v.picklist(['text', 'number', 'port', 'list']),
  'How answers are compared: text (case and spaces ignored), number, port ("6443/TCP" = "6443"), list (order ignored).',
);

export const questionSchema = v.strictObject({
  id: described(id, 'Question id, unique in the lab; its expected value comes from checkers/<lab>/<id>.ts.'),
  prompt: described(v.pipe(v.string(), v.minLength(1)), 'The question as the learner reads it; may use variables.'),
  answer: answerKindSchema,
});

const labFile = v.pipe(
  v.string(),
  v.regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))/, 'use a path inside the lab folder, e.g. assets/web.yaml'),
);

export const setupSchema = v.strictObject({
  manifests: v.optional(
    described(
      v.array(labFile),
      'Manifests applied before the step begins, relative to the lab folder (e.g. assets/broken-web.yaml); variables rendered.',
    ),
    [],
  ),
  script: v.optional(
    described(
      labFile,
      'A bash script run after the manifests, relative to the lab folder, with the lab context forced and the variables exported.',
    ),
  ),
});

const paramValue = v.union([v.string(), v.number(), v.boolean()]);

export const checkUseSchema = v.strictObject({
  id: described(id, 'The check as reports and fixtures name it; unique in the step.'),
  use: v.optional(
    described(
      id,
      'The check file it runs, checkers/<lab>/<use>.ts; defaults to the id. One file may serve many steps.',
    ),
  ),
  with: v.optional(
    described(
      v.record(v.pipe(v.string(), v.regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'use letters, digits and _')), paramValue),
      "Arguments for the check's declared params; strings may use variables.",
    ),
    {},
  ),
});

export const frontMatterSchema = v.strictObject({
  id: described(id, 'Step id; must equal the id this step has in lab.yaml.'),
  title: described(v.pipe(v.string(), v.minLength(1)), 'Step title.'),
  checks: v.optional(
    described(
      v.array(v.union([id, checkUseSchema])),
      'The checks that grade this step: an id (checkers/<lab>/<id>.ts), or { id, use, with } to run one check file with arguments.',
    ),
    [],
  ),
  questions: v.optional(described(v.array(questionSchema), 'Questions the learner answers in this step.'), []),
  hints: v.optional(
    described(
      v.array(v.pipe(v.string(), v.minLength(1))),
      'Hints in tiers: the first is gentle, later ones are more specific.',
    ),
    [],
  ),
  solution: v.optional(
    described(
      v.strictObject({
        manifests: described(
          v.array(labFile),
          'Manifests of the lab folder applied first by the reference solution (shared with setup or fixtures), before solutions/<lab>/<step>/.',
        ),
      }),
      'Reference-solution manifests kept in the lab folder, e.g. the healthy app every troubleshooting round restores.',
    ),
  ),
  setup: v.optional(
    described(
      setupSchema,
      'What is applied, hidden from the learner, before the step begins (on top of the solved previous step): start, jump, reset, solve and `labs test` run it.',
    ),
  ),
});

export const fixtureSchema = v.strictObject({
  description: described(
    v.pipe(v.string(), v.minLength(1)),
    'The mistake this fixture reproduces, e.g. "selector has a typo".',
  ),
  step: described(id, 'The step whose checks it targets; it is applied on top of the solved previous step.'),
  rejects: v.optional(
    described(v.array(id), 'Checks or questions that must not pass in this state (a wrong-answer fixture).'),
    [],
  ),
  accepts: v.optional(
    described(
      v.array(id),
      'Checks or questions that must pass in this state: an alternative right answer (a fixture under accepts/).',
    ),
    [],
  ),
  failsWith: v.optional(
    described(
      v.record(id, v.pipe(v.string(), v.minLength(1))),
      'By check id: the message it must fail with, as a substring or a /pattern/, so the fixture proves why it is rejected.',
    ),
    {},
  ),
  apply: v.optional(
    described(v.array(v.record(v.string(), v.unknown())), 'Manifests to apply; may use variables.'),
    [],
  ),
  applyFiles: v.optional(
    described(
      v.array(labFile),
      'Manifest files to apply, relative to the lab folder (shared with setup or other fixtures); variables rendered.',
    ),
    [],
  ),
  delete: v.optional(described(v.array(ownedObjectSchema), 'Objects to delete before applying.'), []),
  answers: v.optional(described(v.record(v.string(), v.string()), 'Answers to record, by question id.'), {}),
});

export type LabManifest = v.InferOutput<typeof manifestSchema>;
export type StepFrontMatter = v.InferOutput<typeof frontMatterSchema>;
export type Question = v.InferOutput<typeof questionSchema>;
export type VariableType = v.InferOutput<typeof variableTypeSchema>;
export type AnswerKind = v.InferOutput<typeof answerKindSchema>;
export type LabRead = v.InferOutput<typeof readSchema>;
export type OwnedObject = v.InferOutput<typeof ownedObjectSchema>;
export type Fixture = v.InferOutput<typeof fixtureSchema>;
export type StepSetup = v.InferOutput<typeof setupSchema>;
export type CheckUse = v.InferOutput<typeof checkUseSchema>;
