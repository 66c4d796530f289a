/**
 * What `labs check --explain` shows after a failed check: for each object the step's reference
 * solution creates, whether the learner has it and which of the solution's fields differ.
 * Only manifests are compared: answers.yaml and answer commands are never read or run, so a
 * question's answer is never computed or shown.
 */
import type { ClusterReader } from '../ports.js';
import { isKindName, KINDS } from '../kinds.js';
import { diffObject, type FieldDifference } from './diffObjects.js';

/** One object of the reference solution, rendered with the lab's variables. */
export interface ReferenceObject {
  /** The solution file it comes from, e.g. solutions/clusterip/create-service/service.yaml. */
  file: string;
  object: Record<string, unknown>;
}

export interface ObjectExplanation {
  kind: string;
  name: string;
  namespace?: string;
  file: string;
  /** missing: no such object; unknown-kind: this build cannot read the kind. */
  state: 'differs' | 'same' | 'missing' | 'unknown-kind';
  differences: FieldDifference[];
}

/** Shown instead of an expected value that is also a question's answer. */
export const HIDDEN_ANSWER = '(hidden: it answers a question of this step)';

/** "80/TCP" answers a field holding 80. */
const answers = (value: unknown, secrets: readonly string[]): boolean =>
  value !== undefined &&
  typeof value !== 'object' &&
  secrets.some((secret) => secret.trim() !== '' && secret.split('/')[0]!.trim() === String(value));

/**
 * `secrets` are the literal reference answers of the step's questions: an expected field equal
 * to one is shown as HIDDEN_ANSWER, so the explanation never gives an answer away.
 */
export async function explainStep(
  reader: ClusterReader,
  references: readonly ReferenceObject[],
  defaultNamespace: string,
  secrets: readonly string[] = [],
): Promise<ObjectExplanation[]> {
  const explanations: ObjectExplanation[] = [];
  for (const { file, object } of references) {
    const kind = String(object['kind'] ?? '');
    const metadata = (object['metadata'] ?? {}) as { name?: string; namespace?: string };
    const name = metadata.name ?? '';
    if (!isKindName(kind)) {
      explanations.push({ kind, name, file, state: 'unknown-kind', differences: [] });
      continue;
    }
    const namespace = KINDS[kind].namespaced ? (metadata.namespace ?? defaultNamespace) : undefined;
    const live = await reader.get(kind, name, namespace);
    const where = { kind, name, file, ...(namespace ? { namespace } : {}) };
    if (!live) {
      explanations.push({ ...where, state: 'missing', differences: [] });
      continue;
    }
    // apiVersion and kind are how the solution addresses the object, not fields to compare.
    const { apiVersion: _version, kind: _kind, ...fields } = object;
    const differences = diffObject(fields, live).map((difference) =>
      answers(difference.expected, secrets) ? { ...difference, expected: HIDDEN_ANSWER } : difference,
    );
    explanations.push({ ...where, state: differences.length > 0 ? 'differs' : 'same', differences });
  }
  return explanations;
}
