/**
 * Whether a lab can run in a workshop: an attendee has rights in their own namespaces only, so a
 * step whose reference solution makes cluster-scoped objects (a ClusterRole, a CRD, a node label,
 * a namespace the lab does not own) cannot work there. Found from the solutions, per step.
 */
import { loadAllYaml } from '../parseYaml.js';
import type { SolutionFile } from '../labFiles.js';
import type { Lab } from '../lab.js';

const CLUSTER_KINDS = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'Node',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'CSIDriver',
]);

const CLUSTER_COMMAND =
  /\bkubectl\s+(?:create|apply|delete|label|taint|cordon|drain|annotate)\s+(?:clusterrole|clusterrolebinding|crd|customresourcedefinition|pv|persistentvolume|storageclass|node|nodes|priorityclass)\b/;

export interface ClusterWideNeed {
  stepId: string;
  /** What needs cluster-wide rights, e.g. 'ClusterRole "viewer" (solution rbac.yaml)'. */
  what: string;
}

/** Steps whose solutions need rights outside the lab's namespaces (`owned`, rendered). */
export function clusterWideNeeds(
  solutions: readonly { stepId: string; files: readonly SolutionFile[] }[],
  owned: readonly string[],
  render: (text: string) => string,
): ClusterWideNeed[] {
  const needs: ClusterWideNeed[] = [];
  for (const { stepId, files } of solutions) {
    for (const file of files) {
      if (/\.ya?ml$/.test(file.name)) {
        const loaded = loadAllYaml(render(file.text), file.name);
        if (!loaded.ok) continue;
        for (const doc of loaded.value) {
          if (!doc || typeof doc !== 'object') continue;
          const object = doc as { kind?: unknown; metadata?: { name?: unknown } };
          const kind = typeof object.kind === 'string' ? object.kind : '';
          const name = String(object.metadata?.name ?? '');
          if (CLUSTER_KINDS.has(kind) || (kind === 'Namespace' && !owned.includes(name)))
            needs.push({ stepId, what: `${kind} "${name}" (solution ${file.name})` });
        }
      } else {
        const match = CLUSTER_COMMAND.exec(file.text);
        if (match) needs.push({ stepId, what: `\`${match[0]}\` (solution ${file.name})` });
      }
    }
  }
  return needs;
}

const NAMESPACE_COMMAND = /\bkubectl\s+(?:create|delete)\s+(?:namespace|namespaces|ns)\b/;

export interface NamespaceBlock {
  stepId: string;
  file: string;
  line: number;
  /** The command, e.g. `kubectl create namespace`. */
  what: string;
}

/**
 * Command blocks that would create or delete a namespace when run in a workshop, where the
 * instructor owns the namespaces: each should be marked `workshop=skip`. `lab` as `labWhere` gives
 * it for a workshop.
 */
export function namespaceBlocks(lab: Lab): NamespaceBlock[] {
  return lab.steps.flatMap((step) =>
    step.commands.flatMap((block) => {
      const match = NAMESPACE_COMMAND.exec(block.code);
      return match ? [{ stepId: step.id, file: step.file, line: block.line, what: match[0] }] : [];
    }),
  );
}
