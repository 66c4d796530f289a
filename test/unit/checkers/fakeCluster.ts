/**
 * A tiny in-memory cluster for checker tests: it stores applied manifests and plays the few
 * controllers the checks depend on (Deployment and ReplicaSet pods, the scheduler's nodeSelector
 * test, Service defaults, EndpointSlices), synchronously and deterministically.
 */
import type { KindMap, KindName, V1EndpointSlice, V1Pod, V1Service } from 'k8s-labs/sdk';

export type Manifest = Record<string, unknown>;
type AnyObject = KindMap[KindName];
type PodTemplate = NonNullable<NonNullable<KindMap['Deployment']['spec']>['template']>;

const CLUSTER_SCOPED = new Set<string>(['Namespace', 'Node']);
export const NODE_IP = '172.18.0.2';
const NODE_LABELS = { 'kubernetes.io/hostname': 'kind-worker', 'kubernetes.io/os': 'linux' };

export function matchesSelector(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels?.[key] === value);
}

export function parseLabelSelector(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(',')
      .filter(Boolean)
      .map((part) => part.split('=') as [string, string]),
  );
}

const clone = <T>(value: T): T => structuredClone(value);

export class FakeCluster {
  private readonly store = new Map<string, AnyObject>();
  /** Pods created by a workload, by workload key. */
  private readonly owned = new Map<string, string[]>();
  private podCount = 0;
  private podSerial = 0;
  private serviceCount = 1;
  private nodePortCount = 0;

  constructor() {
    this.apply({ kind: 'Node', metadata: { name: 'kind-worker', labels: NODE_LABELS } });
    for (const name of ['default', 'kube-system']) this.apply({ kind: 'Namespace', metadata: { name } });
    this.apply({
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] },
    });
  }

  private key(kind: string, name: string, namespace?: string): string {
    return CLUSTER_SCOPED.has(kind) ? `${kind}//${name}` : `${kind}/${namespace ?? 'default'}/${name}`;
  }

  get<K extends KindName>(kind: K, name: string, namespace?: string): KindMap[K] | undefined {
    if (kind === 'EndpointSlice') return this.list(kind, namespace).find((slice) => slice.metadata?.name === name);
    const found = this.store.get(this.key(kind, name, namespace));
    return found === undefined ? undefined : (clone(found) as KindMap[K]);
  }

  /** Objects of a kind; `namespace` undefined means every namespace. */
  list<K extends KindName>(kind: K, namespace?: string, labelSelector?: string): KindMap[K][] {
    const all = kind === 'EndpointSlice' ? (this.endpointSlices() as KindMap[K][]) : this.stored(kind);
    const selector = labelSelector ? parseLabelSelector(labelSelector) : undefined;
    return all
      .filter((item) => namespace === undefined || CLUSTER_SCOPED.has(kind) || item.metadata?.namespace === namespace)
      .filter((item) => !selector || matchesSelector(selector, item.metadata?.labels))
      .map(clone);
  }

  private stored<K extends KindName>(kind: K): KindMap[K][] {
    return [...this.store.entries()]
      .filter(([key]) => key.startsWith(`${kind}/`))
      .map(([, value]) => value as KindMap[K]);
  }

  apply(manifest: Manifest): void {
    const object = clone(manifest) as unknown as AnyObject & { kind: string };
    const kind = object.kind;
    const metadata = (object.metadata ??= {});
    if (!CLUSTER_SCOPED.has(kind)) metadata.namespace ??= 'default';
    const key = this.key(kind, metadata.name ?? '', metadata.namespace);
    const previous = this.store.get(key);
    if (
      !CLUSTER_SCOPED.has(kind) &&
      kind !== 'Namespace' &&
      !this.store.has(this.key('Namespace', metadata.namespace ?? ''))
    ) {
      throw new Error(`namespaces "${metadata.namespace}" not found (applying ${kind} ${metadata.name})`);
    }
    if (kind === 'Service') this.defaultService(object as V1Service, previous as V1Service | undefined);
    if (kind === 'Pod') this.schedule(object as V1Pod);
    this.store.set(key, object);
    if (kind === 'Deployment' || kind === 'ReplicaSet') this.reconcileWorkload(key, previous);
  }

  delete(kind: string, name: string, namespace?: string): void {
    const key = this.key(kind, name, namespace);
    this.store.delete(key);
    for (const pod of this.owned.get(key) ?? []) this.store.delete(this.key('Pod', pod, namespace));
    this.owned.delete(key);
  }

  deleteNamespace(name: string): void {
    for (const [key, value] of [...this.store.entries()]) {
      if (value.metadata?.namespace === name && !CLUSTER_SCOPED.has(key.split('/')[0]!)) this.store.delete(key);
    }
    this.store.delete(this.key('Namespace', name));
  }

  private defaultService(service: V1Service, previous: V1Service | undefined): void {
    const spec = (service.spec ??= {});
    spec.type ??= 'ClusterIP';
    spec.clusterIP ??=
      previous?.spec?.clusterIP ?? `10.96.${Math.floor(this.serviceCount / 250)}.${(this.serviceCount++ % 250) + 10}`;
    for (const port of spec.ports ?? []) {
      port.protocol ??= 'TCP';
      port.targetPort ??= port.port;
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') port.nodePort ??= 30000 + ++this.nodePortCount;
      else delete port.nodePort;
    }
  }

  private schedule(pod: V1Pod): void {
    const spec = pod.spec!;
    const fits =
      matchesSelector(spec.nodeSelector ?? {}, NODE_LABELS) || Object.keys(spec.nodeSelector ?? {}).length === 0;
    if (!fits) {
      const message = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";
      pod.status = {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
      };
      return;
    }
    spec.nodeName = 'kind-worker';
    this.podCount += 1;
    pod.status = {
      phase: 'Running',
      podIP: `10.244.0.${this.podCount + 1}`,
      hostIP: NODE_IP,
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
    };
  }

  /** Creates or replaces the pods of a Deployment or ReplicaSet, and fills in its status. */
  private reconcileWorkload(key: string, previous: AnyObject | undefined): void {
    const workload = this.store.get(key) as KindMap['Deployment'];
    const namespace = workload.metadata!.namespace!;
    const template = workload.spec!.template as PodTemplate;
    const sameTemplate =
      previous && JSON.stringify((previous as KindMap['Deployment']).spec?.template) === JSON.stringify(template);
    let pods = this.owned.get(key) ?? [];
    if (!sameTemplate) {
      for (const pod of pods) this.store.delete(this.key('Pod', pod, namespace));
      pods = [];
    }
    const wanted = workload.spec!.replicas ?? 1;
    while (pods.length > wanted) this.store.delete(this.key('Pod', pods.pop()!, namespace));
    while (pods.length < wanted) {
      const name = `${workload.metadata!.name}-${(++this.podSerial).toString(36).padStart(5, 'k')}`;
      const labels = {
        ...template.metadata?.labels,
        ...(workload.kind === 'Deployment' ? { 'pod-template-hash': '5d8f7c9b4' } : {}),
      };
      // Like the real controllers: a Deployment's pods belong to its ReplicaSet, a ReplicaSet's to it.
      const owner = workload.kind === 'Deployment' ? `${workload.metadata!.name}-5d8f7c9b4` : workload.metadata!.name!;
      const ownerReferences = [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `uid-${owner}`, controller: true },
      ];
      this.apply({
        kind: 'Pod',
        metadata: { name, namespace, labels, ownerReferences },
        spec: clone(template.spec),
      } as Manifest);
      pods.push(name);
    }
    this.owned.set(key, pods);
    const ready = pods.filter((pod) =>
      this.get('Pod', pod, namespace)?.status?.conditions?.some((c) => c.type === 'Ready'),
    ).length;
    const generation =
      ((previous?.metadata?.generation ?? 0) as number) +
      (previous && JSON.stringify((previous as KindMap['Deployment']).spec) === JSON.stringify(workload.spec) ? 0 : 1);
    workload.metadata!.generation = generation;
    workload.status = {
      observedGeneration: generation,
      replicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(workload.kind === 'Deployment' ? { updatedReplicas: pods.length } : {}),
    };
  }

  /** What the EndpointSlice controller would publish for every Service with a selector. */
  private endpointSlices(): V1EndpointSlice[] {
    return this.stored('Service')
      .filter((service) => Object.keys(service.spec?.selector ?? {}).length > 0)
      .map((service) => {
        const namespace = service.metadata!.namespace!;
        const pods = this.stored('Pod').filter(
          (pod) =>
            pod.metadata?.namespace === namespace &&
            matchesSelector(service.spec!.selector!, pod.metadata?.labels) &&
            pod.status?.podIP,
        );
        const first = service.spec?.ports?.[0];
        const target = first?.targetPort;
        const named =
          typeof target === 'string'
            ? pods[0]?.spec?.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort
            : target;
        return {
          addressType: 'IPv4',
          metadata: {
            name: `${service.metadata!.name}-abcde`,
            namespace,
            labels: { 'kubernetes.io/service-name': service.metadata!.name! },
          },
          endpoints: pods.map((pod) => ({
            addresses: [pod.status!.podIP!],
            conditions: {
              ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
            },
            targetRef: { kind: 'Pod', name: pod.metadata!.name!, namespace },
          })),
          ports: named === undefined ? [] : [{ port: Number(named), protocol: 'TCP' }],
        } satisfies V1EndpointSlice;
      });
  }
}
