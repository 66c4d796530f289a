/**
 * The objects a workshop makes for one attendee, as plain manifests: their namespaces, an account,
 * rights limited to those namespaces, a quota, and read-only access to exactly what the lab
 * declares under `reads`. Pure, so `--dry-run` prints what `create` applies.
 */
import type { Lab } from '../lab.js';
import { renderedReads } from '../labReads.js';
import type { LabRead } from '../schema.js';
import { renderTemplate } from '../template.js';
import {
  ATTENDEE_ACCOUNT,
  attendeeNamespace,
  homeNamespace,
  isDnsLabel,
  LAB_ANNOTATION,
  LEDGER_CONFIGMAP,
  workshopLabels,
} from './names.js';
import { inputError } from '../../errors.js';

export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
};

export interface AttendeePlan {
  attendee: string;
  /** The lab's variables for this attendee (namespace set to theirs). */
  vars: Record<string, string>;
  /** The lab's namespaces, rendered for this attendee. */
  labNamespaces: string[];
  /** Where their ServiceAccount and ledger live. */
  home: string;
  objects: Manifest[];
}

export interface WorkshopPlanInput {
  workshop: string;
  lab: Lab;
  attendee: string;
}

/** What attendees may do in their own lab namespaces: workloads and their config, never RBAC or quotas. */
export const ATTENDEE_RULES = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/log',
      'pods/exec',
      'pods/attach',
      'pods/portforward',
      'services',
      'endpoints',
      'configmaps',
      'secrets',
      'serviceaccounts',
      'persistentvolumeclaims',
      'replicationcontrollers',
    ],
    verbs: ['*'],
  },
  { apiGroups: [''], resources: ['events', 'resourcequotas', 'limitranges'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps', 'batch', 'autoscaling'], resources: ['*'], verbs: ['*'] },
  { apiGroups: ['discovery.k8s.io', 'events.k8s.io'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: ['*'] },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['*'] },
];

/**
 * What resetting an attendee's lab deletes in their namespaces: every kind ATTENDEE_RULES lets them
 * write, as `kubectl delete` names them, controllers before pods. The namespaces, their Role,
 * RoleBinding, quota and limits stay. ConfigMaps and ServiceAccounts go too, except the two the
 * cluster keeps in every namespace (`emptyingExceptions`).
 */
export const ATTENDEE_KINDS = [
  'deployments.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'replicasets.apps',
  'jobs.batch',
  'cronjobs.batch',
  'horizontalpodautoscalers.autoscaling',
  'replicationcontrollers',
  'poddisruptionbudgets.policy',
  'ingresses.networking.k8s.io',
  'networkpolicies.networking.k8s.io',
  'services',
  'pods',
  'persistentvolumeclaims',
  'secrets',
] as const;

/** Kinds emptied by name, keeping what the cluster itself puts in every namespace. */
export const EMPTIED_BY_NAME = { configmaps: 'kube-root-ca.crt', serviceaccounts: 'default' } as const;

const READ_VERBS = ['get', 'list', 'watch'];

const meta = (name: string, labels: Record<string, string>, namespace?: string) => ({
  name,
  ...(namespace ? { namespace } : {}),
  labels,
});

const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  labels: Record<string, string>,
  home: string,
  namespace?: string,
): Manifest => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: meta(name, labels, namespace),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: kind === 'RoleBinding' ? 'Role' : 'ClusterRole', name },
  subjects: [{ kind: 'ServiceAccount', name: ATTENDEE_ACCOUNT, namespace: home }],
});

const readRule = (read: LabRead) => ({
  apiGroups: [read.apiGroup],
  resources: [read.resource],
  ...(read.names?.length ? { resourceNames: read.names } : {}),
  verbs: READ_VERBS,
});

export function planAttendee({ workshop, lab, attendee }: WorkshopPlanInput): AttendeePlan {
  const labels = workshopLabels(workshop, attendee);
  const defaults = Object.fromEntries(Object.entries(lab.manifest.variables).map(([k, v]) => [k, v.default]));
  const vars = { ...defaults, namespace: attendeeNamespace(workshop, attendee) };
  const labNamespaces = lab.manifest.owns.namespaces.map((name) => renderTemplate(name, vars));
  if (!labNamespaces.includes(vars.namespace)) labNamespaces.unshift(vars.namespace);
  const home = homeNamespace(workshop, attendee);
  for (const name of [home, ...labNamespaces])
    if (!isDnsLabel(name))
      throw inputError(
        `attendee "${attendee}" would get namespace "${name}", which is not a valid namespace name`,
        'use shorter workshop and attendee names (namespaces are at most 63 characters)',
      );
  const own = `k8s-labs-${workshop}-${attendee}`;
  const objects: Manifest[] = [];
  const add = (object: Manifest): void => void objects.push(object);

  for (const name of [home, ...labNamespaces])
    add({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, labels) });
  add({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(ATTENDEE_ACCOUNT, labels, home) });
  // The ledger starts empty and only its writer fills it; re-applying leaves the data alone.
  add({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { ...meta(LEDGER_CONFIGMAP, labels, home), annotations: { [LAB_ANNOTATION]: lab.id } },
  });
  add({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta('k8s-labs-ledger', labels, home),
    rules: [
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: [LEDGER_CONFIGMAP],
        verbs: ['get', 'update', 'patch'],
      },
    ],
  });
  add(binding('RoleBinding', 'k8s-labs-ledger', labels, home, home));

  for (const namespace of labNamespaces) {
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta('k8s-labs-attendee', labels, namespace),
      rules: ATTENDEE_RULES,
    });
    add(binding('RoleBinding', 'k8s-labs-attendee', labels, home, namespace));
    add({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('k8s-labs-attendee', labels, namespace),
      spec: {
        hard: {
          pods: '20',
          services: '10',
          configmaps: '20',
          secrets: '20',
          persistentvolumeclaims: '2',
          'requests.cpu': '2',
          'requests.memory': '2Gi',
          'limits.cpu': '4',
          'limits.memory': '4Gi',
        },
      },
    });
    add({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('k8s-labs-attendee', labels, namespace),
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '500m', memory: '256Mi' },
            defaultRequest: { cpu: '50m', memory: '64Mi' },
          },
        ],
      },
    });
  }

  // A lab's steps may apply their own Namespace objects (labels, say); creating one cannot be limited by name.
  add({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta(`${own}-namespaces`, labels),
    rules: [
      {
        apiGroups: [''],
        resources: ['namespaces'],
        resourceNames: labNamespaces,
        // Not delete: the namespace holds the attendee's Role and quota; deleting it would lock them out.
        verbs: ['get', 'watch', 'patch', 'update'],
      },
    ],
  });
  add(binding('ClusterRoleBinding', `${own}-namespaces`, labels, home));

  const reads = renderedReads(lab.manifest.reads, vars);
  const byNamespace = new Map<string, LabRead[]>();
  const clusterReads: LabRead[] = [];
  for (const read of reads) {
    if (read.namespace === undefined) clusterReads.push(read);
    else byNamespace.set(read.namespace, [...(byNamespace.get(read.namespace) ?? []), read]);
  }
  for (const [namespace, list] of byNamespace) {
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(`${own}-reads`, labels, namespace),
      rules: list.map(readRule),
    });
    add(binding('RoleBinding', `${own}-reads`, labels, home, namespace));
  }
  if (clusterReads.length > 0) {
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(`${own}-reads`, labels),
      rules: clusterReads.map(readRule),
    });
    add(binding('ClusterRoleBinding', `${own}-reads`, labels, home));
  }
  return { attendee, vars, labNamespaces, home, objects };
}
