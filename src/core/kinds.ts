/**
 * The Kubernetes kinds labs read, with where they live in the API. A fixed table instead of API
 * discovery: these are stable core kinds, and skipping discovery keeps every check run fast.
 */
import type {
  V1ConfigMap,
  V1Deployment,
  V1EndpointSlice,
  V1Endpoints,
  V1Namespace,
  V1Node,
  V1Pod,
  V1ReplicaSet,
  V1Service,
  V1ServiceAccount,
} from '@kubernetes/client-node';

export interface KindMap {
  Namespace: V1Namespace;
  Node: V1Node;
  Pod: V1Pod;
  Service: V1Service;
  Endpoints: V1Endpoints;
  EndpointSlice: V1EndpointSlice;
  Deployment: V1Deployment;
  ReplicaSet: V1ReplicaSet;
  ServiceAccount: V1ServiceAccount;
  ConfigMap: V1ConfigMap;
}
export type KindName = keyof KindMap;

/** Whether `kind` is one of the kinds labs read. */
export const isKindName = (kind: string): kind is KindName => Object.hasOwn(KINDS, kind);

export interface KindInfo {
  /** API path prefix: /api/v1 or /apis/<group>/<version>. */
  apiPath: string;
  apiVersion: string;
  plural: string;
  namespaced: boolean;
}

export const KINDS: Record<KindName, KindInfo> = {
  Namespace: { apiPath: '/api/v1', apiVersion: 'v1', plural: 'namespaces', namespaced: false },
  Node: { apiPath: '/api/v1', apiVersion: 'v1', plural: 'nodes', namespaced: false },
  Pod: { apiPath: '/api/v1', apiVersion: 'v1', plural: 'pods', namespaced: true },
  Service: { apiPath: '/api/v1', apiVersion: 'v1', plural: 'services', namespaced: true },
  Endpoints: { apiPath: '/api/v1', apiVersion: 'v1', plural: 'endpoints', namespaced: true },
  ServiceAccount: { apiPath: '/api/v1', apiVersion: 'v1', plural: 'serviceaccounts', namespaced: true },
  ConfigMap: { apiPath: '/api/v1', apiVersion: 'v1', plural: 'configmaps', namespaced: true },
  EndpointSlice: {
    apiPath: '/apis/discovery.k8s.io/v1',
    apiVersion: 'discovery.k8s.io/v1',
    plural: 'endpointslices',
    namespaced: true,
  },
  Deployment: { apiPath: '/apis/apps/v1', apiVersion: 'apps/v1', plural: 'deployments', namespaced: true },
  ReplicaSet: { apiPath: '/apis/apps/v1', apiVersion: 'apps/v1', plural: 'replicasets', namespaced: true },
};
